"""The Reach page: figures pushed by enrolled laptops, read back off the page and its CSV.

Two libraries' laptops push real actions (stop sessions, events, counter taps and card scans by
age band on-site and off-site, checkouts, returns, renewals, in-house uses, sign-ups, an undo,
a rejected action and a repeated upload) on days of the last full quarter in the library's own
time zone; the page's tables, its headline, its charts and the survey CSV must say exactly
what was applied, and never another library's.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from html.parser import HTMLParser
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests

from popup.domain.age_bands import DEFAULT_ATTENDANCE_BANDS
from popup.domain.attendance import survey_columns
from popup.domain.protocol import actions
from popup_sync import crud, library_settings
from popup_sync.console import charts
from popup_sync.console import reach as figures
from popup_sync.console.access import Role
from popup_sync.core.db import Database
from popup_sync.models import Device as DeviceRow
from popup_sync.models import Library
from tests.helpers import mutations
from tests.sync.conftest import Device, Lib, enroll, patron_card, seed_library
from tests.sync.console.conftest import ConsoleClient, add_account

ZONE = "America/Chicago"
CHICAGO = ZoneInfo(ZONE)


# -- reading the page ----------------------------------------------------------------------------


class _Tables(HTMLParser):
    """Every table with an id: its rows, each a list of cell texts (header cells included)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = dict(attrs).get("id") or ""
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables(page: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(page)
    return parser.tables


def by_row(table: list[list[str]]) -> dict[str, dict[str, str]]:
    """A table as {row heading: {column heading: cell}} (the first row is the heading)."""
    head = table[0]
    return {row[0]: dict(zip(head[1:], row[1:], strict=True)) for row in table[1:]}


def svgs(page: str) -> list[ET.Element]:
    return [ET.fromstring(m) for m in re.findall(r"<svg .*?</svg>", page, flags=re.S)]


def survey(response: requests.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


# -- what the laptops push -----------------------------------------------------------------------


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=CHICAGO)


def enroll_on(server: str, db: Database, lib: Lib, branch: str | None) -> Device:
    """A laptop of ``lib``, on the vehicle (branch) ``branch``."""
    device = enroll(server, db, lib.code, f"laptop {branch}")

    def put(session: Any) -> None:
        if branch is None:
            return
        library = crud.get_library(session=session, code=lib.code)
        found = crud.add_branch(session=session, library=library, code=branch, name=branch)
        row = session.get(DeviceRow, device.device_id)
        row.branch_id = found.id

    db.run_write(put)
    return device


def set_zone(db: Database, code: str, zone: str) -> None:
    def put(session: Any) -> None:
        library = crud.get_library(session=session, code=code)
        library.settings = {
            **library.settings,
            "timezone": library_settings.checked("timezone", zone),
        }

    db.run_write(put)


@dataclass
class StopPlan:
    name: str
    stop_id: str
    opened: datetime


def open_stop(
    device: Device, name: str, starts: datetime, hours: int = 2
) -> tuple[StopPlan, dict[str, Any]]:
    stop_id = mutations.new_id()
    payload = actions.StopOpen(
        stop_id=stop_id, name=name, starts_at=starts, ends_at=starts + timedelta(hours=hours)
    )
    opened = starts - timedelta(minutes=10)
    return StopPlan(name, stop_id, opened), device.mutation(payload, client_time=opened)


def event(
    device: Device, stop: StopPlan, title: str, *, onsite: bool, audience: str | None
) -> tuple[str, dict[str, Any]]:
    event_id = mutations.new_id()
    payload = actions.EventCreate(
        event_id=event_id,
        stop_id=stop.stop_id,
        title=title,
        event_type="storytime",
        audience=audience,
        onsite=onsite,
    )
    return event_id, device.mutation(payload, client_time=stop.opened)


def tap(device: Device, event_id: str, band: str, at: datetime, delta: int = 1) -> dict[str, Any]:
    payload = actions.AttendanceCount(event_id=event_id, band=band, delta=delta, counted_at=at)
    return device.mutation(payload, client_time=at)


def scan(device: Device, event_id: str, card: str, band: str, at: datetime) -> dict[str, Any]:
    payload = actions.AttendanceScan(event_id=event_id, patron_card=card, band=band, counted_at=at)
    return device.mutation(payload, client_time=at)


@dataclass
class World:
    a: Lib
    b: Lib
    quarter: figures.Period
    day: date
    last_day: date


def _today_in_chicago() -> date:
    return datetime.now(UTC).astimezone(CHICAGO).date()


@pytest.fixture(scope="module")
def world(server: str, db: Database) -> Iterator[World]:
    """Library A (Chicago time): two vehicles, three stop sessions in the last full quarter
    (one on its last evening, after midnight UTC), one the day after it; library B: one."""
    quarter = figures.last_quarter(_today_in_chicago())
    day = quarter.first + timedelta(days=10)
    last_day = quarter.last
    a = seed_library(db, code=f"RA{uuid.uuid4().hex[:6].upper()}")
    b = seed_library(db, code=f"RB{uuid.uuid4().hex[:6].upper()}")
    set_zone(db, a.code, ZONE)
    set_zone(db, b.code, ZONE)
    bus = enroll_on(server, db, a, "BUS1")
    van = enroll_on(server, db, a, "VAN2")
    other = enroll_on(server, db, b, None)

    # -- BUS1, day: Elm Street School, 15:00-17:00 --------------------------------------------
    elm, opened = open_stop(bus, "Elm Street School", local(day, 15))
    story, made = event(bus, elm, "Story time", onsite=True, audience="0-5")
    visit, made2 = event(bus, elm, "Class visit", onsite=False, audience="6-11")
    t = local(day, 15, 5)
    batch = [opened, made, made2]
    batch += [tap(bus, story, "0-5", t) for _ in range(3)]
    batch += [tap(bus, story, "6-11", t) for _ in range(4)]
    batch.append(tap(bus, story, "6-11", t, delta=-1))  # a correction: 3 aged 6-11 on-site
    batch += [tap(bus, visit, "6-11", t) for _ in range(5)]  # 5 aged 6-11 off-site
    batch.append(scan(bus, story, a.patrons[0], "19-64", t))
    batch.append(scan(bus, story, a.patrons[0], "19-64", t))  # the same card again: once
    loan1 = mutations.new_id()
    out1 = bus.checkout(a.patrons[1], a.items[0], out_at=local(day, 15, 10), loan_id=loan1)
    out2 = bus.checkout(a.patrons[1], a.items[1], out_at=local(day, 15, 12))
    out3 = bus.checkout(a.patrons[2], a.items[2], out_at=local(day, 15, 14))
    undo = bus.mutation(mutations.undo(out3), client_time=local(day, 15, 15))
    unknown = bus.checkout(a.patrons[2], "NOT-A-BARCODE-1", out_at=local(day, 15, 16))
    back = bus.checkin(a.items[1], returned_at=local(day, 15, 20))
    renew = bus.mutation(
        mutations.renew(
            loan1,
            a.items[0],
            a.patrons[1],
            1,
            due=date.today() + timedelta(days=60),
            at=local(day, 15, 25),
        ),
        client_time=local(day, 15, 25),
    )
    use = bus.mutation(
        mutations.in_house_use(a.items[3], 3, at=local(day, 15, 30)), client_time=local(day, 15, 30)
    )
    signup = bus.mutation(mutations.register(patron_card(900_401)), client_time=local(day, 15, 40))
    batch += [out1, out2, out3, undo, unknown, back, renew, use, signup]
    results = bus.push_ok(batch)
    rejected = [(r["seq"], r.get("message")) for r in results if r["status"] == "rejected"]
    assert rejected == [(unknown["seq"], rejected[0][1])], rejected
    # The same upload again (a laptop that never heard back): nothing counted twice.
    again = bus.push_ok(batch)
    assert len(again) == len(batch)

    # -- BUS1, the quarter's last evening: 20:00 Chicago is already the next day in UTC -------
    park, opened = open_stop(bus, "Park Corner", local(last_day, 20))
    play, made = event(bus, park, "Rhymes", onsite=True, audience=None)
    late = local(last_day, 20, 30)
    taps = [tap(bus, play, "0-5", late), tap(bus, play, "0-5", late)]
    late_out = bus.checkout(a.patrons[3], a.items[4], out_at=late)
    bus.push_ok([opened, made, *taps, late_out])
    assert late.astimezone(UTC).date() > last_day  # the boundary this stop tests

    # -- BUS1, the first morning after the quarter: not in it --------------------------------
    after = last_day + timedelta(days=1)
    next_stop, opened = open_stop(bus, "Elm Street School", local(after, 9))
    next_story, made = event(bus, next_stop, "Story time", onsite=True, audience="0-5")
    bus.push_ok([opened, made, tap(bus, next_story, "0-5", local(after, 9, 5))])

    # -- BUS1, a checkout away from any stop (a day with no stop) -----------------------------
    quiet = quarter.first + timedelta(days=20)
    bus.push_ok([bus.checkout(a.patrons[4], a.items[5], out_at=local(quiet, 11))])

    # -- VAN2: Elm Street School too, another day ----------------------------------------------
    van_day = day + timedelta(days=7)
    elm2, opened = open_stop(van, "Elm Street School", local(van_day, 10))
    story2, made = event(van, elm2, "Story time", onsite=True, audience="0-5")
    van.push_ok([opened, made, tap(van, story2, "0-5", local(van_day, 10, 5))])

    # -- library B: a stop with many children, which A must never see ------------------------
    secret, opened = open_stop(other, "Secret Stop B", local(day, 15))
    story3, made = event(other, secret, "B story", onsite=True, audience="0-5")
    other.push_ok([opened, made, *(tap(other, story3, "0-5", local(day, 15, 5)) for _ in range(7))])

    yield World(a, b, quarter, day, last_day)


@pytest.fixture
def manager_a(server: str, db: Database, world: World) -> ConsoleClient:
    account = add_account(db, Role.MANAGER, world.a.code)
    client = ConsoleClient(server)
    assert client.sign_in(account.login, account.password).status_code == 200
    return client


# -- the figures ---------------------------------------------------------------------------------


def test_children_at_each_stop_last_quarter_read_straight_off_the_page(
    manager_a: ConsoleClient, world: World
) -> None:
    # One click: the page's default is the last full quarter.
    page = manager_a.get("/console/reach")
    assert page.status_code == 200, page.text[:500]
    assert world.quarter.label in page.text
    found = tables(page.text)
    rows = by_row(found["attendance"])
    # Elm Street School, held by two vehicles: one row each (BUS1 3+0 / VAN2 1 aged 0-5).
    assert rows["Elm Street School (BUS1)"]["0–5"] == "3"
    assert rows["Elm Street School (BUS1)"]["6–11"] == "8"  # 3 on-site + 5 off-site
    assert rows["Elm Street School (BUS1)"]["19–64"] == "1"  # one card, scanned twice
    assert rows["Elm Street School (BUS1)"]["On-site"] == "7"
    assert rows["Elm Street School (BUS1)"]["Off-site"] == "5"
    assert rows["Elm Street School (BUS1)"]["Visits"] == "1"
    assert rows["Elm Street School (VAN2)"]["0–5"] == "1"
    # The last evening of the quarter (already the next day in UTC) is in the quarter.
    assert rows["Park Corner (BUS1)"]["0–5"] == "2"
    assert rows["Total"]["0–5"] == "6"  # not the next quarter's morning, not library B's
    assert rows["Total"]["Visits"] == "3"
    assert "Secret Stop B" not in page.text
    location = by_row(found["location"])
    assert location["6–11"] == {"On-site": "3", "Off-site": "5", "Total": "8"}


def test_circulation_counts_what_was_applied_once_and_not_what_was_undone_or_rejected(
    manager_a: ConsoleClient, world: World
) -> None:
    found = tables(manager_a.get("/console/reach").text)
    checkouts = by_row(found["checkouts"])
    # Three checkouts at Elm Street: one undone; an unknown barcode rejected; the upload twice.
    assert checkouts["Elm Street School (BUS1)"]["Checkouts"] == "2"
    assert checkouts["Park Corner (BUS1)"]["Checkouts"] == "1"
    assert checkouts["BUS1, not at a stop"]["Checkouts"] == "1"
    assert checkouts["Total"]["Checkouts"] == "4"
    assert by_row(found["returns"])["Elm Street School (BUS1)"]["Returns"] == "1"
    assert by_row(found["renewals"])["Elm Street School (BUS1)"]["Renewals"] == "1"
    assert by_row(found["in_house_uses"])["Elm Street School (BUS1)"]["In-house uses"] == "3"
    assert by_row(found["new_patrons"])["Total"]["New patrons"] == "1"
    visits = by_row(found["visits"])
    assert visits["BUS1"]["Visits"] == "2" and visits["VAN2"]["Visits"] == "1"


def test_filters_by_vehicle_stop_and_period(
    manager_a: ConsoleClient, world: World, db: Database
) -> None:
    page = manager_a.get("/console/reach")
    van = re.search(r'<option value="(\d+)">VAN2</option>', page.text)
    assert van is not None
    only_van = tables(manager_a.get("/console/reach", params={"vehicle": van[1]}).text)
    assert [r[0] for r in only_van["attendance"][1:]] == ["Elm Street School", "Total"]
    assert by_row(only_van["attendance"])["Total"]["0–5"] == "1"
    one_stop = tables(manager_a.get("/console/reach", params={"stop": "park corner"}).text)
    assert by_row(one_stop["attendance"])["Total"]["0–5"] == "2"
    # The day after the quarter alone: the morning stop (its own day, in Chicago).
    after = (world.last_day + timedelta(days=1)).isoformat()
    day = tables(manager_a.get("/console/reach", params={"kind": "day", "at": after}).text)
    assert by_row(day["attendance"])["Total"]["0–5"] == "1"
    assert by_row(day["checkouts"])["Total"]["Checkouts"] == "0"
    # The month of the quarter's last day holds the evening stop and its checkout.
    month = f"{world.last_day.year}-{world.last_day.month:02d}"
    found = tables(manager_a.get("/console/reach", params={"kind": "month", "at": month}).text)
    assert by_row(found["checkouts"])["Park Corner"]["Checkouts"] == "1"


@pytest.mark.parametrize(
    ("kind", "at", "field"),
    [
        ("week", "", "Period"),
        ("month", "2026-13", "Which period"),
        ("quarter", "Q5", "Which period"),
    ],
)
def test_a_wrong_filter_is_answered_with_the_page_and_its_name(
    manager_a: ConsoleClient, kind: str, at: str, field: str
) -> None:
    page = manager_a.get("/console/reach", params={"kind": kind, "at": at})
    assert page.status_code == 400
    assert f"{field}:" in page.text and "<form" in page.text


def test_the_survey_csv_has_the_laptops_columns_and_the_pushed_numbers(
    manager_a: ConsoleClient, world: World
) -> None:
    rows = survey(manager_a.get("/console/reach.csv"))
    header = list(rows[0].keys())
    assert header == survey_columns(DEFAULT_ATTENDANCE_BANDS)  # exactly the laptop's layout
    circulation = [r for r in rows if r["event_type"] == "stop circulation"]
    assert [(r["stop"], r["date"]) for r in circulation] == [
        ("Elm Street School", world.day.isoformat()),
        ("Elm Street School", (world.day + timedelta(days=7)).isoformat()),
        ("Park Corner", world.last_day.isoformat()),
    ]
    elm = circulation[0]
    assert (
        elm["checkouts"],
        elm["returns"],
        elm["renewals"],
        elm["in_house_uses"],
        elm["new_patrons"],
    ) == (
        "2",
        "1",
        "1",
        "3",
        "1",
    )
    story = next(
        r for r in rows if r["event"] == "Story time" and r["date"] == world.day.isoformat()
    )
    assert story["attendance_0-5"] == "3" and story["attendance_6-11"] == "3"
    assert story["identified_by_card"] == "1" and story["total_attendance"] == "7"
    assert story["location"] == "on-site" and story["program_category"] == "0–5"
    total = rows[-1]
    assert total["stop"] == "TOTAL"
    assert total["attendance_0-5"] == "6" and total["total_attendance"] == "15"
    # The stops' checkouts (not the one away from stops: the survey lists stops).
    assert total["checkouts"] == "3"


def test_a_consortium_csv_has_a_library_column_and_every_library(
    signed_in: Any, world: World
) -> None:
    admin = signed_in(Role.ADMIN)
    rows = survey(admin.get("/console/reach.csv"))
    assert next(iter(rows[0])) == "library"
    mine = [
        r
        for r in rows
        if r["library"] in (world.a.code, world.b.code) and r["event_type"] == "stop circulation"
    ]
    assert {r["library"] for r in mine} == {world.a.code, world.b.code}
    only_b = survey(admin.get("/console/reach.csv", params={"library": world.b.code}))
    assert "library" not in only_b[0]
    assert only_b[-1]["attendance_0-5"] == "7"


def test_the_charts_are_well_formed_svg_naming_their_bars(manager_a: ConsoleClient) -> None:
    page = manager_a.get("/console/reach").text
    drawn = svgs(page)
    assert len(drawn) == 3 + len(figures.MEASURES)
    ns = "{http://www.w3.org/2000/svg}"
    attendance = drawn[0]
    assert attendance.findtext(f"{ns}title") == "Event attendance by age band at each stop"
    assert attendance.findtext(f"{ns}desc")
    named = [t.text for t in attendance.iter(f"{ns}title")]
    assert "Elm Street School (BUS1), 0–5: 3" in named
    assert "Park Corner (BUS1), 0–5: 2" in named
    assert 'style="' not in page


def test_the_chart_escapes_its_labels_and_is_the_same_every_time() -> None:
    labels = ['<script>"x"&', "Elm"]
    made = charts.stacked_bar_chart(
        "T & <t>", "D", labels, [charts.Series("a<b", [1, 2]), charts.Series("c", [0, 5])]
    )
    assert made == charts.stacked_bar_chart(
        "T & <t>", "D", labels, [charts.Series("a<b", [1, 2]), charts.Series("c", [0, 5])]
    )
    root = ET.fromstring(str(made))
    ns = "{http://www.w3.org/2000/svg}"
    assert root.findtext(f"{ns}title") == "T & <t>"
    assert '<script>"x"&, a<b: 1' in [t.text for t in root.iter(f"{ns}title")]
    assert "<script>" not in str(made)
    assert len(root.findall(f".//{ns}rect")) == 3 + 2  # three segments, two legend keys


def test_the_print_view_is_titled_for_a_board(manager_a: ConsoleClient, world: World) -> None:
    page = manager_a.get("/console/reach/print")
    assert page.status_code == 200
    assert f"Library {world.a.code}: bookmobile reach" in page.text
    assert world.quarter.label in page.text
    assert "/console/static/reach.js" in page.text
    assert manager_a.get("/console/static/reach.css").status_code == 200


# -- who sees what -------------------------------------------------------------------------------


def test_a_manager_never_sees_another_librarys_figures(
    manager_a: ConsoleClient, world: World, db: Database
) -> None:
    for path in ("/console/reach", "/console/reach.csv", "/console/reach/print"):
        answer = manager_a.get(path, params={"library": world.b.code})
        assert answer.status_code == 404, path
        assert "Secret Stop B" not in answer.text
    unknown = manager_a.get("/console/reach", params={"library": "NO-SUCH-LIB"})
    assert unknown.status_code == 404
    assert unknown.text.count("There is no") == answer.text.count("There is no")
    csv_rows = survey(manager_a.get("/console/reach.csv"))
    assert all("Secret Stop B" not in r["stop"] for r in csv_rows)

    def b_branch(session: Any) -> int:
        library = crud.get_library(session=session, code=world.b.code)
        return crud.add_branch(session=session, library=library, code="BBUS", name="B bus").id

    other_vehicle = db.run_write(b_branch)
    answer = manager_a.get("/console/reach", params={"vehicle": str(other_vehicle)})
    assert answer.status_code == 404
    assert "There is no vehicle here" in answer.text
    unknown_vehicle = manager_a.get("/console/reach", params={"vehicle": "987654321"})
    assert unknown_vehicle.status_code == 404 and "There is no vehicle here" in unknown_vehicle.text
    # Not a number, a superscript digit (str.isdigit says yes, int says no), or more digits
    # than the database's integers hold: the filter is refused in words, never a 500.
    for odd in ("bus", "²", "123456789012"):
        for path in ("/console/reach", "/console/reach.csv", "/console/reach/print"):
            answer = manager_a.get(path, params={"vehicle": odd})
            assert answer.status_code == 400, (path, odd, answer.status_code)


def test_a_viewer_reads_reach_and_an_admin_sees_every_library(signed_in: Any, world: World) -> None:
    viewer = signed_in(Role.VIEWER, world.b.code)
    page = viewer.get("/console/reach")
    assert page.status_code == 200 and "Secret Stop B" in page.text
    assert "Elm Street School" not in page.text
    admin = signed_in(Role.ADMIN).get("/console/reach")
    assert 'name="library"' in admin.text
    assert f">{world.a.code}: BUS1</option>" in admin.text  # several libraries: whose vehicle
    assert "Secret Stop B" in admin.text and "Elm Street School" in admin.text


def test_no_session_goes_to_sign_in(console_client: Any) -> None:
    client = console_client()
    for path in ("/console/reach", "/console/reach.csv", "/console/reach/print"):
        answer = client.get(path + "?kind=month", allow_redirects=False)
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/console/login?next=")


# -- periods -------------------------------------------------------------------------------------


def test_periods_are_named_and_bounded_in_the_librarys_zone() -> None:
    q = figures.period(figures.PeriodKind.QUARTER, "2026-q3")
    assert (q.at, q.first, q.last) == ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30))
    assert q.end(CHICAGO) == datetime(2026, 10, 1, 5, 0, tzinfo=UTC)  # CDT, UTC-5
    fy = figures.period(figures.PeriodKind.FISCAL_YEAR, "FY2027", 7)
    assert (fy.first, fy.last) == (date(2026, 7, 1), date(2027, 6, 30))
    assert figures.period(figures.PeriodKind.FISCAL_YEAR, "2026", 1).first == date(2026, 1, 1)
    assert figures.last_quarter(date(2026, 1, 15)).at == "2025-Q4"
    assert figures.this_fiscal_year(date(2026, 12, 4), 7).at == "FY2027"
    assert figures.this_fiscal_year(date(2026, 6, 30), 7).at == "FY2026"
    assert figures.period(figures.PeriodKind.MONTH, "2024-2").last == date(2024, 2, 29)
    with pytest.raises(figures.PeriodError, match="2026-10"):
        figures.period(figures.PeriodKind.MONTH, "October")


def test_the_fiscal_year_follows_the_librarys_setting(
    manager_a: ConsoleClient, world: World, db: Database
) -> None:
    def put(session: Any, month: int) -> None:
        library = session.get(Library, world.a.id)
        library.settings = {**library.settings, "fiscal_year_start_month": month}

    # A fiscal year starting with the quarter holds it and the morning after it.
    start = world.quarter.first.month
    db.run_write(lambda s: put(s, start))
    ends = world.quarter.first.year + (1 if start > 1 else 0)
    page = manager_a.get("/console/reach", params={"kind": "fiscal-year", "at": f"FY{ends}"})
    assert by_row(tables(page.text)["attendance"])["Total"]["0–5"] == "7"
    db.run_write(lambda s: put(s, 7))


def test_a_stop_planned_on_the_laptop_weeks_ahead_is_its_vehicles(
    server: str, db: Database, signed_in: Any
) -> None:
    lib = seed_library(db, code=f"RP{uuid.uuid4().hex[:6].upper()}")
    set_zone(db, lib.code, ZONE)
    bus = enroll_on(server, db, lib, "BUS9")
    day = _today_in_chicago() - timedelta(days=3)
    planned, opened = open_stop(bus, "Harbour", local(day, 10))
    opened["client_time"] = (local(day, 10) - timedelta(days=40)).isoformat()  # planned ahead
    out = bus.checkout(lib.patrons[0], lib.items[0], out_at=local(day, 10, 30))
    bus.push_ok([opened, out])
    page = signed_in(Role.VIEWER, lib.code).get(
        "/console/reach", params={"kind": "day", "at": day.isoformat()}
    )
    found = tables(page.text)
    assert by_row(found["visits"]) == {"BUS9": {"Visits": "1"}, "Total": {"Visits": "1"}}
    assert by_row(found["checkouts"])["Harbour"]["Checkouts"] == "1"
    assert planned.name == "Harbour"
