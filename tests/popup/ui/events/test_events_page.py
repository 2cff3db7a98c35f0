"""The event screen and the stop report, driven through real widgets over a real store file."""

from __future__ import annotations

import csv
import re
import threading
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCharts import QBarCategoryAxis, QStackedBarSeries
from PySide6.QtCore import QLocale, Qt, QTime
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from sqlalchemy import select

from popup.domain import demo_data
from popup.domain.cards import ScanKind, qr_payload
from popup.domain.payments import PaymentMethod
from popup.store import demo, library
from popup.store.circulation import Desk
from popup.store.db import Store
from popup.store.events import CHECKED_IN, Events
from popup.store.models import Item, Patron, Stop
from popup.store.notify import Topic, note
from popup.ui.context import AppContext
from popup.ui.events.dialogs import NewEventDialog, NewStopDialog
from popup.ui.events.models import AttendanceTableModel, RegistrationModel
from popup.ui.events.page import EventsPage
from popup.ui.events.report import StopReportPage
from popup.ui.feedback import Outcome
from popup.ui.text import money_text
from tests.helpers import desk as helpers
from tests.helpers.desk import MakeContext, MakeWindow

pytestmark = [
    pytest.mark.gui,
    # The offscreen platform says this for every top-level window; it is not our warning.
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

DAY = datetime(2026, 11, 27, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = DAY.replace(hour=15, minute=5)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def events(demo_store: Store, clock: Clock) -> Events:
    with demo_store.transaction() as session:
        library.put(session, "timezone", "UTC")
        stop = session.get(Stop, "00000000-0000-4000-8000-000000000001")
        assert stop is not None
        stop.starts_at, stop.ends_at = DAY.replace(hour=15), DAY.replace(hour=19)
    return Events(demo_store, clock=clock)


@pytest.fixture
def ctx(events: Events, make_context: MakeContext) -> AppContext:
    """The page's context, over the store of ``events`` and with its clock."""
    return make_context(events.store, clock=events.clock)


@pytest.fixture
def page(ctx: AppContext, qtbot: Any) -> EventsPage:
    widget = EventsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1180, 680)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def _child_card(store: Store) -> str:
    with store.transaction() as session:
        p = session.query(Patron).filter(Patron.category == "CHILD").order_by(Patron.id).first()
        assert p is not None
        p.date_of_birth = date(2018, 6, 1)  # 8 years old on DAY
        return p.card_number


def _press(qtbot: Any, page: EventsPage, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
    page.scan_field.setFocus()
    qtbot.waitUntil(page.scan_field.hasFocus)
    qtbot.keyClick(page.scan_field, key, modifier)


def test_the_new_event_form_takes_typing_at_once_and_points_at_what_is_wrong(
    page: EventsPage, events: Events, qtbot: Any
) -> None:
    dialog = page.new_event()
    # It opens with the cursor in its first field: what staff type is not lost.
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.title_field)
    qtbot.keyClicks(QApplication.focusWidget(), "Lego club")
    assert dialog.title_field.text() == "Lego club"
    # Clear the type, move on to the audience and press Enter: refused, and the cursor goes
    # back to the type, the field that is wrong.
    helpers.press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.event_type  # its line edit takes the keys
    helpers.press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    helpers.press(qtbot, Qt.Key.Key_Delete)
    helpers.press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.audience
    helpers.press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.error.isVisible() and "type" in dialog.error.text().lower()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.event_type)
    assert page.current_event is None  # nothing was written
    qtbot.keyClicks(QApplication.focusWidget(), "Lego")
    helpers.press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.current_event is not None)
    ev = page.current_event
    assert ev is not None and (ev.title, ev.event_type) == ("Lego club", "Lego")
    assert not dialog.isVisible()


def test_new_event_and_new_stop_open_from_the_keyboard_in_the_window(
    events: Events, make_window: MakeWindow, qtbot: Any
) -> None:
    """Ctrl+N (New event) and Ctrl+Shift+N (New stop), shown on their buttons, work from the
    focused scan field in the real window (the new card's own Ctrl+N does not take them), and
    Tab reaches the buttons."""
    window = make_window(events.store, clock=events.clock)
    helpers.show_active(window, qtbot)
    page = window.page_of(EventsPage)
    stop = events.stops()[0]
    page.refresh_events(select=events.create_event(stop.id, "Story time", "story time", "0-5").id)
    window.show_mode(page.key)
    page.scan_field.setFocus()
    qtbot.waitUntil(page.scan_field.hasFocus)
    assert "Ctrl+N" in page.new_event_button.text()
    assert "Ctrl+Shift+N" in page.new_stop_button.text()

    helpers.press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, NewEventDialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.title_field)
    qtbot.keyClicks(QApplication.focusWidget(), "Lego club")
    # (Typed keys reach the field once the wedge filter has seen it is not a scan.)
    qtbot.waitUntil(lambda: dialog.title_field.text() == "Lego club")
    helpers.press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    helpers.show_active(window, qtbot)
    page.scan_field.setFocus()
    qtbot.waitUntil(page.scan_field.hasFocus)
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    helpers.press(qtbot, Qt.Key.Key_N, modifiers)
    stop_dialog = QApplication.activeModalWidget()
    assert isinstance(stop_dialog, NewStopDialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is stop_dialog.name)
    qtbot.keyClicks(QApplication.focusWidget(), "Library lawn")
    qtbot.waitUntil(lambda: stop_dialog.name.text() == "Library lawn")
    helpers.press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not stop_dialog.isVisible())

    # The buttons take the focus by Tab (not by a click, which leaves it in the scan field).
    assert page.new_event_button.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert page.new_stop_button.focusPolicy() & Qt.FocusPolicy.TabFocus
    helpers.show_active(window, qtbot)
    page.new_event_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(page.new_event_button.hasFocus)
    helpers.press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), NewEventDialog))


def test_event_flow_create_tap_scan_duplicate_and_check_in(
    page: EventsPage, events: Events, demo_store: Store, qtbot: Any
) -> None:
    assert page.current_stop is not None and page.current_stop.name == "Farmers' Market"
    assert not page.counter_box.isVisibleTo(page)  # no event yet: the page says what to do
    assert "New event" in page.empty_label.text()

    # Create an event through its form, with a registration list of two places.
    dialog = page.new_event()
    dialog.title_field.setText("Lego club")
    dialog.event_type.setCurrentIndex(1)  # STEM workshop
    dialog.audience.setCurrentIndex(2)  # ages 6-11
    dialog.offsite.setChecked(True)
    dialog.registration.setChecked(True)
    dialog.capacity.setValue(2)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.LeftButton)
    ev = page.current_event
    assert ev is not None and ev.title == "Lego club" and not ev.onsite
    assert (ev.event_type, ev.audience, ev.capacity) == ("STEM workshop", "6-11", 2)
    assert page.event_combo.currentText() == "Lego club"
    assert page.registration_box.isVisible()

    # Taps by keyboard: Ctrl+1 twice, Ctrl+4 once, Alt+1 corrects a wrong tap.
    assert page.counters["0-5"].plus_hint.text() == "Ctrl+1"
    assert "Alt+1" in page.counters["0-5"].minus.text()
    _press(qtbot, page, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    _press(qtbot, page, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    _press(qtbot, page, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    _press(qtbot, page, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert page.counters["0-5"].count.text() == "1"
    assert page.counters["19-64"].count.text() == "1"
    assert page.banner.text().startswith("−1 ages 0–5")
    # A − at zero is refused with a message; nothing is written.
    _press(qtbot, page, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    assert not page.counters["65+"].minus.isEnabled()
    qtbot.mouseClick(page.counters["6-11"].plus, Qt.LeftButton)  # a walk-in by mouse
    assert events.counts(ev.id).total == 3

    # A card scan typed into the scan field, then the same card again as a QR payload.
    card = _child_card(demo_store)
    qtbot.keyClicks(page.scan_field, card)
    qtbot.keyClick(page.scan_field, Qt.Key.Key_Return)
    assert page.banner.outcome is Outcome.OK and "counted — ages 6–11" in page.banner.text()
    assert page.counters["6-11"].count.text() == "2"
    page.handle_scan(qr_payload(card))  # a wedge scan routed by the main window
    assert page.banner.outcome is Outcome.ATTENTION
    assert page.banner.text().startswith("Already counted")
    assert page.counters["6-11"].count.text() == "2"
    assert "(1 by card)" in page.total_label.text()

    # Registration list: two places, the third person waits; check-in by click.
    for name, band in (("Ana", 2), ("Ben", 0), ("Cy", 3)):
        qtbot.keyClicks(page.registration_box.reg_name, name)
        page.registration_box.reg_band.setCurrentIndex(band)
        qtbot.mouseClick(page.registration_box.reg_add, Qt.LeftButton)
    assert page.banner.text() == "Cy is on the waitlist (the event is full)."
    assert "2 of 2 places taken" in page.registration_box.places_label.text()
    assert "1 on the waitlist" in page.registration_box.places_label.text()
    page.registration_box.registration_view.selectRow(0)
    qtbot.mouseClick(page.registration_box.check_in_button, Qt.LeftButton)
    assert page.banner.text() == "Checked in and counted."
    # Ben has no band: the page asks for one instead of guessing.
    page.registration_box.registration_view.selectRow(1)
    qtbot.mouseClick(page.registration_box.check_in_button, Qt.LeftButton)
    assert page.band_choice.isVisible()
    qtbot.mouseClick(page.band_choice_buttons["19-64"], Qt.LeftButton)
    assert not page.band_choice.isVisible()
    statuses = [r.status for r in events.registrations(ev.id)]
    assert statuses[:2] == [CHECKED_IN, CHECKED_IN]
    counts = events.counts(ev.id)
    assert dict(counts.by_band) == {"0-5": 1, "6-11": 3, "12-18": 0, "19-64": 2, "65+": 0}
    assert page.total_label.text().startswith("Total 6")


def test_unknown_card_asks_for_band_and_bad_scan_is_named(
    page: EventsPage, events: Events, qtbot: Any
) -> None:
    stop = page.current_stop
    assert stop is not None
    ev = events.create_event(stop.id, "Card drive", "card drive")
    page.refresh_events(select=ev.id)
    stranger = demo.DEMO_FORMAT.make(ScanKind.PATRON, 77_777, demo.DEMO_INSTITUTION)
    page.handle_scan(stranger)
    assert page.band_choice.isVisible() and "not on this laptop" in page.band_choice_label.text()
    qtbot.mouseClick(page.band_choice_buttons["12-18"], Qt.LeftButton)
    assert page.counters["12-18"].count.text() == "1"
    page.handle_scan("21120000000010")
    assert page.banner.outcome is Outcome.PROBLEM and "check digit" in page.banner.text()
    item = demo.DEMO_FORMAT.make(ScanKind.ITEM, 5, demo.DEMO_INSTITUTION)
    page.handle_scan(item)
    assert "item barcode, not a library card" in page.banner.text()
    assert events.counts(ev.id).total == 1


def test_new_stop_form_keeps_bad_input_and_names_it(page: EventsPage, qtbot: Any) -> None:
    dialog = page.new_stop()
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.LeftButton)
    qtbot.waitUntil(dialog.isVisible)
    assert "stop name is empty" in dialog.error.text()
    dialog.name.setText("Riverside Park")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.LeftButton)
    assert page.current_stop is not None and page.current_stop.name == "Riverside Park"
    assert page.stop_combo.currentText().startswith("Riverside Park")


def _seed_report(events: Events, demo_store: Store, clock: Clock) -> str:
    stop = events.current_stop()
    assert stop is not None
    story = events.create_event(stop.id, "Story time", "story time", "0-5")
    visit = events.create_event(stop.id, "Senior centre", "outreach", None, onsite=False)
    clock.now = DAY.replace(hour=16, minute=10)
    for band in ("0-5", "0-5", "0-5", "19-64"):
        events.count(story.id, band, 1)
    clock.now = DAY.replace(hour=17, minute=20)
    for _ in range(4):
        events.count(visit.id, "65+", 1)
    events.register(story.id, "Ana", band="0-5")
    desk = Desk(demo_store, clock=clock)
    fined = demo_data.fined_patron_card(demo.DEMO_FORMAT)  # owes 12.75
    desk.record_payment(fined, 1000, method=PaymentMethod.CASH)
    desk.record_payment(fined, 200, method=PaymentMethod.CARD)
    desk.record_payment(fined, 75, method=None, waiver=True)
    return stop.id


def test_stop_report_shows_figures_charts_and_exports(
    events: Events, ctx: AppContext, demo_store: Store, clock: Clock, qtbot: Any, tmp_path: Path
) -> None:
    _seed_report(events, demo_store, clock)
    report = StopReportPage(ctx)
    qtbot.addWidget(report)
    report.resize(1180, 680)
    report.show()
    assert report.tiles["attendance"].text() == "8"
    assert report.tiles["events"].text() == "2"
    money = [money_text(c) for c in (1000, 200, 0, 1200, 75)]  # as the locale writes them
    assert report.takings_label.text() == (
        "Taken: cash {} · card {} · other {} — total {}. Fines waived: {}.".format(*money)
    )
    assert report.window_label.text() == (
        "Fri 27 Nov: circulation all day (the stop was not opened on this laptop, so the whole "
        "day counts)."
    )
    # Band chart: on-site and off-site stacked per band.
    series = report.band_view.chart().series()[0]
    assert isinstance(series, QStackedBarSeries)
    onsite, offsite = series.barSets()
    assert [onsite.at(i) for i in range(5)] == [3, 0, 0, 1, 0]
    assert [offsite.at(i) for i in range(5)] == [0, 0, 0, 0, 4]
    activity = report.activity_view.chart().series()[0]
    assert isinstance(activity, QStackedBarSeries)
    attendance = next(s for s in activity.barSets() if s.label() == "Attendance")
    assert [attendance.at(i) for i in range(attendance.count())] == [4, 4]
    assert report.model.cell(2, 0) == "Total" and report.model.cell(2, 8) == "8"

    pdf = tmp_path / "report.pdf"
    assert report.export_pdf(str(pdf))
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 5_000
    target = tmp_path / "survey.csv"
    with qtbot.waitSignal(report.csvSaved) as saved:  # written on the io lane
        assert report.export_csv(str(target))
    assert saved.args == [True]
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["stop", "date", "event"]
    total = dict(zip(rows[0], rows[-1], strict=True))
    assert total["stop"] == "TOTAL" and total["total_attendance"] == "8"
    assert (total["taken_cash"], total["taken_card"], total["waived"]) == ("10.00", "2.00", "0.75")
    assert report.message.text().startswith("Saved the stop's circulation and 2 event(s) to ")


def test_the_report_page_counts_the_stop_as_held_with_in_house_use(
    events: Events, ctx: AppContext, demo_store: Store, clock: Clock, qtbot: Any, tmp_path: Path
) -> None:
    """Circulation at 04:00 on a planned 15:00-19:00 stop's day counts, in-house uses have a
    tile and bars, and every series' bars add up to its tile."""
    stop = events.current_stop()
    assert stop is not None
    desk = Desk(demo_store, clock=clock)
    patron = demo.demo_patron(demo_store)
    with demo_store.read() as session:
        books = list(session.scalars(select(Item.barcode).where(Item.item_type == "BOOK").limit(3)))
    clock.now = DAY.replace(hour=4)
    desk.checkout(patron, books[0])
    desk.in_house_use(books[1], count=2)
    clock.now = DAY.replace(hour=15, minute=30)
    desk.checkout(patron, books[2])
    desk.checkin(books[0])
    desk.in_house_use(books[1])
    story = events.create_event(stop.id, "Story time", "story time", "0-5")
    clock.now = DAY.replace(hour=16)
    events.count(story.id, "0-5", 1)

    report = StopReportPage(ctx)
    qtbot.addWidget(report)
    report.resize(1180, 680)
    report.show()
    tiles = {key: label.text() for key, label in report.tiles.items()}
    assert (tiles["checkouts"], tiles["returns"], tiles["in_house_uses"]) == ("2", "1", "3")
    assert tiles["attendance"] == "1"
    assert report.window_label.text().startswith("Fri 27 Nov: circulation all day")
    activity = report.activity_view.chart().series()[0]
    assert isinstance(activity, QStackedBarSeries)
    axis = activity.attachedAxes()[0]
    assert isinstance(axis, QBarCategoryAxis)
    hours = [str(label) for label in axis.categories()]
    assert hours[0] == "04:00" and hours[-1] == "16:00"
    sums = {bar.label(): sum(bar.at(i) for i in range(bar.count())) for bar in activity.barSets()}
    assert sums == {
        "Checkouts": 2,
        "Returns": 1,
        "Renewals": 0,
        "In-house uses": 3,
        "New patrons": 0,
        "Attendance": 1,
    }
    in_house = next(b for b in activity.barSets() if b.label() == "In-house uses")
    assert (in_house.at(0), in_house.at(hours.index("15:00"))) == (2, 1)

    # A stop opened here later that day ends the planned one's day at its opening.
    clock.now = DAY.replace(hour=17, minute=5)
    events.open_stop("Evening stop")
    clock.now = DAY.replace(hour=18)
    desk.checkout(patron, books[0])
    report.show_stop(stop.id)
    assert report.window_label.text() == (
        "Fri 27 Nov: circulation from the start of the day to "
        f"{_time(17, 5)} (when the next stop began)."
    )
    assert report.tiles["checkouts"].text() == "2"
    qtbot.waitUntil(lambda: report.stop_combo.findText("Evening stop") >= 0)  # follows the store
    report.stop_combo.setCurrentIndex(report.stop_combo.findText("Evening stop"))
    assert report.window_label.text() == (
        f"Fri 27 Nov: circulation from {_time(17, 5)} (when the stop was opened on this laptop) "
        "to the end of the day."
    )
    assert report.tiles["checkouts"].text() == "1"
    assert report.export_pdf(str(tmp_path / "evening.pdf"))


def _time(hour: int, minute: int) -> str:
    return QLocale().toString(QTime(hour, minute), QLocale.FormatType.ShortFormat)


def test_a_long_day_report_runs_over_pages(
    events: Events, ctx: AppContext, qtbot: Any, tmp_path: Path
) -> None:
    stop = events.current_stop()
    assert stop is not None
    for i in range(45):
        ev = events.create_event(stop.id, f"Class visit {i + 1}", "class visit", "6-11")
        events.count(ev.id, "6-11", 1)
    report = StopReportPage(ctx)
    qtbot.addWidget(report)
    pdf = tmp_path / "long.pdf"
    assert report.export_pdf(str(pdf))
    pages = re.findall(rb"/Type\s*/Page\b", pdf.read_bytes())
    assert len(pages) >= 2  # the table runs on to a second page, the charts follow it
    assert report.tiles["attendance"].text() == "45"


def test_item_models_pass_the_model_tester(
    events: Events, demo_store: Store, clock: Clock, qtmodeltester: Any
) -> None:
    stop_id = _seed_report(events, demo_store, clock)
    table = AttendanceTableModel()
    qtmodeltester.check(table)
    report = events.stop_report(stop_id)
    table.set_report(report.bands, report.events)
    qtmodeltester.check(table)
    regs = RegistrationModel(events.bands)
    story = report.events[0].event
    events.register(story.id, "Ben", card=None)
    regs.set_rows(events.registrations(story.id))
    assert regs.rowCount() == 2
    qtmodeltester.check(regs)


def test_main_window_offers_events_and_report_pages(
    demo_store: Store, make_window: MakeWindow, qtbot: Any
) -> None:
    window = make_window(demo_store)
    assert {EventsPage.key, StopReportPage.key} <= set(window.modes())
    window.show()
    window.show_mode(EventsPage.key)
    assert window.current_mode() == EventsPage.key
    window.show_mode(StopReportPage.key)
    assert window.current_mode() == StopReportPage.key
    # The events page is reached with its shortcut, as shown on its button.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    helpers.press(qtbot, Qt.Key.Key_F10)
    assert window.current_mode() == EventsPage.key
    assert QApplication.focusWidget() is not None


def _download_stop(store: Store, name: str) -> None:
    """A stop arriving from the server: written on another thread, noted as STOPS."""

    def download() -> None:
        with store.transaction() as session:
            session.add(
                Stop(
                    id="00000000-0000-4000-8000-0000000000d1",
                    name=name,
                    starts_at=DAY.replace(hour=20),
                    ends_at=DAY.replace(hour=21),
                    origin="server",
                )
            )
            note(session, Topic.STOPS)

    worker = threading.Thread(target=download)
    worker.start()
    worker.join()


def test_a_downloaded_stop_appears_and_the_banner_stays(
    page: EventsPage, events: Events, ctx: AppContext, qtbot: Any
) -> None:
    stop = page.current_stop
    assert stop is not None
    ev = events.create_event(stop.id, "Story time", "story time")
    page.refresh_events(select=ev.id)
    page.tap("0-5", 1)
    said = page.banner.text()
    with qtbot.waitSignal(ctx.changes.changed):
        _download_stop(events.store, "Library picnic")
    texts = lambda: [page.stop_combo.itemText(i) for i in range(page.stop_combo.count())]  # noqa: E731
    qtbot.waitUntil(lambda: any("Library picnic" in text for text in texts()))
    assert page.current_stop is not None and page.current_stop.id == stop.id
    assert page.current_event is not None and page.current_event.id == ev.id
    assert page.banner.text() == said  # the last tap's words are still there


def test_the_report_on_screen_follows_new_actions(
    events: Events, ctx: AppContext, demo_store: Store, clock: Clock, qtbot: Any
) -> None:
    _seed_report(events, demo_store, clock)
    report = StopReportPage(ctx)
    qtbot.addWidget(report)
    report.show()
    assert report.tiles["attendance"].text() == "8"
    story = next(e.event for e in events.stop_report(events.current_stop().id).events)
    events.count(story.id, "6-11", 1)  # another screen's tap, while the report shows
    qtbot.waitUntil(lambda: report.tiles["attendance"].text() == "9")


@pytest.mark.parametrize(("language", "said"), [("en", "Sat 28 Nov"), ("es", "sáb 28 nov")])
def test_both_stop_pickers_name_another_days_stop_with_its_day_in_the_ui_language(
    qtbot: Any,
    language: str,
    said: str,
    events: Events,
    ctx: AppContext,
    request: pytest.FixtureRequest,
) -> None:
    """The Events page wrote another day's stop with the C library's month ("28 Nov" in a
    Spanish window); both pickers now say it as the stop report did, with its hours."""
    if language == "es":
        request.getfixturevalue("spanish")
    tomorrow = events.open_stop(
        "Library picnic", None, DAY.replace(day=28, hour=10), DAY.replace(day=28, hour=12)
    )
    page: EventsPage = request.getfixturevalue("page")
    report = StopReportPage(ctx)
    qtbot.addWidget(report)
    page.refresh_stops()
    report.refresh_stops()
    for combo in (page.stop_combo, report.stop_combo):
        texts = [combo.itemText(i) for i in range(combo.count())]
        assert f"Library picnic · {said} 10:00–12:00" in texts, texts
        assert "Farmers' Market · 15:00–19:00" in texts, texts  # today's: its hours alone
    assert tomorrow.name == "Library picnic"
