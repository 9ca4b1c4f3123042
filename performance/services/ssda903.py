"""A quarter's figures computed from the council's own SSDA903 extract, through the normal quarter workflow.

read (in memory) → data-quality checks → if any blocking problem: report it and store nothing → otherwise
compute the figures (`performance.ssda903.indicators`), drop the child-level rows, and in one transaction
store only aggregates: the import (files' names and SHA-256, the checks' counts) and its figures, which land
as the quarter's draft figures where no officer typed one, beside the typed ones otherwise (differences are
flagged, never overwritten). A submitted or signed-off quarter is never changed: its computed figures are
kept aside for comparison.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cpboard.core.locking import StaleEdit, create_many_audited, lock, save_audited
from performance.models import (
    ComputedFigure,
    Indicator,
    IndicatorValue,
    Period,
    QuarterReturn,
    ReturnImport,
    Source,
)
from performance.services.figures import figure_text, value_derive
from performance.services.quarters import STARTED
from performance.ssda903 import layouts
from performance.ssda903.indicators import Method
from performance.ssda903.quality import Report, check_return
from performance.ssda903.read import ReadResult, read_return

IMPORTED = "Computed from an SSDA903 extract"
FIGURE_COMPUTED = "Computed from the SSDA903 extract of {date}"
STARTED_BY_IMPORT = STARTED + " (by an SSDA903 import)"
NO_FIGURE = "No children were in the group on this date, so the extract gives no figure"


@dataclass(frozen=True)
class Calculations:
    """The indicator calculations: `compute(ret, as_at=...)`, which catalogue indicator each figure is, and
    each figure's method (title, rule in plain words, source publication, chosen rules)."""

    compute: Callable[..., dict[str, Any]]
    catalogue_keys: dict[str, str]
    methods: dict[str, Method]


def default_calculations() -> Calculations:
    from performance.ssda903 import indicators

    return Calculations(indicators.compute, indicators.CATALOGUE_KEYS, indicators.METHODS)


def collection_year_of(day: dt.date) -> int:
    """The collection year (named by the year it ends) that `day` falls in: 1 April to 31 March."""
    return day.year + 1 if day.month >= 4 else day.year


@dataclass
class Outcome:
    """What one upload gave: the report (with the child references, for this response only) and, when
    there was no blocking problem, the stored import."""

    read: ReadResult
    report: Report
    record: ReturnImport | None = None
    figures: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.record is not None


def check_as_at(as_at: dt.date, *, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    if as_at > today:
        raise ValidationError({"as_at": "The extract date must be today or in the past."})
    first = dt.date(layouts.FIRST_YEAR - 1, 4, 1)
    if as_at < first:
        raise ValidationError(
            {
                "as_at": f"The earliest collection year cpboard reads is {layouts.year_label(layouts.FIRST_YEAR)}: "
                f"enter a date from {first:%d/%m/%Y}, for example 14/07/2026."
            }
        )


def import_extract(
    *,
    uploads: list[tuple[str, bytes]],
    as_at: dt.date,
    by,
    calculations: Calculations | None = None,
    fake: bool = False,
    today: dt.date | None = None,
    population: int | None = None,
) -> Outcome:
    """Read, check and (when nothing blocks) compute and store one extract's figures. See the module.

    `population` (the children aged 0 to 17 living in the area, which the officer may give) is what the
    rates per 10,000 children are worked out from; without it there are no rates. It is an aggregate, and
    is stored with the import as part of the figures' provenance."""
    check_as_at(as_at, today=today)
    year = collection_year_of(as_at)
    result = read_return(uploads, year=year)
    report = check_return(result.ret, as_at=as_at, report=result.report)
    outcome = Outcome(read=result, report=report)
    if not report.ok:
        result.ret.tables.clear()
        return outcome
    calc = calculations or default_calculations()
    given = {"population": population} if population is not None else {}
    figures = calc.compute(result.ret, as_at=as_at, **given)
    result.ret.tables.clear()  # the child-level rows are not needed again
    _check_population(population, figures, as_at=as_at)
    outcome.figures = figures
    outcome.record = _store(
        result, report, figures, calc, as_at=as_at, year=year, by=by, fake=fake, population=population
    )
    return outcome


def _check_population(population: int | None, figures: dict[str, Any], *, as_at: dt.date) -> None:
    """A population smaller than the number of children looked after cannot be the area's children aged 0
    to 17 (a figure for one ward, or a typing slip): refused next to the field, nothing stored."""
    looked_after = getattr(figures.get("children_looked_after"), "value", None)
    if population is not None and looked_after is not None and population < looked_after:
        raise ValidationError(
            {
                "population": f"The extract has {looked_after:,} children looked after on {as_at:%d/%m/%Y}, "
                f"more than the {population:,} children aged 0 to 17 entered. Enter the population of the "
                "whole council area."
            }
        )


def _decimal(number) -> Decimal | None:
    return None if number is None else Decimal(str(number))


@transaction.atomic
def _store(
    result, report, figures, calc: Calculations, *, as_at, year, by, fake, population=None
) -> ReturnImport:
    period = Period.get(Period.Kind.QUARTER, *Period.quarter_containing(as_at))
    quarter_return = lock(_quarter_return(period, by=by))
    applied = quarter_return.status == QuarterReturn.Status.DRAFT
    record = save_audited(
        ReturnImport(
            collection_year=year,
            as_at=as_at,
            period=period,
            files=[
                {"name": f.name, "sha256": f.sha256, "size": f.size, "table": f.table} for f in result.files
            ],
            quality=report.counts(),
            population=population,
            status=ReturnImport.Status.APPLIED if applied else ReturnImport.Status.KEPT_ASIDE,
            is_fake_data=fake,
            imported_by=by,
        ),
        by=by,
        reason=IMPORTED,
    )
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=set(calc.catalogue_keys.values()))}
    rows = []
    for key, figure in sorted(figures.items()):
        rows.append(
            ComputedFigure(
                source=record,
                key=key,
                indicator=indicators.get(calc.catalogue_keys.get(key, "")),
                period=period,
                numerator=_decimal(getattr(figure, "numerator", None)),
                denominator=_decimal(getattr(figure, "denominator", None)),
                value=_decimal(getattr(figure, "value", None)),
                unit=str(getattr(figure, "unit", "") or "")[:20],
                note=str(getattr(figure, "note", "") or "")[:500],
            )
        )
    create_many_audited(ComputedFigure, rows, by=by, reason=IMPORTED)
    if applied:
        _land(record, rows, by=by)
    return record


def _quarter_return(period: Period, *, by) -> QuarterReturn:
    """The quarter's return, started by this import if no one has started it. Someone starting the quarter
    (or importing into it) at the same moment wins the one-return-per-quarter rule: save_audited then names
    their return, and this import goes into it, as if it had come a moment later."""
    quarter_return = QuarterReturn.objects.filter(period=period).first()
    if quarter_return is not None:
        return quarter_return
    try:
        return save_audited(QuarterReturn(period=period), by=by, reason=STARTED_BY_IMPORT)
    except StaleEdit as started:
        if not isinstance(started.current, QuarterReturn):
            raise
        return started.current


def _lands(indicator: Indicator | None) -> bool:
    return (
        indicator is not None and indicator.is_active and indicator.frequency == Indicator.Frequency.QUARTERLY
    )


def _numbers(figure: ComputedFigure) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    indicator = figure.indicator
    assert indicator is not None
    if indicator.is_proportion:
        return figure.numerator, figure.denominator, value_derive(figure.numerator, figure.denominator)
    return None, None, figure.value


def _land(record: ReturnImport, computed: list[ComputedFigure], *, by) -> None:
    """Each computed figure becomes the quarter's draft figure, unless an officer typed (or imported) one:
    that one stays, and the difference is shown (`differences`)."""
    saved = {
        v.indicator_id: v for v in IndicatorValue.objects.select_for_update().filter(period=record.period)
    }
    reason = FIGURE_COMPUTED.format(date=f"{record.as_at:%d/%m/%Y}")
    for figure in computed:
        if not _lands(figure.indicator):
            continue
        assert figure.indicator is not None
        current = saved.get(figure.indicator.pk)
        if current is not None and current.source != Source.SSDA903:
            continue
        value = current or IndicatorValue(indicator=figure.indicator, period=record.period)
        numerator, denominator, number = _numbers(figure)
        if number is None:  # no one in the group on the date: a figure with a reason, not 0 of 0
            numerator = denominator = None
        value.set_figure(numerator=numerator, denominator=denominator, value=number)
        value.not_published_reason = "" if number is not None else NO_FIGURE
        value.status = IndicatorValue.Status.PROVISIONAL
        value.source = Source.SSDA903
        value.source_file = None
        value.source_row = None
        value.source_note = record.short_provenance
        value.computed_from = record
        value.computed_key = figure.key
        value.entered_by = by
        save_audited(value, by=by, reason=reason, locked=current is not None)


@dataclass(frozen=True)
class Line:
    """One row of the computed-figures table: the computed figure, the quarter's saved figure beside it,
    and the same figure from the previous extract for this quarter."""

    figure: ComputedFigure
    title: str  # the catalogue indicator's title, or the method's for a figure the catalogue does not have
    computed_text: str
    saved: IndicatorValue | None
    saved_text: str
    previous_text: str
    lands: bool

    @property
    def typed(self) -> bool:
        return self.saved is not None and self.saved.source != Source.SSDA903

    @property
    def differs(self) -> bool:
        """A typed figure that is not the computed one: flagged for the officer to look at. No figure typed
        and no one to count in the extract agree."""
        saved = self.saved
        if saved is None or not self.typed:
            return False
        if self.figure.value is None:
            return not (saved.value is None and saved.numerator is None)
        return self.saved_text != self.computed_text

    @property
    def changed(self) -> bool:
        """The figure moved since the previous extract."""
        return bool(self.previous_text) and self.previous_text != self.computed_text


NO_ONE = "No figure: no one in the group on the date"


def _number(number: Decimal) -> str:
    return f"{number.normalize():,f}"


def _text(figure: ComputedFigure) -> str:
    if figure.value is None:  # no one to count: what lands in the quarter is no figure, with that reason
        return NO_ONE
    if figure.indicator is None:
        if figure.unit == "rate_per_10k" and figure.numerator is not None and figure.denominator is not None:
            return (
                f"{_number(figure.value)} per 10,000 ({_number(figure.numerator)} of "
                f"{_number(figure.denominator)} children aged 0 to 17)"
            )
        if figure.numerator is not None and figure.denominator is not None:
            return f"{_number(figure.numerator)} of {_number(figure.denominator)}"
        return _number(figure.value)
    numerator, denominator, value = _numbers(figure)
    return figure_text(figure.indicator, numerator, denominator, value)


def previous_import(record: ReturnImport) -> ReturnImport | None:
    return (
        ReturnImport.objects.filter(period=record.period, imported_at__lt=record.imported_at)
        .exclude(pk=record.pk)
        .order_by("-imported_at", "-pk")
        .first()
    )


def lines(record: ReturnImport) -> list[Line]:
    figures = list(record.figures.select_related("indicator").order_by("indicator__order", "key"))
    saved = {
        v.indicator_id: v
        for v in IndicatorValue.objects.filter(period=record.period).select_related("indicator")
    }
    before = previous_import(record)
    previous = {f.key: f for f in before.figures.select_related("indicator")} if before else {}
    out = []
    for figure in figures:
        current = saved.get(figure.indicator_id) if figure.indicator_id else None
        out.append(
            Line(
                figure=figure,
                title=figure.indicator.title if figure.indicator else _title(figure.key),
                computed_text=_text(figure),
                saved=current,
                saved_text=(
                    figure_text(current.indicator, current.numerator, current.denominator, current.value)
                    if current is not None
                    else ""
                ),
                previous_text=_text(previous[figure.key]) if figure.key in previous else "",
                lands=_lands(figure.indicator),
            )
        )
    return out


def _title(key: str) -> str:
    method = method_for(key)
    return method.title if method is not None else key


def latest_for(period: Period) -> ReturnImport | None:
    return ReturnImport.objects.filter(period=period).order_by("-imported_at", "-pk").first()


def method_for(key: str, calculations: Calculations | None = None) -> Method | None:
    """The method (title, rule, source, chosen rules: indicators.METHODS) behind a figure computed from an
    extract, for the explain-this-number page."""
    return (calculations or default_calculations()).methods.get(key)
