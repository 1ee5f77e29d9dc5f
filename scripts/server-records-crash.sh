#!/usr/bin/env bash
# kill -9 of dubblett-server during POST /v1/registers/NAME/records (issue #17): after each kill the register
# must open, pass SQLite's integrity check and hold exactly the state before the batch or the state after
# it (compared by exported clusters, stable ids and pairs; the state after comes from `dubblett register
# add` of the same records on a copy, the same store batch the server runs).
# Usage: scripts/server-records-crash.sh [BATCHES=20]  (release builds of dubblett and dubblett-server)
set -euo pipefail
batches=${1:-20}
bin=${DUBBLETT:-.build/release/dubblett}
server=${DUBBLETT_SERVER:-.build/release/dubblett-server}
port=${PORT:-18282}
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/gen"
"$bin" generate --rows 30000 --seed 5 --output "$work/gen" >/dev/null
reg="$work/gen/register.csv"
mkdir -p "$work/data/registers"
store="$work/data/registers/crm.sqlite"
sed -n "1,10001p" "$reg" > "$work/init.csv"
"$bin" register init "$store" --from "$work/init.csv" --quiet >/dev/null
header=$(sed -n 1p "$reg")
per=$(( 20000 / batches ))
. "$(dirname "$0")/crash-check.sh"
killed=0
url="http://127.0.0.1:$port/v1/registers/crm"
for i in $(seq 0 $((batches - 1))); do
    b="$work/b$i.csv"
    { echo "$header"; sed -n "$((10002 + i * per)),$((10001 + (i + 1) * per))p" "$reg"; } > "$b"
    python3 -c '
import csv, json, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    print(json.dumps({"records": list(csv.DictReader(f))}, ensure_ascii=False))' "$b" > "$work/b$i.json"
    rm -f "$work/copy.db"*
    cp "$store" "$work/copy.db"
    if [ -f "$store-wal" ]; then cp "$store-wal" "$work/copy.db-wal"; fi
    "$bin" register add "$work/copy.db" "$b" --quiet >/dev/null
    rm -rf "$work/after" "$work/before" "$work/now"
    "$bin" register export "$work/copy.db" --out "$work/after" >/dev/null
    "$bin" register export "$store" --out "$work/before" >/dev/null
    rm -f "$work/copy.db"*
    "$server" --port "$port" --data-dir "$work/data" --log-level error 2>>"$work/server.log" &
    pid=$!
    for _ in $(seq 200); do curl -s "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.05; done
    # Open the register (loads its buckets), then send the batch and kill the server at a random moment.
    curl -sS -o /dev/null -H 'Content-Type: application/json' -d '{"record":{}}' "$url/match"
    curl -sS -o "$work/reply.json" -H 'Content-Type: application/json' --data-binary "@$work/b$i.json" \
        "$url/records" 2>/dev/null &
    client=$!
    sleep "0.$(printf %03d $(( RANDOM % 400 )))"
    if [ -z "$(cat "$work/reply.json" 2>/dev/null)" ]; then killed=$((killed + 1)); fi
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    pid=
    wait "$client" 2>/dev/null || true
    rm -f "$work/reply.json"
    check_store "$store" "$i"
done
echo "kill -9 of the server in $batches /records batches ($killed kills before the reply): $before_count at the state before, $after_count at the state after, $between in between (integrity ok every time)"
[ "$between" -eq 0 ]
