"""What a device downloads of a row is exactly its entity class's wire form."""

from __future__ import annotations

import types
import typing
from datetime import UTC, date, datetime
from typing import Any

import pytest

from popup.domain.protocol.entities import DATA, Entity, LostCardData, columns
from popup.domain.protocol.wire import encode
from popup_sync.changes.reader import row_data

SAMPLES: dict[Any, object] = {
    str: "text",
    int: 7,
    bool: True,
    date: date(2030, 1, 2),
    datetime: datetime(2030, 1, 2, 15, 4, 5, 123456, tzinfo=UTC),
    dict[str, Any]: {"closed_loan_id": "x", "n": 1},
    tuple[str, ...]: ("21120000000017", "T3F9A0C12-000417"),
    tuple[LostCardData, ...]: (
        LostCardData(card_number="21120000000025", lost_at=datetime(2030, 1, 1, 9, 0, tzinfo=UTC)),
    ),
    Any: [5, 6],
}


def _rows(entity: Entity) -> list[types.SimpleNamespace]:
    """A stored row of ``entity`` with every field filled, and one with the optional ones None."""
    hints = typing.get_type_hints(DATA[entity])
    full, sparse = {}, {}
    for name in columns(entity):
        hint = hints[name]
        optional = typing.get_origin(hint) in (typing.Union, types.UnionType)
        base = next(a for a in typing.get_args(hint) if a is not type(None)) if optional else hint
        full[name] = SAMPLES[base]
        sparse[name] = None if optional else SAMPLES[base]
    return [types.SimpleNamespace(**full), types.SimpleNamespace(**sparse)]


@pytest.mark.parametrize("entity", list(Entity))
def test_row_data_is_the_wire_form_of_the_entity_class(entity: Entity) -> None:
    for row in _rows(entity):
        expected = encode(DATA[entity](**vars(row)))
        assert row_data(entity, row) == expected
        assert list(row_data(entity, row)) == list(expected)  # the same order, too
