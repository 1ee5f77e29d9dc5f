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
# Exit: 0 equal (or only improvements: then run --update to ratchet), 2 regression, other: build/run failure.
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
    # Start from an empty set (for the chosen target) so thresholds of removed benchmarks go too.
    prefix=""
    if [[ -n "${1:-}" ]]; then prefix="${1%Benchmarks}Benchmarks."; fi
    mkdir -p Thresholds
    rm -f Thresholds/"$prefix"*.p90.json
    run swift package --allow-writing-to-package-directory benchmark thresholds update \
        --metric mallocCountTotal --path Thresholds --no-progress "${target[@]}"
    echo "bench-check: thresholds updated in Benchmarks/Thresholds/; review with git diff and commit them"
    exit 0
fi

# benchmark 1.38.1 writes `Target.Name_With_Underscores.p90.json` but looks for the name with its
# spaces (ordo-one/benchmark issue #301), so the check reads a copy with the spaces put back.
# Hence: benchmark names here use spaces, never `_` or `/`.
staged=$(mktemp -d)
trap 'rm -rf "$staged"' EXIT
for f in Thresholds/*.p90.json; do
    b=$(basename "$f")
    cp "$f" "$staged/${b%%.*}.$(tr '_' ' ' <<<"${b#*.}")"
done

# `swift package` exits 1 for any plugin failure, so the verdict is read from the tool's own words.
log="$staged/check.log"
set +e
run swift package benchmark thresholds check --metric mallocCountTotal --path "$staged" --no-progress \
    "${target[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
if grep -aq "is WORSE than the defined thresholds" "$log"; then
    echo "bench-check: ALLOCATION REGRESSION (tables above); fix it, or if intended: scripts/bench-check.sh --update" >&2
    exit 2
elif grep -aq "is BETTER than the defined thresholds" "$log"; then
    echo "bench-check: allocation counts improved; ratchet them: scripts/bench-check.sh --update, then commit"
    exit 0
elif [[ $status -eq 0 ]]; then
    echo "bench-check: allocation counts equal to the committed thresholds"
    exit 0
fi
echo "bench-check: the benchmark build or run failed (exit $status)" >&2
exit "$status"
