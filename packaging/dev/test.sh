#!/usr/bin/env bash
# Set up (see setup.sh) and run every check CI runs: ruff, mypy (strict everywhere),
# the import-layering contracts, then the whole pytest suite. Extra arguments go to pytest.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
export QT_QPA_PLATFORM=offscreen
echo "== ruff";        .venv/bin/ruff check src sync tests benchmarks packaging
echo "== mypy";        .venv/bin/mypy src/popup sync/popup_sync
echo "== import-linter"; .venv/bin/lint-imports
echo "== pytest"
if [ "$#" -gt 0 ]; then  # the tests asked for, in one process
  exec .venv/bin/python -m pytest "$@"
fi
# The whole suite in two lanes at once, one per core (it took 30 minutes in one on a slow
# 2-core machine): the sync server's and the contract tests, every one that talks to
# PostgreSQL, in one; the laptop's and the packaging's, in their usual order, in the other.
# Not split any finer: the server's change feed waits for every transaction in flight on the
# PostgreSQL cluster, so PostgreSQL tests side by side slow each other's downloads.
server_log=$(mktemp)
trap 'rm -f "$server_log"' EXIT
.venv/bin/python -m pytest tests/contract tests/sync >"$server_log" 2>&1 &
server_lane=$!
laptop=0
.venv/bin/python -m pytest tests --ignore=tests/contract --ignore=tests/sync || laptop=$?
server=0
wait "$server_lane" || server=$?
echo "== pytest: the server and contract lane"
cat "$server_log"
echo "== pytest: laptop lane exit $laptop, server lane exit $server"
[ "$laptop" -eq 0 ] && [ "$server" -eq 0 ]
