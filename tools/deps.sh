#!/bin/sh
# deps.sh - installs the Debian packages wtkit needs, and only the missing ones.
# With everything present it does nothing and needs no root.
set -eu
PKGS="build-essential libcmocka-dev lcov afl++ clang libclang-rt-14-dev pkg-config libxml2-utils openssl python3 python3-yaml python3-uvloop python3-serial-asyncio python3-pytest python3-pytest-xdist valgrind chromium git"
missing=""
for p in $PKGS; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$st" in
        *"ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done
[ -z "$missing" ] && exit 0
echo "deps: missing:$missing"
if [ "$(id -u)" != 0 ]; then
    echo "deps: run as root (or: sudo apt-get install$missing)" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >/dev/null
echo "deps: installed:$missing"
