"""The console's Reach figures are the laptop's: a real laptop holds a stop (with the demo's
planned stop sharing its day), counts attendance, lends, takes back, renews, records in-house
use and undoes a scan, syncs; the console's survey table for that day is row for row the one
the laptop's own ``attendance-csv`` writes for the same stops."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from popup.domain.payments import PaymentMethod
from popup.store.events import Events
from popup_sync.console import reach
from popup_sync.console.access import ConsoleScope, ConsoleUserInfo, Role
from tests.helpers.consortium import SyncServer
from tests.helpers.laptops import Laptop

ADMIN = ConsoleUserInfo(1, "t", "Test", Role.ADMIN, None, "x")


def test_the_consoles_survey_table_is_the_laptops(
    sync_server: SyncServer, laptops: Callable[[str], Laptop]
) -> None:
    laptop = laptops("reach")
    laptop.enroll(sync_server)
    assert laptop.sync().ok
    desk = laptop.desk
    books, cards = laptop.available_barcodes(), laptop.patron_cards()
    events = Events(laptop.store)
    now = datetime.now(UTC)
    stop = events.open_stop("Reach corner", "Lawn", starts_at=now, ends_at=now + timedelta(hours=1))
    story = events.create_event(stop.id, "Story time", "storytime", audience=events.bands[0].code)
    for band, taps in ((events.bands[0].code, 3), (events.bands[1].code, 2)):
        for _ in range(taps):
            events.count(story.id, band, 1)
    events.count(story.id, events.bands[1].code, -1)
    events.scan(story.id, cards[0], band=events.bands[3].code)
    desk.checkout(cards[1], books[0])
    desk.checkout(cards[1], books[1])
    desk.checkin(books[1])
    desk.in_house_use(books[2], 2)
    desk.checkout(cards[2], books[3])
    last = desk.last_undoable()
    assert last is not None
    desk.undo(last[0])
    desk.record_payment(cards[4], 150, method=PaymentMethod.CARD, as_credit=True)
    report = laptop.sync()
    assert report.ok, report.error and laptop.waiting() == 0

    assert sync_server.db is not None
    with sync_server.db.read() as session:
        scope = ConsoleScope(session, ADMIN)
        library = scope.library(laptop.creds.library_code if laptop.creds else "MAIN")
        zone = reach.library_zone(library)[1]
        day = now.astimezone(zone).date()
        figures = reach.library_reach(
            scope, library, reach.period(reach.PeriodKind.DAY, day.isoformat())
        )
        console = reach.survey_rows([figures])
    assert [v.stop_id for v in figures.visits if v.stop_id == stop.id] == [stop.id]
    on_the_laptop = events.survey_table([v.stop_id for v in figures.visits])
    assert console == on_the_laptop
    mine = next(v for v in figures.visits if v.stop_id == stop.id)
    assert (mine.circulation.checkouts, mine.circulation.returns) == (2, 1)  # one undone
    assert mine.circulation.takings.card_cents == 150
