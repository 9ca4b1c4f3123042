"""Figures as at a quarter: the quarter the board is looking at (say, the one the next meeting considers).

The dashboard, indicator pages and exports take `?as_at=2026-27-Q2` (so links, bookmarks and downloads keep
it) and then show that quarter, its trend up to it and the comparators of its year: nothing after it. The
quarters offered are those with figures the person may see (never a draft quarter for a board member); the
default is the newest figures they may see."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from performance.models import IndicatorValue, Period, QuarterReturn

PARAM = "as_at"
_SLUG = re.compile(r"(\d{4})-(\d{2})-Q([1-4])")


class BadAsAt(ValueError):
    """A quarter that cannot be shown; the message says why and what to do, in plain English."""


def slug(period: Period) -> str:
    """2026-27 Q2 -> "2026-27-Q2" (what the address carries)."""
    return f"{period.year_start}-{(period.year_start + 1) % 100:02d}-Q{period.quarter}"


def visible_quarters(user) -> list[Period]:
    """The quarters with figures `user` may see, newest first (one query)."""
    return list(
        Period.objects.filter(
            kind=Period.Kind.QUARTER,
            pk__in=IndicatorValue.objects.visible_to(user).values("period_id"),
        ).order_by("-end_date")
    )


@dataclass
class AsAt:
    chosen: Period | None  # None: the newest figures this person may see
    quarters: list[Period] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return slug(self.chosen) if self.chosen is not None else ""

    @property
    def selected(self) -> Period | None:
        """The quarter the select shows: the chosen one, else the newest."""
        return self.chosen or (self.quarters[0] if self.quarters else None)

    @property
    def options(self) -> list[tuple[str, str, bool]]:
        """(value, label, selected) for the "Figures as at" select, newest first."""
        selected = self.selected
        return [
            (slug(q), q.label + (" (latest)" if n == 0 else ""), q == selected)
            for n, q in enumerate(self.quarters)
        ]

    @property
    def query(self) -> str:
        """ "as_at=2026-27-Q2" for links, or "" for the newest figures."""
        return urlencode({PARAM: self.slug}) if self.chosen is not None else ""

    @property
    def label(self) -> str:
        return self.chosen.label if self.chosen is not None else ""


def choose(request) -> AsAt:
    """The quarter asked for in the request, or BadAsAt with a message to show."""
    text = request.GET.get(PARAM, "").strip()
    quarters = visible_quarters(request.user)
    if not text:
        return AsAt(None, quarters)
    match = _SLUG.fullmatch(text)
    if match is None or (int(match[1]) + 1) % 100 != int(match[2]):
        raise BadAsAt(
            f"“{text[:40]}” is not a quarter. Choose one from the list, or write it like 2026-27-Q2 "
            "(the financial year, then the quarter)."
        )
    year_start, quarter = int(match[1]), int(match[3])
    for period in quarters:
        if (period.year_start, period.quarter) == (year_start, quarter):
            return AsAt(period, quarters)
    label = Period.label_for(Period.Kind.QUARTER, year_start, quarter)
    raise BadAsAt(f"There are no figures you can see for {label}. Choose a quarter from the list.")


# --- How final the figures shown are: "2026-27 Q2, provisional". The newest quarterly return the person may read
# (as at the chosen quarter; board members never hear of a draft), so the page heading, the CSV, XLSX and PDF
# file names and the PDF's title all say the same.
PROVISIONAL = "provisional"
SIGNED_OFF = "signed off"


def recent_returns(user, count: int = 8, *, as_at: Period | None = None) -> list[QuarterReturn]:
    """The newest quarterly returns `user` may read, newest first; with `as_at`, none after that quarter."""
    returns = QuarterReturn.objects.visible_to(user).select_related("period")
    if as_at is not None:
        returns = returns.filter(period__end_date__lte=as_at.end_date)
    return list(returns.order_by("-period__end_date")[:count])


def figures_label(quarter_return: QuarterReturn | None) -> str:
    """ "2026-27 Q2, provisional" or "2026-27 Q2, signed off"; "" before any quarter."""
    if quarter_return is None:
        return ""
    status = SIGNED_OFF if quarter_return.is_locked else PROVISIONAL
    return f"{quarter_return.period.label}, {status}"


def file_name(stem: str, quarter_return: QuarterReturn | None) -> str:
    """ "cpboard-dashboard-2026-27-Q2-provisional" (no extension); the stem alone before any quarter."""
    label = figures_label(quarter_return)
    if not label:
        return stem
    return "-".join([stem, *label.replace(",", "").split()])
