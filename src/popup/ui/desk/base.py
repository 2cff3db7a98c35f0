"""What every scanning page shares: a desk, a banner, sounds, Undo last scan."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from popup.store.circulation import DeskError, WrongKindScanned
from popup.store.notify import StoreChange
from popup.ui.actions import Failure
from popup.ui.context import AppContext
from popup.ui.desk.models import Line, LinesModel
from popup.ui.desk.tables import FittedTable, Fold
from popup.ui.feedback import Banner, Outcome
from popup.ui.page import Page
from popup.ui.scanner import ScanField
from popup.ui.text import undone_text, use_currency
from popup.ui.widgets import LiveText


def big_button(text: str, accessible: str, parent: QWidget) -> QPushButton:
    """A button for the mouse and a visible shortcut for the keyboard; it never takes focus."""
    button = QPushButton(text, parent)
    button.setAccessibleName(accessible)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setMinimumHeight(40)  # a good target, and two rows of them fit a 600-pixel screen
    return button


def live_heading(text: str, parent: QWidget, size: int = 15) -> LiveText:
    """A bold heading whose text changes per scan (counters): repaints only itself."""
    label = LiveText(parent, point_size=size, bold=True)
    label.setText(text)
    return label


def heading(text: str, parent: QWidget, size: int = 15) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setPointSize(size)
    font.setBold(True)
    label.setFont(font)
    return label


def lines_view(
    model: LinesModel, name: str, parent: QWidget, wrap: Mapping[int, int] | None = None
) -> FittedTable:
    """A list of scans that fits its width: the title (column 0, and any column in ``wrap``,
    by weight) wraps, the other columns take their contents' width; on a narrow screen the
    barcode (column 1) goes under the title."""
    view = FittedTable(parent, wrap=wrap or {0: 1}, row_height=36, fold=Fold(1, 0))
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(False)
    view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    return view


class ScanPage(Page):
    """Base for the desk's scanning modes.

    Subclasses put one :class:`ScanField` in charge (:meth:`active_scan_field`) and handle its
    submissions; the main window routes wedge scans to :meth:`handle_scan`. Lines of actions
    taken back by Undo are marked in :attr:`models` from the store's change (once, whichever
    page undid them).

    Signals:
        recorded(int): an action was written to the store (its outbox seq).
        undone(int): the action with this seq was compensated by Undo last scan.
    """

    undone = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.desk = ctx.desk
        self.sounds = ctx.sounds
        self.banner = Banner(self)
        self.models: list[LinesModel] = []
        #: Actions recorded on this page since the last Done/clear: what Undo may take back.
        self.session_seqs: set[int] = set()
        self.recorded.connect(self.session_seqs.add)
        use_currency(self.desk.config.currency)

    # -- routing -----------------------------------------------------------------------------

    def active_scan_field(self) -> ScanField | None:
        raise NotImplementedError

    def handle_scan(self, text: str) -> None:
        field = self.active_scan_field()
        if field is not None:
            field.take_scan(text)
        self.focus_scan()

    def activate(self) -> None:
        """The page was shown."""
        use_currency(self.desk.config.currency)  # the setting may have come with a download
        self.focus_scan()

    def on_store_changed(self, change: StoreChange) -> None:
        for seq in change.undone:
            for model in self.models:
                model.mark_undone(seq)

    # -- feedback ----------------------------------------------------------------------------

    def tell(self, outcome: Outcome, text: str) -> None:
        self.banner.show_message(outcome, text)
        self.sounds.play(outcome)

    def say_problem(self, failure: Failure) -> None:
        self.banner.show_message(Outcome.PROBLEM, failure.text)

    # -- undo --------------------------------------------------------------------------------

    def undo_last(self) -> None:
        last = self.desk.last_undoable()
        if last is None:
            self.tell(Outcome.ATTENTION, self.tr("Nothing to undo."))
            self.focus_scan()
            return
        seq, _kind = last
        if seq not in self.session_seqs:
            # The newest action belongs to an earlier patron or another screen: undoing it
            # from here would surprise staff (and show the previous patron's item).
            self.tell(Outcome.ATTENTION, self.tr("Nothing to undo in this list."))
            self.focus_scan()
            return
        result = self.attempt("undo").run(lambda: self.desk.undo(seq))
        if result is not None:  # the store's change has marked the line (on_store_changed)
            self.after_undo(result.target_seq)
            self.tell(Outcome.ATTENTION, undone_text(result))
            self.recorded.emit(result.seq)
            self.undone.emit(result.target_seq)
        self.focus_scan()

    def after_undo(self, target_seq: int) -> None:
        """Refresh anything the undone action changed (override in subclasses)."""


class ItemScanPage(ScanPage):
    """Base for the modes where every scan is one item: the desk records it, one line shows it,
    the banner and a sound say how it went; Undo last scan and Clear list (F12) sit below.

    The words come from the subclass (:meth:`build`, :meth:`wrong_kind_text`,
    :meth:`show_tally`) so each string keeps its translation context. Subclasses implement
    :meth:`record`, :meth:`line_for`, :meth:`reset_tally` and :meth:`show_tally`.

    Signals:
        recorded(int), undone(int): see :class:`ScanPage`.
    """

    #: The kind of action a scan records here (for the log).
    action: str = ""

    def build(
        self,
        *,
        title: str,
        field_name: str,
        placeholder: str,
        headers: list[str],
        list_name: str,
        tally_size: int,
        undo: tuple[str, str],
        clear: tuple[str, str],
    ) -> None:
        """Lay the page out: heading, scan field, list, tally and buttons, banner.

        ``undo`` and ``clear`` are each (button text, accessible name).
        """
        layout = QVBoxLayout(self)
        label = heading(title, self)
        layout.addWidget(label)
        self.field = ScanField(field_name, self)
        self.field.setPlaceholderText(placeholder)
        label.setBuddy(self.field)
        layout.addWidget(self.field)
        self.lines = LinesModel(headers, self)
        self.models.append(self.lines)
        # The last column says what to do with the item: it wraps beside the title.
        self.view = lines_view(self.lines, list_name, self, wrap={0: 3, len(headers) - 1: 2})
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.button_row = row
        self.tally_label = live_heading("", self, tally_size)
        row.addWidget(self.tally_label, 1)
        self.undo_button = big_button(*undo, self)
        self.clear_button = big_button(*clear, self)
        row.addWidget(self.undo_button)
        row.addWidget(self.clear_button)
        layout.addLayout(row)
        layout.addWidget(self.banner)
        self.field.submitted.connect(self.on_scanned)
        self.undo_button.clicked.connect(self.undo_last)
        self.clear_button.clicked.connect(self.done)

    def active_scan_field(self) -> ScanField:
        return self.field

    # -- what subclasses say and do ----------------------------------------------------------

    def record(self, text: str) -> object:
        """Send the scanned item to the desk (the store action, and nothing more): its result.

        Raises the desk's :class:`DeskError` when the desk refuses the scan, or whatever
        stopped the write; :meth:`on_scanned` says which.
        """
        raise NotImplementedError

    def line_for(self, result: object) -> tuple[Line, str]:
        """Count what :meth:`record` returned in the tally; its line and the banner text.

        Apart from :meth:`record` so that nothing after the write is taken for a failed one."""
        raise NotImplementedError

    def wrong_kind_text(self) -> str:
        """The banner text for a patron card scanned here (translated when it is shown)."""
        raise NotImplementedError

    def reset_tally(self) -> None:
        """Start the tally of a new list (and show it)."""
        raise NotImplementedError

    def show_tally(self) -> None:
        raise NotImplementedError

    # -- scanning ----------------------------------------------------------------------------

    def on_scanned(self, text: str) -> None:
        asked: DeskError | None = None
        with self.attempt(self.action, retry=(self.field, text)) as act:
            try:
                result = self.record(text)
            except WrongKindScanned as exc:
                act.refuse(exc, self.wrong_kind_text())
            except DeskError as exc:
                if not self.asks_about(exc):
                    raise
                act.note(exc)
                asked = exc
        if asked is not None:
            self.ask(asked, text)
            return
        if act.failed:
            self.focus_scan()
            return
        self.show_recorded(result)

    def asks_about(self, refusal: DeskError) -> bool:
        """Whether this page answers ``refusal`` with a question (:meth:`ask`) instead of
        refusing the scan; none does by default."""
        return False

    def ask(self, refusal: DeskError, text: str) -> None:
        """Ask staff about a refusal :meth:`asks_about` claimed (the scan was ``text``)."""
        raise NotImplementedError

    def show_recorded(self, result: object) -> None:
        """List, tally and announce what :meth:`record` (or an answered question) wrote."""
        line, message = self.line_for(result)
        self.lines.append(line)
        self.show_tally()
        self.tell(line.outcome, message)
        assert line.seq is not None  # a recorded scan always has its outbox seq
        self.recorded.emit(line.seq)
        self.focus_scan()

    def clear_patron(self, note: str) -> None:
        """Idle clear: the list (titles and who had them) and the banner (it may name a
        borrower or show a scanned card's whole number) go, as Clear list does."""
        if self.lines.lines or self.banner.outcome is not None:
            self.done()
            self.banner.show_message(Outcome.ATTENTION, note)

    def done(self) -> None:
        """Clear list (F12): a new list, and nothing left here for Undo to take back."""
        self.lines.clear()
        self.reset_tally()
        self.banner.clear_message()
        self.session_seqs.clear()
        self.focus_scan()
