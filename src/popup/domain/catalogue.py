"""Finding a book in the bus's catalogue: what a search's text asks for, and what a copy's
availability is. Qt-free and storage-free; :mod:`popup.store.search` runs the search.

One field takes anything staff type or scan: words of a title, an author or a call number
("harbor smith", "641.5"), an ISBN with or without hyphens, as ISBN-10 or ISBN-13, or a barcode
(exact, or its first digits).
"""

from __future__ import annotations

import enum
import re

from popup.domain.circulation import ItemStatus

#: An ISBN as typed: digits with optional hyphens or spaces (checked after removing them).
_ISBN_CHARS = re.compile(r"^[0-9Xx][0-9Xx\- ]*$")
_ISBN10 = re.compile(r"^[0-9]{9}[0-9Xx]$")
_ISBN13 = re.compile(r"^97[89][0-9]{10}$")
#: A word worth asking the index for: it has a letter or a digit.
_WORDY = re.compile(r"\w")
#: The shortest first part of a barcode that is looked up as one (fewer would list thousands).
BARCODE_PREFIX_MIN = 4


def _isbn10_check(first9: str) -> str:
    total = sum((10 - i) * int(d) for i, d in enumerate(first9))
    check = (11 - total % 11) % 11
    return "x" if check == 10 else str(check)


def _isbn13_check(first12: str) -> str:
    total = sum((1 if i % 2 == 0 else 3) * int(d) for i, d in enumerate(first12))
    return str((10 - total % 10) % 10)


def isbn_forms(text: str) -> tuple[str, ...]:
    """The ISBNs ``text`` may be, as the index holds them (digits, no hyphens, lower-case x):
    the number itself and its other form (ISBN-10 <-> ISBN-13 with the 978 prefix); empty when
    ``text`` is not shaped like an ISBN. The check digit is not required to be right: a
    catalogue may hold a miskeyed one, and it is still the number on the book."""
    stripped = text.strip()
    if not _ISBN_CHARS.match(stripped):
        return ()
    bare = stripped.replace("-", "").replace(" ", "").lower()
    if _ISBN10.match(bare):
        return (bare, "978" + bare[:9] + _isbn13_check("978" + bare[:9]))
    if _ISBN13.match(bare):
        if bare.startswith("978"):
            return (bare, bare[3:12] + _isbn10_check(bare[3:12]))
        return (bare,)
    return ()


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def match_expression(text: str) -> str | None:
    """The FTS5 query for ``text`` (None when it has no word to look for).

    An ISBN asks the ``isbn`` column for both of its forms; anything else is words that must
    all appear, each as the start of a word in any column ("harb smi" finds "The Quiet Harbor"
    by "Smith, Jo"; a one-letter word only as a whole word). Every word is quoted, so nothing
    typed is read as FTS5 syntax.
    """
    forms = isbn_forms(text)
    if forms:
        return "isbn : (" + " OR ".join(_quoted(f) for f in forms) + ")"
    words = [w for w in text.split() if _WORDY.search(w)]
    if not words:
        return None
    # A one-letter word is a whole word ("E" of a picture book's call number): as the start of
    # a word it would match most of the catalogue while staff are still typing.
    return " ".join(_quoted(w) + ("*" if len(w) > 1 else "") for w in words)


def barcode_prefix(text: str) -> str | None:
    """``text`` as the first part of a barcode to list copies by (None: it cannot be one)."""
    stripped = text.strip()
    if len(stripped) < BARCODE_PREFIX_MIN or any(c.isspace() for c in stripped):
        return None
    return stripped if any(c.isdigit() for c in stripped) else None


class Availability(enum.StrEnum):
    """Where a copy is, as a search shows it."""

    #: On the shelf here: Enter lends it.
    HERE = "here"
    #: Lent (the search shows the due date).
    ON_LOAN = "on_loan"
    #: On the shelf here but someone is waiting for it: the desk asks before lending it.
    ON_HOLD = "on_hold"
    #: Another library's copy (a consortium-shared catalogue): not this bus's.
    ELSEWHERE = "elsewhere"
    #: Lost, missing or withdrawn.
    UNAVAILABLE = "unavailable"

    @property
    def lendable(self) -> bool:
        """Whether Enter on it lends it (the desk's rules then decide, as for a scan)."""
        return self in (Availability.HERE, Availability.ON_HOLD)


def availability(
    *, status: str, home_library: str, this_library: str, on_loan: bool, held: bool
) -> Availability:
    """A copy's availability: a loan first, then a status that takes it off the shelf, then
    whose it is, then a hold."""
    if on_loan or status == ItemStatus.ON_LOAN:
        return Availability.ON_LOAN
    if status != ItemStatus.AVAILABLE:
        return Availability.UNAVAILABLE
    if home_library != this_library:
        return Availability.ELSEWHERE
    return Availability.ON_HOLD if held else Availability.HERE


__all__ = [
    "BARCODE_PREFIX_MIN",
    "Availability",
    "availability",
    "barcode_prefix",
    "isbn_forms",
    "match_expression",
]
