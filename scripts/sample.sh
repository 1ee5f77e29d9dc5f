#!/usr/bin/env bash
# The README's first command: installs what is missing, builds a release binary, runs the main job
# on the bundled sample register.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product dubblett
bin="$(swift build -c release --show-bin-path)/dubblett"
"$bin" inspect datasets/sample/register.csv
