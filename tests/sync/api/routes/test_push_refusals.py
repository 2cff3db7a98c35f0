"""Push: values the rules or the database cannot take reject that action alone, never the queue.

A 500 would be answered again on every resend and block the device's outbox for good, so a
value that does not fit (too long, not a card of this library, refused by the database) must
come back as a stored ``rejected`` result naming what was wrong, and the next action applies.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import select, text

from popup.domain.protocol.actions import EventCreate, StopOpen
from popup_sync.core.db import Database
from popup_sync.models import AppliedMutation, Event, Patron, Stop
from tests.helpers import mutations


def _register(device: Any, card: str, *, temporary: bool = False, **extra: Any) -> dict[str, Any]:
    signup = mutations.register(card, temporary=temporary, card_expiry=date(2030, 1, 31), **extra)
    result: dict[str, Any] = device.mutation(signup)
    return result


def _wrong_check_digit(card: str) -> str:
    return card[:-1] + str((int(card[-1]) + 1) % 10)


def test_values_that_do_not_fit_are_rejected_naming_the_field_and_the_queue_moves_on(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any], kit: Any
) -> None:
    lib = make_library(items=2, patrons=1)
    device = enroll_device(lib.code)
    stop_id, event_id = str(uuid.uuid4()), str(uuid.uuid4())
    batch = [
        # patrons.card_number is String(64): PostgreSQL raised StringDataRightTruncation (500).
        _register(device, "T" + "7" * 99, temporary=True),
        _register(device, "2" * 100),  # not temporary: the library's card format applies
        _register(device, _wrong_check_digit(kit.patron_card(900_001))),
        _register(device, kit.patron_card(900_002), name="N" * 201),
        device.mutation(StopOpen(stop_id=stop_id, name="Park", place="P" * 301)),
        device.mutation(
            EventCreate(
                event_id=event_id,
                stop_id=stop_id,
                title="Story time",
                event_type="storytime",
                audience="A" * 65,
            )
        ),
        device.checkout(lib.patrons[0], lib.items[0]),
    ]
    results = device.push_ok(batch)
    assert [r["status"] for r in results] == ["rejected"] * 6 + ["applied"]
    fields = ["patron_card", "patron_card", "patron_card", "name", "place", "audience"]
    for result, name in zip(results, fields, strict=False):
        assert result["detail"]["field"] == name, result
        assert result["detail"]["error"] == "INVALID_FIELD"
        assert f"'{name}'" in result["message"], result["message"]
    assert "at most 64" in results[0]["message"]
    assert "at most 300" in results[4]["message"]
    # Resending the same actions returns the stored results; nothing is applied twice.
    assert device.push_ok(batch) == results
    # The queue is not blocked: the next action applies.
    later = device.checkout(lib.patrons[0], lib.items[1])
    assert device.push_ok([later])[0]["status"] == "applied"
    with db.read() as session:
        assert session.get(Stop, stop_id) is None
        assert session.get(Event, event_id) is None
        assert not session.scalars(
            select(Patron.card_number).where(Patron.library_id == lib.id, Patron.name.like("N%"))
        ).all()
        last = session.scalar(
            select(AppliedMutation.seq)
            .where(AppliedMutation.device_id == device.device_id)
            .order_by(AppliedMutation.seq.desc())
        )
        assert last == later["seq"]


def test_valid_signups_at_the_column_limits_still_apply(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any], kit: Any
) -> None:
    lib = make_library(items=0, patrons=0)
    device = enroll_device(lib.code)
    temporary = "T" + uuid.uuid4().hex[:8].upper() + "-000001"
    stop_id = str(uuid.uuid4())
    results = device.push_ok(
        [
            _register(device, kit.patron_card(900_101), name="M" * 200),
            _register(device, temporary, temporary=True),
            device.mutation(StopOpen(stop_id=stop_id, name="S", place="P" * 300)),
        ]
    )
    assert [r["status"] for r in results] == ["applied", "applied_with_exception", "applied"]
    assert results[1]["codes"] == ["TEMPORARY_CARD_REPLACED"]


@contextmanager
def _refusing_stop_name(db: Database, name: str) -> Iterator[None]:
    """A trigger that makes the database itself refuse a stop called ``name``."""
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(
                text(
                    "CREATE FUNCTION refuse_stop() RETURNS trigger LANGUAGE plpgsql AS $$ "
                    f"BEGIN IF NEW.name = '{name}' THEN RAISE EXCEPTION 'refused stop'; END IF; "
                    "RETURN NEW; END $$"
                )
            )
            conn.execute(
                text(
                    "CREATE TRIGGER refuse_stop BEFORE INSERT ON stops "
                    "FOR EACH ROW EXECUTE FUNCTION refuse_stop()"
                )
            )
        else:
            conn.execute(
                text(
                    "CREATE TRIGGER refuse_stop BEFORE INSERT ON stops "
                    f"WHEN NEW.name = '{name}' BEGIN SELECT RAISE(ABORT, 'refused stop'); END"
                )
            )
    try:
        yield
    finally:
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "DROP TRIGGER refuse_stop"
                    + (" ON stops" if conn.dialect.name == "postgresql" else "")
                )
            )
            if conn.dialect.name == "postgresql":
                conn.execute(text("DROP FUNCTION refuse_stop()"))


def test_a_value_the_database_refuses_rejects_that_action_alone(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any], kit: Any
) -> None:
    lib = make_library(items=2, patrons=1)
    device = enroll_device(lib.code)
    refused = f"refused-{uuid.uuid4().hex[:8]}"
    first, last = str(uuid.uuid4()), str(uuid.uuid4())
    with _refusing_stop_name(db, refused):
        batch = [
            device.mutation(StopOpen(stop_id=first, name=refused)),
            device.checkout(lib.patrons[0], lib.items[0]),
            # The last of a chunk is flushed at the end of the chunk, not by a later query.
            device.mutation(StopOpen(stop_id=last, name=refused)),
        ]
        results = device.push_ok(batch)
        assert [r["status"] for r in results] == ["rejected", "applied", "rejected"]
        for result in (results[0], results[2]):
            assert result["detail"]["error"] in ("DATABASE_REFUSED", "CONFLICT")
            assert "not applied" in result["message"]
        assert device.push_ok(batch) == results
    after = device.checkout(lib.patrons[0], lib.items[1])
    assert device.push_ok([after])[0]["status"] == "applied"
    with db.read() as session:
        assert session.get(Stop, first) is None and session.get(Stop, last) is None


def test_signup_personal_data_is_not_kept_in_the_applied_log(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any], kit: Any
) -> None:
    lib = make_library(items=0, patrons=0)
    device = enroll_device(lib.code)
    card = kit.patron_card(900_201)
    personal: dict[str, Any] = {
        "date_of_birth": date(1990, 12, 10),
        "address": "1 Main Street",
        "phone": "555-0100",
        "email": "grace@example.org",
        "guardian_name": "Someone",
        "notes": "prefers large print",
        "language": "en",
    }
    signup = _register(device, card, **personal)
    assert device.push_ok([signup])[0]["status"] == "applied"
    with db.read() as session:
        row = session.get(AppliedMutation, (device.device_id, signup["seq"]))
        assert row is not None
        assert set(personal).isdisjoint(row.payload)
        assert row.payload["patron_card"] == card
        assert row.payload["name"] == "Grace Hopper" and row.payload["category"] == "ADULT"
        assert row.payload["temporary"] is False
        patron = session.scalar(
            select(Patron).where(Patron.library_id == lib.id, Patron.card_number == card)
        )
        assert patron is not None and patron.personal is not None
        assert patron.personal["email"] == "grace@example.org"  # kept where staff need it
    # Exactly once still holds: the resend gets the stored result.
    assert device.push_ok([signup])[0]["status"] == "applied"
