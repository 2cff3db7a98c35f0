"""The laptop/server contract: payloads, entities and envelopes read and written one way."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from popup.domain.payments import PaymentMethod
from popup.domain.protocol import actions, entities, envelopes, wire
from popup.domain.protocol.actions import PAYLOADS, Kind, PayloadError, parse_payload

NOW = datetime(2026, 11, 27, 15, 4, 5, 123000, tzinfo=UTC)
DAY = date(2026, 12, 18)


def _id() -> str:
    return str(uuid.uuid4())


#: One payload of every kind, as the laptop builds them.
EXAMPLES: dict[Kind, actions.Payload] = {
    Kind.CHECKOUT: actions.Checkout(
        loan_id=_id(),
        patron_card="21120000000017",
        item_barcode="31120000000015",
        out_at=NOW,
        due_date=DAY,
        override_reason="Paid the fine today",
        concerns=("FINES_OVER_LIMIT",),
        closed_loan_id=_id(),
    ),
    Kind.CHECKIN: actions.Checkin(item_barcode="31120000000015", returned_at=NOW, loan_id=_id()),
    Kind.RENEW: actions.Renew(
        loan_id=_id(),
        item_barcode="31120000000015",
        patron_card="21120000000017",
        renewed_at=NOW,
        due_date=DAY,
        renewals=1,
        previous_due_date=DAY - timedelta(days=21),
    ),
    Kind.IN_HOUSE_USE: actions.InHouseUse(item_barcode="31120000000015", count=3, used_at=NOW),
    Kind.UNDO: actions.Undo(
        target_mutation_id=_id(), target_kind=Kind.CHECKOUT, target_seq=41, undone_at=NOW
    ),
    Kind.PATRON_REGISTER: actions.PatronRegister(
        patron_card="T3F9A0C12-000417",
        temporary=True,
        name="Zoë Okoye",
        category="CHILD",
        card_expiry=DAY,
        home_library="MAIN",
        signed_up_at=NOW,
        date_of_birth=date(2019, 3, 9),
        email="zoe@example.org",
        guardian_name="Daniel Okoye",
        consent_at=NOW,
    ),
    Kind.STOP_OPEN: actions.StopOpen(stop_id=_id(), name="Market square", starts_at=NOW),
    Kind.EVENT_CREATE: actions.EventCreate(
        event_id=_id(), stop_id=_id(), title="Story time", event_type="storytime", capacity=12
    ),
    Kind.ATTENDANCE_COUNT: actions.AttendanceCount(
        event_id=_id(), band="0-5", delta=-1, counted_at=NOW
    ),
    Kind.ATTENDANCE_SCAN: actions.AttendanceScan(
        event_id=_id(), patron_card="21120000000017", band="6-11", counted_at=NOW
    ),
    Kind.REGISTRATION_ADD: actions.RegistrationAdd(
        registration_id=_id(),
        event_id=_id(),
        name="Ada",
        status=actions.RegistrationStatus.WAITLIST,
        registered_at=NOW,
    ),
    Kind.REGISTRATION_CANCEL: actions.RegistrationCancel(
        registration_id=_id(), event_id=_id(), cancelled_at=NOW, promoted=(_id(),)
    ),
    Kind.EVENT_CAPACITY: actions.EventCapacity(
        event_id=_id(), capacity=None, changed_at=NOW, promoted=()
    ),
    Kind.CARD_REPLACE: actions.CardReplace(
        old_card="21120000000017",
        new_card="21120000000025",
        replaced_at=NOW,
        found_by_lookup=True,
    ),
    Kind.CARD_RENEW: actions.CardRenew(
        patron_card="21120000000017", renewed_at=NOW, new_expiry=DAY, previous_expiry=DAY
    ),
    Kind.PAYMENT: actions.Payment(
        payment_id=_id(),
        patron_card="21120009000007",
        amount_cents=650,
        method=PaymentMethod.CARD,
        note="paid for two overdue DVDs",
        paid_at=NOW,
        balance_before_cents=900,
        balance_after_cents=250,
    ),
}


def test_every_kind_has_one_payload_class() -> None:
    assert set(PAYLOADS) == set(Kind) == set(EXAMPLES)
    assert all(PAYLOADS[kind].KIND is kind for kind in Kind)


@pytest.mark.parametrize("kind", list(Kind))
def test_every_payload_survives_json_both_ways(kind: Kind) -> None:
    payload = EXAMPLES[kind]
    sent = json.loads(json.dumps(payload.to_wire()))  # what the outbox stores and uploads
    assert parse_payload(kind.value, sent) == payload


@pytest.mark.parametrize("kind", list(Kind))
def test_a_missing_required_field_is_named(kind: Kind) -> None:
    sent = EXAMPLES[kind].to_wire()
    required = sorted(wire.required_names(PAYLOADS[kind]))
    for name in required:
        with pytest.raises(PayloadError) as caught:
            parse_payload(kind, {k: v for k, v in sent.items() if k != name})
        assert caught.value.field == name
        assert f"{kind.value} payload field {name!r} is missing" == str(caught.value)


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("loan_id", "not-a-uuid", "is not a UUID"),
        ("patron_card", "", "is empty"),
        ("patron_card", "2112\x00", "NUL"),
        ("patron_card", "\ud800", "lone surrogate"),
        ("patron_card", 21120000000017, "must be text"),
        ("out_at", "2026-11-27 15:04", "lacks a UTC offset"),
        ("out_at", "yesterday", "is not an ISO time"),
        ("out_at", "0001-01-01T00:30:00+01:00", "outside the range of times"),
        ("out_at", "9999-12-31T23:30:00-01:00", "outside the range of times"),
        ("due_date", "18/12/2026", "is not an ISO date"),
        ("concerns", "CARD_EXPIRED", "must be a list"),
        ("concerns", [1], "must be text"),
    ],
)
def test_a_malformed_field_is_named_with_what_is_wrong(
    field: str, value: object, problem: str
) -> None:
    sent = {**EXAMPLES[Kind.CHECKOUT].to_wire(), field: value}
    with pytest.raises(PayloadError) as caught:
        parse_payload(Kind.CHECKOUT, sent)
    assert caught.value.field.split("[")[0] == field
    assert problem in str(caught.value)


@pytest.mark.parametrize(
    ("kind", "field", "value"),
    [
        (Kind.IN_HOUSE_USE, "count", 0),
        (Kind.IN_HOUSE_USE, "count", 1000),
        (Kind.IN_HOUSE_USE, "count", True),
        (Kind.IN_HOUSE_USE, "count", 2**70),
        (Kind.IN_HOUSE_USE, "count", 2.5),
        (Kind.ATTENDANCE_COUNT, "delta", 0),
        (Kind.ATTENDANCE_COUNT, "delta", 2),
        (Kind.REGISTRATION_ADD, "status", "maybe"),
        (Kind.EVENT_CAPACITY, "capacity", 0),
        (Kind.PAYMENT, "amount_cents", 0),
        (Kind.PAYMENT, "amount_cents", -650),
        (Kind.PAYMENT, "method", "cheque"),
        (Kind.PAYMENT, "method", None),
        (Kind.UNDO, "target_kind", "teleport"),
        (Kind.PATRON_REGISTER, "temporary", "yes"),
    ],
)
def test_out_of_range_values_are_refused(kind: Kind, field: str, value: object) -> None:
    with pytest.raises(PayloadError) as caught:
        parse_payload(kind, {**EXAMPLES[kind].to_wire(), field: value})
    assert caught.value.field == field


def test_the_laptop_cannot_build_a_payload_the_server_would_refuse() -> None:
    with pytest.raises(wire.WireError, match="'count' must be between 1 and 999"):
        actions.InHouseUse(item_barcode="31120000000015", count=0, used_at=NOW)
    with pytest.raises(wire.WireError, match="'loan_id' is not a UUID"):
        actions.Checkin(item_barcode="3", returned_at=NOW, loan_id="L1")
    with pytest.raises(wire.WireError, match="'returned_at' lacks a UTC offset"):
        actions.Checkin(item_barcode="3", returned_at=NOW.replace(tzinfo=None))


def test_unknown_kind_names_the_known_ones() -> None:
    with pytest.raises(PayloadError, match="unknown action kind 'teleport'; expected one of: "):
        parse_payload("teleport", {})


def test_fields_a_newer_laptop_adds_are_ignored_and_old_payloads_still_read() -> None:
    sent = EXAMPLES[Kind.CHECKOUT].to_wire()
    assert parse_payload(Kind.CHECKOUT, {**sent, "hologram": True}) == EXAMPLES[Kind.CHECKOUT]
    # An older laptop wrote only the fields the first protocol required.
    old = {k: sent[k] for k in ("loan_id", "patron_card", "item_barcode", "out_at", "due_date")}
    parsed = parse_payload(Kind.CHECKOUT, old)
    assert isinstance(parsed, actions.Checkout)
    assert parsed.concerns == () and parsed.override_reason is None
    assert parsed.found_by_lookup is False  # no lookup before #15: the card was scanned


def test_a_sign_up_loses_its_personal_fields_and_says_so() -> None:
    signup = EXAMPLES[Kind.PATRON_REGISTER]
    assert isinstance(signup, actions.PatronRegister) and signup.has_personal
    kept = signup.without_personal()
    wire_form = kept.to_wire()
    assert not set(wire_form) & set(actions.PatronRegister.PERSONAL_FIELDS)
    assert wire_form["personal_erased"] is True
    assert parse_payload(Kind.PATRON_REGISTER, wire_form) == kept
    assert not kept.has_personal


# -- entities ---------------------------------------------------------------------------------

ENTITY_EXAMPLES: dict[entities.Entity, Any] = {
    entities.Entity.LIBRARY: entities.LibraryData(code="MAIN", name="Riverside"),
    entities.Entity.SETTING: entities.SettingData(key="closed_weekdays", value=[6]),
    entities.Entity.LOAN_RULE: entities.LoanRuleData(
        patron_category="*", item_type="DVD", loan_days=7, max_renewals=1, max_items=5
    ),
    entities.Entity.CLOSED_DAY: entities.ClosedDayData(day=DAY, reason="Holiday"),
    entities.Entity.STOP: entities.StopData(id=_id(), name="Market", starts_at=NOW),
    entities.Entity.EVENT: entities.EventData(
        id=_id(), stop_id=_id(), title="Story time", event_type="storytime"
    ),
    entities.Entity.CARD_RANGE: entities.CardRangeData(id=3, first=1000, last=1199),
    entities.Entity.CARD_REPLACEMENT: entities.CardReplacementData(
        temporary_card="T3F9A0C12-000417", card_number="21120000500001"
    ),
    entities.Entity.EXCEPTION: entities.ExceptionData(
        id=9, code="ROUTE_ITEM", message="Send to EAST", detail={"route_to": "EAST"}
    ),
    entities.Entity.PATRON: entities.PatronData(
        card_number="21120000000017", name="Okoye, Daniel", category="ADULT",
        aliases=("T1", "21120000000025"),
        lost_cards=(entities.LostCardData(card_number="21120000000025", lost_at=NOW),),
    ),
    entities.Entity.ITEM: entities.ItemData(
        barcode="31120000000015", title="Dune", item_type="BOOK", home_library="MAIN"
    ),
    entities.Entity.LOAN: entities.LoanData(
        id=_id(), patron_card="21120000000017", item_barcode="31120000000015", out_at=NOW,
        due_date=DAY,
    ),
    entities.Entity.HOLD: entities.HoldData(
        id="H-1001", patron_card="21120000000017", item_barcode="31120000000015",
        title="Frog and Toad", placed_on=DAY, expires_on=DAY, status="ready", pickup="BM2",
        stop_id=_id(),
    ),
    entities.Entity.STAFF: entities.StaffData(
        id=_id(), login="ana", name="Ana Ruiz", role="volunteer",
        pin_hash="scrypt$16384$8$1$c2FsdA==$aGFzaA==", badge="S-0042",
    ),
}  # fmt: skip


@pytest.mark.parametrize("entity", list(entities.Entity))
def test_every_entity_survives_json_both_ways(entity: entities.Entity) -> None:
    data = ENTITY_EXAMPLES[entity]
    sent = json.loads(json.dumps(wire.encode(data)))
    assert entities.parse_data(entity, sent) == data
    assert tuple(sent) == entities.columns(entity)


def test_an_unknown_entity_is_none_not_an_error() -> None:
    assert entities.parse_entity("waitlist") is None
    assert entities.parse_entity("item") is entities.Entity.ITEM


def test_entity_order_puts_referenced_rows_first() -> None:
    order = list(entities.Entity)
    assert order.index(entities.Entity.PATRON) < order.index(entities.Entity.LOAN)
    assert order.index(entities.Entity.ITEM) < order.index(entities.Entity.LOAN)
    assert order.index(entities.Entity.STOP) < order.index(entities.Entity.EVENT)
    assert order.index(entities.Entity.CARD_REPLACEMENT) < order.index(entities.Entity.PATRON)
    assert order[:2] == [entities.Entity.LIBRARY, entities.Entity.SETTING]


# -- envelopes --------------------------------------------------------------------------------


def _mutation(seq: int) -> envelopes.Mutation:
    payload = EXAMPLES[Kind.CHECKIN]
    return envelopes.Mutation(
        seq=seq,
        mutation_id=_id(),
        client_time=NOW,
        kind=payload.KIND.value,
        payload=payload.to_wire(),
    )


def test_push_request_round_trip_and_limits() -> None:
    request = envelopes.PushRequest(device_id=_id(), mutations=(_mutation(1), _mutation(2)))
    sent = json.loads(json.dumps(wire.encode(request)))
    assert wire.decode(envelopes.PushRequest, sent) == request
    with pytest.raises(wire.WireError, match="'mutations' holds 501 entries; at most 500"):
        envelopes.PushRequest(device_id=_id(), mutations=tuple(_mutation(1) for _ in range(501)))
    with pytest.raises(wire.WireError) as caught:
        wire.decode(
            envelopes.PushRequest, {**sent, "mutations": [{**sent["mutations"][0], "seq": 0}]}
        )
    assert caught.value.field == "mutations[0].seq"


def test_push_and_pull_answers_read_into_their_classes() -> None:
    result = {
        "seq": 1,
        "mutation_id": _id(),
        "status": "applied_with_exception",
        "codes": ["OPEN_CIRCULATION_EXISTS", "A_CODE_FROM_A_NEWER_SERVER"],
        "message": "Closed the other loan.",
        "detail": {"closed_loan_id": _id()},
    }
    answer = wire.decode(
        envelopes.PushResponse,
        {"results": [result], "last_applied": 1, "server_time": NOW.isoformat()},
    )
    assert answer.results[0].status is envelopes.Status.APPLIED_WITH_EXCEPTION
    assert wire.encode(answer.results[0]) == result
    page = wire.decode(
        envelopes.PullPage,
        {
            "changes": [
                {"entity": "item", "op": "upsert", "key": "3", "data": {"barcode": "3"}},
                {"entity": "hologram", "op": "delete", "key": "x", "data": None},
            ],
            "cursor": "L.0.5",
            "has_more": False,
            "reset": False,
            "server_time": NOW.isoformat(),
        },
    )
    assert [c.op for c in page.changes] == [entities.Op.UPSERT, entities.Op.DELETE]
    with pytest.raises(wire.WireError) as caught:
        wire.decode(
            envelopes.PullPage, {"changes": [{"entity": "item", "op": "merge", "key": "3"}]}
        )
    assert caught.value.field == "changes[0].op"


def test_the_compiled_reader_refuses_what_the_quick_path_lets_through_to_the_decoders() -> None:
    item = ENTITY_EXAMPLES[entities.Entity.ITEM]
    sent = wire.encode(item)
    # Non-ASCII text takes the decoder's path and is accepted; a lone surrogate is not.
    accented = {**sent, "title": "Cien años de soledad"}
    assert entities.parse_data(entities.Entity.ITEM, accented).title == "Cien años de soledad"
    for field, value, problem in [
        ("title", "Dune\ud800", "lone surrogate"),
        ("title", "Du\x00ne", "NUL"),
        ("title", None, "must be text"),
        ("on_hold", 1, "true or false"),
        ("barcode", 31120000000015, "must be text"),
    ]:
        with pytest.raises(wire.WireError, match=problem) as caught:
            entities.parse_data(entities.Entity.ITEM, {**sent, field: value})
        assert caught.value.field == field
    loan = wire.encode(ENTITY_EXAMPLES[entities.Entity.LOAN])
    with pytest.raises(wire.WireError, match="'renewals' is out of range"):
        entities.parse_data(entities.Entity.LOAN, {**loan, "renewals": 2**64})
    assert entities.parse_data(entities.Entity.LOAN, {**loan, "returned_at": None}) is not None


@pytest.mark.parametrize("entity", list(entities.Entity))
def test_the_values_reader_reads_what_decode_reads(entity: entities.Entity) -> None:
    cls = entities.DATA[entity]
    data = ENTITY_EXAMPLES[entity]
    sent = json.loads(json.dumps(wire.encode(data)))
    names = entities.columns(entity)
    assert wire.values_reader(cls)(sent) == tuple(getattr(data, n) for n in names)
    # Left out: the class's defaults, as decode fills them in.
    required = wire.required_names(cls)
    least = {k: v for k, v in sent.items() if k in required}
    decoded = wire.decode(cls, least)
    assert wire.values_reader(cls)(least) == tuple(getattr(decoded, n) for n in names)


def test_the_values_reader_refuses_what_decode_refuses_and_names_the_same_field() -> None:
    read = wire.values_reader(entities.ItemData)
    sent = wire.encode(ENTITY_EXAMPLES[entities.Entity.ITEM])
    assert read({**sent, "title": "Cien años de soledad"})[1] == "Cien años de soledad"
    for bad in [
        {**sent, "title": "Dune\ud800"},
        {**sent, "title": "Du\x00ne"},
        {**sent, "title": None},
        {**sent, "on_hold": 1},
        {**sent, "hold_pickup": 3},
        {**sent, "barcode": 31120000000015},
        {k: v for k, v in sent.items() if k != "item_type"},
        ["not", "an", "object"],
    ]:
        with pytest.raises(wire.WireError) as expected:
            wire.decode(entities.ItemData, bad)
        with pytest.raises(wire.WireError) as caught:
            read(bad)
        assert (caught.value.field, str(caught.value)) == (
            expected.value.field,
            str(expected.value),
        )


# -- #14: what the server reads before it trusts a payload --------------------------------------


def test_parse_json_replaces_nesting_past_the_parser_and_keeps_brackets_inside_text() -> None:
    deep = "[" * 5000 + "]" * 5000
    body = wire.parse_json('{"a": "x]\\"[{", "b": ' + deep + ', "c": [1]}')
    assert body["a"] == 'x]"[{' and body["c"] == [1]
    inner = body["b"]
    for _ in range(62):  # the body is level 1, "b" level 2: the 65th level is replaced
        inner = inner[0]
    assert inner == [wire.TOO_DEEP]
    for broken in ("[" * 5000, '{"a": NaN', "\udcff"):
        try:
            result = wire.parse_json(broken)
        except ValueError:
            continue
        raise AssertionError(f"{broken[:10]!r} parsed as {result!r:.40}")


def test_storable_names_the_first_value_a_json_column_cannot_take() -> None:
    wire.storable({"a": [1, 2.5, "text", None, True, {"b": -(2**63)}]})
    for value, where, problem in [
        ({"a": [1, float("nan")]}, "a[1]", "finite"),
        ({"a": {"b": "x\x00"}}, "a.b", "NUL"),
        ({"a": "\ud800"}, "a", "surrogate"),
        ({"\ud800": 1}, "<key>", "surrogate"),
        ({"a": 2**63}, "a", "out of range"),
        ({"a": wire.TOO_DEEP}, "a", "nests deeper"),
        ({"a": [[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]}, "a" + "[0]" * 15, "nests deeper"),
        ({"a": object()}, "a", "not a JSON value"),
    ]:
        try:
            wire.storable(value)
        except wire.WireError as exc:
            assert (exc.field, problem in exc.problem) == (where, True), exc
        else:
            raise AssertionError(f"{value!r:.40} was taken")


def test_a_hold_id_rides_on_checkout_and_checkin_and_is_left_out_when_none() -> None:
    """Holds (#15) add an optional ``hold_id`` to both: an older server ignores it, an older
    laptop's payload (without it) still parses."""
    fill = actions.Checkout(
        loan_id=_id(),
        patron_card="21120000000017",
        item_barcode="31120000000015",
        out_at=NOW,
        due_date=DAY,
        hold_id="H-1001",
    )
    trap = actions.Checkin(item_barcode="31120000000015", returned_at=NOW, hold_id="H-1002")
    for payload in (fill, trap):
        sent = json.loads(json.dumps(payload.to_wire()))
        assert sent["hold_id"] == payload.hold_id
        assert actions.parse_payload(payload.KIND.value, sent) == payload
    plain = actions.Checkin(item_barcode="31120000000015", returned_at=NOW).to_wire()
    assert "hold_id" not in plain
    assert actions.parse_payload("checkin", plain) == actions.Checkin(
        item_barcode="31120000000015", returned_at=NOW
    )
