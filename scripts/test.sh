#!/usr/bin/env bash
# The README's second command: installs what is missing, builds, runs the whole test suite and the
# example program (Examples/InMemoryDedupe: the public API on in-memory records, then a cancelled run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --build-tests
swift test --skip-build
bin="$(swift build --show-bin-path)"
echo "example: Examples/InMemoryDedupe"
"$bin/InMemoryDedupe"
"$bin/InMemoryDedupe" datasets/sample/register.csv --cancel-after 1
