"""What a senior officer reads before signing a quarter off: every figure beside last quarter's and the same
quarter last year's (how far it moved and whether that is better or worse), and what is missing or unusual.

Changes are worked out from the figures as the page shows them (`as_shown`: each rounded half up to its unit's
places), so "up 2.5 points from 9.5%" always agrees with the two numbers a person sees."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from performance.models import Indicator, IndicatorValue, OutcomeArea, Period, QuarterReturn
from performance.reporting.presentation import as_shown, format_number, format_value
from performance.services.figures import figure_text

# A change since last quarter this big is listed under "Things to check": 5 percentage points for a
# percentage, a quarter of last quarter's figure for anything else.
BIG_CHANGE_POINTS = Decimal(5)
BIG_CHANGE_SHARE = Decimal("0.25")


@dataclass(frozen=True)
class Change:
    """How one figure moved since an earlier one, in words: "Up 2.5 points from 9.5% — worse"."""

    words: str
    big: bool = False


@dataclass
class CheckRow:
    indicator: Indicator
    shown: str  # this quarter's figure, as the quarter page shows it
    since_previous: Change
    since_last_year: Change


@dataclass
class CheckArea:
    area: OutcomeArea
    rows: list[CheckRow] = field(default_factory=list)


@dataclass
class QuarterCheck:
    areas: list[CheckArea]
    to_check: list[str]  # missing or unusual, in plain words
    previous_label: str
    last_year_label: str


def _is_percentage(indicator: Indicator) -> bool:
    return indicator.is_proportion or indicator.unit == Indicator.Unit.PERCENT


def change_words(
    indicator: Indicator, current: Decimal | None, earlier: Decimal | None, label: str
) -> Change:
    """ "Up 2.5 points from 9.5% — worse", "Down 3 from 12 — better", "No change from 10.0%", or that there is no
    figure to compare with (naming which)."""
    if current is None:
        return Change("No figure this quarter")
    if earlier is None:
        return Change(f"No figure for {label} to compare with")
    unit = indicator.unit
    now, before = as_shown(current, unit), as_shown(earlier, unit)
    was = format_value(before, unit)
    if now == before:
        return Change(f"No change from {was}")
    difference = abs(now - before)
    if _is_percentage(indicator):
        amount = f"{format_number(difference, unit)} {'point' if difference == 1 else 'points'}"
        big = difference >= BIG_CHANGE_POINTS
    else:
        amount = format_value(difference, unit)
        big = before != 0 and difference / abs(before) >= BIG_CHANGE_SHARE
    went_up = now > before
    words = f"{'Up' if went_up else 'Down'} {amount} from {was}"
    if indicator.polarity != Indicator.Polarity.NEITHER:
        better = went_up == (indicator.polarity == Indicator.Polarity.HIGHER)
        words += f" — {'better' if better else 'worse'}"
    return Change(words, big=big)


def _figures(year_start: int, quarter: int | None) -> dict[int, IndicatorValue]:
    values = IndicatorValue.objects.filter(
        period__kind=Period.Kind.QUARTER, period__year_start=year_start, period__quarter=quarter
    )
    return {v.indicator_id: v for v in values}


def _text(indicator: Indicator, figure: IndicatorValue | None) -> str:
    if figure is None:
        return "No figure"
    if figure.value is None and figure.not_published_reason:
        return f"Not available: {figure.not_published_reason}"
    return figure_text(indicator, figure.numerator, figure.denominator, figure.value)


def build_quarter_check(quarter_return: QuarterReturn) -> QuarterCheck:
    period = quarter_return.period
    previous = Period.label_for(Period.Kind.QUARTER, *period.previous())
    last_year = Period.label_for(Period.Kind.QUARTER, period.year_start - 1, period.quarter)
    now = _figures(period.year_start, period.quarter)
    before = _figures(*period.previous())
    year_ago = _figures(period.year_start - 1, period.quarter)
    areas: list[CheckArea] = []
    missing, not_available, big = [], [], []
    indicators = Indicator.objects.active().quarterly().select_related("outcome_area")
    for indicator in indicators:
        figure = now.get(indicator.pk)
        current = figure.value if figure else None
        earlier = before.get(indicator.pk)
        row = CheckRow(
            indicator=indicator,
            shown=_text(indicator, figure),
            since_previous=change_words(indicator, current, earlier.value if earlier else None, previous),
            since_last_year=change_words(
                indicator,
                current,
                year_ago[indicator.pk].value if indicator.pk in year_ago else None,
                last_year,
            ),
        )
        if not areas or areas[-1].area.pk != indicator.outcome_area_id:
            areas.append(CheckArea(indicator.outcome_area))
        areas[-1].rows.append(row)
        if figure is None:
            missing.append(indicator.title)
        elif current is None:
            not_available.append(
                f"{indicator.title} has no figure this quarter: {figure.not_published_reason}"
            )
        if row.since_previous.big:
            words = row.since_previous.words
            big.append(f"{indicator.title} changed a lot since {previous}: {words[0].lower()}{words[1:]}.")
    to_check = []
    if missing:
        to_check.append(f"No figure and no reason given: {'; '.join(missing)}.")
    to_check += not_available
    to_check += big
    if not quarter_return.commentary.strip():
        to_check.append("There is no commentary for the board.")
    return QuarterCheck(areas, to_check, previous, last_year)
