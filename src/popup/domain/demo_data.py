"""A believable demo consortium: titles, patrons of each kind, loan rules and holidays.

Pure and deterministic (seeded), so the laptop's demo stop (``popup.store.demo``), the sync
server's demo consortium (``popup-sync demo``) and the benchmarks build the same data, and
screenshots and tests see the same rows every time. Rows are plain dicts keyed like the
stores' columns. The showcase (:func:`showcase_loans`, :func:`demo_stop_times`) is what makes
every screen of ``popup --demo`` show something: a stop under way, loans (some overdue) and a
hold waiting, the same rows on the laptop and at ``popup-sync demo``.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from popup.domain.cards import CardFormat, ScanKind

DEMO_INSTITUTION = "1120"
DEMO_FORMAT = CardFormat(institution=None)

_ADJ = (
    "Silent",
    "Hidden",
    "Lost",
    "Golden",
    "Winter",
    "Crooked",
    "Painted",
    "Distant",
    "Burning",
    "Quiet",
    "Little",
    "Last",
    "Wild",
    "Secret",
    "Broken",
    "Salt",
    "Paper",
    "Midnight",
    "Northern",
    "Glass",
    "Summer",
    "Forgotten",
    "Restless",
    "Hollow",
    "Copper",
    "Velvet",
    "Second",
    "Iron",
)
_NOUN = (
    "Harbor",
    "Orchard",
    "Lighthouse",
    "River",
    "Garden",
    "Kingdom",
    "Library",
    "Mountain",
    "Station",
    "Daughter",
    "Journey",
    "Island",
    "Bridge",
    "Meadow",
    "Forest",
    "Letters",
    "Tide",
    "Market",
    "Valley",
    "Crossing",
    "Summer",
    "Fox",
    "Compass",
    "Lantern",
    "Season",
    "Map",
    "Sparrow",
    "Kitchen",
    "Winter",
    "Field",
)
_NONFICTION = (
    ("641.5", "Weeknight Cooking for Busy Families"),
    ("635.9", "The Small-Space Vegetable Garden"),
    ("973.7", "A Short History of the Civil War"),
    ("523.1", "Stars, Planets and Everything"),
    ("158.1", "Calm: A Field Guide to Everyday Worry"),
    ("796.5", "Trails of the Pacific Coast"),
    ("005.13", "Learning Python, Gently"),
    ("599.75", "Big Cats of the World"),
    ("612", "How Your Body Works"),
    ("745.5", "Crafts from the Recycling Bin"),
    ("332.024", "Money Basics for Young Adults"),
    ("428.64", "Reading English Every Day"),
    ("567.9", "Dinosaurs A to Z"),
    ("629.13", "How Airplanes Fly"),
    ("781.64", "Guitar Chords"),
)
_FIRST = (
    "Maria",
    "James",
    "Aisha",
    "Chen",
    "Olivia",
    "Mateo",
    "Sofia",
    "Liam",
    "Fatima",
    "Noah",
    "Emma",
    "Diego",
    "Priya",
    "Lucas",
    "Hana",
    "Elijah",
    "Amara",
    "Mason",
    "Zoe",
    "Kofi",
    "Grace",
    "Ravi",
    "Lena",
    "Omar",
    "Ruth",
    "Tomás",
    "Ingrid",
    "Samuel",
    "Yuki",
    "Nadia",
)
_LAST = (
    "Garcia",
    "Smith",
    "Nguyen",
    "Johnson",
    "Okafor",
    "Martinez",
    "Brown",
    "Kowalski",
    "Singh",
    "Lee",
    "Hernández",
    "Walker",
    "Ahmed",
    "Novak",
    "Lopez",
    "Clark",
    "Tanaka",
    "Rossi",
    "Müller",
    "Kim",
    "Adeyemi",
    "Murphy",
    "Silva",
    "Cohen",
    "Larsen",
    "Patel",
    "O'Brien",
    "Dubois",
)

ITEM_TYPES = (
    ("BOOK", 55),
    ("PICTURE_BOOK", 20),
    ("DVD", 8),
    ("AUDIOBOOK", 6),
    ("MAGAZINE", 6),
    ("REFERENCE", 2),
    ("GAME", 3),
)

LOAN_RULES = (
    # category, type, days, renewals, max items, loanable
    ("*", "*", 21, 2, 30, True),
    ("CHILD", "*", 21, 2, 10, True),
    ("TEEN", "*", 21, 2, 15, True),
    ("*", "DVD", 7, 1, 5, True),
    ("CHILD", "DVD", 7, 1, 3, True),
    ("*", "MAGAZINE", 7, 0, 10, True),
    ("*", "REFERENCE", 0, 0, 0, False),
    ("SENIOR", "*", 28, 3, 30, True),
)


def weighted_types(rng: random.Random, n: int) -> list[str]:
    names = [t for t, _ in ITEM_TYPES]
    weights = [w for _, w in ITEM_TYPES]
    return rng.choices(names, weights, k=n)


def item_rows(
    rng: random.Random, n: int, fmt: CardFormat, start: int = 1, library_code: str = "MAIN"
) -> Iterator[dict[str, Any]]:
    types = weighted_types(rng, n)
    for i in range(n):
        item_type = types[i]
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        author = f"{last}, {first}"
        if item_type in ("BOOK", "AUDIOBOOK") and rng.random() < 0.3:
            dewey, title = rng.choice(_NONFICTION)
            call = f"{dewey} {last[:3].upper()}"
        else:
            title = f"The {rng.choice(_ADJ)} {rng.choice(_NOUN)}"
            if rng.random() < 0.25:
                title += f" of {rng.choice(_ADJ)} {rng.choice(_NOUN)}"
            prefix = {"PICTURE_BOOK": "E", "DVD": "DVD", "MAGAZINE": "MAG", "GAME": "GAME"}.get(
                item_type, "FIC"
            )
            call = f"{prefix} {last[:3].upper()}"
        home = library_code if rng.random() > 0.06 else "EAST"
        yield {
            "barcode": fmt.make(ScanKind.ITEM, start + i, DEMO_INSTITUTION),
            "title": title,
            "author": author,
            "isbn": f"978{rng.randrange(10**9, 10**10)}",
            "call_number": call,
            "item_type": item_type,
            "home_library": home,
            "status": "available",
            "on_hold": rng.random() < 0.02,
            "hold_pickup": None,
        }


def patron_rows(
    rng: random.Random,
    n: int,
    fmt: CardFormat,
    today: date,
    start: int = 1,
    library_code: str = "MAIN",
) -> Iterator[dict[str, Any]]:
    categories = ("CHILD", "TEEN", "ADULT", "ADULT", "ADULT", "SENIOR")
    for i in range(n):
        # The first patrons are fixed cases a walkthrough can rely on: fine, manually blocked,
        # expired, owing fines; the rest are random with the same kinds of problem.
        roll = (0.5, 0.09, 0.01, 0.05)[i] if i < 4 and start == 1 else rng.random()
        expiry = today + timedelta(days=rng.randrange(30, 1000))
        fines = 0
        manual, reason = False, None
        if roll < 0.04:
            expiry = today - timedelta(days=rng.randrange(1, 400))
        elif roll < 0.08:
            fines = rng.randrange(600, 4000)
        elif roll < 0.10:
            manual, reason = (
                True,
                rng.choice(
                    ("Address needs confirming", "Lost items not paid for", "Card reported stolen")
                ),
            )
        elif roll < 0.15:
            fines = rng.randrange(25, 400)
        fines = fines_case(i, start, fines)
        yield {
            "card_number": fmt.make(ScanKind.PATRON, start + i, DEMO_INSTITUTION),
            "name": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
            "category": "ADULT" if i < 4 and start == 1 else rng.choice(categories),
            "card_expiry": expiry,
            "fines_owed_cents": fines,
            "manual_block": manual,
            "block_reason": reason,
            "home_library": library_code,
            "temporary": False,
            "origin": "download",
        }


#: What the demo's patron with fines owes (the fourth fixed case): over the 5.00 limit, so the
#: card scan shows the block and a payment (Ctrl+M) clears it at once.
DEMO_FINES_CENTS = 1275
#: Which fixed case owes :data:`DEMO_FINES_CENTS`.
_FINES_CASE = 3


def fines_case(i: int, start: int, fines: int) -> int:
    """The payments walk-through's patron owes a fixed, readable amount (the random rows keep
    theirs; the generator is not consulted, so every other row stays as it was)."""
    return DEMO_FINES_CENTS if i == _FINES_CASE and start == 1 else fines


def fined_patron_card(fmt: CardFormat) -> str:
    """The card of the demo patron who owes :data:`DEMO_FINES_CENTS`."""
    return fmt.make(ScanKind.PATRON, 1 + _FINES_CASE, DEMO_INSTITUTION)


def closed_days(today: date) -> list[tuple[date, str]]:
    days: list[tuple[date, str]] = []
    for year in (today.year, today.year + 1):
        days += [
            (date(year, 1, 1), "New Year's Day"),
            (date(year, 7, 4), "Independence Day"),
            (date(year, 11, 26), "Thanksgiving"),
            (date(year, 12, 24), "Christmas Eve"),
            (date(year, 12, 25), "Christmas Day"),
            (date(year, 12, 26), "Staff training"),
        ]
    return days


# -- the showcase: a stop under way now, loans, a hold waiting ---------------------------------

#: The demo stop's id, the same on the laptop and at the demo server.
DEMO_STOP_ID = "00000000-0000-4000-8000-000000000001"
#: Item types the showcase lends (loanable to adults by every rule in :data:`LOAN_RULES`).
_LENDABLE = ("BOOK", "PICTURE_BOOK", "AUDIOBOOK", "DVD")
#: Days out and days until due (negative: overdue) of each showcase loan, with renewals used.
_LOAN_PLAN = (
    (3, 18, 0),
    (10, 11, 0),
    (30, -9, 1),  # overdue
    (40, -19, 0),  # overdue
    (6, 15, 0),
    (25, -4, 0),  # overdue
    (2, 19, 0),  # the item a patron at the stop is waiting for (its hold is ready)
)
#: Which of :data:`_LOAN_PLAN` is lent on an item that has a hold waiting at MAIN.
_HOLD_LOAN = 6


def demo_stop_times(now: datetime) -> tuple[datetime, datetime]:
    """The demo stop, under way now: from the last full hour before ``now`` for four hours."""
    start = now.replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
    return start, start + timedelta(hours=4)


@dataclass(frozen=True)
class DemoLoan:
    """An open loan of the showcase, as the server holds it (and a laptop downloads it)."""

    id: str
    patron_card: str
    item_barcode: str
    out_at: datetime
    due_date: date
    renewals: int
    #: A patron is waiting for this item: its return is a hold trap for MAIN.
    hold_ready: bool = False


def showcase_loans(
    items: Sequence[Mapping[str, Any]], patrons: Sequence[Mapping[str, Any]], now: datetime
) -> list[DemoLoan]:
    """The showcase's open loans over the rows :func:`item_rows` and :func:`patron_rows` made
    (the same on both sides, so the ids and rows agree): lent to patrons without blocks, on
    items of MAIN that are available and not on hold. Some are overdue, one has a hold ready.

    The first clean adult (the desk's walk-through patron) is left without loans; the next
    has three, two of them overdue.
    """
    clean = [
        p["card_number"]
        for p in patrons
        if not p["manual_block"]
        and p["fines_owed_cents"] == 0
        and p["category"] == "ADULT"
        and p["card_expiry"] > now.date() + timedelta(days=60)
    ][1:]
    lendable = [
        i["barcode"]
        for i in items
        if i["item_type"] in _LENDABLE and i["home_library"] == "MAIN" and not i["on_hold"]
    ]
    if len(clean) < 4 or len(lendable) < len(_LOAN_PLAN):
        return []  # a store too small for a showcase
    borrowers = [clean[0], clean[0], clean[0], clean[1], clean[2], clean[3], clean[1]]
    loans = []
    for n, ((days_out, due_in, renewals), card) in enumerate(
        zip(_LOAN_PLAN, borrowers, strict=True)
    ):
        loans.append(
            DemoLoan(
                id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"popup-demo-loan-{n}")),
                patron_card=card,
                item_barcode=lendable[n],
                out_at=(now - timedelta(days=days_out)).replace(microsecond=0),
                due_date=now.date() + timedelta(days=due_in),
                renewals=renewals,
                hold_ready=n == _HOLD_LOAN,
            )
        )
    return loans


# -- holds ready at today's stop (#15) ---------------------------------------------------------

#: The demo vehicle: the branch the demo server enrolls the laptop with, the holds' pickup.
DEMO_VEHICLE = "BM2"

#: The demo's staff accounts (#17), with published PINs (the demo only): one staff member and
#: one volunteer, so both roles can be tried. The sync server's demo makes them at MAIN and a
#: laptop's ``popup --demo`` store holds them as if downloaded: (login, name, role, PIN).
DEMO_STAFF = (
    ("demo-staff", "Dana Staff", "staff", "1234"),
    ("demo-volunteer", "Val Volunteer", "volunteer", "5678"),
)


@dataclass(frozen=True)
class DemoHold:
    """A hold to be picked up at the demo stop (the same on the laptop and the demo server)."""

    id: str
    patron_card: str
    item_barcode: str
    title: str
    placed_on: date
    expires_on: date
    #: "ready" (on board) or "in_transit"/"waiting" (not on board yet).
    status: str


def showcase_holds(
    items: Sequence[Mapping[str, Any]],
    patrons: Sequence[Mapping[str, Any]],
    loans: Sequence[DemoLoan],
    now: datetime,
) -> list[DemoHold]:
    """Holds at today's stop: two ready for the desk's walk-through patron (the first clean
    adult, so scanning them shows "2 holds ready for pickup"), one ready and one not yet on
    board for others, and one waiting for the showcase's lent item whose hold is ready, so its
    return says for whom."""
    clean = [
        p["card_number"]
        for p in patrons
        if not p["manual_block"]
        and p["fines_owed_cents"] == 0
        and p["category"] == "ADULT"
        and p["card_expiry"] > now.date() + timedelta(days=60)
    ]
    lent = {loan.item_barcode for loan in loans}
    free = [
        i
        for i in items
        if i["item_type"] in _LENDABLE
        and i["home_library"] == "MAIN"
        and not i["on_hold"]
        and i["barcode"] not in lent
        and i.get("status", "available") == "available"
    ][-12:]
    held = next((loan for loan in loans if loan.hold_ready), None)
    if len(clean) < 6 or len(free) < 4 or held is None:
        return []
    today = now.date()
    titles = {i["barcode"]: i["title"] for i in items}
    plan = [
        (clean[0], free[0]["barcode"], "ready"),
        (clean[0], free[1]["barcode"], "ready"),
        (clean[4], free[2]["barcode"], "ready"),
        (clean[5], free[3]["barcode"], "in_transit"),
        (clean[4], held.item_barcode, "waiting"),
    ]
    return [
        DemoHold(
            id=f"DEMO-H{n + 1}",
            patron_card=card,
            item_barcode=barcode,
            title=titles[barcode],
            placed_on=today - timedelta(days=10 - n),
            expires_on=today + timedelta(days=7),
            status=status,
        )
        for n, (card, barcode, status) in enumerate(plan)
    ]


# -- the cards walkthrough (#15): an expired card and a lost one -------------------------------

#: The sequence number of the demo's lost card: far from the demo's patrons and card blocks.
_LOST_CARD_SEQ = 9_999_001


@dataclass(frozen=True)
class DemoLostCard:
    """A card reported lost and replaced before the demo began, as both sides hold it."""

    old_card: str
    #: The patron's card now.
    card_number: str
    lost_at: datetime


def card_cases(
    patrons: Sequence[dict[str, Any]], now: datetime, fmt: CardFormat
) -> DemoLostCard | None:
    """Two fixed patrons for ``popup --demo`` (changed in place in the rows
    :func:`patron_rows` made, on the laptop and at the demo server alike): Marisol Ortega,
    whose card expired twelve days ago (renew it: Ctrl+Shift+E, or from the block prompt),
    and Daniel Whitfield, whose card was reported lost three days ago and replaced (a scan of
    the old number is refused; find him by name: Ctrl+K)."""
    if len(patrons) < 6:
        return None  # a store too small for the walkthrough
    clean = {"fines_owed_cents": 0, "manual_block": False, "block_reason": None}
    expired, replaced = patrons[4], patrons[5]
    expired.update(
        clean,
        name="Marisol Ortega",
        category="ADULT",
        card_expiry=now.date() - timedelta(days=12),
    )
    replaced.update(
        clean,
        name="Daniel Whitfield",
        category="ADULT",
        card_expiry=now.date() + timedelta(days=700),
    )
    return DemoLostCard(
        old_card=fmt.make(ScanKind.PATRON, _LOST_CARD_SEQ, DEMO_INSTITUTION),
        card_number=replaced["card_number"],
        lost_at=(now - timedelta(days=3)).replace(microsecond=0),
    )
