#!/usr/bin/env bash
# Prepare a fresh Debian/Ubuntu machine to run Popup from source: the system libraries Qt and
# zbar need (and Chromium for the console's browser tests), then a virtualenv in .venv with Popup installed (editable) with its extras.
# Sourced by demo.sh and test.sh; safe to run again (it skips what is already there).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

APT_PACKAGES=(
  python3-venv libzbar0 libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
  libdbus-1-3 libpulse0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
  libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libnss3 libasound2
  fonts-dejavu-core xvfb xauth binutils gcc poppler-utils
  # The console's browser tests drive Debian's Chromium with Playwright (its own download of a
  # browser is not reachable from every build machine).
  chromium
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  line="apt-get install -y ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing system packages: ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive $line -qq
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive $line -qq
  else
    echo "Popup needs these system packages. Run this, then try again:" >&2
    echo "  sudo apt-get update && sudo $line" >&2
    exit 1
  fi
fi

PY="${PYTHON:-python3}"
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "Popup needs Python 3.11 or newer; $PY is $("$PY" --version 2>&1)." >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
stamp=.venv/.popup-installed
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[dev,server]"
  echo "$want" > "$stamp"
fi
