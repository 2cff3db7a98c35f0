#!/usr/bin/env bash
# Set up (see setup.sh) and open Popup on the demo stop, with a local sync server on the demo
# consortium so you can watch a sync happen (Sync page, F11). Data goes to ./.demo-home unless
# POPUP_HOME says otherwise. Extra arguments go to `popup`. Set POPUP_DEMO_OFFLINE=1 to run
# without the server (the app works the same; actions wait to upload).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
export POPUP_HOME="${POPUP_HOME:-$repo/.demo-home}"
mkdir -p "$POPUP_HOME"

run=(.venv/bin/popup --demo)
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "No display found: running under xvfb-run (nothing will be visible)." >&2
  run=(xvfb-run -a -s "-screen 0 1366x768x24" "${run[@]}")
fi

if [ "${POPUP_DEMO_OFFLINE:-0}" = "1" ]; then
  exec "${run[@]}" "$@"
fi

port="${POPUP_DEMO_PORT:-8765}"
server="http://127.0.0.1:$port"
.venv/bin/popup-sync demo --port "$port" --dir "$POPUP_HOME" > "$POPUP_HOME/sync-server.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true' EXIT INT TERM
.venv/bin/python - "$server" <<'PY'
import sys, time, requests
for _ in range(120):
    try:
        requests.get(sys.argv[1] + "/health", timeout=1).raise_for_status()
        break
    except Exception:
        time.sleep(0.5)
else:
    sys.exit("the demo sync server did not start; see sync-server.log in POPUP_HOME")
PY
if [ ! -f "$POPUP_HOME/sync-credentials.json" ]; then
  code=$(.venv/bin/popup-sync admin --database "sqlite:///$POPUP_HOME/popup-sync-demo.db" \
         enroll-code --library MAIN --branch BM2)
  .venv/bin/popup enroll "$server" "$code"
fi
echo "Demo sync server at $server (log: $POPUP_HOME/sync-server.log)"
"${run[@]}" --sync-server "$server" "$@"
