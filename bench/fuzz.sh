#!/usr/bin/env bash
# Fuzzes every server fixture with a larger budget and prints each one's findings and time.
# Usage: bench/fuzz.sh [SESSIONS] [SEED]   (builds grader/target/smtp-grader.jar when it is missing)
set -u
cd "$(dirname "$0")/.."
sessions=${1:-60}
seed=${2:-1}
jar=grader/target/smtp-grader.jar
[[ -f $jar ]] || mvn -q -o -B -pl grader -DskipTests package >/dev/null || exit 3
out=$(mktemp -d)
for dir in fixtures/servers/*/; do
    v=$(basename "$dir")
    [[ $v == port-25 ]] && continue
    start=$(date +%s.%N)
    java -jar "$jar" fuzz --seed "$seed" --sessions "$sessions" --budget 120s --users alice@example.org,bob@example.org \
        --out "$out/$v" -- python3 "$dir/smtp_server.py" '{port}' >/dev/null 2>&1
    code=$?
    end=$(date +%s.%N)
    printf '%-22s exit %d  %6.1f s  %s\n' "$v" "$code" "$(echo "$end - $start" | bc)" \
        "$(grep '^finding' "$out/$v/fuzz-report.txt" 2>/dev/null | cut -d: -f2- | paste -sd';' -)"
done
# the referees, started as RefereeServersTest starts them: they must come out clean
sink=(/usr/sbin/smtp-sink 127.0.0.1:{port} 100)
[[ $(id -un) == root ]] && sink=(/usr/sbin/smtp-sink -u nobody 127.0.0.1:{port} 100)
for ref in aiosmtpd smtp-sink; do
    if [[ $ref == aiosmtpd ]]; then cmd=(/usr/bin/python3 -m aiosmtpd -n -l '127.0.0.1:{port}'); else cmd=("${sink[@]}"); fi
    start=$(date +%s.%N)
    java -jar "$jar" fuzz --seed "$seed" --sessions "$sessions" --budget 120s --out "$out/$ref" -- "${cmd[@]}" >/dev/null 2>&1
    code=$?
    end=$(date +%s.%N)
    printf '%-22s exit %d  %6.1f s  %s\n' "$ref" "$code" "$(echo "$end - $start" | bc)" \
        "$(grep '^finding' "$out/$ref/fuzz-report.txt" 2>/dev/null | cut -d: -f2- | paste -sd';' -)"
done
echo "reports under $out"
