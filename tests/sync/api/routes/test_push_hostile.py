"""Push under hostile input (#14 server 1): no input answers 5xx or stalls a device's queue.

Every mutation that cannot be applied gets its own ``rejected`` result naming the field, its
seq is recorded, and the device's next valid mutation applies. Bodies are sent as raw JSON
text, so what no JSON library of ours would write (``NaN``, lone surrogate escapes, nesting a
thousand deep) reaches the real server on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from popup.domain.protocol.actions import PAYLOADS, Kind
from popup.domain.protocol.wire import field_names
from popup_sync.core.db import Database
from popup_sync.models import AppliedMutation
from popup_sync.models import Device as DeviceRow
from tests.helpers import mutations

ENVELOPE_FIELDS = ("mutation_id", "client_time", "kind", "payload")


@dataclass
class Raw:
    """JSON text put in place of a value as it is (``NaN``, ``[[[...]]]``)."""

    text: str


@dataclass
class Sender:
    """One device sending raw JSON text; keeps its seq and counts what it sent."""

    device: Any
    sent: int = 0
    statuses: list[int] = field(default_factory=list)

    def post(self, mutation_list: list[dict[str, Any]]) -> requests.Response:
        raws: dict[str, str] = {}

        def swap(value: Any) -> Any:
            if isinstance(value, Raw):
                token = f"@@raw{len(raws)}@@"
                raws[f'"{token}"'] = value.text
                return token
            if isinstance(value, dict):
                return {k: swap(v) for k, v in value.items()}
            if isinstance(value, list):
                return [swap(v) for v in value]
            return value

        body = swap({"device_id": self.device.device_id, "mutations": mutation_list})
        text = json.dumps(body)  # ensure_ascii: a lone surrogate goes out as "\ud800"
        for token, raw in raws.items():
            text = text.replace(token, raw)
        response: requests.Response = self.device.http.post(
            f"{self.device.base}/v1/push",
            data=text.encode("ascii"),
            headers={**self.device.headers, "Content-Type": "application/json"},
            timeout=60,
        )
        self.sent += 1
        self.statuses.append(response.status_code)
        return response

    def next(self, kind: Kind, payload: dict[str, Any]) -> dict[str, Any]:
        self.device.seq += 1
        return {
            "seq": self.device.seq,
            "mutation_id": str(uuid.uuid4()),
            "client_time": mutations.now().isoformat(),
            "kind": kind.value,
            "payload": payload,
        }


def _setup(sender: Sender, lib: Any) -> tuple[str, str]:
    """A stop and an event of the device's library, so payloads can name real ones."""
    stop_id, event_id = str(uuid.uuid4()), str(uuid.uuid4())
    batch = [
        sender.next(Kind.STOP_OPEN, {"stop_id": stop_id, "name": "Park"}),
        sender.next(
            Kind.EVENT_CREATE,
            {"event_id": event_id, "stop_id": stop_id, "title": "Tales", "event_type": "story"},
        ),
    ]
    response = sender.post(batch)
    assert response.status_code == 200, response.text
    assert [r["status"] for r in response.json()["results"]] == ["applied", "applied"]
    return stop_id, event_id


def _base(kind: Kind, lib: Any, stop_id: str, event_id: str, n: int) -> dict[str, Any]:
    """A payload of ``kind`` that parses (its values may still be refused by the rules)."""
    now = mutations.now().isoformat()
    due = (date.today() + timedelta(days=21)).isoformat()
    item = lib.items[n % len(lib.items)]
    card = lib.patrons[0]
    new = str(uuid.uuid4())
    return {
        Kind.CHECKOUT: {
            "loan_id": new,
            "patron_card": card,
            "item_barcode": item,
            "out_at": now,
            "due_date": due,
        },
        Kind.CHECKIN: {"item_barcode": item, "returned_at": now},
        Kind.RENEW: {
            "loan_id": new,
            "item_barcode": item,
            "patron_card": card,
            "renewed_at": now,
            "due_date": due,
            "renewals": 1,
        },
        Kind.IN_HOUSE_USE: {"item_barcode": item, "count": 1, "used_at": now},
        Kind.UNDO: {"target_mutation_id": new, "target_kind": "checkout", "target_seq": 1},
        Kind.PATRON_REGISTER: {
            "patron_card": f"T{n:07d}",
            "temporary": True,
            "name": "Ada Lovelace",
            "category": "ADULT",
        },
        Kind.STOP_OPEN: {"stop_id": new, "name": "Square"},
        Kind.EVENT_CREATE: {
            "event_id": new,
            "stop_id": stop_id,
            "title": "Crafts",
            "event_type": "craft",
        },
        Kind.ATTENDANCE_COUNT: {
            "event_id": event_id,
            "band": "adult",
            "delta": 1,
            "counted_at": now,
        },
        Kind.ATTENDANCE_SCAN: {
            "event_id": event_id,
            "patron_card": card,
            "band": "adult",
            "counted_at": now,
        },
        Kind.REGISTRATION_ADD: {
            "registration_id": new,
            "event_id": event_id,
            "name": "Ada",
            "status": "registered",
            "registered_at": now,
        },
        Kind.REGISTRATION_CANCEL: {
            "registration_id": new,
            "event_id": event_id,
            "cancelled_at": now,
            "promoted": [],
        },
        Kind.EVENT_CAPACITY: {
            "event_id": event_id,
            "capacity": 5,
            "changed_at": now,
            "promoted": [],
        },
        # The last patron's card: a replacement that applies leaves the others' cards alone.
        Kind.CARD_REPLACE: {
            "old_card": lib.patrons[-1],
            "new_card": f"TABCDEF01-{n:06d}",
            "temporary": True,
            "replaced_at": now,
        },
        Kind.CARD_RENEW: {"patron_card": card, "renewed_at": now, "new_expiry": due},
        Kind.PAYMENT: {
            "payment_id": new,
            "patron_card": card,
            "amount_cents": 250,
            "method": "cash",
            "paid_at": now,
            "balance_before_cents": 500,
            "balance_after_cents": 250,
        },
    }[kind]


def _deep(depth: int) -> Raw:
    return Raw("[" * depth + "]" * depth)


def _zoned(moment: Any, minutes: int) -> str:
    sign = "+" if minutes >= 0 else "-"
    return f"{moment.isoformat()}{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


MISSING = object()

hostile_values = st.one_of(
    st.sampled_from(
        [
            "0001-01-01T00:30:00+01:00",
            "9999-12-31T23:30:00-01:00",
            "0001-01-01T00:00:00+23:59",
            "9999-12-31T23:59:59.999999-23:59",
            "2026-02-30T10:00:00+00:00",
            "2026-06-01T10:00:00",
            "\ud800",
            "a\udfffb",
            "a\x00b",
            "",
            " ",
            "x" * 20_000,
            "not-a-uuid",
            2**63,
            -(2**63) - 1,
            10**30,
            -1,
            0,
            1.5,
            True,
            None,
            [],
            {},
            {"a": {"b": "\x00"}},
            ["\ud800"],
            Raw("NaN"),
            Raw("Infinity"),
            Raw("-Infinity"),
            Raw("1e999"),
            Raw("[NaN]"),
            _deep(254),
            _deep(600),
            _deep(990),
            MISSING,
        ]
    ),
    st.builds(
        _zoned,
        st.datetimes(),
        st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1),
    ),
    st.text(max_size=40),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
)


def _hostile_case(data: st.DataObject) -> tuple[Kind, str, Any]:
    kind = data.draw(st.sampled_from(list(Kind)), label="kind")
    names = (*ENVELOPE_FIELDS, *field_names(PAYLOADS[kind]), "zz_unknown_field")
    name = data.draw(st.sampled_from(names), label="field")
    value = data.draw(hostile_values, label="value")
    return kind, name, value


def test_no_hostile_mutation_answers_5xx_or_stalls_the_queue(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=6, patrons=2)
    sender = Sender(enroll_device(lib.code))
    stop_id, event_id = _setup(sender, lib)
    kinds: set[Kind] = set()
    fields: set[tuple[Kind, str]] = set()
    failures: list[str] = []
    errors: dict[str, int] = {}

    @settings(
        max_examples=150,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def probe(data: st.DataObject) -> None:
        kind, name, value = _hostile_case(data)
        kinds.add(kind)
        fields.add((kind, name))
        n = sender.device.seq
        hostile = sender.next(kind, _base(kind, lib, stop_id, event_id, n))
        where = hostile if name in ENVELOPE_FIELDS else hostile["payload"]
        if value is MISSING:
            where.pop(name, None)
        else:
            where[name] = value
        valid = sender.next(Kind.IN_HOUSE_USE, _base(Kind.IN_HOUSE_USE, lib, "", "", n))
        response = sender.post([hostile, valid])
        if response.status_code >= 500 or response.status_code != 200:
            failures.append(f"{kind} {name} {value!r:.60}: {response.status_code}")
            sender.device.seq = n  # the server did not take them; resend from there
            return
        body = response.json()
        first, second = body["results"]
        assert first["seq"] == hostile["seq"] and second["seq"] == valid["seq"], body
        assert first["status"] in ("applied", "applied_with_exception", "rejected"), first
        if first["status"] == "rejected":
            assert first["message"], first
            error = first["detail"].get("error", first["codes"][0] if first["codes"] else "-")
            errors[error] = errors.get(error, 0) + 1
        assert second["status"] != "rejected", (kind, name, value, body)
        assert body["last_applied"] == valid["seq"]

    probe()
    assert failures == [], failures
    assert kinds == set(Kind)
    assert sender.sent >= 150
    assert all(status < 500 for status in sender.statuses)
    # The exactly-once record holds every seq, the hostile ones too.
    with db.read() as session:
        seqs = session.scalars(
            select(AppliedMutation.seq).where(AppliedMutation.device_id == sender.device.device_id)
        ).all()
        row = session.get(DeviceRow, sender.device.device_id)
        assert row is not None and row.last_applied == sender.device.seq
    assert sorted(seqs) == list(range(1, sender.device.seq + 1))
    print(  # the report's counts (pytest -s)
        f"hostile push: {sender.sent} requests, {len(kinds)} kinds, {len(fields)} fields,"
        f" 5xx: {sum(s >= 500 for s in sender.statuses)}, rejections: {errors}"
    )


# -- the triggers #14 found, one by one ------------------------------------------------------


def _one(make_library: Callable[..., Any], enroll_device: Callable[..., Any]) -> tuple[Any, Sender]:
    lib = make_library(items=3, patrons=1)
    return lib, Sender(enroll_device(lib.code))


def _rejected_then_next_applies(
    sender: Sender, lib: Any, hostile: dict[str, Any], name: str
) -> dict[str, Any]:
    valid = sender.next(Kind.IN_HOUSE_USE, _base(Kind.IN_HOUSE_USE, lib, "", "", 0))
    response = sender.post([hostile, valid])
    assert response.status_code == 200, response.text
    first, second = response.json()["results"]
    assert first["status"] == "rejected", first
    assert first["detail"]["error"] == "INVALID_FIELD", first
    assert first["detail"]["field"] == name, first
    assert second["status"] == "applied", second
    # A resend gets the same stored result: the hostile action is recorded, not retried.
    again = sender.post([hostile, valid])
    assert again.status_code == 200, again.text
    assert again.json()["results"][0] == first
    return dict(first)


def test_times_outside_the_utc_range_reject_the_action_naming_the_field(
    make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib, sender = _one(make_library, enroll_device)
    stop_id, event_id = _setup(sender, lib)
    for moment in ("0001-01-01T00:30:00+01:00", "9999-12-31T23:30:00-01:00"):
        for kind, name in [
            (Kind.CHECKOUT, "out_at"),
            (Kind.CHECKIN, "returned_at"),
            (Kind.REGISTRATION_ADD, "registered_at"),
        ]:
            hostile = sender.next(kind, _base(kind, lib, stop_id, event_id, 0))
            hostile["payload"][name] = moment
            result = _rejected_then_next_applies(sender, lib, hostile, name)
            assert "outside the range of times" in result["message"]
        hostile = sender.next(Kind.CHECKOUT, _base(Kind.CHECKOUT, lib, stop_id, event_id, 1))
        hostile["client_time"] = moment
        _rejected_then_next_applies(sender, lib, hostile, "client_time")


def test_lone_surrogates_and_nul_characters_reject_the_action_naming_the_field(
    make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib, sender = _one(make_library, enroll_device)
    for bad in ("\ud800", "A\x00B"):
        for name in ("item_barcode", "patron_card", "loan_id"):
            hostile = sender.next(Kind.CHECKOUT, _base(Kind.CHECKOUT, lib, "", "", 0))
            hostile["payload"][name] = bad
            _rejected_then_next_applies(sender, lib, hostile, name)
        # Inside a value no payload class reads (an unknown field): still not storable.
        hostile = sender.next(Kind.CHECKOUT, _base(Kind.CHECKOUT, lib, "", "", 0))
        hostile["payload"]["extra"] = {"deeper": [bad]}
        _rejected_then_next_applies(sender, lib, hostile, "extra.deeper[0]")
        hostile = sender.next(Kind.CHECKOUT, _base(Kind.CHECKOUT, lib, "", "", 0))
        hostile["mutation_id"] = bad
        _rejected_then_next_applies(sender, lib, hostile, "mutation_id")
        hostile = sender.next(Kind.CHECKOUT, _base(Kind.CHECKOUT, lib, "", "", 0))
        hostile["kind"] = bad
        _rejected_then_next_applies(sender, lib, hostile, "kind")


def test_nan_infinity_and_deep_nesting_reject_the_action(
    make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib, sender = _one(make_library, enroll_device)
    for raw, problem in [
        (Raw("NaN"), "finite"),
        (Raw("-Infinity"), "finite"),
        (Raw("[1, Infinity]"), "finite"),
        (_deep(254), "nests deeper"),
        (_deep(999), "nests deeper"),
    ]:
        hostile = sender.next(Kind.CHECKOUT, _base(Kind.CHECKOUT, lib, "", "", 0))
        hostile["payload"]["extra"] = raw
        result = _rejected_then_next_applies(sender, lib, hostile, result_field(raw))
        assert problem in result["message"], result


def result_field(raw: Raw) -> str:
    """Where the walk names the first bad value of ``raw`` put in the payload's ``extra``."""
    if raw.text.startswith("[["):
        return "extra" + "[0]" * 15
    if raw.text.startswith("["):
        return "extra[1]"
    return "extra"


def test_nesting_past_the_parser_rejects_the_action_and_a_body_not_json_is_400(
    make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib, sender = _one(make_library, enroll_device)
    hostile = sender.next(Kind.CHECKOUT, _base(Kind.CHECKOUT, lib, "", "", 0))
    hostile["payload"]["extra"] = _deep(100_000)
    result = _rejected_then_next_applies(sender, lib, hostile, result_field(_deep(2)))
    assert "nests deeper" in result["message"]
    for garbage in (b"{\xff", b"[" * 100_000, b'{"device_id": NaN'):
        response = sender.device.http.post(
            f"{sender.device.base}/v1/push",
            data=garbage,
            headers={**sender.device.headers, "Content-Type": "application/json"},
            timeout=30,
        )
        assert response.status_code == 400, response.text
        assert response.json()["message"] == "the request body is not valid JSON"


# -- #14 server 2: the same seq carrying another action ---------------------------------------


def test_a_seq_resent_with_another_action_is_409_seq_conflict_naming_the_stored_one(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib = make_library(items=2, patrons=1)
    device = enroll_device(lib.code)
    first = device.checkout(lib.patrons[0], lib.items[0])
    assert device.push_ok([first])[0]["status"] == "applied"
    # Same seq, same mutation_id: the silent duplicate, answered with the stored result.
    assert device.push_ok([first])[0]["mutation_id"] == first["mutation_id"]
    device.seq = 0  # a store restored from an older copy counts from 1 again
    other = device.checkout(lib.patrons[0], lib.items[1])
    assert other["seq"] == first["seq"]
    response = device.push([other])
    assert response.status_code == 409, response.text
    body = response.json()
    assert body["error"] == "SEQ_CONFLICT"
    assert body["seq"] == 1
    assert body["mutation_id"] == first["mutation_id"]
    assert body["kind"] == "checkout"
    assert first["mutation_id"] in body["message"]
    assert lib.patrons[0] not in response.text and lib.items[0] not in response.text
    with db.read() as session:
        stored = session.get(AppliedMutation, (device.device_id, 1))
        assert stored is not None and stored.mutation_id == first["mutation_id"]


# -- the last resort: the database refuses what no rule foresaw --------------------------------


@contextmanager
def _refusing(
    db: Database, name: str, table: str, when_sqlite: str, when_pg: str
) -> Iterator[None]:
    """A real trigger that makes the database refuse some inserts into ``table`` (a fault no
    rule foresees: the server must reject one action for it, never answer 500)."""

    def create(session: Any) -> None:
        if session.bind.dialect.name == "sqlite":
            session.execute(
                text(
                    f"CREATE TRIGGER {name} BEFORE INSERT ON {table} WHEN {when_sqlite}"
                    " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
                )
            )
        else:
            session.execute(
                text(
                    f"CREATE FUNCTION {name}() RETURNS trigger AS $$ BEGIN"
                    " RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql"
                )
            )
            session.execute(
                text(
                    f"CREATE TRIGGER {name} BEFORE INSERT ON {table} FOR EACH ROW"
                    f" WHEN ({when_pg}) EXECUTE FUNCTION {name}()"
                )
            )

    def drop(session: Any) -> None:
        if session.bind.dialect.name == "sqlite":
            session.execute(text(f"DROP TRIGGER {name}"))
        else:
            session.execute(text(f"DROP TRIGGER {name} ON {table}"))
            session.execute(text(f"DROP FUNCTION {name}()"))

    db.run_write(create)
    try:
        yield
    finally:
        db.run_write(drop)


def test_a_failure_outside_the_handler_rejects_that_action_as_unapplicable(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    # Writing the staff exception of a rejected action happens outside the action's savepoint;
    # when the database refuses it, every step down (savepoints, one action per transaction)
    # fails too, and the action is rejected unapplied. Before #14 this was a 500 on every resend.
    lib, sender = _one(make_library, enroll_device)
    trigger = f"refuse_exc_{lib.id}"
    condition = f"NEW.library_id = {lib.id}"
    with _refusing(db, trigger, "sync_exceptions", condition, condition):
        unknown = sender.next(Kind.CHECKOUT, _base(Kind.CHECKOUT, lib, "", "", 0))
        unknown["payload"]["item_barcode"] = "NO-SUCH-ITEM"  # ITEM_NOT_FOUND opens an exception
        valid = sender.next(Kind.IN_HOUSE_USE, _base(Kind.IN_HOUSE_USE, lib, "", "", 0))
        response = sender.post([unknown, valid])
        assert response.status_code == 200, response.text
        first, second = response.json()["results"]
    assert first["status"] == "rejected", first
    assert first["detail"]["error"] == "UNAPPLICABLE", first
    assert "could not apply it" in first["message"]
    assert second["status"] == "applied", second
    with db.read() as session:
        row = session.get(AppliedMutation, (sender.device.device_id, unknown["seq"]))
        assert row is not None and row.status == "rejected"


def test_a_record_the_database_refuses_is_stored_as_a_stand_in_and_the_seq_advances(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    lib, sender = _one(make_library, enroll_device)
    trigger = f"refuse_poison_{lib.id}"
    with _refusing(
        db,
        trigger,
        "applied_mutations",
        "json_extract(NEW.payload, '$.poison') IS NOT NULL",
        "NEW.payload::jsonb ? 'poison'",
    ):
        poisoned = sender.next(Kind.IN_HOUSE_USE, _base(Kind.IN_HOUSE_USE, lib, "", "", 0))
        poisoned["payload"]["poison"] = 1  # an unknown field: the action itself is fine
        valid = sender.next(Kind.IN_HOUSE_USE, _base(Kind.IN_HOUSE_USE, lib, "", "", 1))
        response = sender.post([poisoned, valid])
        assert response.status_code == 200, response.text
        first, second = response.json()["results"]
        assert first["status"] == "applied" and second["status"] == "applied"
        assert sender.post([poisoned]).json()["results"] == [first]  # stored: not applied twice
    with db.read() as session:
        row = session.get(AppliedMutation, (sender.device.device_id, poisoned["seq"]))
        assert row is not None and row.payload == {} and row.result == first


@contextmanager
def _conflicting_once(db: Database, name: str) -> Iterator[None]:
    """A PostgreSQL trigger that answers the first UNAPPLICABLE record with a serialization
    failure (SQLSTATE 40001: retried by the server); a sequence counts, since it is not rolled
    back with the failed transaction."""

    def create(session: Any) -> None:
        session.execute(text(f"CREATE SEQUENCE {name}_n"))
        session.execute(
            text(
                f"CREATE FUNCTION {name}() RETURNS trigger AS $$ BEGIN"
                f" IF nextval('{name}_n') = 1 THEN"
                " RAISE EXCEPTION 'conflict made by the test' USING ERRCODE = '40001';"
                " END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
            )
        )
        session.execute(
            text(
                f"CREATE TRIGGER {name} BEFORE INSERT ON applied_mutations FOR EACH ROW"
                f" WHEN ((NEW.result::jsonb -> 'detail' ->> 'error') = 'UNAPPLICABLE')"
                f" EXECUTE FUNCTION {name}()"
            )
        )

    def drop(session: Any) -> None:
        session.execute(text(f"DROP TRIGGER {name} ON applied_mutations"))
        session.execute(text(f"DROP FUNCTION {name}()"))
        session.execute(text(f"DROP SEQUENCE {name}_n"))

    db.run_write(create)
    try:
        yield
    finally:
        db.run_write(drop)


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_a_conflict_while_rejecting_one_action_leaves_the_actions_after_it_alone(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    # The last step down (one action, rejected unapplied) meets a transient conflict and is run
    # again: again for that one action only. Before the fix the retry took a half-size chunk
    # still marked "unapplicable", and the good actions after it were rejected untried.
    lib, sender = _one(make_library, enroll_device)
    condition = f"NEW.library_id = {lib.id}"
    with (
        _refusing(db, f"refuse_exc2_{lib.id}", "sync_exceptions", condition, condition),
        _conflicting_once(db, f"conflict_{lib.id}"),
    ):
        unknown = sender.next(Kind.CHECKOUT, _base(Kind.CHECKOUT, lib, "", "", 0))
        unknown["payload"]["item_barcode"] = "NO-SUCH-ITEM"  # ITEM_NOT_FOUND opens an exception
        good = [
            sender.next(Kind.IN_HOUSE_USE, _base(Kind.IN_HOUSE_USE, lib, "", "", n))
            for n in range(3)
        ]
        response = sender.post([unknown, *good])
        assert response.status_code == 200, response.text
        first, *rest = response.json()["results"]
    assert first["status"] == "rejected" and first["detail"]["error"] == "UNAPPLICABLE", first
    assert [r["status"] for r in rest] == ["applied"] * 3, rest


def test_an_unknown_field_named_with_a_lone_surrogate_is_named_in_a_400(
    db: Database, make_library: Callable[..., Any], enroll_device: Callable[..., Any]
) -> None:
    # The refusal quotes the field's name; UTF-8 cannot encode a lone surrogate, so the answer
    # escapes it (before, writing the answer failed: 500).
    lib, sender = _one(make_library, enroll_device)
    record = sender.next(Kind.IN_HOUSE_USE, _base(Kind.IN_HOUSE_USE, lib, "", "", 0))
    response = sender.post([{**record, "\ud800": 1}])
    assert response.status_code == 400, response.text
    assert response.json()["field"] == "mutations.0.\ud800"
    envelope = json.dumps({"device_id": sender.device.device_id, "mutations": [], "\udfff": 1})
    response = sender.device.http.post(
        f"{sender.device.base}/v1/push",
        data=envelope.encode("ascii"),
        headers={**sender.device.headers, "Content-Type": "application/json"},
        timeout=60,
    )
    assert response.status_code == 400, response.text
    assert response.json()["field"] == "\udfff"
    assert sender.post([record]).json()["results"][0]["status"] == "applied"
