#!/usr/bin/env bash
# Sets up the Python environment for the Splink peer (`dubblett bench --peer splink`, scripts/peers/splink_dedupe.py):
# a virtualenv at .venv-splink in the repository root with splink 5.0.0 (which brings DuckDB).
# Idempotent: does nothing when .venv-splink already imports splink 5.0.0. Needs python3 (3.10 or newer) and PyPI;
# installs Debian's python3-venv with apt-get when the venv module is missing.
# Usage: scripts/setup-splink.sh        then: .venv-splink/bin/python3 scripts/peers/splink_dedupe.py --help
set -euo pipefail
SPLINK_VERSION=5.0.0
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv-splink"
py="$venv/bin/python3"

if [ -x "$py" ] && "$py" -c "import splink, sys; sys.exit(splink.__version__ != '$SPLINK_VERSION')" 2>/dev/null; then
    echo "setup-splink: $venv already has splink $SPLINK_VERSION" >&2
    exit 0
fi
command -v python3 >/dev/null 2>&1 || { echo "setup-splink: python3 is not on PATH (Python 3.10 or newer is needed)" >&2; exit 1; }
python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
    || { echo "setup-splink: Python 3.10 or newer is needed (found $(python3 -V 2>&1))" >&2; exit 1; }
# Debian splits venv (and its ensurepip) into python3-venv.
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    echo "setup-splink: installing python3-venv (apt-get)" >&2
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv >/dev/null
fi
# A half-made venv (interrupted earlier run) is recreated from scratch.
if [ -d "$venv" ] && ! [ -x "$py" ]; then
    rm -rf "$venv"
fi
[ -x "$py" ] || python3 -m venv "$venv"
echo "setup-splink: installing splink==$SPLINK_VERSION into $venv (pip)" >&2
"$py" -m pip install --quiet --disable-pip-version-check "splink==$SPLINK_VERSION"
"$py" -c "import splink, duckdb; print(f'setup-splink: splink {splink.__version__}, duckdb {duckdb.__version__} ready in $venv')" >&2
