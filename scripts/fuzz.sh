#!/usr/bin/env bash
# Runs the libFuzzer harness of the CSV reader for N seconds (default 60).
#   scripts/fuzz.sh [SECONDS] [extra libFuzzer flags...]
# Builds Sources/DubblettFuzzCSV with -sanitize=fuzzer (coverage-guided; the Dubblett module is instrumented
# too) into .build/fuzz, seeds the corpus from the reader's test fixtures, and fails if libFuzzer finds a
# crash or a 1-worker / N-worker disagreement. Crash inputs land in .build/fuzz/artifacts/; replay one with
#   swift build --product dubblett-fuzz-csv && .build/debug/dubblett-fuzz-csv .build/fuzz/artifacts/crash-...
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
scripts/setup.sh
lock=(); [ -e /tmp/dubblett-build.lock ] && lock=(flock /tmp/dubblett-build.lock)
"${lock[@]}" swift build -c release --product dubblett-fuzz-csv --scratch-path .build/fuzz \
    -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library -Xswiftc -DDUBBLETT_FUZZ
bin="$(swift build -c release --scratch-path .build/fuzz --show-bin-path)/dubblett-fuzz-csv"
corpus=.build/fuzz/corpus
mkdir -p "$corpus" .build/fuzz/artifacts
cp Tests/DubblettTests/Fixtures/pass/*.csv Tests/DubblettTests/Fixtures/fail/*.csv "$corpus/" 2>/dev/null || true
"$bin" "$corpus" -max_total_time="$seconds" -max_len=4096 -timeout=10 -print_final_stats=1 \
    -artifact_prefix=.build/fuzz/artifacts/ "$@"
