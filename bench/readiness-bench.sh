#!/usr/bin/env bash
# What waiting for a server to listen costs the grader, and how soon it notices. Grades one scenario
# (greeting.yaml, --timeout 5) of four programs and prints, for each, the grader's wall time and CPU time
# (user and system, from /usr/bin/time) and, where the program listened, the transcript's "ready after".
#
#   exits       exits at once: the baseline (JVM start, scenario loading, reports); waiting costs nothing here
#   sleeps      never listens and holds no socket
#   holds       never listens, holds a bound socket (the readiness probe reads the socket tables each look)
#   late        listens 2 s after it starts, and measures from its listen() to the grader's connection: the delay
#
#   bench/readiness-bench.sh
#
# The cost of the wait is a program's CPU minus the baseline's, per second of waiting. It prints figures and asserts
# nothing: timings depend on the machine. Target (issue 12): a small bounded fraction of a core while waiting, and a
# listener noticed within 50-100 ms.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
py="$(python3 -c 'import sys; print(sys.executable)')"
"$here/smtp-grader" --version >/dev/null   # builds the jar when needed, outside the measurement

cat >"$out/exits.py" <<'PY'
PY
cat >"$out/sleeps.py" <<'PY'
import time
time.sleep(60)
PY
cat >"$out/holds.py" <<'PY'
import socket, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
time.sleep(60)
PY
cat >"$out/late.py" <<'PY'
import socket, sys, time
time.sleep(2)
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen()
listened = time.monotonic()
c, _ = s.accept()
# from listen() to the grader's connection: how long the grader took to notice, plus one local connect
open(sys.argv[2], "w").write("%d" % round((time.monotonic() - listened) * 1000))
c.sendall(b"220 late.example ESMTP\r\n")
time.sleep(60)
PY

printf '%-8s %8s %8s %8s  %s\n' program wall_s user_s sys_s listener
for p in exits sleeps holds late; do
  /usr/bin/time -f '%e %U %S' -o "$out/$p.time" \
    "$here/smtp-grader" server --quiet --timeout 5 --scenarios "$here/scenarios/server/greeting.yaml" \
    --out "$out/$p" -- "$py" "$out/$p.py" {port} "$out/$p.delay" >/dev/null 2>&1 || true
  ready=$(grep -o 'ready after [0-9]* ms' "$out/$p/report.json" 2>/dev/null | head -1 || true)
  [[ -f "$out/$p.delay" ]] && ready="$ready; noticed $(cat "$out/$p.delay") ms after listen()"
  read -r wall user sys < <(tail -1 "$out/$p.time")
  printf '%-8s %8s %8s %8s  %s\n' "$p" "$wall" "$user" "$sys" "${ready:--}"
done
