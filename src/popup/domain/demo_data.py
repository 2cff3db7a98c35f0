"""A believable demo consortium: titles, patrons of each kind, loan rules and holidays.

Pure and deterministic (seeded), so the laptop's demo stop (``popup.store.demo``), the sync
server's demo consortium (``popup-sync demo``) and the benchmarks build the same data, and
screenshots and tests see the same rows every time. Rows are plain dicts keyed like the
stores' columns.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
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
