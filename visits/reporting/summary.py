"""The six-monthly summary for the board (April-September, October-March): for each council-run home the
visits due, done on time, late and missed, the themes visitors recorded, open and overdue actions, the
latest Ofsted rating and whether the Regulation 45 review is up to date. Counts and labels only: nothing a
visitor wrote, so no child can be identified from it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.utils import timezone

from visits.models import Action, Home, QualityReview, Visit
from visits.periods import half_year_containing, periods_between
from visits.reporting.compliance import Cell, cell_status


@dataclass
class HomeSummary:
    home: Home
    due: int
    on_time: int
    late: int
    missed: int
    themes: list[tuple[str, int]]
    open_actions: int
    overdue_actions: int
    last_review: dt.date | None
    review_due: dt.date | None
    review_late: bool


@dataclass
class Summary:
    start: dt.date
    end: dt.date
    today: dt.date
    homes: list[HomeSummary] = field(default_factory=list)
    themes: list[tuple[str, int]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.start:%B %Y} to {self.end:%B %Y}"

    @property
    def due(self) -> int:
        return sum(h.due for h in self.homes)

    @property
    def on_time(self) -> int:
        return sum(h.on_time for h in self.homes)

    @property
    def percent_on_time(self) -> int | None:
        return round(100 * self.on_time / self.due) if self.due else None


def half_year(day: dt.date) -> tuple[dt.date, dt.date]:
    return half_year_containing(day)


def build_summary(user, *, start: dt.date, today: dt.date | None = None) -> Summary:
    """The summary of the half-year starting `start` (1 April or 1 October). Five queries."""
    today = today or timezone.localdate()
    start, end = half_year_containing(start)
    homes = list(Home.objects.visible_to(user).council_run().order_by("name"))
    visits = {
        (v["home_id"], v["period_start"]): v
        for v in Visit.objects.filter(home__in=homes, period_start__range=(start, end)).values(
            "home_id", "period_start", "visited_on", "submitted_on", "themes", "status"
        )
    }
    actions = {
        row["visit__home_id"]: row
        for row in Action.objects.filter(visit__home__in=homes)
        .values("visit__home_id")
        .annotate(
            open=Count("pk", filter=~Q(status=Action.Status.DONE)),
            overdue=Count("pk", filter=~Q(status=Action.Status.DONE) & Q(due_on__lt=today)),
        )
    }
    reviews = {
        row["home_id"]: row
        for row in QualityReview.objects.filter(home__in=homes)
        .values("home_id")
        .annotate(last=Max("completed_on"), next_due=Max("next_due_on"))
    }
    labels = dict(Visit.Theme.choices)
    everything: Counter[str] = Counter()
    summary = Summary(start, end, today)
    for home in homes:
        counts: Counter[str] = Counter()
        themes: Counter[str] = Counter()
        for period in periods_between(start, end, half_term=home.half_termly):
            if period.end < home.visits_from or period.end >= today or period.start < start:
                continue
            if home.closed_on and period.start >= home.closed_on:
                continue
            visit = visits.get((home.pk, period.start))
            counts["due"] += 1
            counts[cell_status(period, visit, today)] += 1
            if visit and visit["status"] in (Visit.Status.SUBMITTED, Visit.Status.ACKNOWLEDGED):
                themes.update(t for t in visit["themes"] if t in labels)
        everything.update(themes)
        review = reviews.get(home.pk, {})
        review_due = review.get("next_due")
        summary.homes.append(
            HomeSummary(
                home=home,
                due=counts["due"],
                on_time=counts[Cell.DONE],
                late=counts[Cell.LATE],
                missed=counts[Cell.MISSED],
                themes=[(labels[t], n) for t, n in themes.most_common()],
                open_actions=actions.get(home.pk, {}).get("open", 0),
                overdue_actions=actions.get(home.pk, {}).get("overdue", 0),
                last_review=review.get("last"),
                review_due=review_due,
                review_late=review_due is None or review_due < today,
            )
        )
    summary.themes = [(labels[t], n) for t, n in everything.most_common()]
    return summary
