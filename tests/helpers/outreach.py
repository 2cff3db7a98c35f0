"""A consortium with a season of bookmobile outreach behind it, recorded through the real API.

Two libraries with their vehicles (branches), loan rules, a catalogue and patrons are set up as
an administrator would (``crud``, what ``popup-sync admin`` calls); everything after that goes
through ``/v1/enroll`` and ``/v1/push`` exactly as the laptops send it: each vehicle's laptop
holds a stop every week or so for the last four months, lends, takes back, renews, counts
in-house uses, signs people up and runs events whose attendance is tapped in by age band, on
site and off site. A few actions become staff exceptions (an expired card, a blocked patron, an
unknown item, a return of what was not on loan, a possible duplicate sign-up).

Used by the console's end-to-end tests and by ``packaging/dev/console_screenshots.py``; the
same seed (``random.Random(seed)``) gives the same activity, relative to ``now``.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import requests
from sqlalchemy import select

from popup.domain import demo_data as demo
from popup.domain.age_bands import DEFAULT_ATTENDANCE_BANDS
from popup.domain.cards import CardFormat, ScanKind
from popup.domain.loan_rules import ANY, LoanRule
from popup.domain.protocol import actions
from popup.domain.signup import temporary_card
from popup_sync import crud
from popup_sync.apply import NO_EXCEPTION_ROW
from popup_sync.core.db import Database
from popup_sync.models import Item, Patron, SyncException
from tests.helpers import mutations
from tests.sync.conftest import Device


@dataclass(frozen=True)
class Vehicle:
    """A branch of a library that is a vehicle, and the laptop that rides in it."""

    code: str
    name: str
    laptop: str
    #: Its weekly stops: (name, place).
    stops: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class LibraryPlan:
    code: str
    name: str
    #: First sequence number of its item barcodes (the libraries' barcodes do not overlap).
    first_item: int
    items: int
    patrons: int
    vehicles: tuple[Vehicle, ...]


PLANS = (
    LibraryPlan(
        "MAIN",
        "Riverside County Library",
        1,
        400,
        120,
        (
            Vehicle(
                "BM1",
                "Bookmobile 1",
                "Bookmobile 1 laptop",
                (("Farmers' Market", "Main Street car park"), ("Oak Grove", "Community hall")),
            ),
            Vehicle(
                "BM2",
                "Bookmobile 2",
                "Bookmobile 2 laptop",
                (("Pine Ridge School", "School yard"), ("Sunset Senior Center", "Front lot")),
            ),
        ),
    ),
    LibraryPlan(
        "EAST",
        "Eastside Branch Library",
        5001,
        250,
        80,
        (
            Vehicle(
                "VAN",
                "Outreach van",
                "Outreach van laptop",
                (("Harbor Apartments", "Courtyard"), ("Mill Creek Park", "Pavilion")),
            ),
        ),
    ),
)

#: Item types every demo loan rule lets renew (magazines and reference do not; DVDs once).
RENEWABLE = frozenset({"BOOK", "PICTURE_BOOK", "AUDIOBOOK"})
FMT = CardFormat(institution=demo.DEMO_INSTITUTION)
#: Weeks of outreach behind "now" (more than a quarter, so last quarter has figures).
WEEKS = 17


@dataclass(frozen=True)
class Counted:
    """People counted at an event: ``count`` of ``band`` at ``stop`` on ``day``."""

    library: str
    vehicle: str
    stop: str
    day: date
    band: str
    onsite: bool
    count: int


@dataclass
class Laptop:
    """An enrolled laptop and what it has lent (open loans: barcode -> (loan id, card))."""

    device: Device
    library: str
    vehicle: str
    items: list[str]
    renewable: set[str]
    patrons: list[str]
    open_loans: dict[str, tuple[str, str]] = field(default_factory=dict)
    renewed: set[str] = field(default_factory=set)
    #: Card numbers of the range the server gave it, not yet handed out.
    cards: list[str] = field(default_factory=list)
    #: Who it signed up: (name, date of birth).
    signed_up: list[tuple[str, date]] = field(default_factory=list)
    #: The attendance it tapped in.
    counted: list[Counted] = field(default_factory=list)


@dataclass
class SeededLibrary:
    code: str
    name: str
    vehicles: list[str]
    items: list[str]
    #: Items whose loan rules allow a renewal for every patron.
    renewable: set[str]
    patrons: list[str]
    #: The patrons with a problem: an expired card, a manual block.
    expired_card: str
    blocked_card: str


@dataclass
class Outreach:
    """What :func:`seed` made: the libraries, the laptops, and the tallies a report must show."""

    libraries: dict[str, SeededLibrary]
    laptops: list[Laptop]
    #: A laptop enrolled but never synced (the fleet shows it as never seen).
    spare: Device
    #: How many actions of each kind were applied, per library code.
    applied: dict[str, dict[str, int]]
    #: Exception codes opened, per library code.
    exceptions: dict[str, list[str]]

    def laptop(self, library: str, vehicle: str) -> Laptop:
        return next(x for x in self.laptops if x.library == library and x.vehicle == vehicle)

    def attended(
        self, first: date, last: date, bands: set[str], library: str | None = None
    ) -> dict[str, int]:
        """People of ``bands`` counted at each stop (by name) from ``first`` to ``last``."""
        out: dict[str, int] = {}
        for laptop in self.laptops:
            for c in laptop.counted:
                if first <= c.day <= last and c.band in bands and library in (None, c.library):
                    out[c.stop] = out.get(c.stop, 0) + c.count
        return out


def _set_up(db: Database, plan: LibraryPlan, rng: random.Random) -> SeededLibrary:
    """The library as its administrator sets it up (the CLI's crud calls, no laptop)."""
    fmt = FMT
    today = datetime.now(UTC).date()

    def build(session: Any) -> SeededLibrary:
        library = crud.create_library(
            session=session,
            code=plan.code,
            name=plan.name,
            settings={"card_format": fmt.to_dict()},
        )
        library.next_card_seq = 100_000 + plan.first_item * 10
        for vehicle in plan.vehicles:
            crud.add_branch(session=session, library=library, code=vehicle.code, name=vehicle.name)
        for c, t, d, r, m, ok in demo.LOAN_RULES:
            crud.add_rule(
                session=session,
                library=library,
                rule=LoanRule(c if c != ANY else ANY, t, d, r, m, ok),
            )
        for day, why in demo.closed_days(today):
            crud.add_closed_day(session=session, library=library, day=day, reason=why)
        items = list(
            demo.item_rows(rng, plan.items, fmt, start=plan.first_item, library_code=plan.code)
        )
        for row in items:
            # Its own catalogue, no holds: routing and hold traps are not this season's story.
            values = {**row, "on_hold": False, "home_library": plan.code}
            session.add(Item(library_id=library.id, **values))
        # start=1 gives the fixed cases first: 0 fine, 1 blocked, 2 expired, 3 owing fines.
        patrons = list(demo.patron_rows(rng, plan.patrons, fmt, today, library_code=plan.code))
        for row in patrons:
            values = {k: v for k, v in row.items() if k != "origin"}
            session.add(Patron(library_id=library.id, created_at=datetime.now(UTC), **values))
        # Only patrons without a problem borrow in the ordinary run of a stop.
        good = [
            p["card_number"]
            for p in patrons[4:]
            if p["card_expiry"] > today + timedelta(days=1)
            and not p["manual_block"]
            and p["fines_owed_cents"] < 500
        ]
        return SeededLibrary(
            plan.code,
            plan.name,
            [v.code for v in plan.vehicles],
            [i["barcode"] for i in items if i["item_type"] != "REFERENCE"],
            {i["barcode"] for i in items if i["item_type"] in RENEWABLE},
            good,
            expired_card=patrons[2]["card_number"],
            blocked_card=patrons[1]["card_number"],
        )

    return db.run_write(build)


def enroll(base: str, db: Database, library: str, branch: str | None, name: str) -> Device:
    """A laptop enrolled as its installer does it: an admin's one-time code, then /v1/enroll."""

    def make_code(session: Any) -> str:
        lib = crud.get_library(session=session, code=library)
        return crud.create_enrollment_code(session=session, library=lib, branch_code=branch)

    code = db.run_write(make_code)
    response = requests.post(
        f"{base}/v1/enroll", json={"code": code, "device_name": name}, timeout=30
    )
    response.raise_for_status()
    body = response.json()
    return Device(base, body["device_id"], body["token"], body["library_code"])


def _card_range(device: Device, size: int = 40) -> list[str]:
    """The card numbers a laptop asks the server for before its first sign-up."""
    response = device.http.post(
        f"{device.base}/v1/card-ranges", json={"size": size}, headers=device.headers, timeout=30
    )
    response.raise_for_status()
    body = response.json()
    return [FMT.make(ScanKind.PATRON, n) for n in range(body["first"], body["last"] + 1)]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


class _Stop:
    """One stop session of one laptop: the outbox records it makes, in order."""

    def __init__(self, laptop: Laptop, rng: random.Random, start: datetime) -> None:
        self.laptop, self.rng, self.clock = laptop, rng, start
        self.records: list[dict[str, Any]] = []

    def tick(self) -> datetime:
        self.clock += timedelta(minutes=self.rng.randrange(1, 6))
        return self.clock

    def add(self, payload: actions.Payload) -> dict[str, Any]:
        record = self.laptop.device.mutation(payload, client_time=self.clock)
        self.records.append(record)
        return record

    def open(self, name: str, place: str, hours: int = 3) -> str:
        """The stop itself (its id): a laptop records it with its planned window."""
        stop_id = str(uuid.uuid4())
        self.add(
            actions.StopOpen(
                stop_id=stop_id,
                name=name,
                place=place,
                starts_at=self.clock,
                ends_at=self.clock + timedelta(hours=hours),
            )
        )
        return stop_id

    def lend(self, card: str, barcode: str) -> None:
        at = self.tick()
        payload = mutations.checkout(card, barcode, out_at=at, due=at.date() + timedelta(days=21))
        self.add(payload)
        self.laptop.open_loans[barcode] = (payload.loan_id, card)

    def take_back(self, barcode: str) -> None:
        loan_id, _ = self.laptop.open_loans.pop(barcode)
        self.laptop.renewed.discard(barcode)
        self.add(mutations.checkin(barcode, returned_at=self.tick(), loan_id=loan_id))

    def sign_up(self, card: str, name: str, born: date, *, temporary: bool = False) -> None:
        at = self.tick()
        self.add(
            mutations.register(
                card,
                temporary=temporary,
                name=name,
                category="CHILD" if at.year - born.year < 13 else "ADULT",
                date_of_birth=born,
                signed_up_at=at,
                card_expiry=at.date() + timedelta(days=3 * 365),
            )
        )
        self.laptop.signed_up.append((name, born))

    def renew(self, barcode: str) -> None:
        loan_id, card = self.laptop.open_loans[barcode]
        at = self.tick()
        self.add(
            mutations.renew(loan_id, barcode, card, 1, due=at.date() + timedelta(days=21), at=at)
        )
        self.laptop.renewed.add(barcode)


def _stop_session(
    laptop: Laptop, rng: random.Random, day: date, name: str, place: str, *, event: bool
) -> _Stop:
    start = _at(day, rng.choice((9, 10, 14, 15)))
    stop = _Stop(laptop, rng, start)
    stop_id = stop.open(name, place)
    # Returns first (people bring back what they borrowed at an earlier stop), then renewals.
    returning = [b for b in laptop.open_loans if rng.random() < 0.55]
    for barcode in returning:
        stop.take_back(barcode)
    renewable = [b for b in laptop.open_loans if b in laptop.renewable and b not in laptop.renewed]
    for barcode in renewable[:2]:
        if rng.random() < 0.5:
            stop.renew(barcode)
    on_shelf = [b for b in laptop.items if b not in laptop.open_loans]
    for barcode in rng.sample(on_shelf, k=min(len(on_shelf), rng.randrange(4, 10))):
        stop.lend(rng.choice(laptop.patrons), barcode)
    for barcode in rng.sample(laptop.items, k=rng.randrange(1, 4)):
        stop.add(mutations.in_house_use(barcode, rng.randrange(1, 4), at=stop.tick()))
    if rng.random() < 0.6 and laptop.cards:
        born = date(rng.randrange(1950, 2020), rng.randrange(1, 13), rng.randrange(1, 28))
        person = (
            f"{rng.choice(('Ada', 'Ben', 'Cleo', 'Dev', 'Esme', 'Finn', 'Gus', 'Hana'))} "
            f"{rng.choice(('Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Reyes', 'Novak'))}"
        )
        stop.sign_up(laptop.cards.pop(0), person, born)
    if event:
        onsite = rng.random() < 0.7
        event_id = str(uuid.uuid4())
        title, kind = rng.choice(
            (("Storytime", "storytime"), ("Lego club", "craft"), ("Author visit", "talk"))
        )
        stop.add(
            actions.EventCreate(
                event_id=event_id,
                stop_id=stop_id,
                title=title if onsite else f"{title} at the school",
                event_type=kind,
                audience="children" if kind != "talk" else "all ages",
                onsite=onsite,
            )
        )
        weights = (5, 6, 2, 4, 1) if kind != "talk" else (1, 1, 2, 6, 4)
        for band, weight in zip(DEFAULT_ATTENDANCE_BANDS, weights, strict=True):
            people = rng.randrange(0, weight * 2 + 1)
            for _ in range(people):
                stop.add(
                    actions.AttendanceCount(
                        event_id=event_id, band=band.code, delta=1, counted_at=stop.tick()
                    )
                )
            if people:
                laptop.counted.append(
                    Counted(laptop.library, laptop.vehicle, name, day, band.code, onsite, people)
                )
    return stop


def _trouble(
    laptop: Laptop, lib: SeededLibrary, rng: random.Random, day: date, where: tuple[str, str]
) -> _Stop:
    """A stop where things go wrong, as they do: each action here opens a staff exception."""
    stop = _Stop(laptop, rng, _at(day, 11))
    stop.open(*where)
    free = [b for b in laptop.items if b not in laptop.open_loans]
    stop.lend(lib.expired_card, free[0])  # CARD_EXPIRED
    stop.lend(lib.blocked_card, free[1])  # PATRON_BLOCKED_AT_TIME
    unknown = FMT.make(ScanKind.ITEM, 99_999, demo.DEMO_INSTITUTION)
    stop.lend(rng.choice(laptop.patrons), unknown)  # ITEM_NOT_FOUND
    laptop.open_loans.pop(unknown, None)
    stop.add(mutations.checkin(free[2], returned_at=stop.tick()))  # ITEM_NOT_ON_LOAN
    # The card range ran out at the stop: a stand-in card (TEMPORARY_CARD_REPLACED) ...
    stop.tick()
    card = temporary_card(laptop.device.device_id, laptop.device.seq + 1)
    stop.sign_up(card, "Iris Delacroix", date(1988, 4, 9), temporary=True)
    # ... and someone signed up twice (POSSIBLE_DUPLICATE_PATRON).
    if len(laptop.signed_up) > 1 and laptop.cards:
        name, born = laptop.signed_up[0]
        stop.sign_up(laptop.cards.pop(0), name, born)
    return stop


def open_exception(db: Database, laptop: Laptop, lib: SeededLibrary) -> int:
    """One more CARD_EXPIRED exception, pushed by ``laptop`` (a test that resolves one uses its
    own, so the season's queue stays as it was for the others); its id."""
    stop = _Stop(laptop, random.Random(), datetime.now(UTC) - timedelta(minutes=30))
    free = [b for b in laptop.items if b not in laptop.open_loans]
    stop.lend(lib.expired_card, free[0])
    (result,) = laptop.device.push_ok(stop.records)
    assert result["codes"] == ["CARD_EXPIRED"], result
    with db.read() as session:
        return int(
            session.scalars(
                select(SyncException.id).where(
                    SyncException.device_id == laptop.device.device_id,
                    SyncException.seq == result["seq"],
                )
            ).one()
        )


def _push(laptop: Laptop, stop: _Stop, tally: dict[str, int], opened: list[str]) -> None:
    if not stop.records:
        return
    # A laptop syncs after the stop, with the time it sends at (its clock is right).
    for result in laptop.device.push_ok(stop.records):
        if result["status"] != "rejected":
            kind = next(r["kind"] for r in stop.records if r["seq"] == result["seq"])
            tally[kind] = tally.get(kind, 0) + 1
        opened += [c for c in result.get("codes", []) if c not in NO_EXCEPTION_ROW]


def seed(db: Database, base: str, *, now: datetime | None = None, seed_value: int = 19) -> Outreach:
    """Set up the consortium on ``db`` (the database of the server at ``base``) and play
    :data:`WEEKS` weeks of outreach through that server's API."""
    rng = random.Random(seed_value)
    today = (now or datetime.now(UTC)).date()
    libraries: dict[str, SeededLibrary] = {}
    laptops: list[Laptop] = []
    for plan in PLANS:
        lib = libraries[plan.code] = _set_up(db, plan, rng)
        share = len(lib.items) // len(plan.vehicles)
        for n, vehicle in enumerate(plan.vehicles):
            device = enroll(base, db, plan.code, vehicle.code, vehicle.laptop)
            laptops.append(
                Laptop(
                    device,
                    plan.code,
                    vehicle.code,
                    lib.items[n * share : (n + 1) * share],
                    lib.renewable,
                    lib.patrons,
                    cards=_card_range(device),
                )
            )
    spare = enroll(base, db, "MAIN", None, "Spare laptop (office)")
    applied: dict[str, dict[str, int]] = {code: {} for code in libraries}
    exceptions: dict[str, list[str]] = {code: [] for code in libraries}
    stops = {(v.code, plan.code): v.stops for plan in PLANS for v in plan.vehicles}
    for week in range(WEEKS, 0, -1):
        monday = today - timedelta(days=today.weekday()) - timedelta(weeks=week)
        for laptop in laptops:
            for n, (name, place) in enumerate(stops[(laptop.vehicle, laptop.library)]):
                day = monday + timedelta(days=1 + 2 * n)
                stop = _stop_session(laptop, rng, day, name, place, event=(week + n) % 2 == 0)
                _push(laptop, stop, applied[laptop.library], exceptions[laptop.library])
    for laptop in laptops:
        if laptop.vehicle in ("BM2", "VAN"):
            where = stops[(laptop.vehicle, laptop.library)][0]
            yesterday = today - timedelta(days=1)
            trouble = _trouble(laptop, libraries[laptop.library], rng, yesterday, where)
            _push(laptop, trouble, applied[laptop.library], exceptions[laptop.library])
    return Outreach(libraries, laptops, spare, applied, exceptions)
