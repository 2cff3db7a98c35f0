"""Sync screens: the status line, the enrollment dialog, the exceptions inbox and the page
that holds them. They only read the store and talk to :class:`SyncWorker` through signals."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal
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

from popup.store.db import Store
from popup.sync_client.client import SyncError
from popup.sync_client.credentials import CredentialStore
from popup.sync_client.engine import SyncReport
from popup.sync_client.enroll import default_device_name, enroll
from popup.sync_client.status import InboxEntry, SyncStatus, inbox, mark_done, read_status
from popup.ui.sync.worker import SyncWorker
from popup.ui.text import QT_TRANSLATE_NOOP, explanation_texts, sync_status_text

log = logging.getLogger(__name__)


def status_text(status: SyncStatus) -> str:
    """The status line, translated (the sync client's error sentence as it is)."""
    return sync_status_text(status)


class _EnrollThread(QThread):
    """Runs one enrollment off the GUI thread. Signals: done(str error or "")."""

    done = Signal(str)

    def __init__(
        self, store: Store, home: Path, url: str, code: str, name: str, parent: QObject
    ) -> None:
        super().__init__(parent)
        self.args = (store, home, url, code, name)

    def run(self) -> None:
        store, home, url, code, name = self.args
        try:
            enroll(store, home, url, code, name)
        except SyncError as exc:
            self.done.emit(str(exc))
        except Exception as exc:
            log.exception("enrollment failed")
            self.done.emit(f"Enrollment failed unexpectedly ({type(exc).__name__}).")
        else:
            self.done.emit("")


class EnrollDialog(QDialog):
    """Server address + one-time code. Accepted once the credentials are saved.

    Signals:
        enrolled(): the laptop is enrolled (credentials saved).
    """

    enrolled = Signal()

    def __init__(
        self, store: Store, home: Path, url: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.home = home
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
        self._thread: _EnrollThread | None = None

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
        self._thread = _EnrollThread(
            self.store, self.home, url, code, self.name.text().strip(), self
        )
        self._thread.done.connect(self._finished)
        self._thread.start()

    def _finished(self, error: str) -> None:
        if self._thread is not None:
            self._thread.wait()
            self._thread = None
        self.buttons.setEnabled(True)
        if error:
            self.message.setText(error)
            return
        self.message.setText(self.tr("Enrolled."))
        self.enrolled.emit()
        self.accept()


class SyncStatusWidget(QWidget):
    """Status line, progress bar and "Sync now". Signals: sync_requested()."""

    sync_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        self.text = status_text(status)
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

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = QLabel()
        self.show_done = QCheckBox(self.tr("Show done"))
        self.show_done.toggled.connect(self.refresh)
        self.done_button = QPushButton(self.tr("Mark done"))
        self.done_button.clicked.connect(self.mark_selected_done)
        top.addWidget(self.title, 1)
        top.addWidget(self.show_done)
        top.addWidget(self.done_button)
        layout.addLayout(top)
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

    def _fit_rows(self, *_changed: int) -> None:
        self.table.resizeRowsToContents()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.entries:  # measured again with the fonts and widths of the shown table
            self.table.setColumnWidth(1, max(self.table.sizeHintForColumn(1), 120))
        self._fit_rows()

    def mark_selected_done(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        changed = False
        for row in rows:
            if 0 <= row < len(self.entries):
                changed = mark_done(self.store, self.entries[row].id) or changed
        if changed:
            self.refresh()
            self.changed.emit()


class SyncPage(QWidget):
    """The Sync mode: status, "Sync now", "Connect…", and the exceptions inbox.

    Signals:
        status_text(str): the status line, for the main window's status bar.
    """

    status_text = Signal(str)

    def __init__(
        self, store: Store, home: Path, worker: SyncWorker, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.home = home
        self.worker = worker
        layout = QVBoxLayout(self)
        self.status = SyncStatusWidget()
        layout.addWidget(self.status)
        row = QHBoxLayout()
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.enroll_button = QPushButton(self.tr("Connect to a sync server…"))
        self.enroll_button.clicked.connect(self.open_enroll)
        row.addWidget(self.where, 1)
        row.addWidget(self.enroll_button)
        layout.addLayout(row)
        self.inbox = InboxPage(store)
        layout.addWidget(self.inbox, 1)
        self.status.sync_requested.connect(worker.request_sync)
        worker.status.connect(self._on_status)
        worker.progress.connect(self.status.show_progress)
        worker.started_sync.connect(self.status.show_started)
        worker.synced.connect(self._on_synced)
        self.inbox.changed.connect(worker.request_sync)
        self.dialog: EnrollDialog | None = None
        self._show_where()
        self.status.show_status(read_status(store, enrolled=self._enrolled(), online=None))

    def _enrolled(self) -> bool:
        try:
            return CredentialStore(self.home).load() is not None
        except Exception:
            return False

    def _show_where(self) -> None:
        try:
            creds = CredentialStore(self.home).load()
        except SyncError:
            creds = None
        except Exception:
            creds = None
        if creds is None:
            self.where.setText(self.tr("This laptop is not connected to a sync server yet."))
        else:
            self.where.setText(
                self.tr("Connected to {0} (library {1})").format(
                    creds.server_url, creds.library_code or "?"
                )
            )

    def _on_status(self, status: SyncStatus) -> None:
        self.status.show_status(status)
        if status.enrolled:  # until then the window's own "Offline, N waiting" text stands
            self.status_text.emit(self.status.text)

    def _on_synced(self, report: SyncReport) -> None:
        self.status.show_report(report)
        self.inbox.refresh()
        self._show_where()

    def open_enroll(self, url: str = "") -> EnrollDialog:
        self.dialog = EnrollDialog(
            self.store, self.home, url or self.worker.server_override or "", self
        )
        self.dialog.enrolled.connect(self.worker.credentials_changed)
        self.dialog.enrolled.connect(self._show_where)
        self.dialog.open()
        return self.dialog
