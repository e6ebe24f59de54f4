#!/usr/bin/env bash
# Grades every program of fixtures/wild as handed in (no options) and compares each verdict with expected.tsv.
# Prints one line per program and the share graded right unmodified. A program whose row names options is right when
# the grader, given no options, stops (exit 2) naming them, and grades as expected with them.
# Usage: bench/wild-corpus.sh [FOLDER...]   (default: every row of fixtures/wild/expected.tsv)
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
table="$here/fixtures/wild/expected.tsv"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# failing checks of a report as scenario/check, sorted, comma-separated ("-" for none)
failing() {
  python3 - "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
bad = sorted(f"{s['id']}/{c['check']}" for s in r['scenarios'] for c in s['checks'] if c['status'] in ('failed', 'error'))
print(",".join(bad) or "-")
PY
}
score() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("%s/%s" % (r["score"], r["max_score"]))' "$1"; }
# what a verdict misses (false passes) and adds (false fails) against the expected failing checks
differ() {
  local missed added
  missed="$(comm -23 <(tr ',' '\n' <<<"$1" | grep -v '^-$' | sort) <(tr ',' '\n' <<<"$2" | grep -v '^-$' | sort) | paste -sd, -)"
  added="$(comm -13 <(tr ',' '\n' <<<"$1" | grep -v '^-$' | sort) <(tr ',' '\n' <<<"$2" | grep -v '^-$' | sort) | paste -sd, -)"
  echo "${missed:+missed (pass, should fail): $missed}${missed:+${added:+; }}${added:+false fails: $added}"
}
sorted_list() { tr ',' '\n' <<<"$1" | sort | paste -sd, -; }

right=0 total=0
start=$(date +%s)
while IFS=$'\t' read -r folder options expected _notes; do
  [[ "$folder" == folder || -z "$folder" ]] && continue
  if (($#)) && [[ " $* " != *" $folder "* ]]; then continue; fi
  total=$((total + 1))
  want="$(sorted_list "$expected")"
  dir="$out/$folder"
  "$here/smtp-grader" grade "$here/fixtures/wild/$folder" --out "$dir" >"$out/$folder.log" 2>&1
  rc=$?
  verdict="" why=""
  if [[ "$options" == - ]]; then
    if [[ -f "$dir/report.json" && ( $rc == 0 || $rc == 1 ) ]]; then
      got="$(failing "$dir/report.json")"
      if [[ "$got" == "$want" ]]; then verdict=right; else verdict=wrong; why="$(differ "$want" "$got")"; fi
      verdict="$verdict $(score "$dir/report.json")"
    else
      verdict="wrong exit-$rc"; why="$(grep -v '^\s*$' "$out/$folder.log" | tail -1)"
    fi
  else
    if [[ $rc == 2 ]]; then
      eval "opts=($options)"
      "$here/smtp-grader" grade "$here/fixtures/wild/$folder" "${opts[@]}" --out "$dir.opt" >"$out/$folder.opt.log" 2>&1
      rc2=$?
      if [[ -f "$dir.opt/report.json" && ( $rc2 == 0 || $rc2 == 1 ) ]]; then
        got="$(failing "$dir.opt/report.json")"
        if [[ "$got" == "$want" ]]; then verdict=right; else verdict=wrong; why="with $options: $(differ "$want" "$got")"; fi
        verdict="$verdict $(score "$dir.opt/report.json") (asked: $(grep -v '^\s*$' "$out/$folder.log" | tail -1))"
      else
        verdict="wrong exit-$rc2 with options"; why="$(grep -v '^\s*$' "$out/$folder.opt.log" | tail -1)"
      fi
    else
      verdict="wrong exit-$rc"; why="graded without asking for: $options"
    fi
  fi
  [[ "$verdict" == right* ]] && right=$((right + 1))
  printf '%-34s %s%s\n' "$folder" "$verdict" "${why:+  -- $why}"
done <"$table"
elapsed=$(( $(date +%s) - start ))
echo "right unmodified: $right of $total ($(( total ? right * 100 / total : 0 ))%) in ${elapsed}s (load $(cut -d' ' -f1-3 /proc/loadavg))"
