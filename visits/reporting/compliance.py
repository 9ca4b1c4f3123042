"""Visit compliance: for each home and each period it is due in, whether the visit was done on time, late,
missed, is due now or is still to come, and the percentage done on time over the last 12 months.

Two queries whatever the number of homes and years (the homes in scope, then their visits in the range),
so the page for 30 homes over 5 years costs what it costs for 3 homes over one year."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from training.models import add_months
from visits.models import Home, Visit
from visits.periods import Period, month_start, periods_between


class Cell:
    DONE = "done"
    VISITED = "visited"  # visited in the period, report not yet in, period not over
    LATE = "late"
    MISSED = "missed"
    DUE = "due"
    PLANNED = "planned"
    NOT_DUE = "not_due"


CELL_LABELS = {
    Cell.DONE: "Done on time",
    Cell.VISITED: "Visited, report due",
    Cell.LATE: "Late",
    Cell.MISSED: "Missed",
    Cell.DUE: "Due now",
    Cell.PLANNED: "To come",
    Cell.NOT_DUE: "Not due",
}
CELL_TAGS = {
    Cell.DONE: "govuk-tag--green",
    Cell.VISITED: "govuk-tag--blue",
    Cell.LATE: "govuk-tag--orange",
    Cell.MISSED: "govuk-tag--red",
    Cell.DUE: "govuk-tag--yellow",
    Cell.PLANNED: "govuk-tag--grey",
    Cell.NOT_DUE: "govuk-tag--grey",
}


def cell_status(period: Period, visit: dict | None, today: dt.date) -> str:
    visited, submitted = (visit or {}).get("visited_on"), (visit or {}).get("submitted_on")
    if visited is None:
        if period.end < today:
            return Cell.MISSED
        return Cell.DUE if period.start <= today else Cell.PLANNED
    if visited > period.end or (submitted is not None and submitted > period.end):
        return Cell.LATE
    if submitted is None:
        return Cell.LATE if period.end < today else Cell.VISITED
    return Cell.DONE


@dataclass(frozen=True)
class GridCell:
    period: Period
    status: str
    visit_id: int | None

    @property
    def label(self) -> str:
        return CELL_LABELS[self.status]

    @property
    def tag(self) -> str:
        return CELL_TAGS[self.status]


@dataclass
class HomeRow:
    home: Home
    cells: list[GridCell]
    due: int = 0  # periods ended in the last 12 months
    on_time: int = 0
    late: int = 0
    missed: int = 0

    @property
    def percent_on_time(self) -> int | None:
        return round(100 * self.on_time / self.due) if self.due else None


@dataclass
class Compliance:
    first: dt.date
    last: dt.date
    today: dt.date
    rows: list[HomeRow] = field(default_factory=list)
    months: list[Period] = field(default_factory=list)

    @property
    def due(self) -> int:
        return sum(r.due for r in self.rows)

    @property
    def on_time(self) -> int:
        return sum(r.on_time for r in self.rows)

    @property
    def percent_on_time(self) -> int | None:
        return round(100 * self.on_time / self.due) if self.due else None


def last_twelve_months(today: dt.date) -> tuple[dt.date, dt.date]:
    last = month_start(today)
    return add_months(last, -11), add_months(last, 1) - dt.timedelta(days=1)


def build_compliance(
    user, *, first: dt.date | None = None, last: dt.date | None = None, today: dt.date | None = None
) -> Compliance:
    """The grid from `first` to `last` (default: the last 12 months up to the end of this month)."""
    today = today or timezone.localdate()
    default_first, default_last = last_twelve_months(today)
    first, last = first or default_first, last or default_last
    homes = list(Home.objects.visible_to(user).order_by("name"))
    visits: dict[int, dict[dt.date, dict]] = defaultdict(dict)
    rows = Visit.objects.filter(home__in=homes, period_start__lte=last).filter(
        period_start__gte=add_months(month_start(first), -1)
    )
    for found in rows.values("pk", "home_id", "period_start", "visited_on", "submitted_on"):
        visits[found["home_id"]][found["period_start"]] = found
    twelve_from, _ = last_twelve_months(today)
    result = Compliance(first, last, today, months=periods_between(first, last, half_term=False))
    for home in homes:
        row = HomeRow(home, cells=[])
        for period in periods_between(first, last, half_term=home.half_termly):
            visit = visits[home.pk].get(period.start)
            due = period.end >= home.visits_from and (home.closed_on is None or period.start < home.closed_on)
            status = cell_status(period, visit, today) if due else Cell.NOT_DUE
            row.cells.append(GridCell(period, status, visit["pk"] if visit else None))
            if due and period.end < today and period.start >= twelve_from:
                row.due += 1
                row.on_time += status == Cell.DONE
                row.late += status == Cell.LATE
                row.missed += status == Cell.MISSED
        result.rows.append(row)
    return result
