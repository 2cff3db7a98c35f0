"""File-menu actions for Koha/Evergreen interop: MARC and patron imports, patron/KOC/Evergreen
exports.

``install_file_menu_actions(window, store)`` adds, at the top of the window's File menu:

* Import MARC…: choose a ``.mrc``/MARCXML file and the holdings field (952 Koha, 852); the
  import runs on the task helper's io lane (:mod:`popup.ui.tasks`) behind a progress dialog
  with Cancel. The worker never touches a widget: it reports progress through its task.
* Import patrons (CSV)…, Export patrons (CSV)…, Export KOC…, Export Evergreen offline file…:
  also on the io lane (one file job at a time), behind a busy dialog that shows only if the job
  takes more than a moment. Nothing long runs on the GUI thread.

Each ends in a result dialog: the summary, then every bad record or row with its number and
reason (exactly what ``popup import-marc`` etc. print). The slots that do the work take a path
(``import_marc(path)``, ``export_koc(path)``, ...), so tests and other screens can call them
without a native file dialog; :attr:`InteropActions.finished` is emitted with the result.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from popup import paths
from popup.interop import InteropError, Problem
from popup.store.db import Store
from popup.ui import tasks
from popup.ui.actions import UNEXPECTED, describe, log_failure
from popup.ui.context import Clock, system_clock
from popup.ui.tasks import Lane, Task, TaskControl

if TYPE_CHECKING:  # each action imports its own module on first use (pymarc is slow to load)
    from popup.interop.marc import MarcOptions, MarcResult
    from popup.interop.outbox_export import ExportResult

T = TypeVar("T")

log = logging.getLogger(__name__)


class ResultDialog(QDialog):
    """The outcome of an import or export: a summary line and the list of problems.

    Signals: none beyond QDialog's.
    """

    def __init__(
        self, title: str, summary: str, lines: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumSize(640, 360 if lines else 160)
        layout = QVBoxLayout(self)
        self.summary = QLabel(summary, self)
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-size: 13pt;")
        layout.addWidget(self.summary)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setPlainText("\n".join(lines))
        self.details.setAccessibleName(self.tr("Problems, one per line"))
        self.details.setVisible(bool(lines))
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        if lines:
            copy = buttons.addButton(self.tr("Copy list"), QDialogButtonBox.ButtonRole.ActionRole)
            copy.clicked.connect(self._copy)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())


def _problem_lines(problems: list[Problem], unit: str) -> list[str]:
    return [p.describe(unit) for p in problems]


class InteropActions(QObject):
    """The File-menu actions and the slots behind them.

    Signals:
        finished(str, object): ``(kind, result)`` after each import/export, kind being
            ``"marc"``, ``"patrons-in"``, ``"patrons-out"``, ``"koc"`` or ``"xacts"``; result
            is the library's result object, or the error message (str) of a failed one.
    """

    finished = Signal(str, object)

    def __init__(
        self,
        window: QMainWindow,
        store: Store,
        clock: Clock = system_clock,
        task_manager: tasks.TaskManager | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self._clock = clock
        self._tasks = task_manager or tasks.manager()
        self.last_dialog: ResultDialog | None = None
        #: The MARC import's progress dialog while it runs.
        self.progress: QProgressDialog | None = None
        self._marc: Task[MarcResult] | None = None
        #: File jobs started and not finished (they run one after another on the io lane).
        self._jobs: list[Task[Any]] = []
        #: While a job's result is handled: (who started it,), see :meth:`_start`.
        self._finishing: tuple[str | None] | None = None
        self.import_marc_action = self._action(self.tr("Import &MARC…"), self.ask_import_marc)
        self.import_patrons_action = self._action(
            self.tr("Import &patrons (CSV)…"), self.ask_import_patrons
        )
        self.export_patrons_action = self._action(
            self.tr("E&xport patrons (CSV)…"), self.ask_export_patrons
        )
        self.export_koc_action = self._action(self.tr("Export &KOC…"), self.ask_export_koc)
        self.export_xacts_action = self._action(
            self.tr("Export &Evergreen offline file…"), self.ask_export_xacts
        )
        self.import_marc_action.setStatusTip(
            self.tr("Load the collection from a MARC21 file exported by Koha, Evergreen or others")
        )
        self.export_koc_action.setStatusTip(
            self.tr("Write this stop's circulation for Koha's offline circulation upload")
        )
        self.export_xacts_action.setStatusTip(
            self.tr("Write this stop's circulation as Evergreen's pending.xacts")
        )
        # Closing the window cancels a running import (batches already saved stay), so quitting
        # never waits for the rest of a large file.
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            for job in self._jobs:
                job.cancel()
        return False

    @property
    def all_actions(self) -> list[QAction]:
        return [
            self.import_marc_action,
            self.import_patrons_action,
            self.export_patrons_action,
            self.export_koc_action,
            self.export_xacts_action,
        ]

    def _action(self, text: str, slot: Any) -> QAction:
        action = QAction(text, self.window)
        action.triggered.connect(slot)
        return action

    # -- file dialogs ------------------------------------------------------------------------

    def _exports_dir(self) -> Path:
        try:
            return paths.exports_dir(self.store.path.parent)
        except OSError:
            return Path.home()

    def _save_path(self, title: str, name: str, pattern: str) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self.window, title, str(self._exports_dir() / name), pattern
        )
        return Path(chosen) if chosen else None

    def _stamp(self) -> str:
        return self._clock().astimezone().strftime("%Y%m%d-%H%M")

    def ask_import_marc(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Import MARC"),
            str(Path.home()),
            self.tr("MARC files (*.mrc *.marc *.dat *.xml);;All files (*)"),
        )
        if not chosen:
            return
        labels = [self.tr("952 (Koha items)"), self.tr("852 (MARC holdings)")]
        label, ok = QInputDialog.getItem(
            self.window,
            self.tr("Import MARC"),
            self.tr("Which field holds the item barcodes?"),
            labels,
            0,
            False,
        )
        if not ok:
            return
        tag = "852" if label == labels[1] else "952"
        from popup.interop.marc import HoldingsMap, MarcOptions

        self.import_marc(Path(chosen), MarcOptions(holdings=HoldingsMap.for_tag(tag)))

    def ask_import_patrons(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Import patrons"),
            str(Path.home()),
            self.tr("CSV files (*.csv *.txt);;All files (*)"),
        )
        if chosen:
            self.import_patrons(Path(chosen))

    def ask_export_patrons(self) -> None:
        path = self._save_path(
            self.tr("Export patrons"), f"patrons-{self._stamp()}.csv", self.tr("CSV files (*.csv)")
        )
        if path is not None:
            self.export_patrons(path)

    def ask_export_koc(self) -> None:
        path = self._save_path(
            self.tr("Export KOC"),
            f"popup-{self._stamp()}.koc",
            self.tr("Koha offline files (*.koc)"),
        )
        if path is not None:
            self.export_koc(path)

    def ask_export_xacts(self) -> None:
        path = self._save_path(
            self.tr("Export Evergreen offline file"),
            f"pending-{self._stamp()}.xacts",
            self.tr("Evergreen offline files (*.xacts);;All files (*)"),
        )
        if path is not None:
            self.export_xacts(path)

    # -- the work ----------------------------------------------------------------------------

    def _show(self, kind: str, title: str, summary: str, lines: list[str], result: object) -> None:
        if self._finishing is not None and (
            self.store.actor is None or self._finishing[0] != self._who()
        ):
            # Started by someone who has since locked the window (or another person signed
            # in): the file was written or read all the same, but its result (file names, bad
            # rows naming patrons) does not open over the sign-in screen or for someone else.
            log.info("%s finished after the one who started it signed out: not shown", kind)
            self.finished.emit(kind, result)
            return
        dialog = ResultDialog(title, summary, lines, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_dialog = dialog
        dialog.open()
        self.finished.emit(kind, result)

    def _who(self) -> str | None:
        """The staff id of the one signed in (None: the window is locked, or SYSTEM)."""
        actor = self.store.actor
        return actor.staff_id if actor is not None else None

    def _fail(self, kind: str, title: str, message: str) -> None:
        self._show(kind, title, message, [], message)

    def import_marc(self, path: Path, options: MarcOptions | None = None) -> None:
        """Import ``path`` on the io lane behind a progress dialog with Cancel."""
        if self._marc is not None:
            QMessageBox.information(
                self.window, self.tr("Import MARC"), self.tr("A MARC import is already running.")
            )
            return
        title = self.tr("Import MARC")
        progress = QProgressDialog(
            self.tr("Reading {0}…").format(path.name), self.tr("Cancel"), 0, 1000, self.window
        )
        progress.setWindowTitle(title)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)  # small files finish before it shows
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setValue(0)
        self.progress = progress

        def on_progress(reached: tuple[int, int, int]) -> None:
            done, total, records = reached
            if self.progress is progress:
                text = self.tr("Reading {0}: {1} records").format(path.name, records)
                progress.setLabelText(text)
                progress.setValue(min(int(1000 * done / total) if total else 1000, 999))

        from popup.interop.marc import import_marc

        def work(control: TaskControl) -> MarcResult:  # the io lane: no widgets here
            return import_marc(
                self.store,
                path,
                options,
                progress=lambda done, total, records: control.report((done, total, records)),
                cancel=control.cancelled,
            )

        def done(result: MarcResult) -> None:
            self._end_marc(progress)
            summary = self.tr("{0}: {1} in {2:.1f} s.").format(
                path.name, result.summary(), result.seconds
            )
            self._show("marc", title, summary, _problem_lines(result.problems, "record"), result)

        def failed(exc: BaseException) -> None:
            self._end_marc(progress)
            self._fail("marc", title, self._failure_text("marc", exc))

        task = self._start(work, on_done=done, on_error=failed, on_progress=on_progress)
        self._marc = task
        progress.canceled.connect(task.cancel)

    def _end_marc(self, progress: QProgressDialog) -> None:
        self._marc = None
        self.progress = None
        progress.canceled.disconnect()
        progress.close()
        progress.deleteLater()

    def _failure_text(self, kind: str, exc: BaseException) -> str:
        """The file's problem in the interop's words; the store's (a lock, a full disk) as
        every screen says them (popup.ui.actions), logged."""
        if isinstance(exc, InteropError):
            return str(exc)
        failure = describe(exc) if isinstance(exc, Exception) else None
        if failure is None or failure.kind == UNEXPECTED:
            log.error("%s stopped unexpectedly: %s", kind, type(exc).__name__)
            return self.tr("The import stopped unexpectedly ({0}).").format(type(exc).__name__)
        log_failure(kind, failure, exc)
        return failure.text

    def _start(
        self,
        work: Callable[[TaskControl], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None],
        on_progress: Callable[[Any], None] | None = None,
    ) -> Task[T]:
        """Run a file job on the io lane; closing the window cancels the ones that can stop.
        Who started it is kept: its result is shown only to them (see :meth:`_show`)."""
        started_by = self._who()

        def done(result: T) -> None:
            self._finishing = (started_by,)
            try:
                on_done(result)
            finally:
                self._finishing = None

        def failed(exc: BaseException) -> None:
            self._finishing = (started_by,)
            try:
                on_error(exc)
            finally:
                self._finishing = None

        task = self._tasks.start(
            work,
            lane=Lane.IO,
            on_done=done,
            on_error=failed,
            on_progress=on_progress,
            latest_only=True,
        )
        self._jobs.append(task)
        task.finished.connect(lambda _result: self._jobs.remove(task))
        task.failed.connect(lambda _exc: self._jobs.remove(task))
        return task

    def _in_background(
        self, kind: str, title: str, path: Path, job: Callable[[], T], shown: Callable[[T], None]
    ) -> None:
        """Run a quick import/export on the io lane behind a busy dialog (shown only if it
        takes a while); the interop error's own words end in the result dialog, as before."""
        busy = QProgressDialog(self.window)
        busy.setLabelText(path.name)
        busy.setCancelButton(None)  # these jobs cannot stop half-way
        busy.setRange(0, 0)
        busy.setWindowTitle(title)
        busy.setWindowModality(Qt.WindowModality.WindowModal)
        busy.setMinimumDuration(400)
        busy.setValue(0)

        def end() -> None:
            busy.close()
            busy.deleteLater()

        def done(result: T) -> None:
            end()
            shown(result)

        def failed(exc: BaseException) -> None:
            end()
            self._fail(kind, title, self._failure_text(kind, exc))

        self._start(lambda _control: job(), on_done=done, on_error=failed)

    def import_patrons(self, path: Path) -> None:
        from popup.interop.patrons_csv import PatronImportResult, import_patrons

        title = self.tr("Import patrons")

        def shown(result: PatronImportResult) -> None:
            summary = self.tr("{0}: {1}.").format(path.name, result.summary())
            if result.ignored_columns:
                summary += " " + self.tr("Columns not used: {0}.").format(
                    ", ".join(result.ignored_columns)
                )
            self._show("patrons-in", title, summary, _problem_lines(result.problems, "row"), result)

        store = self.store
        self._in_background("patrons-in", title, path, lambda: import_patrons(store, path), shown)

    def export_patrons(self, path: Path, local_only: bool = False) -> None:
        from popup.interop.patrons_csv import export_patrons

        title = self.tr("Export patrons")

        def shown(count: int) -> None:
            summary = self.tr("{0} patrons written to {1}.").format(count, path)
            self._show("patrons-out", title, summary, [], count)

        store = self.store
        self._in_background(
            "patrons-out", title, path, lambda: export_patrons(store, path, local_only), shown
        )

    def export_koc(self, path: Path) -> None:
        from popup.interop.koc import export_koc

        self._export("koc", self.tr("Export KOC"), path, export_koc)

    def export_xacts(self, path: Path) -> None:
        from popup.interop.xacts import export_xacts

        self._export("xacts", self.tr("Export Evergreen offline file"), path, export_xacts)

    def _export(
        self, kind: str, title: str, path: Path, exporter: Callable[[Store, Path], ExportResult]
    ) -> None:
        def shown(result: ExportResult) -> None:
            if result.actions:
                summary = self.tr("{0} actions written to {1}.").format(result.actions, path)
            else:
                summary = self.tr(
                    "Nothing new to export since the last export; {0} is empty."
                ).format(path)
            self._show(kind, title, summary, list(result.notes), result)

        store = self.store
        self._in_background(kind, title, path, lambda: exporter(store, path), shown)


def _file_menu(window: QMainWindow) -> QMenu:
    """The window's File menu, found by its title (made if missing)."""
    wanted = QCoreApplication.translate("MainWindow", "&File").replace("&", "")
    for action in window.menuBar().actions():
        sub = action.menu()
        if isinstance(sub, QMenu) and sub.title().replace("&", "") == wanted:
            return sub
    return window.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&File"))


def install_file_menu_actions(
    window: QMainWindow,
    store: Store,
    *,
    file_menu: QMenu | None = None,
    clock: Clock = system_clock,
    task_manager: tasks.TaskManager | None = None,
) -> InteropActions:
    """Add the interop actions at the top of ``file_menu`` (else ``window``'s File menu, made
    if missing); returns them.

    The :class:`InteropActions` object is a child of ``window``:
    ``window.findChild(InteropActions)`` returns it too.
    """
    actions = InteropActions(window, store, clock, task_manager)
    menu = file_menu or _file_menu(window)
    existing = menu.actions()
    before = existing[0] if existing else None
    for action in actions.all_actions:
        if before is None:
            menu.addAction(action)
        else:
            menu.insertAction(before, action)
    if before is not None:
        menu.insertSeparator(before)
    return actions
