#!/usr/bin/env bash
# Runs the libFuzzer harness for N seconds (default 60): the CSV reader, or with DUBBLETT_FUZZ_TARGET=settings
# the settings-file parser, or with DUBBLETT_FUZZ_TARGET=truth the truth-file reader and scorer.
#   scripts/fuzz.sh [SECONDS] [extra libFuzzer flags...]
#   DUBBLETT_FUZZ_TARGET=settings scripts/fuzz.sh 60
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
target="${DUBBLETT_FUZZ_TARGET:-csv}"
export DUBBLETT_FUZZ_TARGET="$target"
corpus=.build/fuzz/corpus; [ "$target" != csv ] && corpus=.build/fuzz/corpus-$target
mkdir -p "$corpus" .build/fuzz/artifacts
case "$target" in
csv) cp Tests/DubblettTests/Fixtures/pass/*.csv Tests/DubblettTests/Fixtures/fail/*.csv "$corpus/" 2>/dev/null || true ;;
settings)
    cp Benchmarks/strategies/*.json "$corpus/" 2>/dev/null || true
    printf '{"u_samples": 5000, "seed": 7, "window": 4, "max_bucket": 20, "match_threshold": -2}' > "$corpus/numbers.json"
    printf '{"blocking_rules": [{"parts": ["phone"], "window": 3}], "comparisons": [{"field": "first_name", "high": 0.9, "low": 0.8}]}' > "$corpus/rules.json"
    ;;
truth)
    head -c 2000 datasets/sample/truth.csv > "$corpus/sample.csv"
    printf 'record_id;person_id\n1;a\n2;a\n3;b\n' > "$corpus/synonyms.csv"
    printf '1,1\n2,1\n' > "$corpus/headerless.csv"
    ;;
*) echo "DUBBLETT_FUZZ_TARGET must be csv, settings or truth (got $target)" >&2; exit 64 ;;
esac
"$bin" "$corpus" -max_total_time="$seconds" -max_len=4096 -timeout=10 -print_final_stats=1 \
    -artifact_prefix=.build/fuzz/artifacts/ "$@"
