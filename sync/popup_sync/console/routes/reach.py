"""Reach: what the bookmobiles did, per library, vehicle, stop and period — the numbers
funders and boards ask for — with a chart and a table per measure, the state library survey's
CSV, and a page to print for a board meeting.

The figures are :mod:`popup_sync.console.reach`'s; this module reads the filters (every one
checked, a wrong one answered with the page and a sentence naming it, status 400) and lays the
figures out. With no filter the page shows the last full quarter, so "how many children did
the bookmobile reach at each stop last quarter" is read straight off it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from popup.domain.due_dates import local_date
from popup_sync.api.deps import DatabaseDep
from popup_sync.console import charts
from popup_sync.console import reach as figures
from popup_sync.console.access import ConsoleScope, NotVisible, row_id
from popup_sync.console.deps import ConsoleUser, reading
from popup_sync.console.reach import Filters, LibraryReach, PeriodKind
from popup_sync.console.render import page_url, render
from popup_sync.models import Branch, Library

router = APIRouter()
PAGE = "/console/reach"


class BadFilter(ValueError):
    """A filter the page cannot use: ``field`` is the form's label for it."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field


@dataclass(frozen=True)
class Chosen:
    """The filters as the form sent them (for the form and the links) and as they mean."""

    library: str
    vehicle: str
    stop: str
    kind: PeriodKind
    at: str
    libraries: list[Library]
    filters: Filters

    def query(self, **change: str) -> dict[str, str]:
        values = {
            "library": self.library,
            "vehicle": self.vehicle,
            "stop": self.stop,
            "kind": self.kind.value,
            "at": self.at,
        }
        values.update(change)
        return values


def _today(library: Library | None) -> date:
    if library is None:
        return datetime.now(UTC).date()
    return local_date(datetime.now(UTC), figures.library_zone(library)[1])


def _vehicle(scope: ConsoleScope, libraries: Sequence[Library], text: str) -> str | None:
    """The vehicle filter's key (``b<branch id>``, or ``none``: the laptops with no vehicle)."""
    if not text:
        return None
    if text == "none":
        return "none"
    number = row_id(text)
    if number is None:
        raise BadFilter("Vehicle", "choose a vehicle from the list")
    ids = [lib.id for lib in libraries]
    branch = scope.session.scalar(scope.select(Branch, ids).where(Branch.id == number))
    if branch is None:
        raise NotVisible("vehicle")
    return f"b{branch.id}"


def _choose(scope: ConsoleScope, params: dict[str, str]) -> Chosen:
    code = params.get("library", "").strip()
    if code and len(code) > 32:
        raise BadFilter("Library", "choose a library from the list")
    libraries = scope.chosen(code or None)
    vehicle = params.get("vehicle", "").strip()
    stop = params.get("stop", "").strip()
    if len(stop) > 200:
        raise BadFilter("Stop", "a stop's name is at most 200 characters")
    kind_text = params.get("kind", "").strip() or PeriodKind.QUARTER.value
    try:
        kind = PeriodKind(kind_text)
    except ValueError:
        raise BadFilter("Period", "choose a day, a month, a quarter or a fiscal year") from None
    first = libraries[0] if libraries else None
    at = params.get("at", "").strip()
    if not at:
        today = _today(first)
        fiscal = figures.fiscal_start(first) if first is not None else 7
        at = {
            PeriodKind.DAY: lambda: figures.period(PeriodKind.DAY, today.isoformat()),
            PeriodKind.MONTH: lambda: figures.this_month(today),
            PeriodKind.QUARTER: lambda: figures.last_quarter(today),
            PeriodKind.FISCAL_YEAR: lambda: figures.this_fiscal_year(today, fiscal),
        }[kind]().at
    try:
        at = figures.period(kind, at).at
    except figures.PeriodError as exc:
        raise BadFilter("Which period", str(exc)) from None
    filters = Filters(_vehicle(scope, libraries, vehicle), stop or None)
    return Chosen(code, vehicle, stop, kind, at, libraries, filters)


def _reaches(scope: ConsoleScope, chosen: Chosen) -> list[LibraryReach]:
    return [
        figures.library_reach(
            scope,
            library,
            figures.period(chosen.kind, chosen.at, figures.fiscal_start(library)),
            chosen.filters,
        )
        for library in chosen.libraries
    ]


def _params(request: Request) -> dict[str, str]:
    return {k: v for k, v in request.query_params.items() if isinstance(v, str)}


def _stop_label(row: figures.StopSummary, many_libraries: bool, many_vehicles: bool) -> str:
    label = row.name
    if many_vehicles:
        label += f" ({row.vehicle})"
    if many_libraries:
        label = f"{row.library}: {label}"
    return label


def _layout(reaches: list[LibraryReach]) -> dict[str, Any]:
    """Everything the page and the print view show, charts included."""
    bands = figures.union_bands(reaches)
    rows = figures.by_stop(reaches)
    total = figures.totals(reaches)
    many_libraries = len(reaches) > 1
    many_vehicles = len({(r.library, r.vehicle) for r in rows}) > len({r.library for r in rows})
    labels = [_stop_label(r, many_libraries, many_vehicles) for r in rows]
    attendance = charts.stacked_bar_chart(
        "Event attendance by age band at each stop",
        "One bar per stop: people counted at its events in the period, in segments by age band.",
        labels,
        [charts.Series(b.label, [r.by_band.get(b.code, 0) for r in rows]) for b in bands],
    )
    location = charts.stacked_bar_chart(
        "Event attendance on-site and off-site by age band",
        "One bar per age band: people counted at events on the bookmobile and away from it.",
        [b.label for b in bands],
        [
            charts.Series("On-site", [total.band_location.get(b.code, [0, 0])[0] for b in bands]),
            charts.Series("Off-site", [total.band_location.get(b.code, [0, 0])[1] for b in bands]),
        ],
    )
    vehicles = sorted(total.vehicle_visits)
    vehicle_labels = [f"{lib}: {name}" if many_libraries else name for lib, name in vehicles]
    visits = charts.bar_chart(
        "Visits (stop sessions held) per vehicle",
        "One bar per vehicle: how many stop sessions it held in the period.",
        vehicle_labels,
        [total.vehicle_visits[v] for v in vehicles],
    )
    away = [(reach.code, name, c) for reach in reaches for name, c in reach.away.items()]
    away_labels = [
        f"{code}: {name}, not at a stop" if many_libraries else f"{name}, not at a stop"
        for code, name, _ in away
    ]
    measures = []
    for measure in figures.MEASURES:
        label = figures.MEASURE_LABELS[measure]
        measures.append(
            {
                "key": measure,
                "label": label,
                "chart": charts.bar_chart(
                    f"{label} at each stop",
                    f"One bar per stop: {label.lower()} recorded while it was held.",
                    labels + away_labels,
                    [r.circulation.get(measure) for r in rows]
                    + [c.get(measure) for _, _, c in away],
                ),
                "rows": [
                    (lbl, r.circulation.get(measure)) for lbl, r in zip(labels, rows, strict=True)
                ]
                + [(lbl, c.get(measure)) for lbl, (_, _, c) in zip(away_labels, away, strict=True)],
                "total": total.circulation.get(measure),
            }
        )
    return {
        "bands": bands,
        "rows": list(zip(labels, rows, strict=True)),
        "total": total,
        "attendance_chart": attendance,
        "location_chart": location,
        "visits_chart": visits,
        "vehicle_rows": [
            (label, total.vehicle_visits[v])
            for label, v in zip(vehicle_labels, vehicles, strict=True)
        ],
        "measures": measures,
    }


def _title(chosen: Chosen, reaches: list[LibraryReach], consortium: bool) -> tuple[str, str]:
    """The page's heading: who and which period."""
    if len(reaches) == 1:
        who = reaches[0].name
    elif consortium and not chosen.library:
        who = "Every library of the consortium"
    else:
        who = ", ".join(r.name for r in reaches) or "No library"
    labels = sorted({r.period.label for r in reaches})
    when = labels[0] if len(labels) == 1 else f"{chosen.at} (each library's own fiscal year)"
    if not reaches:
        when = figures.period(chosen.kind, chosen.at).label
    return who, when


def _page(request: Request, user: ConsoleUser, db: DatabaseDep, template: str) -> HTMLResponse:
    params = _params(request)
    with reading(db, user) as scope:
        everyone = [(lib.code, lib.name) for lib in scope.libraries()]
        try:
            chosen = _choose(scope, params)
        except BadFilter as exc:
            return render(
                request,
                "reach.html",
                user,
                status=400,
                title="Reach",
                error=str(exc),
                libraries=everyone,
                chosen=None,
                form=params,
                kinds=list(PeriodKind),
                vehicles=[],
                stops=[],
            )
        reaches = _reaches(scope, chosen)
        vehicles = figures.vehicle_choices(scope, chosen.libraries)
    who, when = _title(chosen, reaches, user.library_id is None)
    today = _today(chosen.libraries[0] if chosen.libraries else None)
    fiscal = figures.fiscal_start(chosen.libraries[0]) if chosen.libraries else 7
    quick = [
        ("This month", chosen.query(kind=PeriodKind.MONTH.value, at=figures.this_month(today).at)),
        (
            "Last quarter",
            chosen.query(kind=PeriodKind.QUARTER.value, at=figures.last_quarter(today).at),
        ),
        (
            "This fiscal year",
            chosen.query(
                kind=PeriodKind.FISCAL_YEAR.value,
                at=figures.this_fiscal_year(today, fiscal).at,
            ),
        ),
    ]
    return render(
        request,
        template,
        user,
        title=f"Reach · {when}",
        error="",
        libraries=everyone,
        chosen=chosen,
        form=chosen.query(),
        kinds=list(PeriodKind),
        vehicles=vehicles,
        stops=sorted({v.name for r in reaches for v in r.visits}, key=str.casefold),
        reaches=reaches,
        who=who,
        when=when,
        zones=sorted({r.zone for r in reaches}),
        quick=[(label, page_url(PAGE, q)) for label, q in quick],
        csv_url=page_url(PAGE + ".csv", chosen.query()),
        print_url=page_url(PAGE + "/print", chosen.query()),
        page_url=page_url(PAGE, chosen.query()),
        now_text=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        **_layout(reaches),
    )


@router.get(PAGE, response_class=HTMLResponse)
def reach_page(request: Request, db: DatabaseDep, user: ConsoleUser) -> HTMLResponse:
    return _page(request, user, db, "reach.html")


@router.get(PAGE + "/print", response_class=HTMLResponse)
def reach_print(request: Request, db: DatabaseDep, user: ConsoleUser) -> HTMLResponse:
    return _page(request, user, db, "reach_print.html")


@router.get(PAGE + ".csv", response_model=None)
def reach_csv(request: Request, db: DatabaseDep, user: ConsoleUser) -> Response:
    """The state library survey's CSV of the page's filters (``reach.survey_rows``)."""
    with reading(db, user) as scope:
        try:
            chosen = _choose(scope, _params(request))
        except BadFilter as exc:
            return Response(f"{exc}\n", status_code=400, media_type="text/plain")
        reaches = _reaches(scope, chosen)
    out = io.StringIO()
    csv.writer(out).writerows(figures.survey_rows(reaches))
    who = reaches[0].code if len(reaches) == 1 else "consortium"
    name = f"reach-{who}-{chosen.at}.csv"
    return Response(
        # A BOM, as the laptop writes it, so spreadsheets read accents.
        "\ufeff" + out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
    )


__all__ = ["router"]
