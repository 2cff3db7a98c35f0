"""``popup --demo``'s store shows something on every screen: a stop under way now, loans (some
overdue), a hold ready, an event with counts, and a stop report that is not empty."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from popup.domain import demo_data
from popup.store import demo
from popup.store.circulation import Desk
from popup.store.db import Store
from popup.store.events import Events
from popup.store.models import Item, Loan, OutboxEntry, Patron
from popup.ui.events.report import StopReportPage
from tests.helpers.desk import MakeContext

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]


@pytest.fixture
def showcase(store: Store) -> Store:
    assert demo.seed(store, items=300, patrons=80, showcase=True)
    return store


def test_the_demo_stop_runs_now_with_loans_a_hold_and_an_event(showcase: Store) -> None:
    now = datetime.now(UTC)
    events = Events(showcase)
    stop = events.current_stop()
    assert stop is not None and stop.id == demo_data.DEMO_STOP_ID
    assert stop.starts_at is not None and stop.ends_at is not None
    assert stop.starts_at <= now <= stop.ends_at
    assert [e.title for e in events.events(stop.id)] == ["Story time"]

    desk = Desk(showcase)
    with showcase.read() as session:
        open_loans = session.scalars(select(Loan).where(Loan.returned_at.is_(None))).all()
        downloaded = [loan for loan in open_loans if loan.synced]
        overdue = [loan for loan in downloaded if loan.due_date < now.date()]
        borrowers = sorted(
            {
                card
                for card in session.scalars(
                    select(Patron.card_number).where(
                        Patron.id.in_([loan.patron_id for loan in downloaded])
                    )
                )
            }
        )
        held = session.scalar(
            select(Item.barcode).where(Item.on_hold.is_(True), Item.status == "on_loan")
        )
        waiting = session.scalar(select(func.count(OutboxEntry.seq)))
    assert len(downloaded) == 7 and len(overdue) == 3
    assert len(open_loans) == 9  # and today's two checkouts at the stop
    assert waiting == 1 + 6 + 2 + 1  # the event, its counts, the checkouts, an in-house use
    # Each borrower's card shows their loans, overdue ones marked.
    views = [desk.find_patron(card) for card in borrowers]
    assert sum(len(v.loans) for v in views) == 7
    assert sum(loan.overdue for v in views for loan in v.loans) == 3
    assert held is not None  # a patron is waiting for this item: its return is a hold trap
    returned = desk.checkin(held)
    assert returned.hold and returned.route_to is None


def test_the_demo_stop_report_is_not_empty(
    showcase: Store, make_context: MakeContext, qtbot: Any
) -> None:
    ctx = make_context(showcase)
    page = StopReportPage(ctx)
    qtbot.addWidget(page)
    page.resize(1180, 680)
    page.show()
    assert page.report is not None and page.report.stop.id == demo_data.DEMO_STOP_ID
    tiles = {key: label.text() for key, label in page.tiles.items()}
    assert (tiles["checkouts"], tiles["in_house_uses"]) == ("2", "2")
    assert (tiles["attendance"], tiles["events"]) == ("6", "1")
    held = page.report.held
    assert held.start <= datetime.now(UTC) < held.end  # the day of a stop never opened here
    assert page.window_label.text().startswith(page.report.stop.name) is False
    assert page.model.rowCount() == 2  # Story time and the total
    activity = page.activity_view.chart().series()[0]
    assert sum(bar.at(i) for bar in activity.barSets() for i in range(bar.count())) == 10


def test_the_demo_has_a_staff_member_and_a_volunteer_to_sign_in_as(showcase: Store) -> None:
    from popup.domain.staff import Capability, Role
    from popup.store.staff import StaffBook

    book = StaffBook(showcase, lambda: datetime.now(UTC))
    assert not book.needs_first_admin()  # the demo opens on sign-in, not "create the admin"
    roles = {}
    for login, name, role, pin in demo_data.DEMO_STAFF:
        actor = book.sign_in(login, pin)
        assert actor.name == name
        roles[role] = actor
        book.sign_out()
    assert roles["staff"].may(Capability.OVERRIDE)
    assert roles["volunteer"].role is Role.VOLUNTEER and not roles["volunteer"].may(
        Capability.OVERRIDE
    )


def test_the_stop_report_says_who_did_what(
    showcase: Store, make_context: MakeContext, qtbot: Any
) -> None:
    ctx = make_context(showcase)  # Sam Staff signed in
    card = demo.demo_patron(showcase)
    with showcase.read() as s:
        book = s.scalar(select(Item.barcode).where(Item.status == "available").limit(1))
    ctx.desk.checkout(card, book)
    page = StopReportPage(ctx)
    qtbot.addWidget(page)
    page.show()
    said = page.staff_label.text()
    # The demo's seeded actions name nobody; Sam's checkout is Sam's.
    assert said.startswith("By staff member: ") and "Sam Staff: 1 action" in said
    assert "no one signed in: " in said
    page.clear_patron("idle")
    assert page.staff_label.text() == ""
