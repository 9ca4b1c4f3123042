"""The figures the board sees, in one place: the dashboard, the indicator page, exports and (later) board
packs all read from here, with a fixed number of queries whatever the amount of data."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Max, Min, Q
from django.utils import timezone

from performance.models import (
    Comparator,
    Indicator,
    IndicatorValue,
    OutcomeArea,
    Period,
    QuarterReturn,
    Source,
    Target,
)
from performance.reporting.charts import Chart, sparkline
from performance.reporting.presentation import NOT_COMPARABLE, comparable, counted_text, format_value
from performance.reporting.rag import Direction, Rag, direction, rag_status

COMMENTARY_QUARTERS = 4  # officers' commentary shown on the indicator page
TREND_POINTS = 8  # quarters on the dashboard's small charts (annual indicators: up to 8 years)
# How far back the dashboard reads: quarters for the trend, previous and same-quarter-last-year comparisons;
# annual figures for an eight-year trend; targets and comparators only for the recent years it shows.
QUARTER_YEARS = 3
ANNUAL_YEARS = TREND_POINTS + 1
BENCHMARK_YEARS = 3
WINDOW_QUARTERS = 12  # the indicator page's table and chart, unless all years are asked for


@dataclass
class Shown:
    """One figure as this person may see it."""

    record: IndicatorValue | Comparator | Target | None
    text: str
    suppressed: bool = False
    counted: str = ""  # "6 of 7" for a percentage worked out from two counts, when it may be seen
    about: str = ""  # which comparator, by name: "Median of 10 statistical neighbours", "Inner London (...)"

    @property
    def value(self) -> Decimal | None:
        return None if self.suppressed or self.record is None else self.record.value

    @property
    def period_label(self) -> str:
        return self.record.period.label if self.record is not None else ""


@dataclass
class Row:
    indicator: Indicator
    latest: Shown
    target: Shown
    rag: Rag
    previous: Shown
    last_year: Shown
    direction_previous: Direction
    direction_last_year: Direction
    comparators: dict[str, Shown]
    trend: list[Shown] = field(default_factory=list)
    annual: Shown | None = None  # a quarterly indicator's latest published annual figure of ours

    @property
    def annual_text(self) -> str:
        """ "Latest annual figure (2024-25, DfE): 69.0%", or "" (annual indicators, or none published)."""
        if self.annual is None:
            return ""
        record = self.annual.record
        source = "DfE" if getattr(record, "source", "") == Source.DFE else "council"
        return f"Latest annual figure ({self.annual.period_label}, {source}): {self.annual.text}"

    @cached_property
    def spark(self) -> Chart:
        """The dashboard's small chart of `trend`, drawn only for the rows a page shows."""
        return sparkline(self.indicator, self.trend)

    @property
    def england(self) -> Shown:
        return self.comparators[Comparator.Area.ENGLAND]

    @property
    def neighbours(self) -> Shown:
        return self.comparators[Comparator.Area.STATISTICAL_NEIGHBOURS]

    @property
    def region(self) -> Shown:
        return self.comparators[Comparator.Area.REGION]


@dataclass
class Group:
    area: OutcomeArea
    rows: list[Row]


@dataclass
class Scorecard:
    groups: list[Group]
    rag_counts: dict[str, int]

    @property
    def rows(self) -> list[Row]:
        return [row for group in self.groups for row in group.rows]


def primary_kind(indicator: Indicator) -> str:
    return (
        Period.Kind.QUARTER if indicator.frequency == Indicator.Frequency.QUARTERLY else indicator.annual_kind
    )


def show_value(indicator: Indicator, record: IndicatorValue | None, user) -> Shown:
    if record is None:
        return Shown(None, "No figure")
    if record.value is None:
        word = "Not published" if record.source == "dfe" else "Not available"
        reason = f" ({record.not_published_reason})" if record.not_published_reason else ""
        return Shown(record, word + reason)
    if record.rounds_to_zero:  # the DfE's "k": never small-number suppressed, it says no number
        return Shown(record, format_value(record.value, indicator.unit, rounds_to_zero=True))
    hidden = indicator.hidden_text(
        value=record.value, numerator=record.numerator, denominator=record.denominator, user=user
    )
    if hidden:
        return Shown(record, hidden, suppressed=True)
    return Shown(
        record,
        format_value(record.value, indicator.unit),
        counted=counted_text(record.numerator, record.denominator),
    )


def show_plain(indicator: Indicator, record: Comparator | Target | None, empty: str) -> Shown:
    about = ""
    if isinstance(record, Comparator) and record.area != Comparator.Area.ENGLAND:
        about = record.area_label
    if record is None:
        return Shown(None, empty)
    if record.value is None:
        reason = getattr(record, "not_published_reason", "")
        return Shown(record, "Not published" + (f": {reason}" if reason else ""), about=about)
    rounds_to_zero = getattr(record, "rounds_to_zero", False)
    return Shown(
        record, format_value(record.value, indicator.unit, rounds_to_zero=rounds_to_zero), about=about
    )


def show_comparator(indicator: Indicator, record: Comparator | None) -> Shown:
    """England's, the region's or the neighbours' figure beside ours; for a count, "Not comparable" (see
    presentation.comparable: the one place that decides, per unit)."""
    if not comparable(indicator.unit):
        return Shown(None, NOT_COMPARABLE)
    return show_plain(indicator, record, "Not available")


def _travel_without_latest(
    indicator: Indicator, latest: IndicatorValue, series: list[IndicatorValue], user
) -> Direction:
    """Direction of travel when the latest period has no figure: "No figure for 2024-25 yet; 2023-24 was
    12.0%, up 2.0 percentage points since 2022-23 (10.0%) — better": the two latest periods that have
    figures, named."""
    with_figures = [v for v in series if v.value is not None and v.period.end_date < latest.period.end_date]
    if not with_figures:
        return Direction("none", "", f"No figure for {latest.period.label} yet")
    newest = with_figures[-1]
    newest_shown = show_value(indicator, newest, user)
    words = f"No figure for {latest.period.label} yet; {newest.period.label} was {newest_shown.text}"
    if len(with_figures) < 2 or newest_shown.suppressed:
        return Direction("none", "", words)
    before = with_figures[-2]
    before_shown = show_value(indicator, before, user)
    if before_shown.suppressed:
        return Direction("none", "", words)
    travel = direction(
        newest_shown.value, before_shown.value, indicator.polarity, before.period.label, unit=indicator.unit
    )
    moved, _, verdict = travel.words.partition(" — ")  # "Up 2.0 percentage points since 2022-23", "better"
    said = f"{words}, {moved[0].lower()}{moved[1:]} ({before_shown.text})"
    return Direction(travel.code, travel.arrow, f"{said} — {verdict}" if verdict else said)


def _latest_at_or_before(records: list, end: dt.date | None):
    """The newest record whose period ends on or before `end` (records sorted oldest first)."""
    chosen = None
    for record in records:
        if end is None or record.period.end_date <= end:
            chosen = record
    return chosen


def build_row(
    indicator: Indicator,
    values: list[IndicatorValue],
    targets: list[Target],
    comparators: dict[str, list[Comparator]],
    user,
) -> Row:
    kind = primary_kind(indicator)
    series = [v for v in values if v.period.kind == kind]
    by_key = {(v.period.year_start, v.period.quarter): v for v in series}
    latest = series[-1] if series else None
    previous = last_year = None
    target = None
    if latest is not None:
        previous = by_key.get(latest.period.previous())
        if kind == Period.Kind.QUARTER:
            last_year = by_key.get((latest.period.year_start - 1, latest.period.quarter))
        target_year = (
            latest.period.year_start,
            indicator.annual_kind if kind == Period.Kind.QUARTER else kind,
        )
        target = next((t for t in targets if (t.period.year_start, t.period.kind) == target_year), None)

    latest_shown = show_value(indicator, latest, user)
    previous_shown = show_value(indicator, previous, user)
    last_year_shown = show_value(indicator, last_year, user)
    hidden = any(s.suppressed for s in (latest_shown, previous_shown, last_year_shown))
    if latest_shown.suppressed:
        rag = Rag("none", "Not shown", "Based on fewer children than can be shown safely.")
    else:
        rag = rag_status(
            latest_shown.value,
            target.value if target else None,
            indicator.polarity,
            indicator.tolerance,
            unit=indicator.unit,
        )
    if hidden:
        dir_prev = dir_year = Direction("none", "", "Not shown: small numbers")
    elif latest is not None and latest.value is None:  # the latest period has no figure (not published)
        dir_prev = _travel_without_latest(indicator, latest, series, user)
        dir_year = Direction("none", "", f"No figure for {latest.period.label} yet")
    else:
        dir_prev = direction(
            latest_shown.value,
            previous_shown.value,
            indicator.polarity,
            previous.period.label if previous else "the previous period",
            unit=indicator.unit,
        )
        dir_year = direction(
            latest_shown.value,
            last_year_shown.value,
            indicator.polarity,
            last_year.period.label if last_year else "the same period last year",
            unit=indicator.unit,
        )
    end = latest.period.end_date if latest else None
    shown_comparators = {
        area: show_comparator(indicator, _latest_at_or_before(comparators.get(area, []), end))
        for area in Comparator.Area.values
    }
    trend = [show_value(indicator, v, user) for v in series[-TREND_POINTS:]]
    annual = None
    if kind == Period.Kind.QUARTER:  # the council's own latest published annual figure, beside the quarter's
        published = [
            v
            for v in values
            if v.period.kind == indicator.annual_kind
            and v.value is not None
            and v.status in (IndicatorValue.Status.PUBLISHED, IndicatorValue.Status.REVISED)
        ]
        if published:
            annual = show_value(indicator, published[-1], user)
    return Row(
        indicator=indicator,
        latest=latest_shown,
        target=show_plain(indicator, target, "No target set"),
        rag=rag,
        previous=previous_shown,
        last_year=last_year_shown,
        direction_previous=dir_prev,
        direction_last_year=dir_year,
        comparators=shown_comparators,
        trend=trend,
        annual=annual,
    )


def build_scorecard(user, *, area: str = "", rag: str = "", as_at: Period | None = None) -> Scorecard:
    """Five queries, whatever the number of indicators or years: the newest period with data, indicators,
    values, targets and comparators. How far back it reads is measured from the newest figure `user` may
    see: only figures `IndicatorValue.objects.visible_to(user)` gives are read (no draft quarter's
    figures for board members). `as_at` (a quarter): the scorecard as it stood then, reading nothing whose
    period ends after it (targets: none for a year that starts after it)."""
    visible = IndicatorValue.objects.visible_to(user)
    if as_at is not None:
        visible = visible.filter(period__end_date__lte=as_at.end_date)
    newest = visible.aggregate(newest=Max("period__end_date"))["newest"] or (
        as_at.end_date if as_at is not None else timezone.localdate()
    )
    indicators = list(
        Indicator.objects.active()
        .select_related("outcome_area")
        .order_by("outcome_area__order", "outcome_area__name", "order", "title")
    )
    quarter_cutoff = dt.date(newest.year - QUARTER_YEARS, 1, 1)
    annual_cutoff = dt.date(newest.year - ANNUAL_YEARS, 1, 1)
    cutoff = dt.date(newest.year - BENCHMARK_YEARS, 1, 1)
    values_by = defaultdict(list)
    for value in (
        visible.filter(indicator__is_active=True)
        .filter(
            Q(period__kind=Period.Kind.QUARTER, period__end_date__gte=quarter_cutoff)
            | Q(period__end_date__gte=annual_cutoff) & ~Q(period__kind=Period.Kind.QUARTER)
        )
        .select_related("period")
        .order_by("period__end_date", "period__kind")
    ):
        values_by[value.indicator_id].append(value)
    targets = Target.objects.filter(indicator__is_active=True, period__end_date__gte=cutoff)
    comparators = Comparator.objects.filter(indicator__is_active=True, period__end_date__gte=cutoff)
    if as_at is not None:
        targets = targets.filter(period__start_date__lte=as_at.end_date)
        comparators = comparators.filter(period__end_date__lte=as_at.end_date)
    targets_by = defaultdict(list)
    for target in targets.select_related("period"):
        targets_by[target.indicator_id].append(target)
    comparators_by: dict[int, dict[str, list[Comparator]]] = defaultdict(lambda: defaultdict(list))
    for comparator in comparators.select_related("period").order_by("period__end_date"):
        comparators_by[comparator.indicator_id][comparator.area].append(comparator)

    counts = {"red": 0, "amber": 0, "green": 0, "none": 0}
    groups: dict[int, Group] = {}
    for indicator in indicators:
        row = build_row(
            indicator, values_by[indicator.pk], targets_by[indicator.pk], comparators_by[indicator.pk], user
        )
        if area and indicator.outcome_area.slug != area:
            continue
        counts[row.rag.code if row.rag.code in counts else "none"] += 1
        if rag and row.rag.code != rag:
            continue
        groups.setdefault(indicator.outcome_area_id, Group(indicator.outcome_area, [])).rows.append(row)
    return Scorecard(groups=list(groups.values()), rag_counts=counts)


@dataclass
class IndicatorHistory:
    row: Row
    values: list[Shown]  # newest first, every period
    targets: list[Target]
    comparators: list[Comparator]
    annual_values: list[Shown]
    commentary: list[tuple[str, str]] = field(default_factory=list)  # (period label, what officers said)
    windowed: bool = False  # older figures exist than the page shows ("Show all years")


def build_indicator_history(
    indicator: Indicator, user, *, as_at: Period | None = None, all_years: bool = False
) -> IndicatorHistory:
    """Everything the indicator page shows, in five queries: the newest period shown, the figures `user` may
    see (`visible_to`), with their quarters' commentary, targets and comparators. `as_at` (a quarter): nothing
    whose period ends after it. Unless `all_years`, a window that does not grow with the years of data: the
    last WINDOW_QUARTERS quarters and ANNUAL_YEARS years of annual figures, with the targets and comparators
    of those years (`IndicatorHistory.windowed` says whether anything older was left out)."""
    visible = IndicatorValue.objects.visible_to(user).filter(indicator=indicator)
    targets_read = indicator.targets.all()
    comparators_read = indicator.comparators.all()
    if as_at is not None:
        visible = visible.filter(period__end_date__lte=as_at.end_date)
        targets_read = targets_read.filter(period__start_date__lte=as_at.end_date)
        comparators_read = comparators_read.filter(period__end_date__lte=as_at.end_date)
    windowed = False
    if not all_years:
        quarterly = Q(period__kind=Period.Kind.QUARTER)
        ends = visible.aggregate(
            newest=Max("period__end_date"),
            first_quarter=Min("period__end_date", filter=quarterly),
            first_annual=Min("period__end_date", filter=~quarterly),
        )
        newest = ends["newest"]
        if newest is not None:
            quarter_from = _quarters_before(newest, WINDOW_QUARTERS)
            annual_from = dt.date(newest.year - ANNUAL_YEARS, newest.month, 1)
            # the targets and comparators of the years shown, and the year before (the latest at or before
            # the first figure)
            shown_from = quarter_from if primary_kind(indicator) == Period.Kind.QUARTER else annual_from
            benchmark_from = shown_from - dt.timedelta(days=366)
            in_window = Q(period__kind=Period.Kind.QUARTER, period__end_date__gte=quarter_from) | Q(
                ~Q(period__kind=Period.Kind.QUARTER), period__end_date__gte=annual_from
            )
            windowed = (ends["first_quarter"] is not None and ends["first_quarter"] < quarter_from) or (
                ends["first_annual"] is not None and ends["first_annual"] < annual_from
            )
            visible = visible.filter(in_window)
            targets_read = targets_read.filter(period__end_date__gte=benchmark_from)
            comparators_read = comparators_read.filter(period__end_date__gte=benchmark_from)
    values = list(visible.select_related("period", "entered_by", "source_file").order_by("period__end_date"))
    targets = list(targets_read.select_related("period").order_by("period__end_date"))
    comparator_list = list(comparators_read.select_related("period").order_by("period__end_date", "area"))
    grouped: dict[str, list[Comparator]] = defaultdict(list)
    for comparator in comparator_list:
        grouped[comparator.area].append(comparator)
    row = build_row(indicator, values, targets, grouped, user)
    row.trend = [show_value(indicator, v, user) for v in values if v.period.kind == primary_kind(indicator)]
    kind = primary_kind(indicator)
    recent = [v for v in values if v.period.kind == Period.Kind.QUARTER][-COMMENTARY_QUARTERS:]
    said = {  # only quarters of figures `user` may see, so never a draft quarter's words for the board
        r.period_id: r.commentary
        for r in QuarterReturn.objects.filter(period__in=[v.period_id for v in recent]).exclude(commentary="")
    }
    commentary = []
    for value in reversed(recent):
        parts = [text for text in (value.commentary, said.get(value.period_id, "")) if text]
        if parts:
            commentary.append((value.period.label, "\n\n".join(parts)))
    return IndicatorHistory(
        row=row,
        values=[show_value(indicator, v, user) for v in reversed(values)],
        targets=targets,
        comparators=comparator_list,
        annual_values=[show_value(indicator, v, user) for v in values if v.period.kind != kind],
        commentary=commentary,
        windowed=windowed,
    )


def _quarters_before(end: dt.date, count: int) -> dt.date:
    """The earliest end date of the `count` quarters ending with the one that ends on or before `end`."""
    year_start, quarter = Period.quarter_containing(end)
    index = year_start * 4 + quarter - 1 - (count - 1)
    return Period.bounds(Period.Kind.QUARTER, index // 4, index % 4 + 1)[1]
