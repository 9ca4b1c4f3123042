"""One figure of a quarter: checking what a person typed, writing it, and revising a signed-off one."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from cpboard.core.locking import StaleEdit, delete_audited, lock, save_audited
from performance.models import Indicator, IndicatorValue, Period, QuarterReturn, Source
from performance.reporting.presentation import plain_number

ONE_DP = Decimal("0.1")
ENTERED = "Figure entered"
CLEARED = "Figure cleared"
REVISED = "Revised: {reason}"  # the officer's own reason follows


@dataclass(frozen=True)
class FigureEntry:
    """What a person typed for one indicator in one quarter. `version` is the version of the saved figure
    they started from (None when there was no figure yet)."""

    indicator: Indicator
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    value: Decimal | None = None
    version: int | None = None
    not_available: str = ""  # why there is no figure this quarter, when there is none

    @property
    def has_numbers(self) -> bool:
        return not (self.numerator is None and self.denominator is None and self.value is None)

    @property
    def is_blank(self) -> bool:
        return not self.has_numbers and not self.not_available


def value_derive(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """numerator ÷ denominator × 100, rounded to one decimal place (half up, as people round)."""
    if numerator is None or denominator is None or not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator) * 100).quantize(ONE_DP, rounding=ROUND_HALF_UP)


def figure_text(indicator: Indicator, numerator, denominator, value) -> str:
    """One figure as a person would read it: '12 of 120 (10.0%)', '45.5%', '12'."""
    if numerator is None and denominator is None and value is None:
        return "no figure"
    if indicator.is_proportion:
        shown = value if value is not None else value_derive(numerator, denominator)
        return f"{_plain(numerator)} of {_plain(denominator)}" + (
            f" ({_plain(shown)}%)" if shown is not None else ""
        )
    if indicator.unit == Indicator.Unit.PERCENT:
        return f"{_plain(value)}%"
    return _plain(value)


def _plain(number) -> str:
    return "?" if number is None else plain_number(number, thousands=True)


def figure_problems(indicator: Indicator, *, numerator=None, denominator=None, value=None) -> dict[str, str]:
    """What is wrong with one figure, keyed by the part that is wrong ('numerator', 'denominator', 'value').
    An empty dict means the figure is fine (or blank: a draft may leave figures out)."""
    if indicator.is_proportion:
        return _proportion_problems(indicator, numerator, denominator)
    return _value_problems(indicator, value)


def _proportion_problems(indicator: Indicator, numerator, denominator) -> dict[str, str]:
    num_label, den_label = (
        indicator.numerator_label or "Numerator",
        indicator.denominator_label or "Denominator",
    )
    problems: dict[str, str] = {}
    if numerator is None and denominator is None:
        return problems
    if numerator is None:
        problems["numerator"] = f"Enter “{num_label}” as well, or leave both numbers blank."
    if denominator is None:
        problems["denominator"] = f"Enter “{den_label}” as well, or leave both numbers blank."
    for part, label, number in (("numerator", num_label, numerator), ("denominator", den_label, denominator)):
        if number is None or part in problems:
            continue
        if number < 0:
            problems[part] = f"“{label}” is a count of children, so it cannot be less than 0."
        elif number != number.to_integral_value():
            problems[part] = f"“{label}” is a count of children, so it must be a whole number."
    if problems:
        return problems
    if denominator == 0:
        problems["denominator"] = f"“{den_label}” must be more than 0, or there is no percentage to work out."
    elif numerator > denominator:
        problems["numerator"] = (
            f"“{num_label}” ({_plain(numerator)}) cannot be more than “{den_label}” ({_plain(denominator)}). "
            "Check the two numbers are the right way round."
        )
    return problems


def _value_problems(indicator: Indicator, value) -> dict[str, str]:
    if value is None:
        return {}
    unit = indicator.unit
    if unit == Indicator.Unit.PERCENT and not (0 <= value <= 100):
        return {"value": "Enter a percentage between 0 and 100."}
    if unit == Indicator.Unit.COUNT:
        if value < 0:
            return {"value": "This is a count of children, so it cannot be less than 0."}
        if value != value.to_integral_value():
            return {"value": "This is a count of children, so it must be a whole number."}
    if unit != Indicator.Unit.SCORE and value < 0:
        return {"value": f"A {indicator.get_unit_display().lower()} cannot be less than 0."}
    return {}


def figure_value(entry: FigureEntry) -> Decimal | None:
    if entry.indicator.is_proportion:
        return value_derive(entry.numerator, entry.denominator)
    return entry.value


def figure_same(saved: IndicatorValue, entry: FigureEntry) -> bool:
    if saved.not_published_reason != entry.not_available:
        return False
    if entry.indicator.is_proportion:
        return (
            saved.numerator == entry.numerator
            and saved.denominator == entry.denominator
            and (saved.value == figure_value(entry))
        )
    return saved.numerator is None and saved.denominator is None and saved.value == entry.value


def check_figures(figures: list[FigureEntry]) -> None:
    messages = []
    for entry in figures:
        for problem in figure_problems(
            entry.indicator, numerator=entry.numerator, denominator=entry.denominator, value=entry.value
        ).values():
            messages.append(f"{entry.indicator.title}: {problem}")
    if messages:
        raise ValidationError(messages)


def figure_apply(
    saved: IndicatorValue | None,
    entry: FigureEntry,
    *,
    period: Period,
    by,
    reason: str = "",
    source: str = Source.ENTERED,
    source_file=None,
    source_row=None,
) -> IndicatorValue | None:
    """Write one figure of a quarter that is not signed off, if it differs from what is saved. Returns the
    saved figure, or None when it was cleared. Unchanged figures are not saved again (no history row)."""
    if entry.is_blank:
        if saved is not None:
            delete_audited(saved, by=by, reason=reason or CLEARED)
        return None
    if saved is not None and figure_same(saved, entry):
        return saved
    figure = saved or IndicatorValue(indicator=entry.indicator, period=period)
    figure.set_figure(numerator=entry.numerator, denominator=entry.denominator, value=figure_value(entry))
    figure.not_published_reason = "" if entry.has_numbers else entry.not_available
    figure.status = IndicatorValue.Status.PROVISIONAL
    figure.source = source
    figure.source_file = source_file
    figure.source_row = source_row
    figure.computed_from, figure.computed_key = None, ""
    figure.entered_by = by
    return save_audited(figure, by=by, reason=reason or ENTERED, locked=True)


@transaction.atomic
def value_revise(
    *,
    indicator_value: IndicatorValue,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    value: Decimal | None = None,
    reason: str,
    version: int | None,
    by,
) -> IndicatorValue:
    """Change a figure of a signed-off quarter. A reason is required; the figure becomes "revised" and the
    change, with its reason, shows in the figure's history."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": "Say why the figure is being changed, so the board can see why it moved."}
        )
    current = lock(indicator_value, "indicator", "period")
    quarter_return = QuarterReturn.objects.filter(period=current.period).first()
    if quarter_return is None or not quarter_return.is_locked:
        raise ValidationError(
            "This quarter has not been signed off, so change the figure on the quarter's form instead."
        )
    entry = FigureEntry(current.indicator, numerator, denominator, value)
    if version != current.version:
        theirs = figure_text(current.indicator, current.numerator, current.denominator, current.value)
        raise StaleEdit(
            current=current,
            changes=[
                (
                    "Figure",
                    theirs,
                    figure_text(current.indicator, numerator, denominator, figure_value(entry)),
                )
            ],
        )
    if entry.is_blank:
        key = "numerator" if current.indicator.is_proportion else "value"
        raise ValidationError({key: "Enter the corrected figure."})
    problems = figure_problems(current.indicator, numerator=numerator, denominator=denominator, value=value)
    if problems:
        raise ValidationError(problems)
    if figure_same(current, entry):
        raise ValidationError(
            "The figure is the same as the signed-off one. Change it, or go back without saving."
        )
    current.set_figure(numerator=numerator, denominator=denominator, value=figure_value(entry))
    current.mark_revised()
    current.source = Source.ENTERED
    current.source_file = None
    current.source_row = None
    current.computed_from, current.computed_key = None, ""
    current.entered_by = by
    return save_audited(current, by=by, reason=REVISED.format(reason=reason), locked=True)
