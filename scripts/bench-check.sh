#!/usr/bin/env bash
# Checks the micro-benchmarks' allocation counts against the thresholds committed in
# Benchmarks/Thresholds/ (ordo-one/benchmark, metric mallocCountTotal at p90; wall clock is never
# checked: it depends on the machine). A loop over records, keys or pairs that starts allocating
# fails here loudly.
#
#   scripts/bench-check.sh                 check every target (builds the Benchmarks package in release)
#   scripts/bench-check.sh Hash            check one target (HashBenchmarks)
#   scripts/bench-check.sh --update [T]    re-record the thresholds after an intended change; commit them
#
# Exit: 0 equal (or only improvements: then run --update to ratchet), 2 regression, other: build failure.
set -euo pipefail
cd "$(dirname "$0")/../Benchmarks"

mode=check
if [[ "${1:-}" == "--update" ]]; then mode=update; shift; fi
target=()
if [[ -n "${1:-}" ]]; then target=(--target "^${1%Benchmarks}Benchmarks\$"); fi

# Builds on the shared 2-core machine go through one lock; elsewhere flock is optional.
run() {
    if command -v flock >/dev/null 2>&1; then flock "${DUBBLETT_BUILD_LOCK:-/tmp/dubblett-build.lock}" "$@"; else "$@"; fi
}

if [[ $mode == update ]]; then
    run swift package --allow-writing-to-package-directory benchmark thresholds update \
        --metric mallocCountTotal --path Thresholds --no-progress "${target[@]}"
    echo "bench-check: thresholds updated in Benchmarks/Thresholds/; review with git diff and commit them"
    exit 0
fi

set +e
run swift package benchmark thresholds check --metric mallocCountTotal --path Thresholds --no-progress "${target[@]}"
status=$?
set -e
case $status in
    0) echo "bench-check: allocation counts equal to the committed thresholds" ;;
    4) echo "bench-check: allocation counts improved; run scripts/bench-check.sh --update and commit the thresholds"
       status=0 ;;
    2) echo "bench-check: ALLOCATION REGRESSION (see the table above); fix it, or if intended run --update" >&2 ;;
    *) echo "bench-check: the benchmark run failed (exit $status)" >&2 ;;
esac
exit $status
