#!/usr/bin/env bash
# Prints how long server grading takes on the good sample server: the whole run, the program's start-up (until its
# port listened), and the grader's own overhead per scenario, counted from the moment the port accepted. It prints
# figures and asserts nothing: timings depend on the machine and on whatever else runs on it.
#
#   bench/server-bench.sh [ROUNDS]     (default 3; scenarios run one at a time so the figures do not mix)
#
# Overhead per scenario = (scenario wall time) - (start-up until listening) - (pauses the scenario scripts on
# purpose, e.g. a command split 200 ms apart). It still holds the sample server's own reply time and the time to
# stop it; the target is < 30 ms.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

"$here/smtp-grader" validate "$here/scenarios/server" >/dev/null
for ((r = 1; r <= rounds; r++)); do
  start=$(date +%s%N)
  "$here/smtp-grader" server --jobs 1 --users alice@example.org,bob@example.org --out "$out/round-$r" \
    -- python3 "$here/fixtures/servers/good/smtp_server.py" {port} >/dev/null || true
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 )) > "$out/round-$r/wall_ms"
done

python3 - "$out" "$rounds" <<'PY'
import json, os, re, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
rows = {}
walls = []
for r in range(1, rounds + 1):
    d = os.path.join(out, "round-%d" % r)
    walls.append(int(open(os.path.join(d, "wall_ms")).read()))
    report = json.load(open(os.path.join(d, "report.json")))
    for s in report["scenarios"]:
        ready = None
        pauses = []
        for e in s.get("transcript", []):
            text = e.get("text") or ""
            m = re.search(r"ready after (\d+) ms", text)
            if m and ready is None:
                ready = int(m.group(1))
            m = re.search(r"pauses (\d+) ms \(scripted\)", text)
            if m:
                pauses.append((e["t_ms"], e["t_ms"] + int(m.group(1))))
            m = re.search(r"in (\d+) writes, (\d+) ms apart \(scripted\)", text)
            if m:
                pauses.append((e["t_ms"], e["t_ms"] + (int(m.group(1)) - 1) * int(m.group(2))))
        # parallel sessions pause at the same time: count the time covered by any pause once
        scripted, reach = 0, None
        for start, end in sorted(pauses):
            if reach is None or start > reach:
                scripted += end - start
                reach = end
            elif end > reach:
                scripted += end - reach
                reach = end
        total = s["duration_ms"]
        overhead = None if ready is None else total - ready - scripted
        rows.setdefault(s["id"], []).append((total, ready, scripted, overhead))

def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else float("nan")

print("server grading benchmark: good fixture, %d scenarios, %d round(s), one scenario at a time" % (len(rows), rounds))
print("wall time of a whole run (JVM start included): %s ms (median %d ms)" % (", ".join(map(str, walls)), med(walls)))
print()
print("%-30s %9s %9s %9s %9s" % ("scenario (medians, ms)", "total", "start-up", "scripted", "overhead"))
overheads, startups = [], []
for sid in sorted(rows):
    r = rows[sid]
    o = med([x[3] for x in r]); st = med([x[1] for x in r])
    overheads.append(o); startups.append(st)
    print("%-30s %9d %9d %9d %9d" % (sid, med([x[0] for x in r]), st, med([x[2] for x in r]), o))
print()
print("program start-up until listening: median %.0f ms per scenario" % statistics.median(startups))
print("grader overhead from the moment the port accepted: median %.0f ms, mean %.1f ms, max %.0f ms per scenario (target < 30 ms)"
      % (statistics.median(overheads), statistics.mean(overheads), max(overheads)))
PY
