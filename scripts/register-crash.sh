#!/usr/bin/env bash
# kill -9 during register batches: after each kill the store must open, pass SQLite's integrity check and
# hold exactly the state before the batch or the state after it (compared by exported clusters).
# Usage: scripts/register-crash.sh [BATCHES=20] [DUBBLETT=.build/release/dubblett]
set -euo pipefail
batches=${1:-20}
bin=${2:-.build/release/dubblett}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/gen"
"$bin" generate --rows 30000 --seed 5 --output "$work/gen" >/dev/null
reg="$work/gen/register.csv"
sed -n "1,10001p" "$reg" > "$work/init.csv"
"$bin" register init "$work/s.db" --from "$work/init.csv" --quiet >/dev/null
header=$(sed -n 1p "$reg")
per=$(( 20000 / batches ))
. "$(dirname "$0")/crash-check.sh"
killed=0
for i in $(seq 0 $((batches - 1))); do
    b="$work/b$i.csv"
    { echo "$header"; sed -n "$((10002 + i * per)),$((10001 + (i + 1) * per))p" "$reg"; } > "$b"
    # The state after the batch, from a copy that runs to completion.
    # A killed batch may have committed into the WAL without a checkpoint: copy the WAL with the file.
    rm -f "$work/copy.db"*
    cp "$work/s.db" "$work/copy.db"
    if [ -f "$work/s.db-wal" ]; then cp "$work/s.db-wal" "$work/copy.db-wal"; fi
    "$bin" register add "$work/copy.db" "$b" --quiet >/dev/null
    rm -rf "$work/after" "$work/before" "$work/now"
    "$bin" register export "$work/copy.db" --out "$work/after" >/dev/null
    "$bin" register export "$work/s.db" --out "$work/before" >/dev/null
    rm -f "$work/copy.db"*
    # The batch again on the store itself, killed at a random moment.
    "$bin" register add "$work/s.db" "$b" --quiet >/dev/null 2>&1 &
    pid=$!
    # 0-299 ms: a batch here takes about 150-300 ms from process start, so most kills land inside it.
    sleep "0.$(printf %03d $(( RANDOM % 300 )))"
    st=$(ps -o stat= -p "$pid" 2>/dev/null || true)
    if [ -n "$st" ] && [ "${st#Z}" = "$st" ]; then killed=$((killed + 1)); fi
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    check_store "$work/s.db" "$i"
done
echo "kill -9 in $batches batches ($killed kills hit a running process): $before_count at the state before, $after_count at the state after, $between in between (integrity ok every time)"
[ "$between" -eq 0 ]
