"""Quarterly figures: saving a draft, submitting for sign-off, signing off (which locks the quarter) and
revising a signed-off figure. Every write records who acted; workflow steps record why.

The checks a person sees next to a field live in `figure_problems`, so the quarter form, the revise form
and the file import all say the same thing about the same mistake.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cpboard.core.locking import StaleEdit
from performance.models import Indicator, IndicatorValue, Period, QuarterReturn, Source

ONE_DP = Decimal("0.1")
STALE_MESSAGE = (
    "Someone else changed this quarter's figures while you had the page open, so nothing has been done. "
    "Check the figures as they are now, then try again."
)


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
    if number is None:
        return "?"
    number = Decimal(number)
    if number == number.to_integral_value():
        return f"{number:,.0f}"
    return f"{number.normalize():,f}"


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


def _figure_value(entry: FigureEntry) -> Decimal | None:
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
            and (saved.value == _figure_value(entry))
        )
    return saved.numerator is None and saved.denominator is None and saved.value == entry.value


def _check_figures(figures: list[FigureEntry]) -> None:
    messages = []
    for entry in figures:
        for problem in figure_problems(
            entry.indicator, numerator=entry.numerator, denominator=entry.denominator, value=entry.value
        ).values():
            messages.append(f"{entry.indicator.title}: {problem}")
    if messages:
        raise ValidationError(messages)


def _check_started(period: Period) -> None:
    if period.is_future:
        raise ValidationError(f"{period.label} has not started yet, so there can be no figures for it.")


def _lock_return(quarter_return: QuarterReturn) -> QuarterReturn:
    return QuarterReturn.objects.select_for_update().select_related("period").get(pk=quarter_return.pk)


def _save(obj, *, by, reason: str = "") -> None:
    obj.version += 1
    obj._history_user = by
    if reason:
        obj._change_reason = reason
    obj.save()


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
            saved._history_user = by
            saved._change_reason = reason or "Figure cleared"
            saved.delete()
        return None
    if saved is not None and figure_same(saved, entry):
        return saved
    figure = saved or IndicatorValue(indicator=entry.indicator, period=period, version=0)
    proportion = entry.indicator.is_proportion
    figure.numerator = entry.numerator if proportion else None
    figure.denominator = entry.denominator if proportion else None
    figure.value = _figure_value(entry)
    figure.not_published_reason = "" if entry.has_numbers else entry.not_available
    figure.status = IndicatorValue.Status.PROVISIONAL
    figure.source = source
    figure.source_file = source_file
    figure.source_row = source_row
    figure.entered_by = by
    _save(figure, by=by, reason=reason)
    return figure


def quarter_note_change(
    quarter_return: QuarterReturn,
    *,
    by,
    figures_changed: bool,
    commentary: str | None = None,
    reason: str = "",
) -> None:
    """Save the (locked) return after its figures or commentary changed. Changing a submitted quarter sends
    it back to draft, so it must be submitted again."""
    commentary_changed = commentary is not None and commentary != quarter_return.commentary
    if commentary_changed:
        quarter_return.commentary = commentary
    if quarter_return.status == QuarterReturn.Status.SUBMITTED and (figures_changed or commentary_changed):
        quarter_return.status = QuarterReturn.Status.DRAFT
        quarter_return.submitted_by = None
        quarter_return.submitted_at = None
        _save(quarter_return, by=by, reason="Changed after it was submitted, so back to draft")
    elif commentary_changed:
        _save(quarter_return, by=by, reason=reason)


@transaction.atomic
def quarter_save_draft(
    *, quarter_return: QuarterReturn, figures: list[FigureEntry], commentary: str, version: int | None, by
) -> QuarterReturn:
    """Save a quarter's figures and commentary as they were typed. Refused as a whole if the quarter is
    signed off, any figure is wrong, or anyone saved the quarter or one of its figures since the form
    was shown (StaleEdit, listing what differs)."""
    current = _lock_return(quarter_return)
    if current.is_locked:
        raise ValidationError(
            f"{current.period.label} has been signed off, so its figures are locked. Use “Revise a figure” to change one."
        )
    _check_started(current.period)
    _check_figures(figures)
    saved = {
        v.indicator_id: v
        for v in IndicatorValue.objects.select_for_update().filter(
            period=current.period, indicator__in=[f.indicator for f in figures]
        )
    }
    _check_versions(current, saved, figures, commentary=commentary, version=version)
    figures_changed = False
    for entry in figures:
        before = saved.get(entry.indicator.pk)
        before_version = before.version if before else None
        after = figure_apply(before, entry, period=current.period, by=by)
        figures_changed |= (after.version if after else None) != before_version
    quarter_note_change(current, by=by, figures_changed=figures_changed, commentary=commentary.strip())
    return current


def _check_versions(
    current: QuarterReturn,
    saved: dict[int, IndicatorValue],
    figures: list[FigureEntry],
    *,
    commentary: str,
    version: int | None,
) -> None:
    stale = version != current.version
    changes = []
    if stale and commentary.strip() != current.commentary:
        changes.append(("Commentary for the board", current.commentary, commentary.strip()))
    for entry in figures:
        figure = saved.get(entry.indicator.pk)
        if (figure.version if figure else None) == entry.version:
            continue
        stale = True
        theirs = (
            figure_text(entry.indicator, *(figure.numerator, figure.denominator, figure.value))
            if figure
            else "no figure"
        )
        yours = figure_text(entry.indicator, entry.numerator, entry.denominator, _figure_value(entry))
        changes.append((entry.indicator.title, theirs, yours))
    if stale:
        raise StaleEdit(current=current, changes=changes)


QUARTERS_LOOKED_BACK = 12  # quarter_start looks back at most three years for a quarter with no return


def quarter_next_to_start(*, today=None) -> tuple[int, int] | None:
    """(year_start, quarter) of the latest quarter that has started and has no return yet; never a future one."""
    year_start, quarter = Period.quarter_containing(today or timezone.localdate())
    taken = set(
        QuarterReturn.objects.filter(period__kind=Period.Kind.QUARTER).values_list(
            "period__year_start", "period__quarter"
        )
    )
    for _ in range(QUARTERS_LOOKED_BACK):
        if (year_start, quarter) not in taken:
            return year_start, quarter
        year_start, quarter = (year_start, quarter - 1) if quarter > 1 else (year_start - 1, 4)
    return None


@transaction.atomic
def quarter_start(*, by, today=None) -> QuarterReturn | None:
    """Open a draft return for the latest started quarter that has none. None when every recent one has."""
    found = quarter_next_to_start(today=today)
    if found is None:
        return None
    period = Period.get(Period.Kind.QUARTER, *found)
    quarter_return = QuarterReturn(period=period)
    quarter_return._history_user = by
    quarter_return._change_reason = "Started"
    quarter_return.save()
    return quarter_return


def quarter_missing(quarter_return: QuarterReturn) -> list[Indicator]:
    """Active quarterly indicators with no figure yet for this quarter."""
    have = IndicatorValue.objects.filter(period=quarter_return.period).values("indicator_id")
    return list(
        Indicator.objects.filter(is_active=True, frequency=Indicator.Frequency.QUARTERLY).exclude(pk__in=have)
    )


@transaction.atomic
def quarter_submit(*, quarter_return: QuarterReturn, by, version: int | None = None) -> QuarterReturn:
    """Draft → submitted. Every active quarterly indicator needs a figure first."""
    current = _lock_return(quarter_return)
    if current.status == QuarterReturn.Status.SUBMITTED:
        raise ValidationError(f"{current.period.label} has already been submitted for sign-off.")
    if current.is_locked:
        raise ValidationError(f"{current.period.label} has already been signed off.")
    if version is not None and version != current.version:
        raise ValidationError(STALE_MESSAGE)
    if current.period.end_date >= timezone.localdate():
        raise ValidationError(
            f"{current.period.label} runs until {current.period.end_date:%d/%m/%Y}. You can save figures as a "
            "draft now and submit them once the quarter is over."
        )
    missing = quarter_missing(current)
    if missing:
        names = "; ".join(i.title for i in missing)
        raise ValidationError(
            f"Enter a figure for every indicator before submitting. Still to enter: {names}."
        )
    current.status = QuarterReturn.Status.SUBMITTED
    current.submitted_by = by
    current.submitted_at = timezone.now()
    _save(current, by=by, reason="Submitted for sign-off")
    return current


@transaction.atomic
def quarter_signoff(*, quarter_return: QuarterReturn, by, version: int | None = None) -> QuarterReturn:
    """Submitted → signed off: the quarter is locked and its figures are published."""
    current = _lock_return(quarter_return)
    if current.status == QuarterReturn.Status.DRAFT:
        raise ValidationError(
            f"{current.period.label} has not been submitted yet, so it cannot be signed off."
        )
    if current.is_locked:
        raise ValidationError(f"{current.period.label} has already been signed off.")
    if version is not None and version != current.version:
        raise ValidationError(STALE_MESSAGE)
    if current.submitted_by_id == by.pk and not settings.SIGNOFF_BY_SUBMITTER:
        raise ValidationError(
            f"You submitted {current.period.label}, so another senior officer must sign it off: "
            "a second person checks every quarter's figures."
        )
    for figure in IndicatorValue.objects.select_for_update().filter(period=current.period):
        if figure.status != IndicatorValue.Status.PROVISIONAL:
            continue
        figure.status = IndicatorValue.Status.PUBLISHED
        _save(figure, by=by, reason="Published at sign-off")
    current.status = QuarterReturn.Status.SIGNED_OFF
    current.signed_off_by = by
    current.signed_off_at = timezone.now()
    _save(current, by=by, reason="Signed off")
    return current


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
    current = (
        IndicatorValue.objects.select_for_update()
        .select_related("indicator", "period")
        .get(pk=indicator_value.pk)
    )
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
                    figure_text(current.indicator, numerator, denominator, _figure_value(entry)),
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
    proportion = current.indicator.is_proportion
    current.numerator = numerator if proportion else None
    current.denominator = denominator if proportion else None
    current.value = _figure_value(entry)
    current.status = IndicatorValue.Status.REVISED
    current.source = Source.ENTERED
    current.source_file = None
    current.source_row = None
    current.entered_by = by
    _save(current, by=by, reason=f"Revised: {reason}")
    return current
