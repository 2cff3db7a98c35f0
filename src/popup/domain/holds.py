"""Holds: which of them a scan meets, decided from plain snapshots.

A hold is a patron's request for an item (or for any copy of a title) to be picked up at one
place: a library, a branch or a vehicle, and on a vehicle optionally at one stop. The server
keeps every hold; a laptop downloads only those to be picked up at its own vehicle, with what
circulation needs (:class:`popup.domain.protocol.entities.HoldData`). The desk and the server
ask the same functions here:

* a patron's scan shows the holds :func:`ready_for` them;
* a checkout of a held item to its patron fills the hold (:func:`hold_filled_by`) instead of
  asking for an override; to anyone else the item is still on hold;
* a return of an item someone is waiting for (:func:`waiting_for`) says for whom and where,
  and puts the item on board for them;
* the pick list (:func:`pick_list`) lists what to deliver at a stop, in call-number order.

An expired hold counts nowhere: from the day after its expiry it is not shown, not filled and
not trapped, whether or not the server has said so yet.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date


class HoldStatus(enum.StrEnum):
    #: Placed; no copy set aside yet.
    WAITING = "waiting"
    #: A copy is on its way to the pickup location.
    IN_TRANSIT = "in_transit"
    #: A copy is at the pickup location (on board the vehicle) for the patron.
    READY = "ready"
    FILLED = "filled"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


#: Holds still to be met: the ones a laptop keeps.
ACTIVE = frozenset({HoldStatus.WAITING, HoldStatus.IN_TRANSIT, HoldStatus.READY})


@dataclass(frozen=True)
class HoldState:
    id: str
    patron_card: str
    #: The copy held (None: any copy of ``title``).
    item_barcode: str | None
    title: str
    placed_on: date
    expires_on: date
    status: HoldStatus
    #: Where it is picked up: a library, branch or vehicle code.
    pickup: str
    #: On a vehicle, the stop it is picked up at (None: any stop).
    stop_id: str | None = None
    #: A title hold: any copy of ``title`` meets it, also once one was set aside for it
    #: (``item_barcode`` then names that copy).
    any_copy: bool = False


def is_live(hold: HoldState, today: date) -> bool:
    """Still to be met today: active, and not past its expiry date."""
    return hold.status in ACTIVE and today <= hold.expires_on


def _title_key(title: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", title.casefold()).split())


def matches(hold: HoldState, barcode: str, title: str) -> bool:
    """Whether the copy ``barcode`` (titled ``title``) meets the hold: the held copy itself,
    or for a title hold any copy of that title (case and punctuation aside)."""
    if hold.item_barcode == barcode:
        return True
    if hold.item_barcode is not None and not hold.any_copy:
        return False
    return _title_key(hold.title) == _title_key(title)


def _queue(holds: Iterable[HoldState]) -> list[HoldState]:
    """First placed, first served (a copy's own hold before a title hold of the same day)."""
    return sorted(holds, key=lambda h: (h.placed_on, h.any_copy, h.id))


def ready_for(holds: Iterable[HoldState], patron_card: str, today: date) -> list[HoldState]:
    """The patron's live holds that are ready for pickup here, oldest first."""
    return _queue(
        h
        for h in holds
        if h.patron_card == patron_card and h.status is HoldStatus.READY and is_live(h, today)
    )


def hold_filled_by(
    holds: Iterable[HoldState], patron_card: str, barcode: str, title: str, today: date
) -> HoldState | None:
    """The patron's live hold that lending them this copy fills (None: no hold of theirs)."""
    mine = [
        h
        for h in holds
        if h.patron_card == patron_card and is_live(h, today) and matches(h, barcode, title)
    ]
    # A ready hold is the copy set aside for them: it goes first.
    mine.sort(key=lambda h: h.status is not HoldStatus.READY)
    return _queue(mine)[0] if mine else None


def others_waiting(
    holds: Iterable[HoldState], patron_card: str, barcode: str, title: str, today: date
) -> list[HoldState]:
    """Other patrons' live holds on this very copy (a title hold does not hold one copy back
    until it was set aside for them: then its ``item_barcode`` names the copy)."""
    return _queue(
        h
        for h in holds
        if h.patron_card != patron_card
        and h.item_barcode == barcode
        and is_live(h, today)
        and matches(h, barcode, title)
    )


def waiting_for(
    holds: Iterable[HoldState], barcode: str, title: str, today: date
) -> HoldState | None:
    """The hold a returned copy goes to: the live hold it was already set aside for (a ready
    hold on this very copy, scanned in again), else the first live hold it meets that has no
    copy on board yet."""
    live = [h for h in holds if is_live(h, today) and matches(h, barcode, title)]
    own = [h for h in live if h.status is HoldStatus.READY and h.item_barcode == barcode]
    queue = _queue(own or [h for h in live if h.status is not HoldStatus.READY])
    return queue[0] if queue else None


@dataclass(frozen=True)
class PickLine:
    hold: HoldState
    #: The copy to take along (None: a title hold with no copy set aside yet).
    barcode: str | None
    call_number: str
    title: str
    on_board: bool


def call_number_key(call_number: str) -> tuple[tuple[int, int | str], ...]:
    """Shelf order: numbers compare as numbers ("F 9" before "F 10"), letters without case;
    an item without a call number goes last."""
    if not call_number.strip():
        return ((2, ""),)
    parts = re.findall(r"\d+|[^\W\d_]+", call_number.casefold())
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)


def pick_list(
    holds: Iterable[HoldState],
    call_numbers: dict[str, str],
    today: date,
    stop_id: str | None = None,
) -> list[PickLine]:
    """The live holds to deliver at ``stop_id`` (holds for any stop included), in call-number
    order, each saying whether its copy is on board (ready). ``call_numbers`` maps barcodes to
    call numbers (a copy the laptop does not know has none)."""
    lines = []
    for hold in holds:
        if not is_live(hold, today):
            continue
        if stop_id is not None and hold.stop_id not in (None, stop_id):
            continue
        barcode = hold.item_barcode
        lines.append(
            PickLine(
                hold=hold,
                barcode=barcode,
                call_number=call_numbers.get(barcode, "") if barcode else "",
                title=hold.title,
                on_board=hold.status is HoldStatus.READY,
            )
        )
    lines.sort(key=lambda line: (call_number_key(line.call_number), _title_key(line.title)))
    return lines


def not_on_board(lines: Sequence[PickLine]) -> int:
    return sum(1 for line in lines if not line.on_board)


__all__ = [
    "ACTIVE",
    "HoldState",
    "HoldStatus",
    "PickLine",
    "call_number_key",
    "hold_filled_by",
    "is_live",
    "matches",
    "not_on_board",
    "others_waiting",
    "pick_list",
    "ready_for",
    "waiting_for",
]
