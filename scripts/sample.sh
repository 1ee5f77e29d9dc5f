#!/usr/bin/env bash
# The README's first command: installs what is missing, builds a release binary, deduplicates the
# bundled sample register and prints the run summary and the F1 against the sample's truth.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product dubblett
bin="$(swift build -c release --show-bin-path)/dubblett"
"$bin" dedupe datasets/sample/register.csv --truth datasets/sample/truth.csv --out out/sample "$@"
