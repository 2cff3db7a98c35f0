"""Keep less (#17): once the REAL sync server has acknowledged a return, the laptop's store no
longer links that patron to that item: not in a row, not in the file's free space, not in the
WAL, not in a backup. What still needs the link keeps it: a return not yet acknowledged, the
return Undo would take back now, the patron's other loans. The stop report does not change.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from popup.domain.cards import qr_payload
from popup.domain.payments import PaymentMethod
from popup.interop.koc import export_koc
from popup.store import forget, outbox
from popup.store.circulation import Desk
from popup.store.events import Events
from popup.store.models import Attendance, Loan, OutboxEntry, Patron, SyncException
from tests.helpers import raw
from tests.helpers.laptops import Laptop, file_credentials


def _files(laptop: Laptop) -> dict[str, bytes]:
    """The store file, its WAL and every backup, every page decrypted (free pages too): what
    anyone holding the key could read in them."""
    path = laptop.store.path
    found = [path, path.with_name(path.name + "-wal"), *(laptop.home / "backups").glob("*")]
    return {p.name: raw.decrypted(p, laptop.store.key) for p in found if p.is_file()}


def _together(data: bytes, card: str, barcode: str) -> bool:
    """Whether some record's JSON names ``barcode`` and then ``card`` (an outbox payload or a
    held-back download: their keys are sorted, item_barcode before patron_card)."""
    pattern = (
        rb'"item_barcode":\s*"'
        + re.escape(barcode.encode())
        + rb'"[^{}]{0,600}"patron_card":\s*"'
        + re.escape(card.encode())
        + rb'"'
    )
    return re.search(pattern, data) is not None


def _rows_naming_both(laptop: Laptop, card: str, barcode: str) -> list[str]:
    """Every row of every table whose text holds both the card and the barcode."""
    connection = raw.connect(laptop.store.path)
    try:
        tables = [
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        found = []
        for table in tables:
            for row in connection.execute(f'SELECT * FROM "{table}"'):
                text = " ".join(str(v) for v in row)
                if card in text and barcode in text:
                    found.append(table)
        return found
    finally:
        connection.close()


def _loan(laptop: Laptop, loan_id: str) -> Loan:
    with laptop.store.read() as session:
        loan = session.get(Loan, loan_id)
        assert loan is not None
        return loan


def _patron_id(laptop: Laptop, card: str) -> int:
    with laptop.store.read() as session:
        found = session.scalar(select(Patron.id).where(Patron.card_number == card))
        assert found is not None
        return found


def _figures(events: Events, stop_id: str) -> tuple[Any, ...]:
    report = events.stop_report(stop_id)
    return (
        report.checkouts,
        report.returns,
        report.renewals,
        report.in_house_uses,
        report.new_patrons,
        report.by_hour,
        report.circulation(),
    )


def test_an_acknowledged_return_forgets_whose_loan_it_was(server: Any, tmp_path: Path) -> None:
    laptop = Laptop(tmp_path, "bookmobile-k")
    other = Laptop(tmp_path, "branch-k")  # another laptop that saw the loans come down
    late = Laptop(tmp_path, "late-k")  # one that hears of them only once they are returned
    try:
        laptop.enroll(server)
        other.enroll(server)
        late.enroll(server)
        assert laptop.sync().ok and other.sync().ok and late.sync().ok
        ana, ben = laptop.patron_cards()[:2]
        kept_book, returned_book, handed_book, bens_book, last_book = laptop.available_barcodes()[
            :5
        ]
        events = Events(laptop.store)
        now = datetime.now(UTC)
        stop = events.open_stop(
            "Keep-less Park", None, now - timedelta(hours=1), now + timedelta(hours=3)
        )
        desk = laptop.desk
        kept = desk.checkout(qr_payload(ana), kept_book).loan_id
        returned = desk.checkout(qr_payload(ana), returned_book).loan_id
        handed = desk.checkout(qr_payload(ana), handed_book).loan_id
        bens = desk.checkout(qr_payload(ben), bens_book).loan_id
        assert laptop.sync().ok
        assert other.sync().ok  # the branch laptop holds Ana's loans now
        assert other.open_loans()[returned_book] == returned

        desk.checkin(returned_book)
        # A hand-over: Ana's copy lent straight to Ben (closes her loan).
        desk.checkout(qr_payload(ben), handed_book, "Ana passed it to her brother")
        desk.checkout(qr_payload(ben), last_book)  # the newest scan: Undo would take this back
        before = _figures(events, stop.id)
        with laptop.store.read() as session:
            pending_link = session.scalar(select(Loan.patron_id).where(Loan.id == returned))
        assert pending_link == _patron_id(laptop, ana)  # not acknowledged yet: still linked
        assert any(_together(data, ana, returned_book) for data in _files(laptop).values())

        report = laptop.sync()
        assert report.ok, report.error
        assert laptop.waiting() == 0

        # The returned loan and the handed-over one forgot Ana; her open loan did not.
        assert _loan(laptop, returned).patron_id is None
        assert _loan(laptop, handed).patron_id is None
        assert _loan(laptop, returned).returned_at is not None  # the row stays, unlinked
        assert _loan(laptop, kept).patron_id == _patron_id(laptop, ana)
        assert _loan(laptop, bens).patron_id == _patron_id(laptop, ben)
        files = _files(laptop)
        assert "popup.sqlite3" in files
        for name, data in files.items():
            assert not _together(data, ana, returned_book), name
            assert not _together(data, ana, handed_book), name
        # The same search finds what must stay: Ana's open loan, Ben's loans.
        everything = b"".join(files.values())
        assert _together(everything, ana, kept_book)
        assert _together(everything, ben, handed_book)
        assert _together(everything, ben, bens_book)
        assert _rows_naming_both(laptop, ana, returned_book) == []
        assert _rows_naming_both(laptop, ana, handed_book) == []
        assert _rows_naming_both(laptop, ana, kept_book) == ["outbox"]
        # Ana herself stays a patron of the laptop; the outbox keeps every record.
        with laptop.store.read() as session:
            assert session.scalar(select(Patron.name).where(Patron.card_number == ana))
            kinds = [e.kind for e in session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))]
        assert kinds.count("checkout") == 6 and kinds.count("checkin") == 1
        # The stop report counts exactly what it counted before.
        assert _figures(events, stop.id) == before
        assert before[0] == 6 and before[1] == 1

        # The branch laptop hears the loan came back, and does not learn whose it was either.
        assert other.sync().ok
        assert _loan(other, returned).patron_id is None
        assert _loan(other, returned).returned_at is not None
        assert _loan(other, kept).patron_id is not None
        for name, data in _files(other).items():
            assert not _together(data, ana, returned_book), name
        # A laptop that never had the loan does not keep a returned one at all.
        assert late.sync().ok
        with late.store.read() as session:
            assert session.get(Loan, returned) is None
            assert session.get(Loan, handed) is None
        assert late.open_loans()[kept_book] == kept
    finally:
        laptop.close()
        other.close()
        late.close()


def _came(data: bytes, card: str, event_id: str) -> bool:
    """Whether ``card`` appears shortly after ``event_id``: an attendance row (event, band,
    delta, card) or a scan's JSON (its keys sorted: event_id before patron_card)."""
    pattern = re.escape(event_id.encode()) + rb".{0,300}?" + re.escape(card.encode())
    return re.search(pattern, data, re.DOTALL) is not None


def _attending(laptop: Laptop, event_id: str) -> list[str | None]:
    with laptop.store.read() as session:
        return list(
            session.scalars(
                select(Attendance.patron_card)
                .where(Attendance.event_id == event_id)
                .order_by(Attendance.id)
            )
        )


@pytest.fixture
def laptop(server: Any, tmp_path: Path) -> Iterator[Laptop]:
    """A laptop enrolled with the real server, its first download in."""
    made = Laptop(tmp_path, "bookmobile-f")
    try:
        made.enroll(server)
        assert made.sync().ok
        yield made
    finally:
        made.close()


def test_who_came_to_yesterdays_event_is_forgotten_once_the_server_has_it(
    laptop: Laptop,
) -> None:
    ana, ben = laptop.patron_cards()[:2]
    yesterday = datetime.now(UTC) - forget.KEEP_FOR - timedelta(hours=1)
    then = Events(laptop.store, clock=lambda: yesterday)
    stop = then.open_stop(
        "Shelter", None, yesterday - timedelta(hours=1), yesterday + timedelta(hours=2)
    )
    story = then.create_event(stop.id, "Story time", "story time", "0-5")
    then.scan(story.id, qr_payload(ana), band="19-64")
    then.count(story.id, "0-5", +1)
    today = Events(laptop.store)
    craft = today.create_event(stop.id, "Craft", "craft")
    today.scan(craft.id, qr_payload(ben), band="19-64")
    counts = today.counts(story.id), today.counts(craft.id)
    everything = b"".join(_files(laptop).values())
    assert _came(everything, ana, story.id) and _came(everything, ben, craft.id)

    report = laptop.sync()
    assert report.ok, report.error
    assert laptop.waiting() == 0

    # Yesterday's scan names no card any more; today's, needed while the event is on,
    # still does (one scan per card per event); every count is what it was.
    first, walk_in = _attending(laptop, story.id)
    assert forget.is_forgotten_attendee(first) and walk_in is None
    assert _attending(laptop, craft.id) == [ben]
    assert (today.counts(story.id), today.counts(craft.id)) == counts
    for name, data in _files(laptop).items():  # not in free pages, the WAL, a backup
        assert not _came(data, ana, story.id), name
    assert _came(b"".join(_files(laptop).values()), ben, craft.id)
    with laptop.store.read() as session:  # Ana stays a patron of the laptop
        assert session.scalar(select(Patron.name).where(Patron.card_number == ana))
    assert laptop.sync().ok  # nothing more to forget, nothing sent again
    assert laptop.waiting() == 0 and _attending(laptop, craft.id) == [ben]


def test_who_paid_yesterday_is_forgotten_once_the_server_has_it_and_exports_leave_it_out(
    laptop: Laptop, tmp_path: Path
) -> None:
    with laptop.store.read() as session:
        card, owed = session.execute(
            select(Patron.card_number, Patron.fines_owed_cents)
            .where(Patron.fines_owed_cents > 200)
            .order_by(Patron.id)
        ).first() or pytest.fail("no patron owes fines on the demo server")
    yesterday = datetime.now(UTC) - forget.KEEP_FOR - timedelta(hours=1)
    Desk(laptop.store, clock=lambda: yesterday).record_payment(
        card, 100, method=PaymentMethod.CASH, note="paid for her neighbour"
    )
    laptop.desk.record_payment(card, 100, method=PaymentMethod.CARD)  # today's
    assert any(b"paid for her neighbour" in data for data in _files(laptop).values())
    assert laptop.sync().ok and laptop.waiting() == 0
    with laptop.store.read() as session:
        payloads = [
            outbox.load_payload(e)
            for e in session.scalars(
                select(OutboxEntry).where(OutboxEntry.kind == "payment").order_by(OutboxEntry.seq)
            )
        ]
    assert [getattr(p, "patron_card", None) for p in payloads] == [forget.FORGOTTEN_PAYER, card]
    assert getattr(payloads[0], "note", "") is None
    for name, data in _files(laptop).items():  # not in free pages, the WAL, a backup
        assert b"paid for her neighbour" not in data, name
    with laptop.store.read() as session:  # the balance the server sent: both payments
        left = session.scalar(select(Patron.fines_owed_cents).where(Patron.card_number == card))
    assert left == owed - 200
    koc = export_koc(laptop.store, tmp_path / "stop.koc", include_exported=True)
    written = (tmp_path / "stop.koc").read_text()
    assert forget.FORGOTTEN_PAYER not in written
    assert written.count(f"\tpayment\t{card}\t") == 1  # today's only
    assert any("1 payment(s) and waiver(s) were left out" in n for n in koc.notes)


def test_the_return_undo_would_take_back_keeps_its_patron_until_a_later_scan(
    server: Any, tmp_path: Path
) -> None:
    laptop = Laptop(tmp_path, "bookmobile-u")
    try:
        laptop.enroll(server)
        assert laptop.sync().ok
        ana = laptop.patron_cards()[0]
        book, other_book = laptop.available_barcodes()[:2]
        desk = laptop.desk
        loan = desk.checkout(qr_payload(ana), book).loan_id
        desk.checkin(book)
        assert laptop.sync().ok and laptop.waiting() == 0
        # Acknowledged, but still the scan Ctrl+Z would take back: the link stays.
        assert _loan(laptop, loan).patron_id == _patron_id(laptop, ana)
        last = desk.last_undoable()
        assert last is not None
        desk.undo(last[0])  # wrong book scanned: the loan is Ana's again
        assert laptop.open_loans()[book] == loan
        assert laptop.sync().ok
        assert _loan(laptop, loan).patron_id == _patron_id(laptop, ana)  # open: linked

        desk.checkin(book)
        desk.in_house_use(other_book)  # a later scan: Ctrl+Z would take back this one now
        assert laptop.sync().ok
        assert _loan(laptop, loan).patron_id is None
        with laptop.store.read() as session:
            checkout = session.scalars(
                select(OutboxEntry).where(OutboxEntry.kind == "checkout")
            ).one()
            payload = outbox.load_payload(checkout)
        assert getattr(payload, "patron_card", None) == forget.UNLINKED_CARD
        for name, data in _files(laptop).items():
            assert not _together(data, ana, book), name
        # A KOC file made now cannot name the patron: the checkout is left out and said so;
        # the returns are still written.
        koc = export_koc(laptop.store, tmp_path / "stop.koc", include_exported=True)
        written = (tmp_path / "stop.koc").read_text()
        assert f"issue\t{ana}\t{book}" not in written
        assert forget.UNLINKED_CARD not in written
        assert f"return\t{book}" in written
        assert any("1 checkout(s) and renewal(s) were left out" in n for n in koc.notes)
    finally:
        laptop.close()


def test_an_open_exception_keeps_the_patron_until_staff_mark_it_done(
    server: Any, tmp_path: Path
) -> None:
    laptop = Laptop(tmp_path, "bookmobile-e")
    try:
        laptop.enroll(server)
        assert laptop.sync().ok
        ana = laptop.patron_cards()[0]
        book, other_book = laptop.available_barcodes()[:2]
        desk = laptop.desk
        loan = desk.checkout(qr_payload(ana), book).loan_id
        desk.checkin(book)
        desk.in_house_use(other_book)
        with laptop.store.transaction() as session:  # as if the server had flagged the return
            seq = session.scalar(select(OutboxEntry.seq).where(OutboxEntry.kind == "checkin"))
            mutation = session.scalar(select(OutboxEntry.mutation_id).where(OutboxEntry.seq == seq))
            session.add(
                SyncException(
                    seq=seq,
                    mutation_id=mutation,
                    code="ITEM_NOT_ON_LOAN",
                    message="flagged",
                    received_at=datetime.now(UTC),
                    resolved_synced=False,
                )
            )
        assert laptop.sync().ok and laptop.waiting() == 0
        assert _loan(laptop, loan).patron_id == _patron_id(laptop, ana)  # the inbox names her
        with laptop.store.transaction() as session:
            session.execute(update(SyncException).values(resolved_at=datetime.now(UTC)))
        assert laptop.sync().ok
        assert _loan(laptop, loan).patron_id is None
    finally:
        laptop.close()


def test_a_kill_while_the_acknowledgement_is_recorded_leaves_the_link_and_the_next_pass_forgets(
    server: Any, tmp_path: Path
) -> None:
    laptop = Laptop(tmp_path, "bookmobile-x")
    try:
        with file_credentials():  # the popup subprocesses read the token from the file
            _kill_while_recording(laptop, server)
    finally:
        laptop.close()


def _kill_while_recording(laptop: Laptop, server: Any) -> None:
    """A SIGKILL inside the transaction that records the acknowledgement (before the
    forgetting commits), then a clean pass."""
    laptop.enroll(server)
    assert laptop.sync().ok
    ana = laptop.patron_cards()[0]
    book, other_book = laptop.available_barcodes()[:2]
    desk = laptop.desk
    loan = desk.checkout(qr_payload(ana), book).loan_id
    assert laptop.sync().ok
    desk.checkin(book)
    desk.in_house_use(other_book)
    crashed = laptop.cli("sync", crash_at="after_ack_before_mark")
    assert crashed.returncode != 0  # SIGKILLed inside the transaction
    # Nothing of that transaction is on disk: the return waits, Ana's link with it.
    assert laptop.waiting() == 2
    assert _loan(laptop, loan).patron_id == _patron_id(laptop, ana)
    connection = raw.connect(laptop.store.path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()
    done = laptop.cli("sync")
    assert done.returncode == 0, done.stdout + done.stderr
    assert laptop.waiting() == 0
    assert _loan(laptop, loan).patron_id is None
    for name, data in _files(laptop).items():
        assert not _together(data, ana, book), name
