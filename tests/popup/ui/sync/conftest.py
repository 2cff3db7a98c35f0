"""The contract tests' real-server helpers (``tests/contract/conftest.py``), reused here."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_PATH = Path(__file__).resolve().parents[3] / "contract" / "conftest.py"
_spec = importlib.util.spec_from_file_location("popup_contract_helpers", _PATH)
assert _spec is not None and _spec.loader is not None
helpers = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("popup_contract_helpers", helpers)
_spec.loader.exec_module(helpers)

# Fixtures re-exported so pytest finds them for the tests in this directory.
_file_credentials = helpers._file_credentials
sync_server = helpers.sync_server
laptops = helpers.laptops
