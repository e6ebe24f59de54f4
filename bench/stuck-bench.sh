#!/usr/bin/env bash
# Grades every sample program, client and server, with the early end at a standstill off (--no-early-end) and on,
# and prints per broken program its wall time next to its correct counterpart's (the ratio; the counterpart is graded
# again just before each broken one, so that both meet the same load), and whether the score was the same both ways
# (it must be). It prints figures and asserts nothing: timings depend on the machine and its
# load (printed first).
#
#   bench/stuck-bench.sh [JOBS]     (default 4: scenarios graded in parallel, as an instructor would)
#   MODES=on bench/stuck-bench.sh   only with the early end on (the off runs wait for every deadline: minutes)
#   ONLY=REGEX bench/stuck-bench.sh only the broken samples whose "target/name" matches
#
# The Python samples (smtp_client.py, smtp_server.py) run under python3; the Java ones (a single .java file) are
# compiled once, outside the measurement, and run with java -cp, as a student's build would leave them. A sample's
# correct counterpart is its target's `good`, and for a Java sample its target's `java-good` (the JVM's start is
# paid by both).
#
# Target (issue 23): with the early end on, every broken sample within 2x its correct counterpart's wall time.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jobs="${1:-4}"
modes="${MODES:-off on}"
only="${ONLY:-}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
py="$(python3 -c 'import sys; print(sys.executable)')"
java_home="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
"$here/smtp-grader" --version >/dev/null   # builds the jar if needed, outside the measurement
echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg); jobs: $jobs; modes: $modes"

# command target fixture: how the sample runs, on one line (empty when it is not a timing case)
command_of() {
  local target=$1 fixture=$2 dir="$here/fixtures/${1}s/$2" src
  if [[ -f "$dir/smtp_$target.py" ]]; then
    if [[ $target == client ]]; then echo "$py $dir/smtp_client.py {host} {port}"; else echo "$py $dir/smtp_server.py {port}"; fi
    return
  fi
  src=$(find "$dir" -maxdepth 1 -name '*.java' | head -1)
  [[ -n $src ]] || return 0
  mkdir -p "$out/classes/$target-$fixture"
  "$java_home/bin/javac" -d "$out/classes/$target-$fixture" "$src"
  local main
  main=$(basename "$src" .java)
  if [[ $target == client ]]; then echo "$java_home/bin/java -cp $out/classes/$target-$fixture $main {host} {port}"
  else echo "$java_home/bin/java -cp $out/classes/$target-$fixture $main {port}"; fi
}

grade() { # target fixture mode command...
  local target=$1 fixture=$2 mode=$3 flag=() start end
  shift 3
  [[ $mode == off ]] && flag=(--no-early-end)
  local dir="$out/runs/$target-$fixture-$mode"
  mkdir -p "$dir"
  start=$(date +%s%N)
  if [[ $target == client ]]; then
    "$here/smtp-grader" client --quiet --jobs "$jobs" "${flag[@]}" --out "$dir" -- "$@" >/dev/null || true
  else
    "$here/smtp-grader" server --quiet --jobs "$jobs" "${flag[@]}" --users alice@example.org,bob@example.org \
      --out "$dir" -- "$@" >/dev/null || true
  fi
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 )) > "$dir/wall_ms"
}

for target in client server; do
  for f in "$here/fixtures/${target}s"/*/; do
    f=$(basename "$f")
    [[ $f == python2 ]] && continue   # does not start under Python 3: not a timing case
    [[ $f == prompts-* || $f == tls-* ]] && continue   # other styles and options: their own benches
    [[ $f == good || $f == java-good ]] && continue   # counterparts: graded next to each broken one
    [[ -n $only && ! "$target/$f" =~ $only ]] && continue
    cmd=$(command_of "$target" "$f")
    [[ -n $cmd ]] || continue
    read -r -a argv <<<"$cmd"
    # a Java sample's counterpart is the Java good one where there is one: the JVM's start is paid by both
    counterpart=good
    [[ $f == java-* && -d "$here/fixtures/${target}s/java-good" ]] && counterpart=java-good
    read -r -a good <<<"$(command_of "$target" "$counterpart")"
    for mode in $modes; do
      # the correct counterpart graded just before, under the same load: on a shared machine the load drifts
      grade "$target" "$counterpart@$f" "$mode" "${good[@]}"
      grade "$target" "$f" "$mode" "${argv[@]}"
    done
  done
done

python3 - "$out/runs" "$modes" <<'PY'
import json, os, sys
runs, modes = sys.argv[1], sys.argv[2].split()
rows = {}
for d in sorted(os.listdir(runs)):
    target, rest = d.split("-", 1)
    fixture, mode = rest.rsplit("-", 1)
    wall = int(open(os.path.join(runs, d, "wall_ms")).read())
    try:
        score = json.load(open(os.path.join(runs, d, "report.json")))["score"]
    except (OSError, ValueError, KeyError):
        score = None
    rows.setdefault((target, fixture), {})[mode] = (wall, score)
head = "%-7s %-27s %-9s" % ("target", "broken sample", "vs")
for m in modes:
    head += " %9s %9s %6s" % ("%s (s)" % m, "good (s)", "ratio")
print(head + "  score" + (" off/on" if len(modes) == 2 else ""))
worst = (0, None)
for (target, fixture), m in sorted(rows.items()):
    if "@" in fixture:
        continue
    vs = "java-good" if (target, "java-good@" + fixture) in rows else "good"
    good = rows[(target, vs + "@" + fixture)]
    line = "%-7s %-27s %-9s" % (target, fixture, vs)
    for mode in modes:
        ratio = m[mode][0] / good[mode][0]
        line += " %9.1f %9.1f %6.2f" % (m[mode][0] / 1000, good[mode][0] / 1000, ratio)
        m[mode] = m[mode] + (ratio,)
        if mode == "on" and ratio > worst[0]:
            worst = (ratio, target + "/" + fixture)
    scores = [m[mode][1] for mode in modes]
    line += "  " + "/".join(str(s) for s in scores)
    if len(modes) == 2:
        line += " same" if scores[0] == scores[1] else " DIFFERENT"
    if "on" in modes and m["on"][2] > 2:
        line += "  OVER 2x"
    print(line)
if worst[1]:
    print("worst ratio with the early end on: %.2f (%s; target: at most 2)" % worst)
PY
