# Sourced by scripts/register-crash.sh and scripts/server-records-crash.sh: after a kill -9, the store must
# pass SQLite's integrity check and hold exactly the state before or the state after its batch, compared by
# the exported clusters, stable ids and pairs ($work/before and $work/after are exported by the caller).
before_count=0; after_count=0; between=0

crash_state() { cat "$1/clusters.csv" "$1/stable_ids.csv" "$1/pairs.csv"; }

# check_store STORE BATCH: counts the store's state as before, after or between (which is reported).
check_store() {
    "$bin" register status "$1" --check >/dev/null
    "$bin" register export "$1" --out "$work/now" >/dev/null
    if cmp -s <(crash_state "$work/now") <(crash_state "$work/before"); then
        before_count=$((before_count + 1))
    elif cmp -s <(crash_state "$work/now") <(crash_state "$work/after"); then
        after_count=$((after_count + 1))
    else
        between=$((between + 1))
        echo "batch $2: the store holds neither the state before nor the state after the batch" >&2
    fi
}
