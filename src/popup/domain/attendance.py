"""Event attendance: counts rebuilt from recorded actions, attendee bands, and the survey CSV.

Attendance is recorded as one action per counter tap (+1 / -1 in an age band) or per card scan
(an identified attendee, +1 in their band). Counts are never stored: :func:`fold` rebuilds them
from the actions, so a count is exactly what the recorded actions say and nothing can drift.

State library surveys (for example the IMLS Public Libraries Survey) count program sessions and
attendance by age band (0-5, 6-11, 12-18, 19+ and general interest) and split on-site from
off-site; :func:`survey_table` lays a stop's events out in those categories, with each stop's
circulation on a row of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from popup.domain.age_bands import AgeBand, band_for
from popup.domain.messages import EVENTS, format_money, specifics
from popup.domain.payments import TAKINGS_COLUMNS, Takings
from popup.domain.refusals import Refusal

ONSITE = "on-site"
OFFSITE = "off-site"
#: The audience of an event for everyone: the survey's "general interest" category.
ALL_AGES = "all"
GENERAL_INTEREST = "general interest"


def location(onsite: bool) -> str:
    return ONSITE if onsite else OFFSITE


@dataclass(frozen=True)
class Tally:
    """One recorded attendance action: a tap (+1/-1) or a scan (+1 with the card)."""

    event_id: str
    band: str
    delta: int
    counted_at: datetime
    patron_card: str | None = None


@dataclass(frozen=True)
class EventCounts:
    """Headcount of one event per band code, in the library's band order."""

    by_band: Mapping[str, int]
    #: How many of the attendees were identified by a card scan.
    identified: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_band.values())

    def get(self, band: str) -> int:
        return self.by_band.get(band, 0)


def empty_counts(bands: Sequence[AgeBand]) -> EventCounts:
    return EventCounts({b.code: 0 for b in bands})


def fold_event(tallies: Iterable[Tally], bands: Sequence[AgeBand]) -> EventCounts:
    """Sum one event's actions per band.

    Bands the library no longer configures (its band setting changed after counting) are kept
    after the configured ones, so a count is never dropped.
    """
    counts: dict[str, int] = {b.code: 0 for b in bands}
    identified = 0
    for t in tallies:
        counts[t.band] = counts.get(t.band, 0) + t.delta
        if t.patron_card is not None:
            identified += t.delta
    return EventCounts(counts, identified)


def fold(tallies: Iterable[Tally], bands: Sequence[AgeBand]) -> dict[str, EventCounts]:
    """Counts per event id."""
    per_event: dict[str, list[Tally]] = {}
    for t in tallies:
        per_event.setdefault(t.event_id, []).append(t)
    return {event_id: fold_event(rows, bands) for event_id, rows in per_event.items()}


class CountRefused(Refusal, ValueError):
    """A count or band the rules refuse, by a key of :data:`popup.domain.messages.EVENTS`:
    ``COUNT_DELTA`` (delta), ``COUNT_ZERO`` (band: the band's label), ``NO_SUCH_BAND`` (code,
    known: the band codes, comma-separated)."""

    CATALOGUE = EVENTS


def check_delta(counts: EventCounts, band: AgeBand, delta: int) -> None:
    """Raise :class:`CountRefused` (a ValueError) if ``delta`` may not be applied to ``band``."""
    if delta not in (1, -1):
        raise CountRefused("COUNT_DELTA", specifics(delta=delta))
    if delta < 0 and counts.get(band.code) <= 0:
        raise CountRefused("COUNT_ZERO", specifics(band=band.label))


def find_band(bands: Sequence[AgeBand], code: str) -> AgeBand:
    for band in bands:
        if band.code == code:
            return band
    known = ", ".join(b.code for b in bands)
    raise CountRefused("NO_SUCH_BAND", specifics(code=code, known=known))


def _overlap(a: AgeBand, b: AgeBand, cap: int = 120) -> int:
    """Years of age two bands share (an open-ended band runs to ``cap``)."""
    a_high = a.max_age if a.max_age is not None else cap
    b_high = b.max_age if b.max_age is not None else cap
    return max(0, min(a_high, b_high) - max(a.min_age, b.min_age) + 1)


def band_for_category(
    category: str, category_bands: Sequence[AgeBand], bands: Sequence[AgeBand]
) -> AgeBand | None:
    """The attendance band that best matches a patron category (by age range overlap).

    A tie goes to the older band: a child with a card of their own is more often of school age.
    Returns None for a category with no age range (for example STAFF or INSTITUTION).
    """
    wanted = category.strip().upper()
    cat = next((c for c in category_bands if c.code.upper() == wanted), None)
    if cat is None:
        return None
    best: AgeBand | None = None
    best_overlap = 0
    for band in bands:
        overlap = _overlap(cat, band)
        if overlap > 0 and overlap >= best_overlap:
            best, best_overlap = band, overlap
    return best


def band_for_attendee(
    bands: Sequence[AgeBand],
    *,
    day: date,
    born: date | None = None,
    category: str | None = None,
    category_bands: Sequence[AgeBand] = (),
) -> AgeBand | None:
    """An identified attendee's band: from the date of birth when known, else the category.

    None means staff must choose the band (no birth date and a category without ages).
    """
    if born is not None and born <= day:
        try:
            return band_for(bands, born, day)
        except LookupError:
            pass
    if category:
        return band_for_category(category, category_bands, bands)
    return None


# -- activity through the day -----------------------------------------------------------------


def local_hour(moment: datetime, zone: tzinfo | None) -> int:
    """The hour of the day where the stop is (``zone`` None = this computer's zone)."""
    return moment.astimezone(zone).hour


@dataclass
class HourActivity:
    hour: int
    counts: dict[str, int] = field(default_factory=dict)


def activity_by_hour(
    stamps: Iterable[tuple[str, datetime, int]], zone: tzinfo | None
) -> list[HourActivity]:
    """``(group, moment, amount)`` triples summed per local hour and group, hours in order.

    Hours between the first and last active hour are included even when empty, so a chart
    shows the quiet hour rather than skipping it. A group's negative net in an hour (a
    correction just after the hour turned) is shown as zero.
    """
    per_hour: dict[int, dict[str, int]] = {}
    for group, moment, amount in stamps:
        hour = local_hour(moment, zone)
        bucket = per_hour.setdefault(hour, {})
        bucket[group] = bucket.get(group, 0) + amount
    if not per_hour:
        return []
    first, last = min(per_hour), max(per_hour)
    return [
        HourActivity(h, {g: max(0, n) for g, n in per_hour.get(h, {}).items()})
        for h in range(first, last + 1)
    ]


# -- survey CSV ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyEvent:
    stop: str
    day: date | None
    title: str
    event_type: str
    audience: str | None
    onsite: bool
    counts: EventCounts


@dataclass(frozen=True)
class StopCirculation:
    """A stop's circulation as it was really held (see :func:`popup.domain.stops.held_window`)."""

    checkouts: int = 0
    returns: int = 0
    renewals: int = 0
    in_house_uses: int = 0
    new_patrons: int = 0
    #: Money taken per method and fines waived (the cash box's reconciliation).
    takings: Takings = field(default_factory=Takings)

    def numbers(self) -> list[int]:
        """In :data:`CIRCULATION_COLUMNS` order."""
        return [self.checkouts, self.returns, self.renewals, self.in_house_uses, self.new_patrons]


@dataclass(frozen=True)
class SurveyStop:
    """One stop of the survey CSV: its circulation row and its events' rows."""

    stop: str
    day: date | None
    circulation: StopCirculation
    events: Sequence[SurveyEvent] = ()


def survey_category(audience: str | None, bands: Sequence[AgeBand]) -> str:
    """The survey's program category: the audience band's label, or general interest."""
    if audience:
        for band in bands:
            if band.code == audience:
                return band.label
    return GENERAL_INTEREST


FIXED_COLUMNS = ("stop", "date", "event", "event_type", "program_category", "location", "sessions")
TAIL_COLUMNS = ("identified_by_card", "total_attendance")
#: The stop's circulation, on its own row (``event_type`` "stop circulation"); empty on event
#: rows, so a column's sum is the stops' total. An in-house use of N items counts N.
CIRCULATION_COLUMNS = ("checkouts", "returns", "renewals", "in_house_uses", "new_patrons")
# After them, on the same row, the money taken per method and the fines waived, as amounts
# ("12.75", no currency sign): :data:`popup.domain.payments.TAKINGS_COLUMNS`.
#: The ``event_type`` of a stop's circulation row.
CIRCULATION_ROW = "stop circulation"


def survey_columns(bands: Sequence[AgeBand]) -> list[str]:
    return [
        *FIXED_COLUMNS,
        *(f"attendance_{b.code}" for b in bands),
        *TAIL_COLUMNS,
        *CIRCULATION_COLUMNS,
        *TAKINGS_COLUMNS,
    ]


def csv_text(value: str) -> str:
    """Text safe to open in a spreadsheet: a leading = + - @ would start a formula."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def survey_table(
    events: Sequence[SurveyEvent], bands: Sequence[AgeBand], stops: Sequence[SurveyStop] = ()
) -> list[list[str]]:
    """Header; each of ``stops``: its circulation row, then its events' rows; then the rows of
    ``events`` (events given without their stop's circulation); then on-site, off-site and
    overall totals. Attendance columns are empty on a circulation row and circulation columns
    on an event row; the overall total sums both.

    Counts in bands the library no longer configures are folded into the total only.
    """
    rows: list[list[str]] = [survey_columns(bands)]
    width = 1 + len(bands) + len(TAIL_COLUMNS)
    blank_attendance = [""] * width
    blank_circulation = [""] * (len(CIRCULATION_COLUMNS) + len(TAKINGS_COLUMNS))
    totals: dict[str, list[int]] = {}
    circulation = [0] * len(CIRCULATION_COLUMNS)
    taken = Takings()

    def event_row(ev: SurveyEvent) -> None:
        numbers = [ev.counts.get(b.code) for b in bands]
        tail = [ev.counts.identified, ev.counts.total]
        rows.append(
            [
                csv_text(ev.stop),
                ev.day.isoformat() if ev.day else "",
                csv_text(ev.title),
                csv_text(ev.event_type),
                survey_category(ev.audience, bands),
                location(ev.onsite),
                "1",
                *(str(n) for n in numbers),
                *(str(n) for n in tail),
                *blank_circulation,
            ]
        )
        for key in (location(ev.onsite), "all"):
            acc = totals.setdefault(key, [0] * width)
            for i, n in enumerate([1, *numbers, *tail]):
                acc[i] += n

    for stop in stops:
        numbers = stop.circulation.numbers()
        rows.append(
            [
                csv_text(stop.stop),
                stop.day.isoformat() if stop.day else "",
                "",
                CIRCULATION_ROW,
                "",
                "",
                *blank_attendance,
                *(str(n) for n in numbers),
                *(format_money(n) for n in stop.circulation.takings.numbers()),
            ]
        )
        circulation = [a + n for a, n in zip(circulation, numbers, strict=True)]
        taken = taken + stop.circulation.takings
        for ev in stop.events:
            event_row(ev)
    for ev in events:
        event_row(ev)
    for key, label in ((ONSITE, "TOTAL on-site"), (OFFSITE, "TOTAL off-site"), ("all", "TOTAL")):
        acc = totals.get(key, [0] * width)
        where = "" if key == "all" else key
        tail = (
            [*(str(n) for n in circulation), *(format_money(n) for n in taken.numbers())]
            if key == "all"
            else blank_circulation
        )
        rows.append([label, "", "", "", "", where, *(str(n) for n in acc), *tail])
    return rows
