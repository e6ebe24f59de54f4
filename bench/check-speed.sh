#!/usr/bin/env bash
# How long a student waits for `smtp-grader check` (prints figures, asserts nothing: timings depend on the machine
# and its load, both printed first). Each sample client is copied into a folder of its own, as a student's, and
# checked on the shipped client library with a fresh report folder (no last check to order by), then once more
# into the same folder (the order of the last check: what failed first, the longest next).
#
#   bench/check-speed.sh [JOBS]     (default: check's own default, two per core, at most 4)
#
# Target (issue 23): a correct client's full check in at most 5 s on a 2-core machine; a broken one, or one asleep
# for an hour after the 354 (fixtures/clients/asleep-after-354), at most twice that.
# Wall, CPU (user + system, the grader and its programs) and the largest resident set come from /usr/bin/time.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jobs=()
[[ $# -ge 1 ]] && jobs=(--jobs "$1")
[[ -x /usr/bin/time ]] || { echo "check-speed.sh: needs /usr/bin/time (Debian package time)" >&2; exit 2; }
"$here/smtp-grader" --version >/dev/null   # builds the jar if needed, outside the measurement
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "jobs: ${1:-the default of check}"
printf '%-24s %-5s %8s %8s %9s %9s %7s\n' sample run "wall s" "cpu s" "max MiB" score ratio
good_wall=""
for sample in good no-dot-stuffing no-end-of-data asleep-after-354; do
  mkdir -p "$work/$sample"
  cp "$here/fixtures/clients/$sample/smtp_client.py" "$work/$sample/"
  for run in first again; do
    /usr/bin/time -o "$work/time" -f '%e %U %S %M' \
      "$here/smtp-grader" check "$work/$sample" "${jobs[@]}" --quiet --out "$work/out-$sample" >/dev/null 2>&1 || true
    read -r wall user sys rss < <(tail -n 1 "$work/time")
    score=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("%g/%g" % (r["score"], r["max_score"]))' \
      "$work/out-$sample/report.json")
    [[ $sample == good && $run == first ]] && good_wall=$wall
    ratio=$(python3 -c "print('%.2f' % ($wall / $good_wall))")
    printf '%-24s %-5s %8.2f %8.2f %9.0f %9s %7s\n' "$sample" "$run" "$wall" "$(python3 -c "print($user + $sys)")" \
      "$(( rss / 1024 ))" "$score" "$ratio"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
