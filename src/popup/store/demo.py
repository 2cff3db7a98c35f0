"""A believable demo stop: a bookmobile's collection, patrons of each kind, rules and holidays.

Deterministic (seeded) so screenshots and tests see the same data every time; the rows come from
:mod:`popup.domain.demo_data`, which the sync server's demo consortium uses too. The same bulk
writers build the benchmark's million-item store.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from popup.domain import demo_data
from popup.domain.demo_data import DEMO_FORMAT, DEMO_INSTITUTION, LOAN_RULES
from popup.domain.staff import hash_pin
from popup.store import library
from popup.store.circulation import Desk
from popup.store.db import Store
from popup.store.events import Events
from popup.store.models import (
    CardRange,
    ClosedDay,
    Hold,
    Item,
    Library,
    Loan,
    LoanRuleRow,
    Patron,
    PatronAlias,
    Staff,
    Stop,
)


def bulk_insert(
    session: Session, model: type[Any], rows: Iterator[dict[str, Any]], batch: int = 20_000
) -> int:
    count = 0
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            session.execute(insert(model), chunk)
            count += len(chunk)
            chunk = []
    if chunk:
        session.execute(insert(model), chunk)
        count += len(chunk)
    return count


def seed_rules_and_settings(session: Session, today: date) -> None:
    library.put(session, "library_code", "MAIN")
    library.put(session, "library_name", "Riverside County Library")
    library.put(session, "branch_name", "Bookmobile 2")
    library.put(session, "card_format", DEMO_FORMAT.to_dict())
    library.put(session, "fines_limit_cents", 500)
    library.put(session, "closed_weekdays", [6])
    session.add_all(
        [
            Library(code="MAIN", name="Riverside County Library"),
            Library(code="EAST", name="Eastside Branch Library"),
        ]
    )
    session.add_all(
        LoanRuleRow(
            patron_category=c, item_type=t, loan_days=d, max_renewals=r, max_items=m, loanable=ok
        )
        for c, t, d, r, m, ok in LOAN_RULES
    )
    session.add_all(ClosedDay(day=d, reason=why) for d, why in demo_data.closed_days(today))


def seed(
    store: Store,
    items: int = 3000,
    patrons: int = 400,
    seed_value: int = 7,
    *,
    showcase: bool = False,
    now: datetime | None = None,
) -> bool:
    """Fill an empty store with the demo stop. Returns False if it already holds items.

    ``showcase`` (``popup --demo``) adds what makes every screen show something: the stop runs
    around ``now``, loans are out (some overdue, one with a hold ready) and the stop has had an
    event, counts and a little circulation. See :func:`seed_showcase`.
    """
    rng = random.Random(seed_value)
    now = now or datetime.now(UTC)
    today = now.date()
    with store.transaction() as session:
        if session.scalar(select(func.count(Item.id))):
            return False
        seed_rules_and_settings(session, today)
        item_list = list(demo_data.item_rows(rng, items, DEMO_FORMAT))
        patron_list = list(demo_data.patron_rows(rng, patrons, DEMO_FORMAT, today))
        lost = demo_data.card_cases(patron_list, now, DEMO_FORMAT) if showcase else None
        bulk_insert(session, Item, iter(item_list))
        bulk_insert(session, Patron, iter(patron_list))
        if lost is not None:
            _lost_card(session, lost)
        # A local stand-in card block for sign-ups until the sync server allocates one.
        session.add(
            CardRange(first=900_000, last=900_199, next=900_000, source="local", allocated_at=now)
        )
        if showcase:
            starts_at, ends_at = demo_data.demo_stop_times(now)
        else:  # the fixed afternoon stop the tests are written against
            starts_at = now.replace(hour=15, minute=0, second=0, microsecond=0)
            ends_at = now.replace(hour=19, minute=0, second=0, microsecond=0)
        session.add(
            Stop(
                id=demo_data.DEMO_STOP_ID,
                name="Farmers' Market",
                place="Main Street car park",
                starts_at=starts_at,
                ends_at=ends_at,
                origin="download",
            )
        )
        if showcase:
            _demo_staff(session)
            loans = demo_data.showcase_loans(item_list, patron_list, now)
            _downloaded_loans(session, loans)
            _downloaded_holds(session, demo_data.showcase_holds(item_list, patron_list, loans, now))
    if showcase:
        seed_showcase(store, now)
    return True


def _demo_staff(session: Session) -> None:
    """The demo's staff member and volunteer, as a laptop holds them after a download, so the
    demo opens on the sign-in screen with both roles to try (their PINs are in the README)."""
    for login, name, role, pin in demo_data.DEMO_STAFF:
        session.add(
            Staff(id=login, login=login, name=name, role=role, pin_hash=hash_pin(pin), active=True)
        )


def _lost_card(session: Session, lost: demo_data.DemoLostCard) -> None:
    """The demo's lost card, as a laptop holds it after downloading it: a refused alias."""
    patron_id = session.scalar(select(Patron.id).where(Patron.card_number == lost.card_number))
    assert patron_id is not None
    session.add(PatronAlias(card_number=lost.old_card, patron_id=patron_id, lost_at=lost.lost_at))


def _downloaded_loans(session: Session, loans: list[demo_data.DemoLoan]) -> None:
    """The showcase's loans as a laptop holds them after downloading them from the demo server
    (which seeds the same rows): synced, no outbox records, nothing for Undo."""
    for loan in loans:
        patron_id = session.scalar(select(Patron.id).where(Patron.card_number == loan.patron_card))
        item = session.scalar(select(Item).where(Item.barcode == loan.item_barcode))
        assert patron_id is not None and item is not None
        item.status = "on_loan"
        if loan.hold_ready:
            item.on_hold, item.hold_pickup = True, "MAIN"
        session.add(
            Loan(
                id=loan.id,
                patron_id=patron_id,
                item_id=item.id,
                out_at=loan.out_at,
                due_date=loan.due_date,
                renewals=loan.renewals,
                synced=True,
            )
        )


def _downloaded_holds(session: Session, holds: list[demo_data.DemoHold]) -> None:
    """Holds to be picked up at the demo stop, as the laptop downloads them (#15)."""
    for hold in holds:
        session.add(
            Hold(
                id=hold.id,
                patron_card=hold.patron_card,
                item_barcode=hold.item_barcode,
                title=hold.title,
                placed_on=hold.placed_on,
                expires_on=hold.expires_on,
                status=hold.status,
                pickup=demo_data.DEMO_VEHICLE,
                stop_id=demo_data.DEMO_STOP_ID,
                any_copy=False,
            )
        )
        item = session.scalar(select(Item).where(Item.barcode == hold.item_barcode))
        if item is not None:
            item.on_hold, item.hold_pickup = True, demo_data.DEMO_VEHICLE


def seed_showcase(store: Store, now: datetime) -> None:
    """Today's activity at the demo stop, written through the store's own services so each
    action has its outbox record and uploads to the demo server like any other: a story time
    with counts, two checkouts and an in-house use, all at ``now``."""
    clock = lambda: now  # noqa: E731 - every action at the seeding moment
    events = Events(store, clock=clock)
    story = events.create_event(demo_data.DEMO_STOP_ID, "Story time", "Story time", "0-5")
    for band in ("0-5", "0-5", "0-5", "6-11", "19-64", "19-64"):
        events.count(story.id, band, 1)
    desk = Desk(store, clock=clock)
    reader = demo_patron(store, today=now.date())
    with store.read() as session:
        free = list(
            session.scalars(
                select(Item.barcode)
                .where(
                    Item.status == "available",
                    Item.on_hold.is_(False),
                    Item.home_library == "MAIN",
                    Item.item_type.in_(("BOOK", "PICTURE_BOOK")),
                )
                .order_by(Item.id.desc())
                .limit(3)
            )
        )
    for barcode in free[:2]:
        desk.checkout(reader, barcode)
    if len(free) > 2:
        desk.in_house_use(free[2], count=2)


def seed_large(store: Store, items: int, patrons: int, seed_value: int = 11) -> None:
    """The benchmark's store: rules plus ``items`` items and ``patrons`` patrons."""
    rng = random.Random(seed_value)
    today = datetime.now(UTC).date()
    with store.transaction() as session:
        seed_rules_and_settings(session, today)
    done = 0
    while done < items:
        n = min(200_000, items - done)
        with store.transaction() as session:
            bulk_insert(session, Item, demo_data.item_rows(rng, n, DEMO_FORMAT, start=1 + done))
        done += n
    with store.transaction() as session:
        bulk_insert(session, Patron, demo_data.patron_rows(rng, patrons, DEMO_FORMAT, today))


def demo_patron(store: Store, blocked: bool = False, today: date | None = None) -> str:
    """A demo patron's card number: an unblocked one, or one with a block (for walkthroughs)."""
    today = today or datetime.now(UTC).date()
    with store.read() as session:
        query = select(Patron.card_number).order_by(Patron.id)
        if blocked:
            query = query.where(Patron.manual_block.is_(True))
        else:
            query = query.where(
                Patron.manual_block.is_(False),
                Patron.fines_owed_cents <= 500,
                Patron.card_expiry > today + timedelta(days=30),
                Patron.category == "ADULT",
            )
        card = session.scalar(query.limit(1))
    if card is None:
        raise LookupError("the demo store has no such patron")
    return card


__all__ = [
    "DEMO_FORMAT",
    "DEMO_INSTITUTION",
    "bulk_insert",
    "demo_patron",
    "seed",
    "seed_large",
    "seed_showcase",
]
