#!/usr/bin/env bash
# Benchmark (prints figures, asserts nothing): times the whole test suite, README's test command, from a clean build,
# and shows where the time goes. Target (issue 20): under 4 minutes of wall clock on a quiet 2-core machine.
# Run it on a quiet machine: other builds on the same cores make every figure larger (the load before the run is
# printed so that a busy machine shows).
#   bash bench/suite-bench.sh            # mvn -B clean verify
#   bash bench/suite-bench.sh -o         # extra Maven options, e.g. offline
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -x /usr/bin/time ]]; then
  echo "suite-bench: needs GNU time (/usr/bin/time, Debian package 'time')" >&2
  exit 2
fi
log="$(mktemp)"
times="$(mktemp)"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
# GNU time counts the CPU of every process the build waited for: Maven, the test JVMs and the programs they grade
if ! /usr/bin/time -f '%e %U %S' -o "$times" mvn -q -B clean verify "$@" >"$log" 2>&1; then
  echo "suite-bench: the suite failed; see $log" >&2
  exit 1
fi
read -r wall user sys <"$times"
reports=(grader/target/surefire-reports/TEST-*.xml grader/target/failsafe-reports/TEST-*.xml)
tests=$(cat "${reports[@]}" 2>/dev/null | grep -o '<testsuite [^>]*tests="[0-9]*"' | grep -o 'tests="[0-9]*"' \
  | grep -o '[0-9]*' | awk '{s+=$1} END {print s}')
printf 'machine      %s cores, load before the run %s\n' "$(nproc)" "$load_before"
printf 'tests        %s\n' "$tests"
printf 'wall         %.0f s (target: under 240 s)\n' "$wall"
awk -v w="$wall" -v u="$user" -v s="$sys" -v n="$(nproc)" 'BEGIN {
  printf "CPU          %.0f s (user %.0f s, system %.0f s): %.0f%% of %d cores over the wall time\n", u + s, u, s,
    (u + s) * 100 / (w * n), n }'
# testing.SuiteTimes writes one file per test JVM: each class's wall time (first start to last end) and the sum of
# its tests' times
echo "slowest test classes (wall s, sum of their tests s, tests):"
cat grader/target/test-times-*.tsv 2>/dev/null | grep -v '^#' | sort -t$'\t' -k1,1 -g -r | head -10 \
  | awk -F'\t' '{printf "  %6.1f %7.1f %4d  %s\n", $1, $2, $3, $4}'
rm -f "$log" "$times"
