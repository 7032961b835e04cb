#!/bin/sh
# Installs the Debian packages the advisor needs, only those that are missing.
# Runs as root, or through sudo when it is there. Safe to run again: it does nothing
# when everything is present.
set -eu

PACKAGES="
python3 python3-venv python3-dev
graphviz
fonts-dejavu-core
libpango-1.0-0 libpangoft2-1.0-0 libpangocairo-1.0-0 libharfbuzz-subset0
poppler-utils
chromium
"

missing=""
for package in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $package"
    fi
done

if [ -z "$missing" ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "These Debian packages are missing:$missing" >&2
    echo "Install them as root (apt-get install$missing), then run make again." >&2
    exit 1
fi

echo "Installing Debian packages:$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
