"""The sign-in screen (#17): what the window shows until someone signs in, and when it locks.

Three forms on one screen, keyboard-only:

* **Sign in**: login (or a badge scan) and PIN (masked). Enter in the login moves to the PIN,
  Enter in the PIN signs in. A refusal is the store's sentence (:class:`SignInRefused`); after
  a few wrong PINs a countdown says how long to wait before the next try (the Sign in button
  waits with it), and a locked account says so, with the unlock form under it.
* **Unlock**: a staff member types their own login and PIN there and the locked account is
  unlocked at once (they are not left signed in).
* **Create the administrator**: on a fresh laptop with no staff at all (login, name, PIN
  twice); the administrator is signed in when it is made.

It emits :attr:`SignInScreen.signedIn` with the :class:`~popup.store.staff.Actor`; the window
does the rest (:mod:`popup.ui.main_window`).

The window paints this screen before the store is open (#20: cold start), so the module loads
nothing of the store: the screen is built without its staff book and given it by
:meth:`SignInScreen.attach`; until then what is typed stays, and a sign-in asked for (Enter in the
PIN) waits for :meth:`SignInScreen.sign_in_waiting`, which the window calls once it is whole.
"""

from __future__ import annotations

import itertools
import math
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from popup.domain.staff import PinError, check_pin
from popup.ui import palette
from popup.ui.feedback import COLOURS, Outcome
from popup.ui.scanner import take_scans

if TYPE_CHECKING:  # the store and its texts load after the first paint (see the module's notes)
    from popup.store.staff import Actor, SignInRefused, StaffBook
    from popup.ui.context import Elapsed

#: How often the countdown after wrong PINs is redrawn.
TICK_MS = 250


def _field(name: str, parent: QWidget, *, secret: bool = False) -> QLineEdit:
    field = QLineEdit(parent)
    field.setAccessibleName(name)
    field.setMinimumHeight(42)
    field.setStyleSheet("font-size: 16pt;")
    if secret:
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setInputMethodHints(
            Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData
        )
    return field


def _button(text: str, parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setMinimumHeight(44)
    button.setStyleSheet("font-size: 15pt; padding: 4px 18px;")
    button.setAutoDefault(False)
    return button


def _message(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.hide()
    return label


def _say(label: QLabel, outcome: Outcome | None, text: str) -> None:
    """Show ``text`` on ``label`` in ``outcome``'s colours (None: plain); hide it when empty."""
    if not text:
        label.clear()
        label.hide()
        return
    if outcome is None:
        label.setStyleSheet("font-size: 14pt;")
    else:
        background, foreground = COLOURS[outcome]
        label.setStyleSheet(
            f"background: {background}; color: {foreground}; font-size: 14pt;"
            " padding: 6px 10px; border-radius: 4px;"
        )
    label.setText(text)
    label.setAccessibleName(text)
    label.show()


def _heading(text: str, parent: QWidget, size: int = 20) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setPointSize(size)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


class SignInScreen(QWidget):
    """The sign-in, unlock and first-administrator forms (see the module's notes).

    Signals:
        signedIn(object): someone signed in (the :class:`Actor`); store.actor is set.

    Attributes:
        who, pin, sign_in_button: the sign-in form; message: what went wrong (or a note);
        countdown: the wait after wrong PINs; locked_box: "locked", with unlock_who,
        unlock_pin, unlock_button; admin_login, admin_name, admin_pin, admin_pin_again,
        admin_button, admin_message: the first-administrator form.
    """

    signedIn = Signal(object)

    def __init__(
        self,
        book: StaffBook | None = None,
        elapsed: Elapsed = time.monotonic,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signin")
        #: The store's staff (None until :meth:`attach`: the store is still opening).
        self.book = book
        #: Enter was pressed in the PIN before the store was open: sign in once it is.
        self._submit_waiting = False
        self._elapsed = elapsed
        self._wait_until = 0.0
        self._locked_login = ""
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.card = QFrame(self)
        self.card.setObjectName("signin_card")
        self.card.setStyleSheet(
            f"#signin_card {{ background: {palette.WHITE}; border: 1px solid {palette.BORDER};"
            " border-radius: 8px; }"
        )
        self.card.setMinimumWidth(560)
        self.card.setMaximumWidth(760)
        # Its height for its width (wrapped sentences): never less, never more.
        self.card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        row.addWidget(self.card, 8)  # as wide as it may be on a netbook: fewer wrapped lines
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        card = QVBoxLayout(self.card)
        card.setContentsMargins(24, 16, 24, 16)
        # One form shown, the other hidden (not a stack: a stack is as tall as its tallest
        # form, and the sign-in form would sit in the first administrator's height).
        self.sign_in_form = self._build_sign_in()
        self.admin_form = self._build_first_admin()
        card.addWidget(self.sign_in_form)
        card.addWidget(self.admin_form)
        self.reset()

    def minimumSizeHint(self) -> QSize:
        """At least the height the card's wrapped sentences take at its width (a layout's
        minimum counts each on one line): the window's scroll area then scrolls instead of
        squeezing the fields over each other (a locked account, in Spanish, at 1024x600)."""
        hint = super().minimumSizeHint()
        if self.card.width() > 0 and self.card.hasHeightForWidth():
            needed = self.card.heightForWidth(self.card.width()) + 16  # the screen's margins
            hint.setHeight(max(hint.height(), needed))
        return hint

    # -- building ------------------------------------------------------------------------------

    def _build_sign_in(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(_heading(self.tr("Sign in"), page))
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        self.who = _field(self.tr("Login or badge"), page)
        take_scans(self.who)  # a badge scan stays in the field
        self.pin = _field(self.tr("PIN"), page, secret=True)
        who_label = QLabel(self.tr("&Login or badge:"), page)
        who_label.setBuddy(self.who)
        pin_label = QLabel(self.tr("&PIN:"), page)
        pin_label.setBuddy(self.pin)
        for label in (who_label, pin_label):
            label.setStyleSheet("font-size: 14pt;")
        grid.addWidget(who_label, 0, 0)
        grid.addWidget(self.who, 0, 1)
        grid.addWidget(pin_label, 1, 0)
        grid.addWidget(self.pin, 1, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        self.message = _message(page)
        layout.addWidget(self.message)
        self.countdown = _message(page)
        layout.addWidget(self.countdown)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.sign_in_button = _button(self.tr("Sign in (Enter)"), page)
        self.sign_in_button.setAccessibleName(self.tr("Sign in"))
        buttons.addWidget(self.sign_in_button)
        layout.addLayout(buttons)

        self.locked_box = QFrame(page)
        self.locked_box.setObjectName("locked_box")
        self.locked_box.setStyleSheet(f"#locked_box {{ border-top: 1px solid {palette.BORDER}; }}")
        locked = QVBoxLayout(self.locked_box)
        locked.setContentsMargins(0, 8, 0, 0)
        locked.setSpacing(6)
        self.unlock_heading = _heading(
            self.tr("Locked — ask a staff member to unlock it"), self.locked_box, 15
        )
        locked.addWidget(self.unlock_heading)
        how = QLabel(
            self.tr("Staff member: type your own login and PIN here to unlock it."),
            self.locked_box,
        )
        how.setWordWrap(True)
        how.setStyleSheet("font-size: 13pt;")
        locked.addWidget(how)
        unlock_grid = QGridLayout()
        unlock_grid.setHorizontalSpacing(12)
        self.unlock_who = _field(self.tr("Staff login or badge"), self.locked_box)
        take_scans(self.unlock_who)
        self.unlock_pin = _field(self.tr("Staff PIN"), self.locked_box, secret=True)
        unlock_who_label = QLabel(self.tr("Your &staff login:"), self.locked_box)
        unlock_who_label.setBuddy(self.unlock_who)
        unlock_pin_label = QLabel(self.tr("Your P&IN:"), self.locked_box)
        unlock_pin_label.setBuddy(self.unlock_pin)
        for label in (unlock_who_label, unlock_pin_label):
            label.setStyleSheet("font-size: 14pt;")
        unlock_grid.addWidget(unlock_who_label, 0, 0)
        unlock_grid.addWidget(self.unlock_who, 0, 1)
        unlock_grid.addWidget(unlock_pin_label, 1, 0)
        unlock_grid.addWidget(self.unlock_pin, 1, 1)
        unlock_grid.setColumnStretch(1, 1)
        locked.addLayout(unlock_grid)
        self.unlock_message = _message(self.locked_box)
        locked.addWidget(self.unlock_message)
        unlock_row = QHBoxLayout()
        unlock_row.addStretch(1)
        self.unlock_button = _button(self.tr("Unlock (Enter)"), self.locked_box)
        self.unlock_button.setAccessibleName(self.tr("Unlock"))
        unlock_row.addWidget(self.unlock_button)
        locked.addLayout(unlock_row)
        layout.addWidget(self.locked_box)
        self.locked_box.hide()

        self.who.returnPressed.connect(self._who_entered)
        self.pin.returnPressed.connect(self.submit)
        self.sign_in_button.clicked.connect(self.submit)
        self.unlock_who.returnPressed.connect(self._unlock_who_entered)
        self.unlock_pin.returnPressed.connect(self.unlock)
        self.unlock_button.clicked.connect(self.unlock)
        self.who.textEdited.connect(self._who_edited)
        return page

    def _build_first_admin(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(_heading(self.tr("Create the administrator"), page))
        intro = QLabel(
            self.tr(
                "This laptop has no staff yet. Create its administrator: the one who signs in"
                " until the library's staff are downloaded."
            ),
            page,
        )
        intro.setWordWrap(True)
        intro.setStyleSheet("font-size: 13pt;")
        layout.addWidget(intro)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        self.admin_login = _field(self.tr("Login"), page)
        self.admin_name = _field(self.tr("Name"), page)
        self.admin_pin = _field(self.tr("PIN"), page, secret=True)
        self.admin_pin_again = _field(self.tr("PIN again"), page, secret=True)
        rows = (
            (self.tr("&Login:"), self.admin_login),
            (self.tr("&Name:"), self.admin_name),
            (self.tr("&PIN (4 to 12 digits):"), self.admin_pin),
            (self.tr("PIN &again:"), self.admin_pin_again),
        )
        for number, (text, field) in enumerate(rows):
            label = QLabel(text, page)
            label.setStyleSheet("font-size: 14pt;")
            label.setBuddy(field)
            grid.addWidget(label, number, 0)
            grid.addWidget(field, number, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        self.admin_message = _message(page)
        layout.addWidget(self.admin_message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.admin_button = _button(self.tr("Create and sign in (Enter)"), page)
        self.admin_button.setAccessibleName(self.tr("Create the administrator"))
        buttons.addWidget(self.admin_button)
        layout.addLayout(buttons)
        order = (self.admin_login, self.admin_name, self.admin_pin, self.admin_pin_again)
        for field, after in itertools.pairwise(order):
            field.returnPressed.connect(after.setFocus)
        self.admin_pin_again.returnPressed.connect(self.create_admin)
        self.admin_button.clicked.connect(self.create_admin)
        return page

    def attach(self, book: StaffBook, elapsed: Elapsed) -> None:
        """The store is open: sign in against ``book`` from now on. A laptop with no staff
        yet shows the first-administrator form instead (the sign-in form was shown while the
        store opened)."""
        self.book = book
        self._elapsed = elapsed
        if book.needs_first_admin() and not self.first_admin_shown():
            self._submit_waiting = False
            self.reset()

    def sign_in_waiting(self) -> None:
        """Sign in now if Enter was pressed in the PIN while the store was opening (what was
        typed then is still in the fields)."""
        if self._submit_waiting:
            self._submit_waiting = False
            self.submit()

    # -- state ---------------------------------------------------------------------------------

    def first_admin_shown(self) -> bool:
        return not self.admin_form.isHidden()

    def _show_form(self, *, admin: bool) -> None:
        self.sign_in_form.setHidden(admin)
        self.admin_form.setHidden(not admin)

    def reset(self, note: str = "") -> None:
        """An empty form (the first-administrator one on a laptop with no staff), ``note``
        shown under it; the keyboard in its first field."""
        for field in (self.who, self.pin, self.unlock_who, self.unlock_pin):
            field.clear()
        for field in (self.admin_login, self.admin_name, self.admin_pin, self.admin_pin_again):
            field.clear()
        self._locked_login = ""
        self.locked_box.hide()
        self.sign_in_button.show()
        _say(self.unlock_message, None, "")
        _say(self.admin_message, None, "")
        _say(self.message, Outcome.ATTENTION if note else None, note)
        self._stop_countdown()
        self._show_form(admin=self.book is not None and self.book.needs_first_admin())
        self.focus_first()

    def focus_first(self) -> None:
        field = self.admin_login if self.first_admin_shown() else self.who
        field.setFocus()

    def active_field(self) -> QLineEdit:
        """Where a scan (a badge) goes."""
        if self.first_admin_shown():
            return self.admin_login
        if self.unlock_who.hasFocus() or self.unlock_pin.hasFocus():
            return self.unlock_who
        return self.who

    def take_scan(self, text: str) -> None:
        """A badge scanned outside the fields: it is the login; the PIN comes next."""
        field = self.active_field()
        field.setText(text.strip())
        if field is self.who:
            self._who_entered()
        elif field is self.unlock_who:
            self._unlock_who_entered()

    # -- signing in ----------------------------------------------------------------------------

    def _who_edited(self, _text: str) -> None:
        # Someone else is signing in: the last one's lock and wait are not theirs.
        if self._locked_login:
            self._locked_login = ""
            self.locked_box.hide()
            self.sign_in_button.show()
            _say(self.message, None, "")

    def _who_entered(self) -> None:
        if self.who.text().strip():
            self.pin.setFocus()

    def waiting(self) -> float:
        """Seconds left before the next try (0: none)."""
        return max(0.0, self._wait_until - self._elapsed())

    def submit(self) -> None:
        who, pin = self.who.text().strip(), self.pin.text()
        if not who:
            self.who.setFocus()
            return
        if not pin:
            self.pin.setFocus()
            return
        if self.waiting() > 0:
            self.pin.selectAll()
            return
        if self.book is None:  # the store is still opening: done once it is (sign_in_waiting)
            self._submit_waiting = True
            return
        from popup.store.errors import StoreError
        from popup.store.staff import SignInRefused, StaffRefusal
        from popup.ui.text import refusal_text

        try:
            actor = self.book.sign_in(who, pin)
        except SignInRefused as exc:
            self._refused(who, exc)
            return
        except (StaffRefusal, StoreError) as exc:
            # Anything else the store refuses (a failed write of the sign-in): said, PIN gone.
            self.pin.clear()
            _say(self.message, Outcome.PROBLEM, refusal_text(exc))
            self.pin.setFocus()
            return
        self._signed_in(actor)

    def _refused(self, who: str, exc: SignInRefused) -> None:
        from popup.ui.text import refusal_text

        self.pin.clear()
        _say(self.message, Outcome.PROBLEM, refusal_text(exc))
        if exc.reason == "locked":
            self._locked_login = self._locked_login_of(who)
            self.locked_box.show()
            self.sign_in_button.hide()  # nothing to sign in with until it is unlocked
            self.unlock_who.setFocus()
            return
        if exc.wait_seconds > 0:
            self._wait_until = self._elapsed() + exc.wait_seconds
            self.sign_in_button.setEnabled(False)
            self._tick()
            self._timer.start()
        self.pin.setFocus()

    def _locked_login_of(self, who: str) -> str:
        """The locked login ``who`` (as typed, or a badge) stands for: the store locks logins."""
        locked = self.book.locked() if self.book is not None else []
        same = [login for login in locked if login.lower() == who.lower()]
        if same:
            return same[0]
        # A badge scan: the one locked login, when there is one (a staff member's PIN is
        # needed to unlock it anyway).
        return locked[0] if len(locked) == 1 else who

    def _tick(self) -> None:
        left = self.waiting()
        if left <= 0:
            from popup.store.staff import SignInRefused
            from popup.ui.text import refusal_text

            self._stop_countdown()
            if self.message.isVisible():  # "try again in 4 s" is stale now: try again
                _say(self.message, Outcome.PROBLEM, refusal_text(SignInRefused("wrong_pin")))
            return
        _say(
            self.countdown,
            Outcome.ATTENTION,
            self.tr("Wait {0} s before the next try.").format(math.ceil(left)),
        )

    def _stop_countdown(self) -> None:
        self._timer.stop()
        self._wait_until = 0.0
        self.sign_in_button.setEnabled(True)
        _say(self.countdown, None, "")

    def _signed_in(self, actor: Actor) -> None:
        self.who.clear()
        self.pin.clear()
        _say(self.message, None, "")
        self._stop_countdown()
        self.signedIn.emit(actor)

    # -- unlocking -----------------------------------------------------------------------------

    def _unlock_who_entered(self) -> None:
        if self.unlock_who.text().strip():
            self.unlock_pin.setFocus()

    def unlock(self) -> None:
        """A staff member's login and PIN unlock the locked account, and sign them out again."""
        who, pin = self.unlock_who.text().strip(), self.unlock_pin.text()
        if not who:
            self.unlock_who.setFocus()
            return
        if not pin:
            self.unlock_pin.setFocus()
            return
        if self.book is None:  # the store is still opening
            return
        from popup.store.staff import SignInRefused
        from popup.ui.text import refusal_text

        self.unlock_pin.clear()
        locked = self._locked_login
        try:
            self.book.sign_in(who, pin)
        except SignInRefused as exc:
            _say(self.unlock_message, Outcome.PROBLEM, refusal_text(exc))
            self.unlock_pin.setFocus()
            return
        try:
            self.book.unlock(locked)
        except Exception as exc:  # NotAllowed (a volunteer) or any refusal: said here
            from popup.ui.actions import describe

            _say(self.unlock_message, Outcome.PROBLEM, describe(exc).text)
            self.book.sign_out()
            self.unlock_pin.setFocus()
            return
        self.book.sign_out()
        self.unlock_who.clear()
        self._locked_login = ""
        self.locked_box.hide()
        self.sign_in_button.show()
        _say(self.unlock_message, None, "")
        _say(self.message, Outcome.OK, self.tr("Unlocked. Type the PIN again."))
        self.who.setText(locked)
        self.pin.setFocus()

    # -- the first administrator ---------------------------------------------------------------

    def create_admin(self) -> None:
        login = self.admin_login.text().strip()
        name = " ".join(self.admin_name.text().split())
        pin, again = self.admin_pin.text(), self.admin_pin_again.text()
        problem: tuple[str, QLineEdit] | None = None
        if not login:
            problem = (self.tr("Type a login."), self.admin_login)
        elif not name:
            problem = (self.tr("Type the administrator's name."), self.admin_name)
        elif pin != again:
            problem = (self.tr("The two PINs differ: type the PIN twice."), self.admin_pin)
        else:
            try:
                check_pin(pin)
            except PinError:
                problem = (self.tr("A PIN is 4 to 12 digits."), self.admin_pin)
        if problem is None and self.book is None:  # the store is still opening
            return
        if problem is not None:
            text, field = problem
            if field is self.admin_pin:
                self.admin_pin.clear()
                self.admin_pin_again.clear()
            _say(self.admin_message, Outcome.PROBLEM, text)
            field.setFocus()
            return
        assert self.book is not None
        try:
            actor = self.book.create_first_admin(login, name, pin)
        except Exception as exc:  # a refusal of the store: said here
            from popup.ui.actions import describe

            _say(self.admin_message, Outcome.PROBLEM, describe(exc).text)
            return
        _say(self.admin_message, None, "")
        self.admin_pin.clear()
        self.admin_pin_again.clear()
        self._show_form(admin=False)
        self.signedIn.emit(actor)


__all__ = ["SignInScreen"]
