#!/usr/bin/env bash
# Set up (see setup.sh) and run every check CI runs: ruff, mypy (strict everywhere),
# the import-layering contracts, then the whole pytest suite. Extra arguments go to pytest.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
export QT_QPA_PLATFORM=offscreen
echo "== ruff";        .venv/bin/ruff check src sync tests benchmarks packaging
echo "== mypy";        .venv/bin/mypy src/popup sync/popup_sync
echo "== import-linter"; .venv/bin/lint-imports
# On every core, each test file on one worker (its module fixtures, servers and windows stay
# together): the suite took 30 minutes on one core of a slow 2-core machine.
echo "== pytest";      .venv/bin/python -m pytest -n auto --dist loadfile "$@"
