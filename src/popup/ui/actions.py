"""The one way a screen runs an action: whatever stops it is said on that screen, and logged.

A page runs every store action inside :meth:`popup.ui.page.Page.attempt` (other widgets build
an :class:`Attempt` themselves)::

    with self.attempt("checkin", retry=(self.field, text)) as act:
        result = self.desk.checkin(text)
    if act.failed:
        return

Before the action the clock is looked at (the window's clock warning, ``popup.ui.clock``).
If the block raises, the attempt swallows the exception and

* words it (:func:`describe`): a :class:`~popup.domain.refusals.Refusal` with
  :func:`~popup.ui.text.refusal_text` — a save the store could not write (a lock held past the
  busy timeout, a full disk, a read-only file, an I/O error) arrives as the store's
  :class:`~popup.store.errors.WriteFailed`, whose sentence says "Not saved: …" and what to do;
  a file the action could not write (an export) by the operating system's kind of failure;
  anything else — a bug — as "Not saved: something unexpected went wrong", never a traceback;
* has the page show it in the problem colour (the page's :meth:`~Page.say_problem`) and plays
  the problem sound;
* puts what staff scanned back in its field, selected, when trying again may help (not for a
  refusal: scanning the same thing again gets the same answer). The next scan replaces it;
  Enter sends it again;
* logs the action's kind and the kind of failure (a refusal's key, an exception's class; never
  what was scanned or typed) at INFO for a refusal, WARNING for a failure, ERROR with the code
  lines (no values) for the unforeseen.

A refusal the page answers with its own words or a prompt goes through :meth:`Attempt.refuse`
or :meth:`Attempt.note`, so that every refusal is logged here and nowhere else.
"""

from __future__ import annotations

import errno
import logging
import sqlite3
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLineEdit
from sqlalchemy.exc import DBAPIError

from popup.domain.refusals import Refusal
from popup.store import cipher
from popup.store.db import StoreError
from popup.ui.feedback import Outcome, Sounds
from popup.ui.text import QT_TRANSLATE_NOOP, refusal_text

log = logging.getLogger(__name__)

T = TypeVar("T")

#: What kind of failure it was (the log's word for it).
REFUSED, STORE, FULL, READ_ONLY, IO, DATABASE, UNEXPECTED = (
    "refused",
    "store",
    "disk-full",
    "read-only",
    "io-error",
    "database",
    "unexpected",
)


@dataclass(frozen=True)
class Failure:
    """A failed action, worded.

    Attributes:
        kind: what kind of failure (:data:`REFUSED`, :data:`STORE`, :data:`FULL`, ...).
        reason: what the log names: a refusal's key, else the exception's class.
        text: the sentence for staff, in the UI language.
    """

    kind: str
    reason: str
    text: str

    @property
    def refused(self) -> bool:
        return self.kind == REFUSED

    @property
    def retry_helps(self) -> bool:
        """Scanning the same thing again may work (it was no rule that refused it, nor a
        damaged store file)."""
        return self.kind != REFUSED and self.reason != "WRITE_DAMAGED"


def _tr(source: str) -> str:
    """``source`` (marked below with QT_TRANSLATE_NOOP) in the UI language."""
    return QCoreApplication.translate("failures", source)


def _os_kind(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return FULL
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return READ_ONLY
    return IO


#: What kind of failure it was, for staff (after "Not saved: "); ``{0}`` is a technical name.
#: (A failed save of the store is the store's own keyed sentence: see the module's notes.)
_PROBLEMS = {
    FULL: QT_TRANSLATE_NOOP(
        "failures", "the disk is full. Free some space on this laptop, then try again."
    ),
    READ_ONLY: QT_TRANSLATE_NOOP(
        "failures", "the file cannot be written (read-only). Choose a folder you can write to."
    ),
    IO: QT_TRANSLATE_NOOP(
        "failures",
        "the disk could not be read or written (I/O error). Try again; if it happens again,"
        " check the disk.",
    ),
    DATABASE: QT_TRANSLATE_NOOP("failures", "the store reported an error ({0}). Try again."),
    UNEXPECTED: QT_TRANSLATE_NOOP(
        "failures", "something unexpected went wrong ({0}). It was logged; try again."
    ),
}
#: The sentence around it, for an action that writes and for one that only reads.
_NOT_SAVED = QT_TRANSLATE_NOOP("failures", "Not saved: {0}")
_NOT_DONE = QT_TRANSLATE_NOOP("failures", "Not done: {0}")


def describe(exc: Exception, *, writes: bool = True) -> Failure:
    """``exc`` worded for staff in the UI language, with what the log says about it."""
    if isinstance(exc, StoreError):
        # No rule refused it: trying again may help (the sentence says what to do first).
        return Failure(STORE, exc.key or type(exc).__name__, refusal_text(exc))
    if isinstance(exc, Refusal):
        return Failure(REFUSED, exc.key or type(exc).__name__, refusal_text(exc))
    if isinstance(exc, (DBAPIError, *cipher.ERRORS)):
        # Outside a store write (those arrive as WriteFailed): a read, say.
        origin = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
        errors = (sqlite3.Error, cipher.Error)  # the store's driver is SQLCipher's
        name = str(origin.sqlite_errorname) if isinstance(origin, errors) else ""
        kind, detail = DATABASE, name or type(origin).__name__
    elif isinstance(exc, OSError):
        kind, detail = _os_kind(exc), type(exc).__name__
    else:
        kind, detail = UNEXPECTED, type(exc).__name__
    problem = _tr(_PROBLEMS[kind]).format(detail)
    return Failure(kind, detail, _tr(_NOT_SAVED if writes else _NOT_DONE).format(problem))


def log_failure(action: str, failure: Failure, exc: BaseException | None = None) -> None:
    """One line per failed action: its kind and the kind of failure (never what was scanned)."""
    if failure.refused:
        log.info("%s refused: %s", action, failure.reason)
    elif failure.kind != UNEXPECTED:
        log.warning("%s failed: %s (%s)", action, failure.kind, failure.reason)
    else:
        # Where it failed, without the message, the values or the code lines (any of them
        # may hold what was typed or scanned): file, line and function of each frame.
        frames = [] if exc is None else traceback.extract_tb(exc.__traceback__)
        where = "\n".join(f"  {f.filename}:{f.lineno} in {f.name}" for f in frames)
        log.error("%s failed unexpectedly: %s\n%s", action, failure.reason, where)


class Attempt:
    """One action on a screen (see the module's notes).

    Attributes:
        action: its kind, for the log (``"checkout"``, ``"attendance_count"``, ...).
        failure: what stopped it, once something did.
    """

    def __init__(
        self,
        action: str,
        say: Callable[[Failure], None],
        sounds: Sounds,
        *,
        retry: tuple[QLineEdit, str] | None = None,
        writes: bool = True,
        before: Callable[[], None] | None = None,
    ) -> None:
        self.action = action
        self.failure: Failure | None = None
        self._say = say
        self._sounds = sounds
        self._retry = retry
        self._writes = writes
        self._before = before

    @property
    def failed(self) -> bool:
        return self.failure is not None

    def __enter__(self) -> Attempt:
        if self._before is not None:
            self._before()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool:
        if not isinstance(exc, Exception):
            return False  # nothing raised (or KeyboardInterrupt and the like: not ours)
        self._report(exc, describe(exc, writes=self._writes))
        return True

    def run(self, action: Callable[[], T]) -> T | None:
        """``action()``'s result, or None once its failure was said."""
        with self:
            return action()
        return None

    def refuse(self, exc: Refusal, text: str) -> None:
        """A refusal the page words itself (e.g. a patron card scanned as an item)."""
        failure = describe(exc, writes=self._writes)
        self._report(exc, Failure(failure.kind, failure.reason, text))

    def note(self, exc: Refusal) -> None:
        """Log a refusal the page answers with a prompt (an override, a band, a duplicate)."""
        log_failure(self.action, describe(exc, writes=self._writes))

    def _report(self, exc: Exception, failure: Failure) -> None:
        self.failure = failure
        log_failure(self.action, failure, exc)
        self._say(failure)
        self._sounds.play(Outcome.PROBLEM)
        if self._retry is not None and failure.retry_helps:
            field, text = self._retry
            field.setText(text)
            field.selectAll()


__all__ = ["UNEXPECTED", "Attempt", "Failure", "describe", "log_failure"]
