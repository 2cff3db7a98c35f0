"""``popup.store.forget`` on a real store file, the server's acknowledgement written as the
sync client writes it: what a forgotten loan loses, what it keeps, and what Undo says after.
(The whole path through the real sync server is ``test_keep_less.py``.)"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from popup.domain import demo_data
from popup.domain.demo_data import DEMO_STOP_ID
from popup.domain.payments import PaymentMethod
from popup.store import demo, forget, outbox
from popup.store.circulation import CannotUndo, Desk
from popup.store.db import Store
from popup.store.events import Events
from popup.store.models import Attendance, Hold, Item, Loan, OutboxEntry, Patron, SyncException
from popup.sync_client import status
from tests.helpers import desk as helpers


def _acknowledge(store: Store, outcome: str = '{"status": "applied"}') -> int:
    """Every waiting action acknowledged and every loan in step, then the forgetting, in one
    transaction (as ``SyncEngine._record`` does); returns how many loans forgot."""
    with store.transaction() as session:
        session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.state == outbox.PENDING)
            .values(state=outbox.ACKED, outcome_status="applied", outcome=outcome)
        )
        session.execute(update(Loan).values(synced=True))
        forget.zero_freed_space(session)
        return forget.forget_returned(session)


def _payload(store: Store, seq: int) -> dict[str, object]:
    with store.read() as session:
        entry = session.get(OutboxEntry, seq)
        assert entry is not None
        return dict(json.loads(entry.payload))


def test_a_forgotten_loan_loses_its_patron_its_hold_and_the_card_in_the_servers_words(
    demo_store: Store, desk: Desk
) -> None:
    card = demo.demo_patron(demo_store)
    copy, other = helpers.available_items(demo_store, 2)
    with demo_store.transaction() as session:
        title = session.scalar(select(Item.title).where(Item.barcode == copy))
        session.add(
            Hold(
                id="H9",
                patron_card=card,
                item_barcode=copy,
                title=title or "?",
                placed_on=date.today() - timedelta(days=3),
                expires_on=date.today() + timedelta(days=3),
                status="ready",
                pickup="BM2",
                stop_id=DEMO_STOP_ID,
            )
        )
        session.execute(update(Item).where(Item.barcode == copy).values(on_hold=True))
    lent = desk.checkout(card, copy, "card at home, known to staff")
    assert lent.filled_hold is not None
    desk.checkin(copy)
    desk.in_house_use(other)  # a later scan: the return is not what Undo would take back
    with demo_store.transaction() as session:  # marked done by staff: it keeps nothing
        session.add(
            SyncException(
                seq=lent.seq,
                mutation_id=session.scalar(
                    select(OutboxEntry.mutation_id).where(OutboxEntry.seq == lent.seq)
                ),
                code="X",
                message=f"No patron has the card {card}.",
                received_at=datetime.now(UTC),
                resolved_at=datetime.now(UTC),
                resolved_synced=True,
            )
        )
    forgot = _acknowledge(demo_store, json.dumps({"message": f"card {card} flagged"}))
    assert forgot == 1
    with demo_store.read() as session:
        loan = session.get(Loan, lent.loan_id)
        assert loan is not None and loan.patron_id is None and loan.returned_at is not None
        assert session.get(Hold, "H9") is None  # filled here, and its loan forgotten
        entry = session.get(OutboxEntry, lent.seq)
        assert entry is not None and card not in (entry.outcome or "")
        words = session.scalar(select(SyncException.message))
        assert words == f"No patron has the card {forget.UNLINKED_CARD}."
    payload = _payload(demo_store, lent.seq)
    assert payload["patron_card"] == forget.UNLINKED_CARD
    assert payload["override_reason"] is None
    assert payload["item_barcode"] == copy and payload["loan_id"] == lent.loan_id
    assert _acknowledge(demo_store) == 0  # nothing left to forget: a no-op


def test_a_return_waiting_to_upload_or_the_one_undo_takes_back_keeps_its_patron(
    demo_store: Store, desk: Desk
) -> None:
    card = demo.demo_patron(demo_store)
    copy, other = helpers.available_items(demo_store, 2)
    lent = desk.checkout(card, copy)
    desk.checkin(copy)
    with demo_store.transaction() as session:  # nothing acknowledged yet
        assert forget.forget_returned(session) == 0
    assert _acknowledge(demo_store) == 0  # acknowledged, but Ctrl+Z would take it back
    with demo_store.read() as session:
        loan = session.get(Loan, lent.loan_id)
        assert loan is not None and loan.patron_id is not None
    undone = desk.last_undoable()
    assert undone is not None
    desk.undo(undone[0])  # the loan is open again, still the patron's
    reopened = helpers.open_loan(demo_store, copy)
    assert reopened is not None and reopened.id == lent.loan_id and reopened.patron_id is not None
    desk.checkin(copy)
    desk.in_house_use(other)
    assert _acknowledge(demo_store) == 1


def test_undo_cannot_reopen_a_loan_the_laptop_forgot(demo_store: Store, desk: Desk) -> None:
    card = demo.demo_patron(demo_store)
    copy, other = helpers.available_items(demo_store, 2)
    desk.checkout(card, copy)
    returned = desk.checkin(copy)
    desk.in_house_use(other)
    assert _acknowledge(demo_store) == 1
    with pytest.raises(CannotUndo) as refused:
        desk.undo(returned.seq)
    assert refused.value.key == "UNDO_NOT_UNDOABLE"
    with demo_store.read() as session:
        assert session.scalar(select(OutboxEntry.seq).where(OutboxEntry.kind == "undo")) is None


# -- who came to an event ----------------------------------------------------------------------


class _Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _cards(store: Store, count: int) -> list[str]:
    with store.read() as session:
        return list(session.scalars(select(Patron.card_number).order_by(Patron.id).limit(count)))


def _attendance(store: Store, event_id: str) -> list[str | None]:
    with store.read() as session:
        return list(
            session.scalars(
                select(Attendance.patron_card)
                .where(Attendance.event_id == event_id)
                .order_by(Attendance.id)
            )
        )


def _acknowledge_all(
    store: Store, now: datetime, forgetting: Callable[[Session, datetime], int] | None = None
) -> int:
    """Every waiting action acknowledged, then the attendees (or ``forgetting``'s records)
    forgotten as of ``now``, as a sync pass does (``SyncEngine.forget_past``)."""
    with store.transaction() as session:
        session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.state == outbox.PENDING)
            .values(state=outbox.ACKED, outcome_status="applied")
        )
    with store.transaction() as session:
        return (forgetting or forget.forget_attendees)(session, now)


def _acknowledge_payments(store: Store, now: datetime) -> int:
    return _acknowledge_all(store, now, forget.forget_payments)


def test_acknowledged_scans_a_day_old_forget_whose_card_it_was_and_every_count_stays(
    demo_store: Store,
) -> None:
    evening = datetime(2026, 11, 26, 23, 30, tzinfo=UTC)
    clock = _Clock(evening)
    events = Events(demo_store, clock=clock)
    stop = events.open_stop("Night market")
    story = events.create_event(stop.id, "Story time", "story time", "0-5")
    ana, ben, cai = _cards(demo_store, 3)
    events.scan(story.id, ana, band="19-64")
    events.scan(story.id, ben, band="19-64")
    events.count(story.id, "0-5", +1)  # a walk-in: no card to forget
    counts = events.counts(story.id)
    before_report = events.stop_report(stop.id)

    # Past midnight the event may still be on: its cards are kept for a whole day.
    assert _acknowledge_all(demo_store, evening + timedelta(hours=2)) == 0
    assert _attendance(demo_store, story.id) == [ana, ben, None]
    assert events.scan(story.id, ana).already_counted  # still counted once

    clock.now = evening + forget.KEEP_FOR + timedelta(minutes=1)
    events.scan(story.id, cai, band="19-64")  # not acknowledged yet
    with demo_store.read() as session:
        ana_seq = session.scalar(select(OutboxEntry.seq).where(OutboxEntry.payload.contains(ana)))
        mutation = session.scalar(select(OutboxEntry.mutation_id).where(OutboxEntry.seq == ana_seq))
    with demo_store.transaction() as session:  # Ben's scan: an exception still open
        ben_mutation = session.scalar(
            select(OutboxEntry.mutation_id).where(OutboxEntry.payload.contains(ben))
        )
        session.add_all(
            [
                SyncException(
                    seq=ana_seq,
                    mutation_id=mutation,
                    code="X",
                    message=f"Card {ana} counted twice.",
                    received_at=clock.now,
                    resolved_at=clock.now,
                    resolved_synced=True,
                ),
                SyncException(
                    seq=ana_seq + 1,
                    mutation_id=ben_mutation,
                    code="Y",
                    message=f"Card {ben} is not on file.",
                    received_at=clock.now,
                ),
            ]
        )
    with demo_store.transaction() as session:  # nothing acknowledged since: Cai's waits
        assert forget.forget_attendees(session, clock.now) == 1
    cards = _attendance(demo_store, story.id)
    assert cards[0] == f"{forget.FORGOTTEN_ATTENDEE}{mutation}"  # unique on every laptop
    assert forget.is_forgotten(cards[0]) and cards[1:] == [ben, None, cai]
    payload = _payload(demo_store, ana_seq)
    assert payload["patron_card"] == cards[0]
    assert payload["event_id"] == story.id and payload["band"] == "19-64"
    with demo_store.read() as session:
        words = session.scalars(select(SyncException.message).order_by(SyncException.id)).all()
    assert words == ["Card attendee-forgotten counted twice.", f"Card {ben} is not on file."]
    [done] = [e for e in status.inbox(demo_store, include_done=True) if e.code == "X"]
    assert done.subject.card_tail is None and done.subject.patron_initials is None

    # Staff mark Ben's done; Cai's is acknowledged and a day old: both forgotten, at most
    # ``limit`` a time.
    with demo_store.transaction() as session:
        session.execute(update(SyncException).values(resolved_at=clock.now))
    later = clock.now + forget.KEEP_FOR + timedelta(minutes=1)
    with demo_store.transaction() as session:
        session.execute(update(OutboxEntry).values(state=outbox.ACKED))
        assert forget.forget_attendees(session, later, limit=1) == 1
    assert _acknowledge_all(demo_store, later) == 1
    cards = _attendance(demo_store, story.id)
    assert cards[2] is None and len({c for c in cards if c}) == 3
    assert all(forget.is_forgotten(c) for c in cards if c is not None)
    with demo_store.read() as session:
        texts = " ".join(session.scalars(select(OutboxEntry.payload)).all())
    assert ana not in texts and ben not in texts and cai not in texts
    # What the counts and the stop report say is unchanged: the scans still count as
    # identified, in their bands.
    assert events.counts(story.id).identified == 3
    assert events.counts(story.id).by_band == {
        **dict(counts.by_band),
        "19-64": counts.by_band["19-64"] + 1,
    }
    after_report = events.stop_report(stop.id)
    assert after_report.attendance_total() == before_report.attendance_total() + 1
    assert _acknowledge_all(demo_store, later + timedelta(days=2)) == 0  # a no-op now


def _plan(store: Store, sql: str) -> list[str]:
    with store.read() as session:
        rows = session.execute(
            text(f"EXPLAIN QUERY PLAN {sql}"), {"before": "2026-12-01T00:00:00+00:00", "limit": 500}
        ).all()
    return [str(row[-1]) for row in rows]


def test_the_forgetting_reads_only_the_records_still_naming_someone(demo_store: Store) -> None:
    """However long the laptop's history, SQLite reads the partial indexes of the scans and
    payments still naming a card (store revision 0011) and finds each scan's record by its
    mutation id; left to itself it read every acknowledged record by its state (200 ms at
    100k records, a reviewer measured)."""
    scans = _plan(demo_store, forget.ATTENDEES_SQL)
    assert scans[0] == "SEARCH a USING INDEX attendance_to_forget (counted_at<?)", scans
    assert any(
        line.startswith("SEARCH o USING INDEX sqlite_autoindex_outbox_")
        and "(mutation_id=?)" in line
        for line in scans
    ), scans
    assert not any("ix_outbox_state" in line for line in scans), scans
    paid = _plan(demo_store, forget.PAYMENTS_SQL)
    assert paid[0] == "SEARCH outbox USING INDEX payments_to_forget (client_time<?)", paid


# -- who paid ------------------------------------------------------------------------------------


def test_acknowledged_payments_a_day_old_forget_the_card_and_the_note_and_takings_stay(
    demo_store: Store,
) -> None:
    evening = datetime(2026, 11, 26, 23, 30, tzinfo=UTC)
    clock = _Clock(evening)
    desk = Desk(demo_store, clock=clock)
    events = Events(demo_store, clock=clock)
    stop = events.open_stop(
        "Night market", None, evening - timedelta(hours=2), evening + timedelta(minutes=25)
    )
    card = demo_data.fined_patron_card(demo.DEMO_FORMAT)
    paid = desk.record_payment(card, 500, method=PaymentMethod.CASH, note="her son's DVD")
    waived = desk.record_payment(card, 100, method=None, waiver=True, note="hardship")
    takings = events.stop_report(stop.id).takings
    assert (takings.cash_cents, takings.waived_cents) == (500, 100)
    assert _acknowledge_payments(demo_store, evening + timedelta(hours=20)) == 0  # kept a day

    later = evening + forget.KEEP_FOR + timedelta(minutes=1)
    clock.now = later
    today = desk.record_payment(card, 100, method=PaymentMethod.CARD)  # not acknowledged yet
    with demo_store.transaction() as session:  # the waiver: an exception still open
        session.add(
            SyncException(
                seq=waived.seq,
                mutation_id=_mutation(session, waived.seq),
                code="X",
                message=f"Card {card}: the balance differs.",
                received_at=later,
            )
        )
    with demo_store.transaction() as session:
        assert forget.forget_payments(session, later) == 1
    kept = _payload(demo_store, paid.seq)
    assert kept["patron_card"] == forget.FORGOTTEN_PAYER and kept.get("note") is None
    assert (kept["amount_cents"], kept["method"]) == (500, "cash")
    assert _payload(demo_store, waived.seq)["patron_card"] == card  # open exception
    assert _payload(demo_store, today.seq)["patron_card"] == card  # not acknowledged

    with demo_store.transaction() as session:
        session.execute(update(SyncException).values(resolved_at=later))
    assert _acknowledge_payments(demo_store, later) == 1  # the waiver; today's stays
    assert _payload(demo_store, waived.seq)["patron_card"] == forget.FORGOTTEN_PAYER
    assert _payload(demo_store, waived.seq).get("note") is None
    with demo_store.read() as session:
        assert card not in (session.scalar(select(SyncException.message)) or "")
    [done] = status.inbox(demo_store, include_done=True)  # names nobody, no card's tail
    assert done.subject.kind == "payment" and done.subject.card_tail is None
    assert done.subject.patron_initials is None
    assert _payload(demo_store, today.seq)["patron_card"] == card
    assert events.stop_report(stop.id).takings == takings  # the stop's takings: unchanged
    assert _acknowledge_payments(demo_store, later + timedelta(days=1, minutes=1)) == 1
    assert _acknowledge_payments(demo_store, later + timedelta(days=2)) == 0


def _mutation(session: Session, seq: int) -> str:
    found = session.scalar(select(OutboxEntry.mutation_id).where(OutboxEntry.seq == seq))
    assert found is not None
    return found
