#!/usr/bin/env bash
# Installs what Dubblett needs on a fresh Debian machine that has Swift: libxxhash-dev (XXH3), and dnsmasq-base
# for the tests.
# Quick when everything is already there. Sourced by scripts/sample.sh and scripts/test.sh.
set -euo pipefail
need=()
dpkg -s libxxhash-dev >/dev/null 2>&1 || need+=(libxxhash-dev)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
# dnsmasq: the tests of `validate --check-domains` start one on loopback with fixture records.
[ -x /usr/sbin/dnsmasq ] || command -v dnsmasq >/dev/null 2>&1 || need+=(dnsmasq-base)
if [ ${#need[@]} -gt 0 ]; then
    echo "setup: installing ${need[*]} (apt-get)" >&2
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v swift >/dev/null 2>&1 || { echo "setup: swift is not on PATH (Swift 6.1 or newer is needed)" >&2; exit 1; }
