"""Desk test helpers, handed to tests as the ``helpers`` fixture (importlib import mode)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

_spec = importlib.util.spec_from_file_location(
    "popup_desk_test_helpers", Path(__file__).with_name("helpers.py")
)
assert _spec is not None and _spec.loader is not None
_helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_helpers)


@pytest.fixture
def helpers() -> ModuleType:
    return _helpers
