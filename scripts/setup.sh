#!/usr/bin/env bash
# Installs what Dubblett needs on a fresh Debian machine that has Swift: libxxhash-dev (XXH3), libsqlite3-dev
# (register store), and for the tests curl (the server's curl examples), chromium with chromium-driver
# (browser tests) and dnsmasq-base (the DNS check's tests).
# Quick when everything is already there. Sourced by scripts/sample.sh and scripts/test.sh.
set -euo pipefail
need=()
dpkg -s libxxhash-dev >/dev/null 2>&1 || need+=(libxxhash-dev)
# SQLite for the register store (GRDB links the system library).
dpkg -s libsqlite3-dev >/dev/null 2>&1 || need+=(libsqlite3-dev)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
# dubblett-server's binary test runs the curl examples of docs/server.md.
command -v curl >/dev/null 2>&1 || need+=(curl)
# Headless Chromium and its WebDriver for the browser tests of report.html (ReportBrowserTests).
dpkg -s chromium >/dev/null 2>&1 || need+=(chromium)
dpkg -s chromium-driver >/dev/null 2>&1 || need+=(chromium-driver)
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
