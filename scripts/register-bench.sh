#!/usr/bin/env bash
# The register store's bar on a generated register (issue #16), with a release build:
#   incremental equals batch: init on the first 90 %, the rest in ten batches, pairwise F1 against one dedupe;
#   a 15 k batch of new records against the full store, open to commit; bytes per record on disk.
# Usage: scripts/register-bench.sh [DATASET_DIR=datasets/generated/1m] [DUBBLETT=.build/release/dubblett]
# Run it under the build lock on a shared machine: flock /tmp/swiftbuild.lock scripts/register-bench.sh
set -euo pipefail
data=${1:-datasets/generated/1m}
bin=${2:-.build/release/dubblett}
reg="$data/register.csv"; truth="$data/truth.csv"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rows=$(( $(wc -l < "$reg") - 1 ))
head_rows=$(( rows * 9 / 10 ))
per=$(( (rows - head_rows + 9) / 10 ))
header=$(sed -n 1p "$reg")
sed -n "1,$((head_rows + 1))p" "$reg" > "$work/init.csv"
echo "register: $rows rows; init $head_rows, then 10 batches of up to $per"
/usr/bin/time -f "init: %e s wall, %M KB max RSS" "$bin" register init "$work/s.db" --from "$work/init.csv" --quiet >/dev/null
for i in $(seq 0 9); do
    { echo "$header"; sed -n "$((head_rows + 2 + i * per)),$((head_rows + 1 + (i + 1) * per))p" "$reg"; } > "$work/b$i.csv"
    /usr/bin/time -f "add $i: %e s wall, %M KB max RSS" "$bin" register add "$work/s.db" "$work/b$i.csv" --quiet > "$work/out.txt"; grep -E "^time|^batch|^matching" "$work/out.txt"
done
"$bin" register export "$work/s.db" --out "$work/inc" >/dev/null
"$bin" evaluate "$work/inc/clusters.csv" "$truth" > "$work/eval.txt"
echo "incremental:"; grep -i 'pairwise' "$work/eval.txt" || cat "$work/eval.txt"
"$bin" dedupe "$reg" --truth "$truth" --out "$work/batch" --quiet > "$work/dedupe.txt"; grep -E "^truth" "$work/dedupe.txt"
# 15 k new records (another seed, ids prefixed so none is in the register) against the full store.
mkdir -p "$work/new"
"$bin" generate --rows 15000 --seed 2 --output "$work/new" >/dev/null
{ sed -n 1p "$work/new/register.csv"; sed -n '2,$s/^/n/p' "$work/new/register.csv"; } > "$work/new15k.csv"
/usr/bin/time -f "15k batch: %e s wall (process), %M KB max RSS" "$bin" register add "$work/s.db" "$work/new15k.csv" --quiet > "$work/out.txt"; grep -E "^time|^batch|^matching" "$work/out.txt"
"$bin" register status "$work/s.db" > "$work/status.txt"; grep -E "^records|^file|^clusters|^pairs" "$work/status.txt"
ls -l "$work"/s.db*
