"""A database error never carries a patron's details into logs or messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from popup_sync.core.db import Database
from popup_sync.models import Patron


def test_errors_hide_bound_parameters(db: Database, make_library: Callable[..., Any]) -> None:
    lib = make_library(items=0, patrons=1)
    row = {
        "library_id": lib.id,
        "card_number": lib.patrons[0],  # a duplicate: the database refuses it
        "name": "Winifred Privateperson",
        "category": "ADULT",
        "home_library": lib.code,
    }
    with pytest.raises(IntegrityError) as refused:
        db.run_write(lambda session: session.execute(insert(Patron), [row]))
    text = str(refused.value)
    # PostgreSQL's own DETAIL may quote the duplicate key, so the server logs database errors
    # by type only (popup_sync.main); the bound values themselves never appear.
    assert "Privateperson" not in text
