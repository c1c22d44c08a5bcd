#!/usr/bin/env bash
# The browser tests drive Debian's Chromium and need a Thai font to render the pages.
# Installs `chromium` and `fonts-thai-tlwg` from the Debian archive when either is missing;
# does nothing (and needs no network) when both are there. Never downloads a browser build.
set -euo pipefail

CHROMIUM=${DASHBOARD_CHROMIUM:-/usr/bin/chromium}

have_chromium() { [ -x "$CHROMIUM" ]; }
have_thai_font() {
    if command -v fc-list >/dev/null 2>&1; then
        fc-list :lang=th family | grep -q .
    else
        dpkg-query -W -f='${Status}' fonts-thai-tlwg 2>/dev/null | grep -q "install ok installed"
    fi
}

if have_chromium && have_thai_font && command -v pdftotext >/dev/null 2>&1; then
    echo "install-browser: chromium and a Thai font are present"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser: $CHROMIUM or a Thai font is missing and apt-get is not available;" >&2
    echo "install Debian's 'chromium' and 'fonts-thai-tlwg' (or set DASHBOARD_CHROMIUM)" >&2
    exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "install-browser: run as root or install sudo to install chromium and fonts-thai-tlwg" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-thai-tlwg fontconfig poppler-utils

have_chromium || { echo "install-browser: $CHROMIUM still missing after install" >&2; exit 1; }
"$CHROMIUM" --version || true
