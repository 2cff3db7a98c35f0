"""Sync screens: the status line, the enrollment dialog and the exceptions inbox (the page that
holds them is :mod:`popup.ui.sync.page`). They read the store; enrollment runs on the sync lane.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from popup.sync_client.engine import SyncReport
from popup.sync_client.enroll import default_device_name, enroll
from popup.sync_client.status import InboxEntry, SyncStatus, inbox, mark_done
from popup.ui.actions import UNEXPECTED, Attempt, Failure, describe, log_failure
from popup.ui.context import AppContext, Clock
from popup.ui.feedback import Banner, Outcome
from popup.ui.tasks import Lane
from popup.ui.text import (
    QT_TRANSLATE_NOOP,
    explanation_texts,
    sync_status_text,
)

log = logging.getLogger(__name__)


class EnrollDialog(QDialog):
    """Server address + one-time code. Accepted once the credentials are saved.

    Signals:
        enrolled(): the laptop is enrolled (credentials saved).
    """

    enrolled = Signal()

    def __init__(self, ctx: AppContext, url: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Connect to the sync server"))
        form = QFormLayout(self)
        intro = QLabel(
            self.tr(
                "Type the sync server's address and the one-time code the administrator gave"
                " you. The data on this laptop is kept."
            )
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.url = QLineEdit(url)
        self.url.setPlaceholderText("https://sync.example.org")
        self.code = QLineEdit()
        self.name = QLineEdit(default_device_name())
        form.addRow(self.tr("Server address"), self.url)
        form.addRow(self.tr("Enrollment code"), self.code)
        form.addRow(self.tr("Name of this laptop"), self.name)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("enrollMessage")
        form.addRow(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Enroll"))
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        #: An enrollment is under way on the sync lane.
        self.busy = False

    def start(self) -> None:
        url, code = self.url.text().strip(), self.code.text().strip()
        if not url:
            self.message.setText(self.tr("Type the server address, e.g. https://sync.example.org"))
            return
        if not code:
            self.message.setText(self.tr("Type the enrollment code from the administrator."))
            return
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("Contacting {0}…").format(url))
        self.busy = True
        store, home, name = self.ctx.store, self.ctx.home, self.name.text().strip()

        def failed(exc: BaseException) -> None:
            failure = describe(exc) if isinstance(exc, Exception) else None
            if failure is None or failure.kind == UNEXPECTED:
                log.error("enrollment failed: %s", type(exc).__name__)
                self._finished(
                    self.tr("Enrollment failed unexpectedly ({0}).").format(type(exc).__name__)
                )
                return
            log_failure("enroll", failure, exc)  # refused by the server, or the store's trouble
            self._finished(failure.text)

        self.ctx.tasks.run_in_background(
            lambda: enroll(store, home, url, code, name),
            on_done=lambda _credentials: self._finished(""),
            on_error=failed,
            lane=Lane.SYNC,  # never at the same time as a sync pass
        )

    def _finished(self, error: str) -> None:
        self.busy = False
        self.buttons.setEnabled(True)
        if error:
            self.message.setText(error)
            return
        self.message.setText(self.tr("Enrolled."))
        self.enrolled.emit()
        self.accept()


class SyncStatusWidget(QWidget):
    """Status line, progress bar and "Sync now".

    Signals:
        sync_requested(): "Sync now" was pressed.
    """

    sync_requested = Signal()

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self.tr("Checking the sync server…"))
        self.label.setObjectName("syncStatus")
        self.label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setMinimumWidth(200)  # "Uploading 12 of 40" readable beside a long status
        self.progress.setMaximumWidth(240)
        self.progress.setVisible(False)
        self.button = QPushButton(self.tr("Sync now"))
        self.button.clicked.connect(self.sync_requested)
        row.addWidget(self.label, 1)
        row.addWidget(self.progress)
        row.addWidget(self.button)
        self.text = ""

    def show_status(self, status: SyncStatus) -> None:
        self.text = sync_status_text(status, self._clock())
        self.label.setText(self.text)

    def show_progress(self, phase: str, done: int, total: int) -> None:
        self.progress.setVisible(True)
        if phase == "upload":
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(min(done, max(total, 1)))
            self.progress.setFormat(self.tr("Uploading %v of %m"))
        else:
            self.progress.setRange(0, 0)  # unknown length: busy indicator
            self.progress.setFormat(self.tr("Downloading"))
            self.label.setText(self.tr("Downloading… {0} changes so far").format(done))

    def show_started(self) -> None:
        self.button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)

    def show_report(self, report: SyncReport) -> None:
        self.button.setEnabled(True)
        self.progress.setVisible(False)


class InboxPage(QWidget):
    """The exceptions inbox: what the server said about each action, and what to do.

    Signals:
        changed(): an entry was marked done.
    """

    changed = Signal()
    COLUMNS = (
        QT_TRANSLATE_NOOP("sync", "When"),
        QT_TRANSLATE_NOOP("sync", "Code"),
        QT_TRANSLATE_NOOP("sync", "What happened"),
        QT_TRANSLATE_NOOP("sync", "What to do"),
        QT_TRANSLATE_NOOP("sync", "Server's message"),
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store = ctx.store
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setWordWrap(True)  # a longer translation wraps on a 1024-pixel screen
        self.show_done = QCheckBox(self.tr("Show done"))
        self.show_done.toggled.connect(self.refresh)
        self.done_button = QPushButton(self.tr("Mark done"))
        self.done_button.clicked.connect(self.mark_selected_done)
        top.addWidget(self.title, 1)
        top.addWidget(self.show_done)
        top.addWidget(self.done_button)
        layout.addLayout(top)
        #: A "Mark done" the store could not save (hidden otherwise).
        self.banner = Banner(self)
        self.banner.hide()
        layout.addWidget(self.banner)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("inboxTable")
        self.table.setHorizontalHeaderLabels(
            [QCoreApplication.translate("sync", c) for c in self.COLUMNS]
        )
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        for column, width in enumerate((130, 260, 280, 255)):  # room left for the message
            self.table.setColumnWidth(column, width)
        # Wrapped cells need their rows re-measured whenever a column's width (or the font, at
        # the first show) changes, or the last lines are cut off.
        header.sectionResized.connect(self._fit_rows)
        layout.addWidget(self.table, 1)
        self.entries: list[InboxEntry] = []
        self.refresh()

    def refresh(self) -> None:
        self.entries = inbox(self.store, include_done=self.show_done.isChecked())
        open_count = sum(1 for e in self.entries if e.resolved_at is None)
        self.title.setText(
            self.tr("{0} to review").format(open_count)
            if open_count
            else self.tr("Nothing to review: the server accepted everything as it was.")
        )
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            when = entry.received_at.astimezone().strftime("%Y-%m-%d %H:%M")
            values = (
                when + (" ✓ " + self.tr("done") if entry.resolved_at else ""),
                entry.code,
                *explanation_texts(entry),
                entry.message,  # the server's own words
            )
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setData(Qt.ItemDataRole.UserRole, entry.id)
                cell.setToolTip(value)
                self.table.setItem(row, column, cell)
        if self.entries:  # the whole code: it cannot wrap
            self.table.setColumnWidth(1, max(self.table.sizeHintForColumn(1), 120))
        self._fit_rows()
        self.done_button.setEnabled(open_count > 0)

    def _attempt(self, action: str) -> Attempt:
        return Attempt(
            action, self._say_problem, self.ctx.sounds, before=self.ctx.clock_watch.before_action
        )

    def _say_problem(self, failure: Failure) -> None:
        self.banner.show_message(Outcome.PROBLEM, failure.text)
        self.banner.show()

    def _fit_rows(self, *_changed: int) -> None:
        self.table.resizeRowsToContents()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.entries:  # measured again with the fonts and widths of the shown table
            self.table.setColumnWidth(1, max(self.table.sizeHintForColumn(1), 120))
        self._fit_rows()

    def mark_selected_done(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        ids = [self.entries[row].id for row in rows if 0 <= row < len(self.entries)]
        self.banner.hide()
        changed = False
        with self._attempt("mark_done"):
            for entry_id in ids:
                changed = mark_done(self.store, entry_id, at=self.ctx.clock()) or changed
        if changed:
            self.refresh()
            self.changed.emit()
