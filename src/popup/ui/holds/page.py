"""The pick list (Ctrl+H): the holds to deliver at a stop, in call-number order, printable
before the vehicle leaves, with a count of those whose copy is not on board yet."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from popup.domain.staff import Capability
from popup.store.circulation import PickEntry
from popup.store.notify import StoreChange, Topic
from popup.ui.actions import Failure
from popup.ui.context import AppContext
from popup.ui.desk.base import big_button, live_heading
from popup.ui.desk.slip import print_slip
from popup.ui.desk.tables import FittedTable
from popup.ui.feedback import COLOURS, Outcome
from popup.ui.page import Page
from popup.ui.text import date_text, long_date_text


class PickListPage(Page):
    """Holds to deliver at the chosen stop (today's at first); Ctrl+P prints the list.

    Signals: those of :class:`Page`.
    """

    key = "picklist"
    shortcut = "Ctrl+H"
    needs = Capability.LOOKUP

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("MainWindow", "Pick list")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.entries: list[PickEntry] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        label = QLabel(self.tr("Holds to deliver at:"), self)
        self.stop_box = QComboBox(self)
        self.stop_box.setAccessibleName(self.tr("Stop"))
        self.stop_box.setMinimumHeight(36)
        label.setBuddy(self.stop_box)
        top.addWidget(label)
        top.addWidget(self.stop_box, 1)
        layout.addLayout(top)
        self.count_label = live_heading("", self, 15)
        layout.addWidget(self.count_label)
        self.model = QStandardItemModel(0, 5, self)
        self.model.setHorizontalHeaderLabels(
            [
                self.tr("Call number"),
                self.tr("Title"),
                self.tr("For"),
                self.tr("Keep until"),
                self.tr("On board"),
            ]
        )
        self.view = FittedTable(self, wrap={1: 3}, row_height=34)
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("Holds to deliver"))
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.print_button = big_button(
            self.tr("Print pick list (Ctrl+P)"), self.tr("Print pick list"), self
        )
        row.addWidget(self.print_button)
        layout.addLayout(row)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.print_button.clicked.connect(self.print_current)
        self.stop_box.currentIndexChanged.connect(lambda _i: self.refresh())

    # -- the page hooks -------------------------------------------------------------------------

    def activate(self) -> None:
        self.load_stops()
        self.stop_box.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_scan(self) -> None:
        self.stop_box.setFocus(Qt.FocusReason.OtherFocusReason)

    def on_store_changed(self, change: StoreChange) -> None:
        # Read again only while shown (a download of the catalogue touches it page by page);
        # activate() reads it when the page comes up.
        if self.isVisible() and change.touches(
            Topic.HOLDS, Topic.STOPS, Topic.CATALOGUE, Topic.PATRONS
        ):
            self.refresh_soon()

    def say_problem(self, failure: Failure) -> None:
        self.status.setText(failure.text)

    def clear_patron(self, note: str) -> None:
        """Idle clear and lock: the list names patrons (initials, card ending), so it goes;
        it is read again when the page is shown (:meth:`activate`)."""
        del note  # the list is not one patron's: nothing to say where it was
        self.entries = []
        self.model.removeRows(0, self.model.rowCount())
        self.count_label.clear()
        self.status.clear()
        self.print_button.setEnabled(False)

    # -- contents -------------------------------------------------------------------------------

    def load_stops(self) -> None:
        """Every stop, today's chosen (or the one chosen before)."""
        chosen = self.stop_box.currentData()
        stops = self.ctx.events.stops()
        current = self.ctx.events.current_stop()
        self.stop_box.blockSignals(True)
        self.stop_box.clear()
        self.stop_box.addItem(self.tr("Every stop"), None)
        for stop in stops:
            when = f" — {date_text(stop.starts_at.date())}" if stop.starts_at else ""
            self.stop_box.addItem(f"{stop.name}{when}", stop.id)
        want = chosen or (current.id if current is not None else None)
        index = self.stop_box.findData(want) if want else 0
        self.stop_box.setCurrentIndex(max(index, 0))
        self.stop_box.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        with self.attempt("pick_list", writes=False) as act:
            self.entries = self.ctx.desk.pick_list(self.stop_box.currentData())
        if act.failed:
            return
        self.model.removeRows(0, self.model.rowCount())
        attention_bg, attention_fg = COLOURS[Outcome.ATTENTION]
        for entry in self.entries:
            hold = entry.hold
            who = self.tr("{0} (card …{1})").format(hold.patron_initials, hold.card_tail)
            board = self.tr("on board") if entry.on_board else self.tr("NOT ON BOARD")
            cells = [entry.call_number or "—", hold.title, who, date_text(hold.expires_on), board]
            items = [QStandardItem(text) for text in cells]
            for item in items:
                item.setEditable(False)
                if not entry.on_board:  # what is still to fetch stands out
                    item.setBackground(QColor(attention_bg))
                    item.setForeground(QColor(attention_fg))
            self.model.appendRow(items)
        missing = sum(1 for e in self.entries if not e.on_board)
        self.count_label.setText(
            self.tr("%n hold(s) to deliver", "", len(self.entries))
            + " · "
            + self.tr("%n not on board yet", "", missing)
        )
        self.print_button.setEnabled(bool(self.entries))

    def list_html(self) -> str:
        stop = self.stop_box.currentText()
        heading = self.tr("Pick list: {0}").format(stop)
        # A box to tick as each copy goes on board (ticked: on board already).
        head = "".join(
            f"<th align='left'>{html.escape(h)}</th>"
            for h in (
                "",
                self.tr("Call number"),
                self.tr("Title"),
                self.tr("For"),
                self.tr("Keep until"),
            )
        )
        rows = "".join(
            "<tr>"
            + "".join(
                f"<td>{html.escape(cell)}</td>"
                for cell in (
                    "☐" if not e.on_board else "☑",
                    e.call_number,
                    e.hold.title,
                    f"{e.hold.patron_initials} …{e.hold.card_tail}",
                    date_text(e.hold.expires_on),
                )
            )
            + "</tr>"
            for e in self.entries
        )
        missing = sum(1 for e in self.entries if not e.on_board)
        not_on_board = self.tr("%n not on board yet", "", missing)
        return (
            f"<h2>{html.escape(heading)}</h2>"
            f"<p>{html.escape(long_date_text(self.ctx.today()))} — "
            f"{html.escape(not_on_board)}</p>"
            f"<table width='100%' cellpadding='3'><tr>{head}</tr>{rows}</table>"
        )

    def print_current(self) -> bool:
        """Ctrl+P on this page: the pick list."""
        if not self.entries:
            self.status.setText(self.tr("No holds to deliver at this stop: nothing to print."))
            self.ctx.sounds.play(Outcome.ATTENTION)
            return True
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            print_slip(self.list_html(), printer)
        self.focus_scan()
        return True
