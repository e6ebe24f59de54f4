#!/usr/bin/env bash
# Benchmark (prints figures, asserts nothing): grades a generated class of N copies of the correct Python client
# (fixtures/clients/good) with the full client library, for each N given (default 200 1000), and prints submissions
# per minute, the grader's peak memory (the JVM's maximum resident set; run through the launcher, as users do), and the
# ratio of wall time to the CPU-bound ideal: all CPU used (grader and programs) divided by the cores, or the time one
# submission takes alone if that is longer. The CPU used is the machine's busy time from /proc/stat over the run:
# time(1) only counts the processes the grader waited for, and misses what a sandbox's PID namespace reaped (a
# quarter to a third of the programs' CPU). Run it on an otherwise quiet machine: everything busy counts.
# Targets (issue 10): ratio <= 1.3 at 200 and at 1000; peak memory under 512 MB and no higher at 1000 than at 200.
#   bash bench/class-bench.sh 200 1000
# BENCH_GRADE_OPTIONS adds options to the class run (e.g. "--sandbox off" to see what the sandbox costs).
set -euo pipefail
cd "$(dirname "$0")/.."
./smtp-grader --version >/dev/null   # builds the jar first, outside the measurement
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cores=$(nproc)
one="$work/one"
mkdir -p "$one/class/s0001"
cp fixtures/clients/good/smtp_client.py "$one/class/s0001/"
start=$(date +%s.%N)
./smtp-grader grade "$one/class/s0001" --out "$one/out" --jobs 4 >/dev/null || true
single=$(echo "$(date +%s.%N) - $start" | bc)
printf 'cores %s; one submission alone: %.1f s\n' "$cores" "$single"
for n in "${@:-200 1000}"; do
  cls="$work/class-$n"
  mkdir -p "$cls"
  for i in $(seq -w 1 "$n"); do
    mkdir -p "$cls/s$i"
    cp fixtures/clients/good/smtp_client.py "$cls/s$i/"
  done
  stat0=$(head -1 /proc/stat)
  /usr/bin/time -f '%e %U %S %M' -o "$work/time-$n" ./smtp-grader grade "$cls" --out "$work/out-$n" ${BENCH_GRADE_OPTIONS:-} >/dev/null || true
  read -r wall user sys maxkb <"$work/time-$n"
  # the share of the machine's CPU time that was busy meanwhile: near 1 with a ratio well above 1 means other jobs
  # shared the machine (the ratio counts only the grader's and its programs' CPU)
  # the machine's busy CPU seconds meanwhile (all cores), and its busy share
  read -r cpu busy < <(python3 -c 'import os, sys
a, b = ([int(x) for x in l.split()[1:]] for l in sys.argv[1:])
d = [y - x for x, y in zip(a, b)]
busy = sum(d) - d[3] - d[4]
print("%.1f %.2f" % (busy / os.sysconf("SC_CLK_TCK"), busy / sum(d)))' "$stat0" "$(head -1 /proc/stat)")
  ideal=$(echo "$cpu / $cores" | bc -l)
  if (( $(echo "$single > $ideal" | bc -l) )); then ideal=$single; fi
  printf 'class of %s: wall %.0f s, %.0f submissions/min, CPU %.0f s (time(1) saw %.0f s), ratio to the CPU-bound ideal %.2f, peak memory %.0f MB, machine busy %s\n' \
    "$n" "$wall" "$(echo "$n * 60 / $wall" | bc -l)" "$cpu" "$(echo "$user + $sys" | bc -l)" "$(echo "$wall / $ideal" | bc -l)" \
    "$(echo "$maxkb / 1024" | bc -l)" "$busy"
done
