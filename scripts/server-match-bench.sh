#!/usr/bin/env bash
# /match on a 1 M-record register with wrk (issue #17's bar: p99 <= 5 ms, >= 5,000 req/s for 60 s, 0 errors,
# memory flat), release builds:
#   1. generate a register (seed 1) and `dubblett register init` it into DATA/registers/bench.sqlite;
#   2. make match bodies: records of another generated register (seed 2, other people) and records of the
#      register itself with their id left out (they find themselves), one JSON body per line;
#   3. start dubblett-server, warm the register, run wrk for DURATION, sample the server's RSS every 5 s.
# Usage: scripts/server-match-bench.sh [ROWS=1000000] [DURATION=60s] [CONNECTIONS=32]
# Run it under the build lock on a shared machine: flock /tmp/swiftbuild.lock scripts/server-match-bench.sh
set -euo pipefail
rows=${1:-1000000}
duration=${2:-60s}
connections=${3:-32}
bin=${DUBBLETT:-.build/release/dubblett}
server=${DUBBLETT_SERVER:-.build/release/dubblett-server}
work=${WORK:-/tmp/dubblett-match-bench-$rows}
port=${PORT:-18181}
mkdir -p "$work/data/registers"
if [ ! -s "$work/data/registers/bench.sqlite" ]; then
    "$bin" generate --rows "$rows" --seed 1 --output "$work/gen" >/dev/null
    /usr/bin/time -f "register init: %e s, %M KB" "$bin" register init "$work/data/registers/bench.sqlite" \
        --from "$work/gen/register.csv" --quiet >/dev/null
fi
if [ ! -s "$work/bodies.jsonl" ]; then
    "$bin" generate --rows 20000 --seed 2 --output "$work/gen2" >/dev/null
    python3 - "$work/gen/register.csv" "$work/gen2/register.csv" > "$work/bodies.jsonl" <<'PY'
import csv, json, random, sys
random.seed(7)
out = []
for path, n in ((sys.argv[1], 10000), (sys.argv[2], 10000)):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in random.sample(rows, min(n, len(rows))):
        r.pop("id", None); r.pop("kundnummer", None)
        out.append(json.dumps({"record": r, "limit": 10}, ensure_ascii=False))
random.shuffle(out)
print("\n".join(out))
PY
fi
"$server" --port "$port" --data-dir "$work/data" --log-level "${LOG_LEVEL:-info}" 2>"$work/server.log" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -s "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$port/v1/registers/bench/match"
start=$(date +%s.%N)
curl -sS -o /dev/null -w "first request (opens the register): %{time_total} s, status %{http_code}\n" \
    -H 'Content-Type: application/json' --data-binary "$(head -1 "$work/bodies.jsonl")" "$url"
grep VmRSS /proc/$pid/status | sed 's/^/after open: /'
uptime
( while kill -0 $pid 2>/dev/null; do echo "$(date +%T) $(grep VmRSS /proc/$pid/status)"; sleep 5; done ) > "$work/rss.txt" &
sampler=$!
BODIES="$work/bodies.jsonl" wrk -t2 -c"$connections" -d"$duration" --latency -s scripts/wrk-match.lua "$url"
kill $sampler 2>/dev/null || true
uptime
echo "server RSS every 5 s:"; cat "$work/rss.txt"
