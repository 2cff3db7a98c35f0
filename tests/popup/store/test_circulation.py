"""The Desk API over a real store file: one transaction per action, nothing written on refusal."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from popup.domain.cards import NumberProblem
from popup.domain.concerns import Code
from popup.domain.protocol import Kind, parse_payload
from popup.store import demo
from popup.store.circulation import (
    CannotUndo,
    Desk,
    DeskError,
    ItemNotFound,
    NeedsOverride,
    NotDueToMove,
    OnLoanToSomeone,
    PatronNotFound,
    Problem,
    WrongKindScanned,
)
from popup.store.db import Store
from popup.store.models import Item, Loan, OutboxEntry, Patron, PatronAlias


def _outbox(store: Store) -> list[tuple[int, str, dict[str, object]]]:
    with store.read() as s:
        return [
            (e.seq, e.kind, json.loads(e.payload))
            for e in s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))
        ]


def _books(store: Store, n: int) -> list[str]:
    with store.read() as s:
        return list(
            s.scalars(
                select(Item.barcode)
                .where(
                    Item.item_type == "BOOK", Item.on_hold.is_(False), Item.home_library == "MAIN"
                )
                .limit(n)
            )
        )


def _counts(store: Store) -> tuple[int, int]:
    with store.read() as s:
        return (
            int(s.scalar(select(func.count(Loan.id))) or 0),
            int(s.scalar(select(func.count(OutboxEntry.seq))) or 0),
        )


def test_checkout_writes_loan_and_outbox_together(desk: Desk, demo_store: Store) -> None:
    card = demo.demo_patron(demo_store)
    barcode = _books(demo_store, 1)[0]
    moment = datetime(2026, 12, 7, 16, 0, 5, 123456, tzinfo=UTC)
    desk.clock = lambda: moment
    result = desk.checkout(card, barcode)
    assert result.seq == 1 and result.concerns == []
    [(seq, kind, payload)] = _outbox(demo_store)
    assert (seq, kind) == (1, "checkout")
    parse_payload(Kind.CHECKOUT, payload)
    assert payload["loan_id"] == result.loan_id
    assert payload["due_date"] == result.due.isoformat()
    with demo_store.read() as s:
        loan = s.get(Loan, result.loan_id)
        assert loan is not None and loan.returned_at is None and not loan.synced
        # The hot path writes plain SQL: the ORM must read back exactly what it would have stored.
        assert (loan.out_at, loan.due_date, loan.renewals) == (moment, result.due, 0)
        assert loan.patron.card_number == card and loan.item.barcode == barcode
        entry = s.get(OutboxEntry, 1)
        assert entry is not None and (entry.client_time, entry.state) == (moment, "pending")
        assert s.scalar(select(Item.status).where(Item.barcode == barcode)) == "on_loan"
    desk.clock = lambda: moment + timedelta(minutes=3)
    desk.checkin(barcode)
    with demo_store.read() as s:
        loan = s.get(Loan, result.loan_id)
        assert loan is not None and loan.returned_at == moment + timedelta(minutes=3)
        assert loan.closed_reason == "returned" and not loan.synced


def test_due_date_follows_the_rule_and_closed_days(desk: Desk, demo_store: Store) -> None:
    card = demo.demo_patron(demo_store)
    monday = datetime(2026, 12, 7, 16, 0, tzinfo=UTC)
    desk.clock = lambda: monday
    desk.reload_config()
    # Demo rule: adults borrow books for 21 days -> Monday 28 Dec; 26 Dec closed is irrelevant.
    assert desk.checkout(card, _books(demo_store, 1)[0]).due == date(2026, 12, 28)
    # 19 days later is Saturday 26 Dec (closed: staff training), then Sunday: due Monday 28th.
    desk.clock = lambda: datetime(2026, 12, 5, 16, 0, tzinfo=UTC)  # Saturday + 21 = Sat 26
    assert desk.checkout(card, _books(demo_store, 2)[1]).due == date(2026, 12, 28)


def test_blocked_patron_needs_override_and_reason_is_recorded(
    desk: Desk, demo_store: Store
) -> None:
    blocked = demo.demo_patron(demo_store, blocked=True)
    barcode = _books(demo_store, 1)[0]
    with pytest.raises(NeedsOverride) as refused:
        desk.checkout(blocked, barcode)
    assert [c.code for c in refused.value.concerns] == [Code.MANUAL_BLOCK]
    assert _counts(demo_store) == (0, 0)
    with pytest.raises(DeskError, match="needs a reason"):
        desk.checkout(blocked, barcode, override_reason="   ")
    result = desk.checkout(blocked, barcode, override_reason="Address confirmed in person")
    [(_, _, payload)] = _outbox(demo_store)
    assert payload["override_reason"] == "Address confirmed in person"
    assert payload["concerns"] == ["MANUAL_BLOCK"]
    assert result.override_reason == "Address confirmed in person"


@pytest.mark.parametrize(
    "scanned",
    ["21120000698132", " A21120000698132A ", "POPUP:1:21120000698132", "2112 0000 6981 32", "7"],
)
def test_an_override_reason_that_is_only_a_number_is_refused(
    desk: Desk, demo_store: Store, scanned: str
) -> None:
    """Review of #16: a slow scan typed into the reason box and its Enter overrode "with" it.
    Digits and no words are a scan, not a reason: refused, nothing written."""
    blocked = demo.demo_patron(demo_store, blocked=True)
    barcode = _books(demo_store, 1)[0]
    with pytest.raises(DeskError) as refused:
        desk.checkout(blocked, barcode, override_reason=scanned)
    assert refused.value.key is Problem.OVERRIDE_REASON_IS_A_SCAN
    assert str(refused.value) == (
        f"“{scanned.strip()}” is a number, not a reason: it looks like a scan. Type in words why"
        " the rule is being set aside."
    )
    assert _counts(demo_store) == (0, 0)
    # A reason with words may hold numbers.
    lent = desk.checkout(blocked, barcode, override_reason="paid 2.50 in cash, receipt 4471")
    assert lent.override_reason == "paid 2.50 in cash, receipt 4471"


@pytest.mark.parametrize(
    ("field", "scan", "error", "words"),
    [
        ("patron", "2111200069813", PatronNotFound, "13 characters"),
        ("patron", "21112000698139", PatronNotFound, "wrong check digit"),
        ("patron", "21120999999999", PatronNotFound, "No patron with card “21120999999999”"),
        ("item", "31120999999997", ItemNotFound, "No item with barcode “31120999999997”"),
        ("item", "3112000", ItemNotFound, "“3112000” has 7 characters"),
    ],
)
def test_bad_scans_name_what_was_scanned_and_write_nothing(
    desk: Desk, demo_store: Store, field: str, scan: str, error: type[Exception], words: str
) -> None:
    card = demo.demo_patron(demo_store)
    barcode = _books(demo_store, 1)[0]
    with pytest.raises(error, match=words):
        if field == "patron":
            desk.checkout(scan, barcode)
        else:
            desk.checkout(card, scan)
    assert _counts(demo_store) == (0, 0)


def test_wrong_kind_in_each_field(desk: Desk, demo_store: Store) -> None:
    card = demo.demo_patron(demo_store)
    barcode = _books(demo_store, 1)[0]
    with pytest.raises(WrongKindScanned, match="item barcode, not a patron card"):
        desk.find_patron(barcode)
    with pytest.raises(WrongKindScanned, match="patron card, not an item"):
        desk.checkout(card, card)
    assert _counts(demo_store) == (0, 0)


def test_qr_payload_finds_the_patron(desk: Desk, demo_store: Store) -> None:
    card = demo.demo_patron(demo_store)
    assert desk.find_patron(f"POPUP:1:{card}").card_number == card


def test_an_old_card_number_still_finds_the_merged_patron(desk: Desk, demo_store: Store) -> None:
    card = demo.demo_patron(demo_store)
    with demo_store.transaction() as s:
        patron_id = s.scalar(select(Patron.id).where(Patron.card_number == card))
        assert patron_id is not None
        s.add(PatronAlias(card_number="TMP-0001-000007", patron_id=patron_id))
    assert desk.find_patron("TMP-0001-000007").card_number == card
    result = desk.checkout("TMP-0001-000007", _books(demo_store, 1)[0])
    [(_, _, payload)] = _outbox(demo_store)
    assert payload["patron_card"] == card and payload["loan_id"] == result.loan_id


def test_item_out_to_someone_else_is_closed_and_flagged(desk: Desk, demo_store: Store) -> None:
    with demo_store.read() as s:
        first, second = s.scalars(
            select(Patron.card_number)
            .where(
                Patron.manual_block.is_(False),
                Patron.fines_owed_cents == 0,
                Patron.card_expiry > date.today() + timedelta(30),
            )
            .limit(2)
        )
    barcode = _books(demo_store, 1)[0]
    old = desk.checkout(first, barcode)
    with pytest.raises(NeedsOverride) as refused:
        desk.checkout(second, barcode)
    assert [c.code for c in refused.value.concerns] == [Code.ITEM_ON_LOAN_TO_OTHER]
    new = desk.checkout(second, barcode, override_reason="Handed over at the stop")
    with demo_store.read() as s:
        closed = s.get(Loan, old.loan_id)
        assert closed is not None and closed.returned_at is not None
        assert closed.closed_reason == "closed_by_checkout"
    assert _outbox(demo_store)[-1][2]["closed_loan_id"] == old.loan_id
    assert new.loan_id != old.loan_id


def test_return_renew_and_renewal_limit(desk: Desk, demo_store: Store) -> None:
    card = demo.demo_patron(demo_store)
    a, b = _books(demo_store, 2)
    start = datetime(2026, 12, 7, 16, 0, tzinfo=UTC)
    desk.clock = lambda: start
    loan = desk.checkout(card, a)
    desk.checkout(card, b)
    desk.clock = lambda: start + timedelta(days=1)
    assert desk.renew(loan.loan_id).renewals == 1
    desk.clock = lambda: start + timedelta(days=2)
    assert desk.renew(loan.loan_id).renewals == 2
    desk.clock = lambda: start + timedelta(days=3)
    with pytest.raises(NeedsOverride, match="limit is 2"):
        desk.renew(loan.loan_id)
    results = desk.renew_all(card)
    assert [type(r).__name__ for r in results] == ["RenewResult", "NeedsOverride"]
    back = desk.checkin(a)
    assert back.borrower_initials is not None and back.instruction == "Shelve"
    kinds = [k for _, k, _ in _outbox(demo_store)]
    assert kinds == ["checkout", "checkout", "renew", "renew", "renew", "checkin"]


def test_a_renewal_that_would_not_move_the_due_date_costs_nothing(
    desk: Desk, demo_store: Store
) -> None:
    card = demo.demo_patron(demo_store)
    a, b, c = _books(demo_store, 3)
    start = datetime(2026, 12, 7, 16, 0, tzinfo=UTC)
    desk.clock = lambda: start
    first = desk.checkout(card, a)
    desk.checkout(card, b)
    before = _outbox(demo_store)
    # The day of checkout: a renewal would end on the same due date.
    with pytest.raises(NotDueToMove) as refused:
        desk.renew(first.loan_id)
    assert refused.value.key is Problem.RENEWAL_WOULD_NOT_MOVE
    assert refused.value.due == first.due
    assert str(refused.value) == (
        f"{first.title} is not due to move yet: due {first.due.isoformat()} either way."
        " No renewal was used."
    )
    # Not even with an override reason: nothing to override.
    with pytest.raises(NotDueToMove):
        desk.renew(first.loan_id, override_reason="patron asked")
    assert _outbox(demo_store) == before
    with demo_store.read() as s:
        kept = s.get(Loan, first.loan_id)
        assert kept is not None and (kept.due_date, kept.renewals) == (first.due, 0)
    # The next day the two loans move; one lent that day does not, and Renew all says which.
    desk.clock = lambda: start + timedelta(days=1)
    desk.checkout(card, c)
    results = desk.renew_all(card)
    assert sorted(type(r).__name__ for r in results) == [
        "NotDueToMove",
        "RenewResult",
        "RenewResult",
    ]
    kinds = [k for _, k, _ in _outbox(demo_store)]
    assert kinds == ["checkout", "checkout", "checkout", "renew", "renew"]
    with demo_store.read() as s:
        renewals = {
            loan.item.barcode: loan.renewals
            for loan in s.scalars(select(Loan).where(Loan.returned_at.is_(None)))
        }
    assert renewals == {a: 1, b: 1, c: 0}


def test_undo_writes_a_compensating_action_and_deletes_nothing(
    desk: Desk, demo_store: Store
) -> None:
    card = demo.demo_patron(demo_store)
    barcode = _books(demo_store, 1)[0]
    loan = desk.checkout(card, barcode)
    assert desk.last_undoable() == (loan.seq, "checkout")
    undo = desk.undo(loan.seq)
    assert undo.target_seq == loan.seq
    assert desk.last_undoable() is None
    with pytest.raises(CannotUndo, match="already undone"):
        desk.undo(loan.seq)
    entries = _outbox(demo_store)
    assert [k for _, k, _ in entries] == ["checkout", "undo"]
    with demo_store.read() as s:
        row = s.get(Loan, loan.loan_id)
        assert row is not None and row.closed_reason == "undone"  # kept, closed
        assert s.scalar(select(Item.status).where(Item.barcode == barcode)) == "available"
    # Undoing a return reopens the loan.
    loan2 = desk.checkout(card, barcode)
    back = desk.checkin(barcode)
    desk.undo(back.seq)
    with demo_store.read() as s:
        reopened = s.get(Loan, loan2.loan_id)
        assert reopened is not None and reopened.returned_at is None


def test_in_house_use_counts(desk: Desk, demo_store: Store) -> None:
    barcode = _books(demo_store, 1)[0]
    assert desk.in_house_use(barcode, 3).count == 3
    with pytest.raises(DeskError, match="between 1 and 999"):
        desk.in_house_use(barcode, 0)
    assert [(k, p["count"]) for _, k, p in _outbox(demo_store)] == [("in_house_use", 3)]


def test_in_house_use_of_an_item_on_loan_asks_to_return_it_first(
    desk: Desk, demo_store: Store
) -> None:
    card = demo.demo_patron(demo_store)
    barcode = _books(demo_store, 1)[0]
    out = desk.checkout(card, barcode)
    before = _outbox(demo_store)
    with pytest.raises(OnLoanToSomeone) as asked:
        desk.in_house_use(barcode)
    with demo_store.read() as s:
        patron = s.scalar(select(Patron).where(Patron.card_number == card))
        assert patron is not None
        name = patron.name
    refused = asked.value
    assert refused.key is Problem.IN_HOUSE_ON_LOAN
    assert (refused.card_tail, refused.due) == (card[-4:], out.due)
    assert refused.initials == " ".join(f"{p[0]}." for p in name.split())
    assert _outbox(demo_store) == before  # nothing counted, nothing returned
    # Return and count: a normal return, then the use, each its own action.
    counted = desk.in_house_use(barcode, return_first=True)
    assert counted.returned is not None
    assert counted.returned.borrower_initials == refused.initials
    assert counted.returned.instruction == "Shelve"
    tail = _outbox(demo_store)[len(before) :]
    assert [(seq, kind) for seq, kind, _ in tail] == [
        (counted.returned.seq, "checkin"),
        (counted.seq, "in_house_use"),
    ]
    assert tail[0][2]["loan_id"] == out.loan_id
    with demo_store.read() as s:
        loan = s.get(Loan, out.loan_id)
        assert loan is not None and loan.closed_reason == "returned"
        assert s.scalar(select(Item.status).where(Item.barcode == barcode)) == "available"
    # Not on loan any more: counted without a question, and return_first returns nothing.
    again = desk.in_house_use(barcode, return_first=True)
    assert again.returned is None
    assert [k for _, k, _ in _outbox(demo_store)][-1] == "in_house_use"


def test_refusals_carry_a_key_and_specifics_beside_the_english(
    desk: Desk, demo_store: Store
) -> None:
    """What a UI needs to say each refusal in its own language; ``str()`` stays English."""
    card = demo.demo_patron(demo_store)
    barcode = _books(demo_store, 1)[0]

    def refusal(call: object, *args: object) -> DeskError:
        with pytest.raises(DeskError) as err:
            call(*args)  # type: ignore[operator]
        return err.value

    short = refusal(desk.find_patron, "2111200069813")
    assert (short.key, short.params) == (Problem.PATRON_INVALID_CARD, ())
    assert short.invalid is not None and short.invalid.key is NumberProblem.WRONG_LENGTH
    assert str(short) == f"No patron card: {short.invalid}"
    unknown = refusal(desk.find_patron, "21120999999999")
    assert (unknown.key, unknown.params) == (
        Problem.PATRON_NOT_FOUND,
        (("number", "21120999999999"),),
    )
    item_as_patron = refusal(desk.find_patron, barcode)
    assert (item_as_patron.key, item_as_patron.params) == (
        Problem.PATRON_ITEM_SCANNED,
        (("number", barcode),),
    )
    patron_as_item = refusal(desk.checkout, card, card)
    assert (patron_as_item.key, patron_as_item.params) == (
        Problem.ITEM_PATRON_SCANNED,
        (("number", card),),
    )
    no_item = refusal(desk.checkin, "31120999999997")
    assert (no_item.key, no_item.params) == (
        Problem.ITEM_NOT_FOUND,
        (("barcode", "31120999999997"),),
    )
    bad_item = refusal(desk.in_house_use, "3112000")
    assert bad_item.key is Problem.ITEM_INVALID_BARCODE and bad_item.invalid is not None
    assert str(bad_item) == f"Not in the catalogue: {bad_item.invalid}"
    count = refusal(desk.in_house_use, barcode, 1000)
    assert (count.key, count.params) == (Problem.IN_HOUSE_COUNT, (("count", 1000),))
    blank = refusal(desk.checkout, card, barcode, " ")
    assert (blank.key, blank.params) == (Problem.OVERRIDE_WITHOUT_REASON, ())
    assert refusal(desk.renew, "no-such-loan").key is Problem.LOAN_NOT_OPEN
    missing = refusal(desk.undo, 999)
    assert (missing.key, missing.params) == (Problem.UNDO_NO_SUCH_ACTION, (("seq", 999),))
    assert _counts(demo_store) == (0, 0)


def test_a_popup_card_of_an_unknown_version_is_a_desk_refusal_in_every_field(
    desk: Desk, demo_store: Store
) -> None:
    """Return and in-house use catch DeskError only: the number's problem comes wrapped."""
    scan = "POPUP:9:21112000698132"
    for call in (desk.checkin, desk.in_house_use):
        with pytest.raises(ItemNotFound) as err:
            call(scan)
        assert err.value.key is Problem.ITEM_INVALID_BARCODE
        assert err.value.invalid is not None and err.value.invalid.key is NumberProblem.QR_VERSION
        assert (
            str(err.value) == f"Not in the catalogue: “{scan}” is a Popup card of version 9,"
            " which this app cannot read"
        )
    with pytest.raises(PatronNotFound, match="version 9") as err:
        desk.find_patron(scan)
    assert err.value.key is Problem.PATRON_INVALID_CARD


def test_undo_names_the_title_apart_and_undo_refusals_have_keys(
    desk: Desk, demo_store: Store
) -> None:
    card = demo.demo_patron(demo_store)
    barcode = _books(demo_store, 1)[0]
    loan = desk.checkout(card, barcode)
    undo = desk.undo(loan.seq)
    assert undo.description == f"Checkout of {undo.title} undone." and undo.title
    with pytest.raises(CannotUndo) as err:
        desk.undo(loan.seq)
    assert (err.value.key, err.value.params) == (Problem.UNDO_ALREADY_UNDONE, (("seq", loan.seq),))
    with pytest.raises(CannotUndo) as err:
        desk.undo(undo.seq)
    assert (err.value.key, err.value.params) == (Problem.UNDO_NOT_UNDOABLE, (("kind", "undo"),))
    again = desk.checkout(card, barcode)
    desk.checkin(barcode)
    with pytest.raises(CannotUndo) as err:
        desk.undo(again.seq)
    assert (err.value.key, err.value.params) == (
        Problem.UNDO_RETURNED_SINCE,
        (("title", undo.title),),
    )
