#!/usr/bin/env bash
# Benchmark (prints figures, asserts nothing): the tool's start-up. One scenario (basic-delivery) on the correct sample
# client, one invocation each, beside what a course writes instead (bench/naive_harness.py: aiosmtpd on a free port,
# the client run once, one message asserted), and the ratio; then the same without the class archive, and --version.
#   bash bench/startup.sh [RUNS]      (default 5 runs of each; medians of wall time, CPU time and peak memory)
# Both sides run the client with the Python that has aiosmtpd (PYTHON, default /usr/bin/python3), so that neither pays
# for a version manager's shim. Target: the tool under 0.6 s wall.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
py="${PYTHON:-/usr/bin/python3}"
client="$root/fixtures/clients/good/smtp_client.py"
"$py" -c 'import aiosmtpd' 2>/dev/null || { echo "bench/startup.sh: $py has no aiosmtpd (apt-get install python3-aiosmtpd)" >&2; exit 2; }
# builds the jar and makes the class archive if needed, outside the measurement
"$root/smtp-grader" --version >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# measure NAME CMD...: RUNS runs of CMD, each line "wall cpu rss_kb" appended to $work/NAME
measure() {
  local name="$1" i
  shift
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -f '%e %U %S %M' -o "$work/t" "$@" >/dev/null 2>&1 || true
    awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$work/t" >>"$work/$name"
  done
}
scenario=(client --quiet --scenarios "$root/scenarios/client/basic-delivery.yaml" --out "$work/out" -- "$py" "$client"
  '{host}' '{port}')
measure naive "$py" "$root/bench/naive_harness.py" "$py" "$client"
measure tool "$root/smtp-grader" "${scenario[@]}"
SMTP_GRADER_CDS=off measure nocds "$root/smtp-grader" "${scenario[@]}"
measure version "$root/smtp-grader" --version

python3 - "$work" "$runs" <<'PY'
import statistics, sys
work, runs = sys.argv[1], int(sys.argv[2])
def med(name):
    rows = [list(map(float, l.split())) for l in open(f"{work}/{name}")]
    return [statistics.median(c) for c in zip(*rows)]
rows = [("naive harness (aiosmtpd)", "naive"), ("smtp-grader, one scenario", "tool"),
        ("  without the class archive", "nocds"), ("smtp-grader --version", "version")]
m = {key: med(key) for _, key in rows}
print(f"one scenario (basic-delivery) on fixtures/clients/good, median of {runs} runs")
print(f"{'':30} {'wall s':>8} {'CPU s':>8} {'RSS MiB':>8}")
for label, key in rows:
    w, c, r = m[key]
    print(f"{label:30} {w:>8.2f} {c:>8.2f} {r / 1024:>8.0f}")
n, t = m["naive"], m["tool"]
print(f"{'ratio tool / naive':30} {t[0] / n[0]:>7.1f}x {t[1] / max(n[1], 0.01):>7.1f}x {t[2] / n[2]:>7.1f}x")
print("target: the tool under 0.6 s wall")
PY
