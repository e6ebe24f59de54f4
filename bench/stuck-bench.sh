#!/usr/bin/env bash
# Grades every sample program, client and server, with the early end at a standstill off (--no-early-end) and on,
# and prints per program the wall time and its ratio to the correct sample's wall time. It also prints whether the
# score was the same both ways (it must be). It prints figures and asserts nothing: timings depend on the machine.
#
#   bench/stuck-bench.sh [JOBS]     (default 4: scenarios graded in parallel, as an instructor would)
#
# Target (issue 8): with the early end on, every broken sample within 2x its correct sample's wall time.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jobs="${1:-4}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
py="$(python3 -c 'import sys; print(sys.executable)')"

grade() { # target fixture mode
  local target=$1 fixture=$2 mode=$3 flag=() start end
  [[ $mode == off ]] && flag=(--no-early-end)
  local dir="$out/$target-$fixture-$mode"
  start=$(date +%s%N)
  if [[ $target == client ]]; then
    "$here/smtp-grader" client --quiet --jobs "$jobs" "${flag[@]}" --out "$dir" \
      -- "$py" "$here/fixtures/clients/$fixture/smtp_client.py" {host} {port} >/dev/null || true
  else
    "$here/smtp-grader" server --quiet --jobs "$jobs" "${flag[@]}" --users alice@example.org,bob@example.org \
      --out "$dir" -- "$py" "$here/fixtures/servers/$fixture/smtp_server.py" {port} >/dev/null || true
  fi
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 )) > "$dir/wall_ms"
}

for target in client server; do
  for f in "$here/fixtures/${target}s"/*/; do
    f=$(basename "$f")
    [[ $f == python2 ]] && continue   # does not start under Python 3: not a timing case
    [[ -f "$here/fixtures/${target}s/$f/smtp_${target}.py" ]] || continue   # not a Python sample (Java)
    for mode in off on; do grade "$target" "$f" "$mode"; done
  done
done

python3 - "$out" <<'PY'
import json, os, sys
out = sys.argv[1]
rows = {}
for d in sorted(os.listdir(out)):
    target, rest = d.split("-", 1)
    fixture, mode = rest.rsplit("-", 1)
    wall = int(open(os.path.join(out, d, "wall_ms")).read())
    score = json.load(open(os.path.join(out, d, "report.json")))["score"]
    rows.setdefault((target, fixture), {})[mode] = (wall, score)
print("%-7s %-18s %9s %6s %9s %6s  %s" % ("target", "sample", "off (s)", "ratio", "on (s)", "ratio", "score off/on"))
worst = 0
for (target, fixture), m in sorted(rows.items()):
    good = rows[(target, "good")]
    r_off = m["off"][0] / good["off"][0]
    r_on = m["on"][0] / good["on"][0]
    worst = max(worst, r_on)
    same = "same" if m["off"][1] == m["on"][1] else "DIFFERENT"
    print("%-7s %-18s %9.1f %6.2f %9.1f %6.2f  %s/%s %s" % (target, fixture, m["off"][0] / 1000, r_off,
          m["on"][0] / 1000, r_on, m["off"][1], m["on"][1], same))
print("worst ratio with the early end on: %.2f (target: at most 2)" % worst)
PY
