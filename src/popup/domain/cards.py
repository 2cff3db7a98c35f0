"""Library card and item barcode numbers, and the QR card payload.

The default format is the 14-digit Codabar-style number many North American libraries use::

    2 1120 00069813 2
    | |    |        `- Luhn check digit over the first 13 digits
    | |    `---------- 8-digit sequence
    | `--------------- 4-digit institution code
    `----------------- 2 = patron, 3 = item

Libraries that number differently configure a :class:`CardFormat` (prefixes, length, check
digit or none) per library.

QR card payload
---------------
A Popup library card's QR code carries the text ``POPUP:1:<card number>``, for example
``POPUP:1:21120000698132``. ``POPUP`` marks the code as a library card, ``1`` is the payload
version. A reader must also accept a bare card number (a code printed by another system, or a
scanner that only reads the linear barcode), so :func:`parse_scan` takes either.

Codabar start/stop characters
-----------------------------
A printed card's Codabar begins and ends with a start/stop character (A, B, C or D; Popup
prints A…A). Most scanners drop them, but one set to send them types ``A21120000698132A``.
A pair around a run of digits (either case, matching or not) is stripped, so such a scanner
works everywhere a card or an item is scanned, but only when the text as scanned is not a
number already: a library whose numbers have letters of their own (``B12345678A``) keeps them.
:meth:`CardFormat.validate` and :func:`parse_scan` with a format try the text as scanned first;
a lookup tries each of :func:`scan_readings` in turn (as scanned, then stripped).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from popup.domain.messages import NUMBERS, Params, specifics
from popup.domain.refusals import Refusal

QR_PREFIX = "POPUP"
QR_VERSION = "1"


class ScanKind(enum.Enum):
    PATRON = "patron"
    ITEM = "item"


class NumberProblem(enum.StrEnum):
    """What is wrong with a number: the stable key a UI words the sentence by."""

    EMPTY = "EMPTY"
    NOT_DIGITS = "NOT_DIGITS"
    WRONG_LENGTH = "WRONG_LENGTH"  # length, expected
    UNKNOWN_PREFIX = "UNKNOWN_PREFIX"  # patron_prefix, item_prefix
    OTHER_INSTITUTION = "OTHER_INSTITUTION"  # institution, expected
    CHECK_DIGIT = "CHECK_DIGIT"  # expected, got
    ITEM_NOT_PATRON = "ITEM_NOT_PATRON"
    QR_VERSION = "QR_VERSION"  # version


class InvalidNumber(Refusal, ValueError):
    """A scanned or typed number that is not a valid card or item number.

    ``str(exc)`` is a sentence for staff that names what was scanned and what is wrong,
    rendered from :data:`popup.domain.messages.NUMBERS` by ``key`` (a :class:`NumberProblem`)
    and ``params``; ``params`` always holds ``scanned``, the scan as the sentence shows it.
    """

    CATALOGUE = NUMBERS

    def __init__(self, scanned: str, key: NumberProblem, params: Params = ()) -> None:
        self.scanned = scanned
        super().__init__(key, tuple(sorted((*params, ("scanned", _printable(scanned))))))


def _printable(text: str) -> str:
    """Render a scan for a message: control characters made visible, long scans cut."""
    shown = "".join(ch if ch.isprintable() else "\N{REPLACEMENT CHARACTER}" for ch in text)
    return shown if len(shown) <= 40 else shown[:37] + "…"


def luhn_check_digit(payload: str) -> int:
    """The Luhn (mod 10) check digit for a string of digits."""
    if not payload.isdigit() or not payload.isascii():
        raise ValueError("Luhn payload must be ASCII digits")
    total = 0
    for position, char in enumerate(reversed(payload)):
        digit = int(char)
        if position % 2 == 0:  # the digit next to the check digit is doubled
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10


@dataclass(frozen=True)
class CardFormat:
    """How one library numbers its patron cards and item barcodes.

    ``institution`` is the code embedded after the kind prefix, or ``None`` when the library
    accepts numbers from any institution (a consortium sharing cards).
    """

    length: int = 14
    patron_prefix: str = "2"
    item_prefix: str = "3"
    institution: str | None = None
    institution_length: int = 4
    luhn: bool = True
    digits_only: bool = True

    def __post_init__(self) -> None:
        if self.length < 2:
            raise ValueError("card length must be at least 2")
        if not self.patron_prefix or not self.item_prefix:
            raise ValueError("patron and item prefixes must not be empty")
        if self.patron_prefix.startswith(self.item_prefix) or self.item_prefix.startswith(
            self.patron_prefix
        ):
            raise ValueError("patron and item prefixes must be distinguishable")

    def to_dict(self) -> dict[str, object]:
        return {
            "length": self.length,
            "patron_prefix": self.patron_prefix,
            "item_prefix": self.item_prefix,
            "institution": self.institution,
            "institution_length": self.institution_length,
            "luhn": self.luhn,
            "digits_only": self.digits_only,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> CardFormat:
        def _int(key: str, default: int) -> int:
            value = data.get(key, default)
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValueError(f"card format field {key!r} must be a whole number")
            return value

        def _str(key: str, default: str) -> str:
            value = data.get(key, default)
            if not isinstance(value, str):
                raise ValueError(f"card format field {key!r} must be text")
            return value

        institution = data.get("institution")
        if institution is not None and not isinstance(institution, str):
            raise ValueError("card format field 'institution' must be text or null")
        return cls(
            length=_int("length", 14),
            patron_prefix=_str("patron_prefix", "2"),
            item_prefix=_str("item_prefix", "3"),
            institution=institution,
            institution_length=_int("institution_length", 4),
            luhn=bool(data.get("luhn", True)),
            digits_only=bool(data.get("digits_only", True)),
        )

    # -- building numbers -------------------------------------------------------------------

    @property
    def max_sequence(self) -> int:
        """The largest sequence a patron card of this format can carry.

        Laptops always embed an institution code (the format's, else one of
        ``institution_length`` digits), so this is the capacity of a card-number block.
        """
        inst = len(self.institution) if self.institution is not None else self.institution_length
        digits = self.length - len(self.patron_prefix) - inst - (1 if self.luhn else 0)
        return 10**digits - 1 if digits > 0 else 0

    def make(self, kind: ScanKind, sequence: int, institution: str | None = None) -> str:
        """Build a valid number of ``kind`` with the given sequence number."""
        prefix = self.patron_prefix if kind is ScanKind.PATRON else self.item_prefix
        inst = institution if institution is not None else (self.institution or "")
        body_length = self.length - len(prefix) - len(inst) - (1 if self.luhn else 0)
        if sequence < 0 or len(str(sequence)) > body_length:
            raise ValueError(f"sequence {sequence} does not fit in {body_length} digits")
        payload = f"{prefix}{inst}{sequence:0{body_length}d}"
        return payload + (str(luhn_check_digit(payload)) if self.luhn else "")

    # -- checking numbers -------------------------------------------------------------------

    def kind_of(self, number: str) -> ScanKind | None:
        """Which kind the prefix says, without validating the rest."""
        if number.startswith(self.patron_prefix):
            return ScanKind.PATRON
        if number.startswith(self.item_prefix):
            return ScanKind.ITEM
        return None

    def validate(self, scanned: str) -> tuple[ScanKind, str]:
        """Return ``(kind, number)`` for a valid number, or raise :class:`InvalidNumber`.

        The text as scanned is tried first; Codabar start/stop characters are stripped only
        when it is not valid. When neither is, the problem said is the stripped number's in a
        digits-only format (letters are never part of its numbers), else the scan's own."""
        readings = codabar_readings(scanned)
        problems: list[InvalidNumber] = []
        for number in readings:
            try:
                return self._check(scanned, number)
            except InvalidNumber as exc:
                problems.append(exc)
        raise problems[-1] if self.digits_only else problems[0]

    def _check(self, scanned: str, number: str) -> tuple[ScanKind, str]:
        if not number:
            raise InvalidNumber(scanned, NumberProblem.EMPTY)
        if self.digits_only and not (number.isdigit() and number.isascii()):
            raise InvalidNumber(scanned, NumberProblem.NOT_DIGITS)
        if len(number) != self.length:
            raise InvalidNumber(
                scanned,
                NumberProblem.WRONG_LENGTH,
                specifics(length=len(number), expected=self.length),
            )
        kind = self.kind_of(number)
        if kind is None:
            raise InvalidNumber(
                scanned,
                NumberProblem.UNKNOWN_PREFIX,
                specifics(patron_prefix=self.patron_prefix, item_prefix=self.item_prefix),
            )
        if self.institution is not None:
            prefix = self.patron_prefix if kind is ScanKind.PATRON else self.item_prefix
            inst = number[len(prefix) : len(prefix) + len(self.institution)]
            if inst != self.institution:
                raise InvalidNumber(
                    scanned,
                    NumberProblem.OTHER_INSTITUTION,
                    specifics(institution=inst, expected=self.institution),
                )
        if self.luhn:
            expected = luhn_check_digit(number[:-1])
            if int(number[-1]) != expected:
                raise InvalidNumber(
                    scanned,
                    NumberProblem.CHECK_DIGIT,
                    specifics(expected=str(expected), got=number[-1]),
                )
        return kind, number

    def validate_patron(self, scanned: str) -> str:
        kind, number = self.validate(scan_readings(scanned)[0])
        if kind is not ScanKind.PATRON:
            raise InvalidNumber(scanned, NumberProblem.ITEM_NOT_PATRON)
        return number

    def is_item_shaped(self, scanned: str) -> bool:
        try:
            return self.validate(scanned)[0] is ScanKind.ITEM
        except InvalidNumber:
            return False

    def is_patron_shaped(self, scanned: str) -> bool:
        try:
            return self.validate(scan_readings(scanned)[0])[0] is ScanKind.PATRON
        except InvalidNumber:
            return False


DEFAULT_FORMAT = CardFormat()

_QR_RE = re.compile(rf"^{QR_PREFIX}:(\d+):(.+)$")
#: A Codabar scan sent with its start/stop characters; only around digits, so no number
#: that has letters of its own is cut.
_CODABAR_RE = re.compile(r"^[A-Da-d]([0-9]+)[A-Da-d]$")


def strip_codabar(text: str) -> str:
    """``text`` without Codabar start/stop characters around its digits (else unchanged)."""
    match = _CODABAR_RE.match(text)
    return text if match is None else match.group(1)


def codabar_readings(text: str) -> tuple[str, ...]:
    """The numbers a bare scan may be, in the order to try them: as scanned (trimmed), then
    without Codabar start/stop characters when it has a pair."""
    raw = text.strip()
    bare = strip_codabar(raw)
    return (raw,) if bare == raw else (raw, bare)


def scan_readings(text: str) -> tuple[str, ...]:
    """The numbers a scan may carry, in the order to try them: a Popup QR card's number, else
    :func:`codabar_readings`. Raises :class:`InvalidNumber` for a Popup QR of an unknown
    version."""
    stripped = text.strip()
    match = _QR_RE.match(stripped)
    if match is None:
        return codabar_readings(stripped)
    version, number = match.groups()
    if version != QR_VERSION:
        raise InvalidNumber(
            text,
            NumberProblem.QR_VERSION,
            specifics(version=version),
        )
    return (number.strip(),)


def qr_payload(card_number: str) -> str:
    """The text a Popup QR library card carries."""
    return f"{QR_PREFIX}:{QR_VERSION}:{card_number}"


def parse_scan(text: str, fmt: CardFormat | None = None) -> str:
    """The card or item number in a scan: a QR card payload or a bare number.

    Codabar start/stop characters are stripped, except, given the library's ``fmt``, when the
    text as scanned is a valid number of it (a number with letters of its own).

    Raises :class:`InvalidNumber` for a Popup payload of an unknown version.
    """
    readings = scan_readings(text)
    if fmt is not None:
        try:
            return fmt.validate(readings[0])[1]
        except InvalidNumber:
            pass
    return readings[-1]
