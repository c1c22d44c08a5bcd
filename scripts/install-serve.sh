#!/usr/bin/env bash
# `make serve` and the replica tests run Debian's redis-server and nginx (in the foreground, on
# ports of their own; the packages' system services are not needed). Installs them when missing.
set -euo pipefail

have() { [ -x /usr/bin/redis-server ] && [ -x /usr/sbin/nginx ]; }
if have; then
    echo "install-serve: redis-server and nginx are present"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-serve: install Debian's 'redis-server' and 'nginx' (apt-get is not available here)" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "install-serve: run as root or install sudo to install redis-server and nginx" >&2; exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends redis-server nginx
have || { echo "install-serve: redis-server or nginx still missing after install" >&2; exit 1; }
