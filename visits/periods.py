"""When visits fall due: every calendar month for a children's home, every half term for a residential
special school. Half terms are counted as the academic year's six two-month blocks (September-October,
November-December, January-February, March-April, May-June, July-August), so a school's visit is due once
in each block. A period is named by its first day; a visit is due by its last day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from training.models import add_months


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date  # the last day: the visit and its report are due by then
    half_term: bool = False

    @property
    def label(self) -> str:
        if self.half_term:
            return f"{self.start:%b}-{self.end:%b %Y}"
        return f"{self.start:%B %Y}"

    @property
    def short_label(self) -> str:
        return f"{self.start:%b}-{self.end:%b}" if self.half_term else f"{self.start:%b}"


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _block_start(day: dt.date) -> dt.date:
    """The first day of the two-month half-term block holding `day` (blocks start in odd months from Sep)."""
    month = day.month if day.month % 2 == 1 else day.month - 1
    return dt.date(day.year, month, 1)


def period_containing(day: dt.date, *, half_term: bool) -> Period:
    start = _block_start(day) if half_term else month_start(day)
    end = add_months(start, 2 if half_term else 1) - dt.timedelta(days=1)
    return Period(start, end, half_term)


def periods_between(first: dt.date, last: dt.date, *, half_term: bool) -> list[Period]:
    """Every period that overlaps first..last, in order."""
    periods = []
    current = period_containing(first, half_term=half_term)
    while current.start <= last:
        periods.append(current)
        current = period_containing(current.end + dt.timedelta(days=1), half_term=half_term)
    return periods


def half_year_containing(day: dt.date) -> tuple[dt.date, dt.date]:
    """The six-monthly reporting period holding `day`: April-September or October-March (financial halves)."""
    if 4 <= day.month <= 9:
        return dt.date(day.year, 4, 1), dt.date(day.year, 9, 30)
    year = day.year if day.month >= 10 else day.year - 1
    return dt.date(year, 10, 1), dt.date(year + 1, 3, 31)


def parse_month(text: str) -> dt.date | None:
    """The first day of the month written as YYYY-MM (as in ?from=2026-04), or None."""
    year, _, month = text.partition("-")
    if not (year.isdigit() and month.isdigit() and len(year) == 4 and 1 <= int(month) <= 12):
        return None
    return dt.date(int(year), int(month), 1)
