"""The sign-up page: the form, the duplicate warning, then the new card and on to checkout."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from popup import paths
from popup.domain import signup as rules
from popup.domain.staff import Capability
from popup.store import signup as store_signup
from popup.store.library import LibraryConfig
from popup.store.signup import BlockStatus, PossibleDuplicate, Registered
from popup.ui import palette
from popup.ui.actions import Failure
from popup.ui.context import AppContext
from popup.ui.feedback import Banner, Outcome
from popup.ui.page import Page
from popup.ui.scanner import MAX_GAP_MS, MIN_SCAN_LENGTH
from popup.ui.signup.card_print import CardData
from popup.ui.signup.card_view import CardView
from popup.ui.signup.duplicates import DuplicateDialog
from popup.ui.signup.form import SignupFormWidget


class SignupPage(Page):
    """Sign a patron up and hand them to checkout.

    Signals:
        registered(str): a patron was signed up with this card number.
        checkoutRequested(str): staff want to check items out to this card number (the new
            patron, or an existing one picked in the duplicate warning).
        recorded(int): an outbox action was written (its seq), as the desk pages signal.
        status_text(str): see :class:`~popup.ui.page.Page` (not used here).

    Attributes:
        form: the form widget; card_view: the card shown after sign-up; stack: which is showing.
        duplicate_dialog: the open duplicate warning, if any.
        last: the last sign-up's result.
    """

    key = "signup"
    shortcut = "F7"
    needs = Capability.SIGN_UP

    registered = Signal(str)

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("signup", "Sign up")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.signup = ctx.signup
        self.duplicate_dialog: DuplicateDialog | None = None
        self.last: Registered | None = None
        cfg = self.config
        try:
            required = rules.required_fields(cfg.signup_required_fields)
            config_problem = ""
        except ValueError as exc:
            required = rules.ALWAYS_REQUIRED | {rules.CONTACT}
            config_problem = str(exc)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 4, 6, 4)
        self.stack = QStackedWidget(self)
        outer.addWidget(self.stack)

        # -- the form page --
        form_page = QWidget(self)
        column = QVBoxLayout(form_page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        heading = QLabel(self.tr("Sign up a new patron"), form_page)
        heading.setStyleSheet("font-size: 17pt; font-weight: bold;")
        column.addWidget(heading)
        self.config_warning = QLabel(config_problem, form_page)
        self.config_warning.setWordWrap(True)
        self.config_warning.setStyleSheet(f"color: {palette.ERROR};")
        self.config_warning.setVisible(bool(config_problem))
        column.addWidget(self.config_warning)
        #: A sign-up the store could not save, in the problem colour (hidden otherwise). At the
        #: top: on a short screen the bottom of the page may be below its edge.
        self.banner = Banner(form_page)
        self.banner.hide()
        column.addWidget(self.banner)
        self.form = SignupFormWidget(
            sorted(required - rules.ALWAYS_REQUIRED), cfg.category_bands, self._today(), form_page
        )
        scroll = QScrollArea(form_page)
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        column.addWidget(scroll, 1)

        bottom = QHBoxLayout()
        self.block_label = QLabel(form_page)
        self.block_label.setWordWrap(True)
        self.block_label.setAccessibleName(self.tr("Card numbers left"))
        bottom.addWidget(self.block_label, 1)
        self.clear_button = QPushButton(self.tr("Clear form"), form_page)
        self.submit_button = QPushButton(self.tr("Sign up and make card (Ctrl+Enter)"), form_page)
        self.submit_button.setStyleSheet(
            f"QPushButton {{ font-size: 15pt; font-weight: bold; background: {palette.NAVY};"
            " color: white; padding: 6px 18px; border-radius: 4px; }"
        )
        self.submit_button.setToolTip(
            self.tr("Ctrl+Enter anywhere in the form, or Enter on the privacy tick box")
        )
        # Shortcuts of the form page, not the button's: they act at once (a button's shortcut
        # clicks it a moment later) and only while the focus is in the form.
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), form_page)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.submit)
        for button in (self.clear_button, self.submit_button):
            button.setMinimumHeight(46)
            bottom.addWidget(button)
        column.addLayout(bottom)
        self.status = QLabel(form_page)
        self.status.setWordWrap(True)
        self.status.setStyleSheet(f"font-size: 13pt; color: {palette.ERROR}; font-weight: bold;")
        column.addWidget(self.status)
        self.stack.addWidget(form_page)
        self.form_page = form_page

        # -- the card page --
        self.card_view = CardView(paths.exports_dir(ctx.home), self)
        self.stack.addWidget(self.card_view)

        self.submit_button.clicked.connect(self.submit)
        self.clear_button.clicked.connect(self.clear)
        # Enter on the privacy tick box (the last field) submits, as staff expect at the end of
        # a form; Enter in a text field never does: a card scanned there ends with Enter, and
        # this page has no scan field for the wedge filter to catch it (Ctrl+Enter submits).
        self.form.consent.installEventFilter(self)
        # Installed last, so it sees the keys first (before the tick box's Enter submits).
        self.scan_guard = ScanGuard(self._scan_not_used, self)
        self.form.notes.installEventFilter(self.scan_guard)
        self.form.consent.installEventFilter(self.scan_guard)
        self.form.edited.connect(self._recheck_shown_errors)
        self.card_view.startCheckout.connect(self._start_checkout)
        self.card_view.another.connect(self.clear)
        self.card_view.notDone.connect(self.status.setText)
        self.refresh_block()

    # -- config ----------------------------------------------------------------------------

    @property
    def config(self) -> LibraryConfig:
        return self.ctx.desk.config

    def _today(self) -> date:
        return self.ctx.today()

    def block_status(self) -> BlockStatus:
        return self.signup.block_status(self.config)

    def refresh_block(self) -> None:
        status = self.block_status()
        self.block_label.setText(self._block_text(status))
        colour = (
            palette.ERROR if status.empty else palette.WARNING if status.low else palette.DARK_GREY
        )
        self.block_label.setStyleSheet(f"font-size: 12pt; color: {colour};")

    def _block_text(self, status: BlockStatus) -> str:
        if status.empty:
            return self.tr(
                "No card numbers left on this laptop: new patrons get a TEMPORARY number until"
                " the next sync."
            )
        if status.low:
            return self.tr(
                "Only {0} card numbers left on this laptop — sync soon for more."
            ).format(status.remaining)
        return self.tr("{0} card numbers left on this laptop.").format(status.remaining)

    # -- page protocol (main window) -------------------------------------------------------

    def activate(self) -> None:
        self.form.set_today(self._today())
        self.refresh_block()
        if self.stack.currentWidget() is self.form_page:
            self.form.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def say_problem(self, failure: Failure) -> None:
        text = failure.text
        if failure.refused:  # the store's reason, after the page's own words
            text = self.tr("Not saved: {0}").format(failure.text)
        self.status.setText("")
        self.banner.show_message(Outcome.PROBLEM, text)
        self.banner.show()

    def _clear_problem(self) -> None:
        self.banner.hide()
        self.banner.clear_message()

    def deactivate(self) -> None:
        """The main window is leaving this page: forget the patron. The card view and the
        form are wiped (an open duplicate warning is dismissed), so the page comes back on a
        fresh empty form and the next volunteer never sees the previous patron."""
        dialog = self.duplicate_dialog
        if dialog is not None:
            dialog.reject()
        self.card_view.clear()
        self.form.clear()
        self.status.setText("")
        self._clear_problem()
        self.last = None
        self.stack.setCurrentWidget(self.form_page)

    def clear_patron(self, note: str) -> None:
        """Idle clear: the card on screen or a half-typed form goes, as on leaving the page."""
        shown = self.card_view.card is not None or self.form.values() != rules.SignupForm()
        self.deactivate()
        if shown:
            self.banner.show_message(Outcome.ATTENTION, note)
            self.banner.show()
        if self.isVisible():
            self.form.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def handle_scan(self, text: str) -> None:
        """A wedge scan on this page: a guardian's card fills that field; anything else is
        ignored with a word (the form is typed, not scanned)."""
        if self.stack.currentWidget() is self.form_page and self.form.guardian_card.hasFocus():
            self.form.guardian_card.setText(text.strip())
            return
        self._scan_not_used()

    def _scan_not_used(self) -> None:
        self.status.setText(
            self.tr(
                "That scan was not used: scan a guardian's card into the Guardian's card field."
            )
        )

    # -- flow ------------------------------------------------------------------------------

    def clear(self) -> None:
        self.card_view.clear()
        self.form.clear()
        self.status.setText("")
        self._clear_problem()
        self.stack.setCurrentWidget(self.form_page)
        self.refresh_block()
        self.form.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.form.consent
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self.submit()
            return True
        return super().eventFilter(watched, event)

    def _validate(self) -> tuple[rules.CleanSignup | None, dict[str, rules.FieldError]]:
        cfg = self.config
        try:
            return rules.check(
                self.form.values(),
                today=self._today(),
                bands=cfg.category_bands,
                required=cfg.signup_required_fields,
                card_format=cfg.card_format,
                date_order=self.form.date_order,
            )
        except ValueError:  # an unknown field in the library's settings: use the safe default
            return rules.check(
                self.form.values(),
                today=self._today(),
                bands=cfg.category_bands,
                card_format=cfg.card_format,
                date_order=self.form.date_order,
            )

    def _recheck_shown_errors(self) -> None:
        """A field was edited: the errors of fields now right go away at once."""
        if not self.form.error_texts():
            return
        _, errors = self._validate()
        self.form.clear_fixed(errors)
        if not self.form.error_texts():
            self.status.setText("")

    def check(self) -> rules.CleanSignup | None:
        """Validate the form; show the errors beside their fields. Nothing is saved."""
        clean, errors = self._validate()
        self.form.show_errors(errors)
        self._clear_problem()
        if errors:
            count = len(errors)
            self.status.setText(
                self.tr("Not saved: fix the {0} field(s) marked in red.").format(count)
                if count > 1
                else self.tr("Not saved: fix the field marked in red.")
            )
        else:
            self.status.setText("")
        return clean

    def submit(self) -> None:
        clean = self.check()
        if clean is None:
            return
        matches = self.attempt("find_duplicates", writes=False).run(
            lambda: self.signup.duplicates(clean)
        )
        if matches is None:
            return
        if matches:
            self._warn_duplicates(clean, matches)
            return
        self._register(clean, allow_duplicate=False)

    def _warn_duplicates(
        self, clean: rules.CleanSignup, matches: list[store_signup.DuplicateMatch]
    ) -> None:
        # Someone who may not look patrons up (a volunteer) is told to ask staff: no names of
        # the matches, no opening one, no creating anyway (the role decides, not the matches).
        actor = self.ctx.store.actor
        may_look_up = actor is not None and actor.may(Capability.LOOKUP)
        dialog = DuplicateDialog(clean.name, matches, self, may_look_up=may_look_up)
        self.duplicate_dialog = dialog
        dialog.openExisting.connect(self.open_existing)
        dialog.createAnyway.connect(lambda: self._register(clean, allow_duplicate=True))
        dialog.finished.connect(self._dialog_closed)
        dialog.open()

    def _dialog_closed(self, _result: int) -> None:
        dialog = self.duplicate_dialog
        self.duplicate_dialog = None
        if dialog is not None:
            dialog.deleteLater()

    def open_existing(self, card_number: str) -> None:
        """Staff chose the existing patron: nothing is saved, the form is cleared."""
        self.form.clear()
        self.status.setText("")
        self.checkoutRequested.emit(card_number)

    def _start_checkout(self, card_number: str) -> None:
        """ "Start checkout" on the card: the card is wiped before checkout takes over."""
        self.card_view.clear()
        self.stack.setCurrentWidget(self.form_page)
        self.checkoutRequested.emit(card_number)

    def _register(self, clean: rules.CleanSignup, allow_duplicate: bool) -> None:
        duplicate: PossibleDuplicate | None = None
        with self.attempt("patron_register") as act:
            try:
                done = self.signup.register(clean, self.config, allow_duplicate)
            except PossibleDuplicate as exc:  # signed up elsewhere on this laptop meanwhile
                act.note(exc)
                duplicate = exc
        if duplicate is not None:
            self._warn_duplicates(clean, duplicate.matches)
        if act.failed or duplicate is not None:
            return  # the form keeps what was typed
        self.last = done
        cfg = self.config
        label = next(
            (b.label for b in cfg.category_bands if b.code == done.category), done.category
        )
        card = CardData(
            library_name=cfg.library_name,
            patron_name=done.name,
            card_number=done.card_number,
            temporary=done.temporary,
            category_label=label,
            expiry=done.card_expiry,
            language=clean.language or "",
        )
        note = ""
        if done.block.empty and not done.temporary:
            note = self.tr("That was the last card number on this laptop; sync to get more.")
        elif done.block.low and not done.temporary:
            note = self.tr("Only {0} card numbers left on this laptop — sync soon.").format(
                done.block.remaining
            )
        self.card_view.show_card(card, note)
        self.stack.setCurrentWidget(self.card_view)
        # The card view holds all it needs (CardData); the form must not keep the patron's
        # address, phone, email or date of birth behind it.
        self.form.clear()
        self.status.setText("")
        self._clear_problem()
        self.refresh_block()
        self.registered.emit(done.card_number)
        self.recorded.emit(done.seq)


class ScanGuard(QObject):
    """Event filter on sign-up fields where a scan's Enter must do nothing: printable keys
    followed by Enter faster than a person types are a card scanned by mistake.

    On a line edit (Notes) the scanned text is taken back out and the Enter swallowed; on any
    other widget (the tick box, where Enter submits) the Enter is swallowed if a printable key
    came in the last :data:`TYPED_BEFORE_ENTER_S` (nobody types letters at a tick box; a slow
    scanner's keys may be well apart). Either way ``not_used`` says so.
    """

    #: On a widget that takes no text, Enter this soon after a printable key is a scan's.
    TYPED_BEFORE_ENTER_S = 0.5

    def __init__(self, not_used: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._not_used = not_used
        #: Per widget, the run of printable keys since its last other key: (when, the line
        #: edit's text and cursor before that key).
        self._runs: dict[QObject, list[tuple[float, str, int]]] = {}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        now = time.monotonic()
        run = self._runs.setdefault(watched, [])
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                run.clear()
                return False  # Ctrl+Enter: the form's shortcut submits
            scanned = self._scanned(watched, run, now)
            run.clear()
            if scanned:
                self._not_used()
            return scanned
        text = event.text()
        mods = event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        if len(text) == 1 and text.isprintable() and not text.isspace() and not mods:
            edit = watched if isinstance(watched, QLineEdit) else None
            before = (edit.text(), edit.cursorPosition()) if edit is not None else ("", 0)
            run.append((now, *before))
            del run[:-200]  # a scan is far shorter; typing goes on
        else:
            run.clear()
        return False

    def _scanned(self, watched: QObject, run: list[tuple[float, str, int]], now: float) -> bool:
        if not run:
            return False
        if not isinstance(watched, QLineEdit):
            return now - run[-1][0] <= self.TYPED_BEFORE_ENTER_S
        # The tail of quick keys ending just before the Enter, as the wedge filter reads one.
        gap = MAX_GAP_MS / 1000
        if now - run[-1][0] > gap:
            return False
        start = len(run) - 1
        while start > 0 and run[start][0] - run[start - 1][0] <= gap:
            start -= 1
        if len(run) - start < MIN_SCAN_LENGTH:
            return False
        _, text, cursor = run[start]
        watched.setText(text)  # the scanned number is no note about this patron
        watched.setCursorPosition(cursor)
        return True
