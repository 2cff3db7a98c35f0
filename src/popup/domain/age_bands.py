"""Age bands: a patron's category from their date of birth, and attendance survey bands.

Both are configurable per library; the defaults follow common practice (and state library
surveys' 0-5, 6-11, 12-18, adult split for attendance).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class AgeBand:
    """Ages ``min_age`` to ``max_age`` inclusive (``max_age`` None = no upper bound)."""

    code: str
    label: str
    min_age: int
    max_age: int | None

    def contains(self, age: int) -> bool:
        return age >= self.min_age and (self.max_age is None or age <= self.max_age)


def age_on(born: date, day: date) -> int:
    """Completed years on ``day``; a birthday counts on the day itself (29 Feb -> 1 Mar)."""
    if born > day:
        raise ValueError("date of birth is after the given day")
    years = day.year - born.year
    if (day.month, day.day) < (born.month, born.day):
        years -= 1
    return years


def band_for(bands: Sequence[AgeBand], born: date, day: date) -> AgeBand:
    age = age_on(born, day)
    for band in bands:
        if band.contains(age):
            return band
    raise LookupError(f"no age band covers age {age}")


def validate_bands(bands: Sequence[AgeBand]) -> None:
    """Bands must start at 0, not overlap, leave no gap, and the last must be open-ended."""
    if not bands:
        raise ValueError("at least one age band is needed")
    expected = 0
    for band in bands:
        if band.min_age != expected:
            raise ValueError(f"band {band.code} should start at age {expected}")
        if band.max_age is None:
            if band is not bands[-1]:
                raise ValueError(f"only the last band may be open-ended, not {band.code}")
            return
        if band.max_age < band.min_age:
            raise ValueError(f"band {band.code} ends before it starts")
        expected = band.max_age + 1
    raise ValueError("the last band must have no upper age")


#: Patron categories by age at sign-up.
DEFAULT_CATEGORY_BANDS: tuple[AgeBand, ...] = (
    AgeBand("CHILD", "Child", 0, 12),
    AgeBand("TEEN", "Teen", 13, 17),
    AgeBand("ADULT", "Adult", 18, 64),
    AgeBand("SENIOR", "Senior", 65, None),
)

#: Attendance headcount bands.
DEFAULT_ATTENDANCE_BANDS: tuple[AgeBand, ...] = (
    AgeBand("0-5", "0–5", 0, 5),
    AgeBand("6-11", "6–11", 6, 11),
    AgeBand("12-18", "12–18", 12, 18),
    AgeBand("19-64", "19–64", 19, 64),
    AgeBand("65+", "65+", 65, None),
)
