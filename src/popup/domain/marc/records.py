"""What a MARC import is told and answers: the holdings layout, options, result and rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from popup.domain.problems import Problem

#: Called as ``progress(bytes_read, bytes_total, records_read)``.
Progress = Callable[[int, int, int], None]
#: The fields read from one record: tag -> each occurrence's ``(code, value)`` subfields.
Fields = dict[str, list[list[tuple[str, str]]]]

#: Subfield codes (and indicators, with a blank) a MARC21 record may hold.
VALID_INDICATORS = frozenset(b" 0123456789abcdefghijklmnopqrstuvwxyz")
VALID_CODES = frozenset(b"0123456789abcdefghijklmnopqrstuvwxyz")


#: The item status each of :meth:`HoldingsMap.status_subfields` sets.
STATUS_ORDER: tuple[str, ...] = ("withdrawn", "lost", "not_for_loan", "damaged", "restricted")


@dataclass(frozen=True)
class HoldingsMap:
    """Where a holdings (item) field keeps its barcode, type, call number and home library."""

    tag: str = "952"
    barcode: str = "p"
    item_type: str | None = "y"
    call_number: tuple[str, ...] = ("o",)
    home_library: str | None = "a"
    #: Subfields whose non-zero value takes the item off the shelf (Koha: $0 withdrawn, $1
    #: lost, $7 not for loan, $4 damaged, $5 restricted; the first set, in that order, names
    #: the status). They set the status of an item new to the store, and make an available
    #: item not lendable on a re-import; they never make an item available again or touch
    #: one on loan here (circulation state: see ``importer``).
    lost: str | None = "1"
    withdrawn: str | None = "0"
    not_for_loan: str | None = "7"
    damaged: str | None = "4"
    restricted: str | None = "5"

    def status_subfields(self) -> tuple[str | None, ...]:
        """The status subfields in the order their status wins: withdrawn, lost, not for loan,
        damaged, restricted (see :data:`STATUS_ORDER`)."""
        return (self.withdrawn, self.lost, self.not_for_loan, self.damaged, self.restricted)

    @classmethod
    def for_tag(cls, tag: str) -> HoldingsMap:
        """The usual layout for ``tag``: Koha's 952, or the MARC21 holdings 852."""
        if tag == "852":
            return cls(
                tag="852",
                barcode="p",
                item_type=None,
                call_number=("h", "i"),
                home_library="b",
                lost=None,
                withdrawn=None,
                not_for_loan=None,
                damaged=None,
                restricted=None,
            )
        if tag == "952":
            return cls()
        return cls(
            tag=tag,
            barcode="p",
            item_type=None,
            call_number=(),
            home_library=None,
            lost=None,
            withdrawn=None,
            not_for_loan=None,
            damaged=None,
            restricted=None,
        )

    def __post_init__(self) -> None:
        if not (len(self.tag) == 3 and self.tag.isdigit() and self.tag >= "010"):
            raise ValueError(f"holdings tag must be a data field tag 010-999, not {self.tag!r}")
        codes = (
            self.barcode,
            self.item_type,
            self.home_library,
            *self.status_subfields(),
        )
        for code in (*codes, *self.call_number):
            if code is not None and (len(code) != 1 or ord(code) not in VALID_CODES):
                raise ValueError(f"subfield code must be one letter or digit, not {code!r}")


@dataclass(frozen=True)
class MarcOptions:
    holdings: HoldingsMap = field(default_factory=HoldingsMap)
    #: Item type when neither the holdings field nor 942 $c gives one.
    default_item_type: str = "BOOK"
    #: Home library when the holdings field has none; None = this library's code.
    home_library: str | None = None
    #: Records per store transaction.
    batch_size: int = 5000


@dataclass
class MarcResult:
    records: int = 0
    items_created: int = 0
    items_updated: int = 0
    #: Already in the store with exactly the same details.
    items_unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    cancelled: bool = False
    seconds: float = 0.0

    @property
    def skipped_records(self) -> int:
        return len({p.where for p in self.problems if p.skipped})

    @property
    def clean(self) -> bool:
        return not self.problems and not self.cancelled

    def summary(self) -> str:
        text = (
            f"{self.records} records read: {self.items_created} items added, "
            f"{self.items_updated} updated, {self.items_unchanged} unchanged, "
            f"{self.skipped_records} records not imported, "
            f"{len(self.problems)} problems"
        )
        return text + (" (cancelled)" if self.cancelled else "")


@dataclass(frozen=True)
class ItemRow:
    barcode: str
    title: str
    author: str | None
    isbn: str | None
    call_number: str | None
    item_type: str
    home_library: str
    status: str = "available"
