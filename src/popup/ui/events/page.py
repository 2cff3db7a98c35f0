"""The event screen: big +/− counters per age band, a card scan field and the registration list.

Every tap, scan and check-in is written to the store (with its outbox record) before the
number on screen changes, so what staff see is what is on disk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import astuple

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from popup.domain.attendance import EventCounts
from popup.domain.staff import Capability
from popup.store.events import (
    CHECKED_IN,
    WAITLIST,
    BandNeeded,
    CountResult,
    EventView,
    ScanResult,
    StopView,
)
from popup.store.notify import StoreChange, Topic
from popup.ui import palette
from popup.ui.actions import Attempt, Failure
from popup.ui.context import AppContext
from popup.ui.events.counters import MAX_SHORTCUT_BANDS, BandCounter, minus_keys, plus_keys
from popup.ui.events.dialogs import (
    EventValues,
    NewEventDialog,
    NewStopDialog,
    StopValues,
    event_type_text,
)
from popup.ui.events.models import band_label, stop_label, where_text
from popup.ui.events.registrations import RegistrationPanel
from popup.ui.feedback import Banner, Outcome
from popup.ui.page import Page
from popup.ui.scanner import ScanField
from popup.ui.widgets import FlowLayout


class EventsPage(Page):
    """Counting attendance at the current stop's events.

    The stop it opens on is :meth:`Events.current_stop` (the one rule for "today's stop", which
    the window's header follows too). Stops and events downloaded while the page shows appear
    without a click; the counts and the banner stay as they are.

    Signals:
        recorded(int): an action was written (its outbox seq).

    Attributes:
        events: the store API.
        counters: the band counters by band code.
        scan_field: where library cards are scanned.
        banner: what the last tap or scan did.
        registration_box: the registration list, its buttons and form.
    """

    key = "events"
    shortcut = "F10"
    needs = Capability.ATTENDANCE

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("events", "Events")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.events = ctx.events
        self.sounds = ctx.sounds
        self.bands = self.events.bands
        self._stop: StopView | None = None
        self._event: EventView | None = None
        self._pending_band: Callable[[str], None] | None = None
        self._updating = False
        #: Reloading for a store change: keep the banner and a pending band choice.
        self._quiet = False

        page = QVBoxLayout(self)
        page.setContentsMargins(4, 4, 4, 4)
        page.setSpacing(4)
        outer = QHBoxLayout()
        main = QVBoxLayout()
        main.setSpacing(4)
        outer.addLayout(main, 1)

        # -- stop and event pickers -----------------------------------------------------------
        self.stop_combo = QComboBox(self)
        self.stop_combo.setAccessibleName(self.tr("Stop"))
        self.stop_combo.setMinimumWidth(240)
        self.stop_combo.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        # Tab reaches the New buttons and their keys are on them; a click leaves the focus
        # in the scan field (a wedge scan's Enter would press a focused button).
        self.new_stop_button = QPushButton(self.tr("New stop… (Ctrl+Shift+N)"), self)
        self.new_stop_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.event_combo = QComboBox(self)
        self.event_combo.setAccessibleName(self.tr("Event"))
        self.event_combo.setMinimumWidth(260)
        self.event_combo.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.new_event_button = QPushButton(self.tr("New event… (Ctrl+N)"), self)
        self.new_event_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        # Stop and event side by side, or one above the other on a narrow screen.
        top = FlowLayout(spacing=16)
        for label, combo, button in (
            (self.tr("Stop"), self.stop_combo, self.new_stop_button),
            (self.tr("Event"), self.event_combo, self.new_event_button),
        ):
            group = QWidget(self)
            row = QHBoxLayout(group)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(QLabel(label, group))
            row.addWidget(combo, 1)
            row.addWidget(button)
            top.addWidget(group)
        page.addLayout(top)
        page.addLayout(outer, 1)

        head = QHBoxLayout()
        self.event_title = QLabel(self)
        self.event_title.setStyleSheet("font-size: 19pt; font-weight: bold;")
        self.event_info = QLabel(self)
        self.event_info.setStyleSheet(f"font-size: 13pt; color: {palette.SLATE};")
        self.total_label = QLabel(self)
        self.total_label.setStyleSheet(
            f"font-size: 19pt; font-weight: bold; color: {palette.NAVY};"
        )
        self.total_label.setAccessibleName(self.tr("Total attendance"))
        # One line: the event's name, then its type, audience and place, then the total (a
        # second line cost the counters their room on a netbook).
        head.setSpacing(12)
        head.addWidget(self.event_title)
        head.addWidget(self.event_info, 1, Qt.AlignmentFlag.AlignBaseline)
        head.addWidget(self.total_label)
        main.addLayout(head)

        # -- counters -------------------------------------------------------------------------
        self.counter_box = QWidget(self)
        grid = QGridLayout(self.counter_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        self.counters: dict[str, BandCounter] = {}
        self._shortcuts: list[QShortcut] = []
        for i, band in enumerate(self.bands):
            number = i + 1 if i < MAX_SHORTCUT_BANDS else None
            counter = BandCounter(band, number, self.counter_box)
            counter.tapped.connect(self.tap)
            grid.addWidget(counter, 0, i)
            self.counters[band.code] = counter
            if number is not None:
                for keys, delta in ((plus_keys(number), 1), (minus_keys(number), -1)):
                    shortcut = QShortcut(QKeySequence(keys), self)
                    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                    shortcut.activated.connect(lambda code=band.code, d=delta: self.tap(code, d))
                    self._shortcuts.append(shortcut)
        main.addWidget(self.counter_box, 1)
        self.empty_label = QLabel(self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet(f"font-size: 17pt; color: {palette.SLATE};")
        main.addWidget(self.empty_label, 1)

        # -- card scans -----------------------------------------------------------------------
        scan_row = QHBoxLayout()
        scan_label = QLabel(self.tr("Library card"), self)
        scan_label.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.scan_field = ScanField(self.tr("Library card scan"), self)
        self.scan_field.setPlaceholderText(self.tr("Scan a library card (QR or barcode)"))
        self.scan_field.submitted.connect(self.on_scan_submitted)
        scan_row.addWidget(scan_label)
        scan_row.addWidget(self.scan_field, 1)
        main.addLayout(scan_row)

        self.band_choice = QFrame(self)
        choice_row = QHBoxLayout(self.band_choice)
        choice_row.setContentsMargins(0, 0, 0, 0)
        self.band_choice_label = QLabel(self.band_choice)
        self.band_choice_label.setWordWrap(True)
        choice_row.addWidget(self.band_choice_label, 1)
        self.band_choice_buttons: dict[str, QPushButton] = {}
        for band in self.bands:
            button = QPushButton(band.label, self.band_choice)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumHeight(40)
            button.clicked.connect(lambda _c=False, code=band.code: self.choose_band(code))
            choice_row.addWidget(button)
            self.band_choice_buttons[band.code] = button
        skip = QPushButton(self.tr("Don't count"), self.band_choice)
        skip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        skip.clicked.connect(self.cancel_band_choice)
        choice_row.addWidget(skip)
        self.band_choice.hide()
        main.addWidget(self.band_choice)

        self.banner = Banner(self)
        main.addWidget(self.banner)

        # -- registration list ----------------------------------------------------------------
        self.registration_box = RegistrationPanel(self.bands, self)
        self.registration_box.checkInRequested.connect(self.check_in_selected)
        self.registration_box.cancelRequested.connect(self.cancel_selected)
        self.registration_box.registrationActivated.connect(self.check_in)
        self.registration_box.addRequested.connect(self.register_from_form)
        outer.addWidget(self.registration_box)

        self.stop_combo.currentIndexChanged.connect(self.on_stop_changed)
        self.event_combo.currentIndexChanged.connect(self.on_event_changed)
        self.new_stop_button.clicked.connect(self.new_stop)
        self.new_event_button.clicked.connect(self.new_event)
        # This page's keys only (the new card's Ctrl+N is its view's), from any focused widget.
        for keys, slot in (("Ctrl+N", self.new_event), ("Ctrl+Shift+N", self.new_stop)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
            self._shortcuts.append(shortcut)
        self.refresh_stops()

    # -- main-window hooks --------------------------------------------------------------------

    def active_scan_field(self) -> QLineEdit | None:
        # A card scanned while typing a registration goes into that registration's card field.
        if self.registration_box.reg_card.hasFocus():
            return self.registration_box.reg_card
        return self.scan_field if self._event is not None else None

    def handle_scan(self, text: str) -> None:
        """A keyboard-wedge scan made while focus was elsewhere on this page."""
        self.on_scan_submitted(text)

    def activate(self) -> None:
        self.refresh_stops(keep=True)
        if self._event is not None:
            QTimer.singleShot(0, self.scan_field.setFocus)

    def clear_patron(self, note: str) -> None:
        """Idle clear: who was just counted (banner, band question) and a half-typed
        registration go, and the registration list (read again on the next refresh)."""
        form = self.registration_box
        shown = (
            bool(self.banner.text())
            or self._pending_band is not None
            or bool(form.reg_name.text() or form.reg_card.text())
        )
        self._pending_band = None
        self.band_choice.hide()
        self.band_choice_label.clear()
        form.clear_form()
        # The list names people in full: it goes too, and is read again when the page is shown
        # (or the event chosen) by someone who may see it.
        self.registration_box.clear_rows()
        self.banner.clear_message()
        if shown:
            self.banner.show_message(Outcome.ATTENTION, note)

    def on_store_changed(self, change: StoreChange) -> None:
        # Shown again, the page reads everything anyway (activate); while it shows, its own
        # taps (they carry their seq) are on screen already: only others' changes are read.
        if self.isVisible() and not change.seqs and change.touches(Topic.STOPS, Topic.EVENTS):
            self.refresh_soon()

    def refresh(self) -> None:
        """Read stops, events, counts and registrations again; keep the choice and banner."""
        self._quiet = True
        try:
            self.refresh_stops(keep=True)
        finally:
            self._quiet = False

    # -- stops and events ---------------------------------------------------------------------

    def refresh_stops(self, keep: bool = False, select: str | None = None) -> None:
        wanted = select or (self._stop.id if keep and self._stop else None)
        if wanted is None:
            current = self.events.current_stop()
            wanted = current.id if current else None
        self._updating = True
        self.stop_combo.clear()
        zone = self.events.config.zone
        today = self.events.clock().astimezone(zone).date()
        for stop in self.events.stops():
            self.stop_combo.addItem(stop_label(stop, zone, today), stop.id)
        self._updating = False
        index = self.stop_combo.findData(wanted) if wanted else -1
        if index < 0 and self.stop_combo.count():
            index = 0
        self.stop_combo.setCurrentIndex(index)
        self.on_stop_changed(index)

    def on_stop_changed(self, index: int) -> None:
        if self._updating:
            return
        stop_id = self.stop_combo.itemData(index) if index >= 0 else None
        self._stop = next((s for s in self.events.stops() if s.id == stop_id), None)
        self.new_event_button.setEnabled(self._stop is not None)
        self.refresh_events()

    def refresh_events(self, select: str | None = None) -> None:
        wanted = select or (self._event.id if self._event else None)
        self._updating = True
        self.event_combo.clear()
        if self._stop is not None:
            for ev in self.events.events(self._stop.id):
                self.event_combo.addItem(ev.title, ev.id)
        self._updating = False
        index = self.event_combo.findData(wanted) if wanted else -1
        if index < 0 and self.event_combo.count():
            index = self.event_combo.count() - 1  # the newest event
        self.event_combo.setCurrentIndex(index)
        self.on_event_changed(index)

    def on_event_changed(self, index: int) -> None:
        if self._updating:
            return
        event_id = self.event_combo.itemData(index) if index >= 0 else None
        same = self._event is not None and self._event.id == event_id
        self._event = self.events.event(event_id) if event_id else None
        if not (self._quiet and same):
            self.cancel_band_choice()
            self.banner.clear_message()
        self.refresh_event()

    def refresh_event(self) -> None:
        ev = self._event
        has_event = ev is not None
        self.counter_box.setVisible(has_event)
        self.empty_label.setVisible(not has_event)
        self.scan_field.setEnabled(has_event)
        if ev is None:
            self.event_title.setText(self._stop.name if self._stop else self.tr("No stop"))
            self.event_info.setText("")
            self.total_label.setText("")
            self.empty_label.setText(
                self.tr("No events at this stop yet.\nPress “New event…” to start counting.")
                if self._stop
                else self.tr("No stops on this laptop yet.\nPress “New stop…” to add one.")
            )
            self.registration_box.hide()
            return
        audience = (
            self.tr("ages {0}").format(band_label(self.bands, ev.audience))
            if ev.audience
            else self.tr("all ages")
        )
        self.event_title.setText(ev.title)
        kind = event_type_text(ev.event_type)  # a listed type is stored in English
        self.event_info.setText(f"{kind} · {audience} · {where_text(ev.onsite)}")
        self.registration_box.setVisible(ev.uses_registration and self.may_list())
        self.refresh_counts()
        self.refresh_registrations()

    def refresh_counts(self, counts: EventCounts | None = None) -> None:
        if self._event is None:
            return
        counts = counts or self.events.counts(self._event.id)
        for code, counter in self.counters.items():
            counter.set_count(counts.get(code))
        text = self.tr("Total {0}").format(counts.total)
        if counts.identified:
            text += " " + self.tr("({0} by card)").format(counts.identified)
        self.total_label.setText(text)

    def refresh_registrations(self) -> None:
        ev = self._event
        if ev is None or not ev.uses_registration or not self.may_list():
            self.registration_box.clear_rows()
            return
        ev = self.events.event(ev.id)  # capacity may have changed
        self.registration_box.show_rows(self.events.registrations(ev.id), ev.capacity)

    def may_list(self) -> bool:
        """Whether the one signed in may see the registration list (names in full): a
        volunteer counts attendance (and scans cards) without it."""
        actor = self.ctx.store.actor
        return actor is not None and actor.may(Capability.EVENTS)

    def actor_changed(self) -> None:
        if self._event is None:
            self.registration_box.hide()
            self.registration_box.clear_rows()
            return
        self.refresh_event()

    def select_event(self, event_id: str) -> None:
        index = self.event_combo.findData(event_id)
        if index >= 0:
            self.event_combo.setCurrentIndex(index)

    @property
    def current_event(self) -> EventView | None:
        return self._event

    @property
    def current_stop(self) -> StopView | None:
        return self._stop

    def new_stop(self) -> NewStopDialog:
        now = self.events.clock()
        dialog = NewStopDialog(
            now.astimezone(self.events.config.zone).date(), self.events.config.zone, self
        )
        dialog.accepted.connect(lambda: self._finish_stop(dialog))
        dialog.rejected.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _finish_stop(self, dialog: NewStopDialog) -> None:
        if self.create_stop(dialog.values(), dialog) is None:
            dialog.open()  # keep the typed values; the problem is shown in the form
        else:
            dialog.deleteLater()

    def create_stop(self, values: StopValues, form: NewStopDialog | None = None) -> StopView | None:
        # StopValues holds open_stop's arguments, in its order.
        stop = self._in(form, "stop_open").run(lambda: self.events.open_stop(*astuple(values)))
        if stop is None:
            return None
        self.refresh_stops(select=stop.id)
        self.banner.show_message(Outcome.OK, self.tr("Stop “{0}” added.").format(stop.name))
        return stop

    def new_event(self) -> NewEventDialog:
        dialog = NewEventDialog(self.bands, self)
        dialog.accepted.connect(lambda: self._finish_event(dialog))
        dialog.rejected.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _finish_event(self, dialog: NewEventDialog) -> None:
        if self.create_event(dialog.values(), dialog) is None:
            dialog.open()
        else:
            dialog.deleteLater()

    def create_event(
        self, values: EventValues, form: NewEventDialog | None = None
    ) -> EventView | None:
        if self._stop is None:
            self._problem(self.tr("Choose or add a stop first."), form)
            return None
        stop_id = self._stop.id
        # EventValues holds create_event's arguments after the stop, in its order.
        ev = self._in(form, "event_create").run(
            lambda: self.events.create_event(stop_id, *astuple(values))
        )
        if ev is None:
            return None
        self.refresh_events(select=ev.id)
        self.banner.show_message(
            Outcome.OK, self.tr("“{0}” is ready: count with the + buttons.").format(ev.title)
        )
        self.scan_field.setFocus()
        return ev

    # -- counting -----------------------------------------------------------------------------

    def _problem(self, text: str, form: NewStopDialog | NewEventDialog | None = None) -> None:
        self.sounds.play(Outcome.PROBLEM)
        if form is not None:
            form.show_error(text)
        else:
            self.banner.show_message(Outcome.PROBLEM, text)

    def say_problem(self, failure: Failure) -> None:
        self.banner.show_message(Outcome.PROBLEM, failure.text)

    def _in(self, form: NewStopDialog | NewEventDialog | None, action: str) -> Attempt:
        """An attempt whose failure is shown in ``form`` (kept open with what was typed)."""
        if form is None:
            return self.attempt(action)
        return self.attempt(
            action, say=lambda failure: form.show_error(failure.text, failure.reason)
        )

    def tap(self, band: str, delta: int) -> None:
        if self._event is None:
            return
        event_id = self._event.id
        result = self.attempt("attendance_count").run(
            lambda: self.events.count(event_id, band, delta)
        )
        if result is None:
            return
        self.refresh_counts(result.counts)
        label = band_label(self.bands, band)
        n = result.counts.get(band)
        if delta > 0:
            self.banner.show_message(Outcome.OK, self.tr("+1 ages {0} — now {1}").format(label, n))
        else:
            self.banner.show_message(
                Outcome.ATTENTION, self.tr("−1 ages {0} — now {1}").format(label, n)
            )
        self.sounds.play(Outcome.OK)
        self.recorded.emit(result.seq)

    def on_scan_submitted(self, text: str) -> None:
        if self._event is None:
            self._problem(self.tr("Choose an event before scanning cards."))
            return
        event_id = self._event.id
        self._count_card(
            "attendance_scan",
            lambda band: self.events.scan(event_id, text, band),
            None,
            retry=(self.scan_field, text),
        )

    def _count_card(
        self,
        kind: str,
        action: Callable[[str | None], ScanResult | CountResult],
        band: str | None,
        retry: tuple[QLineEdit, str] | None = None,
    ) -> None:
        self.cancel_band_choice()
        needs: BandNeeded | None = None
        with self.attempt(kind, retry=retry) as act:
            try:
                result = action(band)
            except BandNeeded as exc:
                act.note(exc)
                needs = exc
        if act.failed:
            return
        if needs is not None:
            self.sounds.play(Outcome.ATTENTION)
            # Worded here, not by the store (English), so it reads in the UI language.
            self.band_choice_label.setText(
                self.tr("{0}: choose the age band to count them in.").format(needs.subject)
            )
            self.band_choice.show()
            self._pending_band = lambda code: self._count_card(kind, action, code, retry)
            self.banner.show_message(Outcome.ATTENTION, self.tr("Which age band? Pick one above."))
            return
        if isinstance(result, ScanResult):
            self._show_scan(result)
        else:
            self.refresh_counts(result.counts)
            self.banner.show_message(Outcome.OK, self.tr("Checked in and counted."))
            self.sounds.play(Outcome.OK)
            self.recorded.emit(result.seq)
        self.refresh_registrations()

    def _show_scan(self, result: ScanResult) -> None:
        self.refresh_counts(result.counts)
        label = band_label(self.bands, result.band)
        who = (
            result.registration.name
            if result.registration is not None
            else self.tr("Card …{0}").format(result.patron_card[-4:])
        )
        if result.already_counted:
            self.sounds.play(Outcome.ATTENTION)
            self.banner.show_message(
                Outcome.ATTENTION,
                self.tr("Already counted: {0} (ages {1}). Nothing added.").format(who, label),
            )
            return
        if result.registration is not None and result.registration.status == CHECKED_IN:
            text = self.tr("{0} checked in — ages {1}").format(who, label)
            if result.from_waitlist:
                text += " " + self.tr("(was on the waitlist: over capacity)")
        else:
            text = self.tr("{0} counted — ages {1}").format(who, label)
        self.sounds.play(Outcome.OK)
        self.banner.show_message(Outcome.OK, text)
        if result.seq is not None:
            self.recorded.emit(result.seq)

    def choose_band(self, code: str) -> None:
        pending = self._pending_band
        self._pending_band = None
        self.band_choice.hide()
        if pending is not None:
            pending(code)

    def cancel_band_choice(self) -> None:
        if self._pending_band is not None:
            self.banner.show_message(Outcome.ATTENTION, self.tr("Not counted."))
        self._pending_band = None
        self.band_choice.hide()

    # -- registration list --------------------------------------------------------------------

    def check_in_selected(self) -> None:
        reg_id = self.registration_box.selected_registration()
        if reg_id is None:
            self._problem(self.tr("Select a name in the list first."))
            return
        self.check_in(reg_id)

    def check_in(self, registration_id: str) -> None:
        self._count_card("check_in", lambda band: self.events.check_in(registration_id, band), None)

    def cancel_selected(self) -> None:
        reg_id = self.registration_box.selected_registration()
        if reg_id is None:
            self._problem(self.tr("Select a name in the list first."))
            return
        result = self.attempt("registration_cancel").run(
            lambda: self.events.cancel_registration(reg_id)
        )
        if result is None:
            return
        text = self.tr("{0}'s registration cancelled.").format(result.registration.name)
        if result.promoted:
            names = ", ".join(p.name for p in result.promoted)
            text += " " + self.tr("Moved up from the waitlist: {0}.").format(names)
        self.banner.show_message(Outcome.OK, text)
        self.recorded.emit(result.seq)
        self.refresh_registrations()

    def register_from_form(self) -> None:
        if self._event is None:
            return
        name, card, band = self.registration_box.form_values()
        event_id = self._event.id
        result = self.attempt("registration_add").run(
            lambda: self.events.register(event_id, name, card, band)
        )
        if result is None:  # the form keeps what was typed
            return
        reg = result.registration
        if reg.status == WAITLIST:
            self.banner.show_message(
                Outcome.ATTENTION,
                self.tr("{0} is on the waitlist (the event is full).").format(reg.name),
            )
        else:
            self.banner.show_message(Outcome.OK, self.tr("{0} registered.").format(reg.name))
        self.registration_box.clear_form()
        self.recorded.emit(result.seq)
        self.refresh_registrations()


__all__ = ["EventsPage"]
