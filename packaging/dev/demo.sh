#!/usr/bin/env bash
# Set up (see setup.sh) and open Popup on the demo stop. Data goes to ./.demo-home unless
# POPUP_HOME or --home says otherwise. Extra arguments go to `popup`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
export POPUP_HOME="${POPUP_HOME:-$repo/.demo-home}"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "No display found: running under xvfb-run (nothing will be visible)." >&2
  exec xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/popup --demo "$@"
fi
exec .venv/bin/popup --demo "$@"
