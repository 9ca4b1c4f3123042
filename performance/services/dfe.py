"""Loading the DfE's published figures into comparators and the council's own annual values.

`performance.dfe` reads the files (pure functions); this module maps each figure onto every catalogue
indicator with the same `dfe_measure`:

* England, region and statistical neighbours (median) -> `Comparator` (source "dfe");
* the council's own published figure -> `IndicatorValue` for the year (status "published", source "dfe").

A suppressed cell becomes "not published" with the DfE's reason, never zero. Running it again changes
nothing: each row is compared with what is stored first, and only new or changed rows are saved, so an
unchanged load writes no history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from cpboard.core.locking import create_many_audited, save_audited
from performance import dfe
from performance.models import Comparator, Indicator, IndicatorValue, Period, Source
from performance.services.comparators import comparator_write

LOAD_REASON = "Loaded from DfE published statistics"
_CENT = Decimal("0.01")
_ANNUAL_KINDS = (Period.Kind.FINANCIAL_YEAR, Period.Kind.ACADEMIC_YEAR)


@dataclass
class LoadSummary:
    la_code: str
    la_name: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    not_published: int = 0  # of the rows above, how many the DfE did not publish (suppressed etc.)
    indicators: list[str] = field(default_factory=list)  # codes of the indicators that received figures

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def __str__(self) -> str:
        return (
            f"DfE figures for {self.la_name} ({self.la_code}) and its comparators, "
            f"{len(self.indicators)} indicators: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged; {self.not_published} of them not published by the DfE."
        )


def _stored(value: Decimal | None) -> Decimal | None:
    """The value as the database keeps it (two decimal places), so a second load compares equal."""
    return None if value is None else value.quantize(_CENT, rounding=ROUND_HALF_UP)


def _source_note(figure: dfe.DfeFigure) -> str:
    where = f"{figure.source_file}, line {figure.source_row}" if figure.source_row else figure.source_file
    note = f"DfE published statistics ({figure.period_label}): {where}"
    if figure.source_note:
        note = f"{note}. {figure.source_note}"
    return note


def _changed(obj, wanted: dict) -> bool:
    return any(getattr(obj, name) != value for name, value in wanted.items())


@transaction.atomic
def dfe_load(*, la_code: str, data_dir: Path | str, by=None) -> LoadSummary:
    """Load every published year of every DfE measure used by the catalogue, for one authority.

    Raises KeyError for an authority code the DfE files do not know."""
    la_code = str(la_code).strip()
    summary = LoadSummary(la_code=la_code, la_name=dfe.la_name(Path(data_dir), la_code))
    indicators: dict[str, list[Indicator]] = {}
    for indicator in Indicator.objects.exclude(dfe_measure="").order_by("pk"):
        if indicator.dfe_measure in dfe.MEASURES:
            indicators.setdefault(indicator.dfe_measure, []).append(indicator)
    if not indicators:
        return summary
    figures = dfe.load_dfe_figures(Path(data_dir), la_code, measures=set(indicators))
    all_indicators = [i for group in indicators.values() for i in group]

    periods: dict[tuple[str, int], Period] = {}
    comparators = {
        (c.indicator_id, c.period_id, c.area): c
        for c in Comparator.objects.select_for_update().filter(indicator__in=all_indicators)
    }
    values = {
        (v.indicator_id, v.period_id): v
        for v in IndicatorValue.objects.select_for_update().filter(
            indicator__in=all_indicators, period__kind__in=_ANNUAL_KINDS
        )
    }
    new_comparators: list[Comparator] = []
    new_values: list[IndicatorValue] = []
    changed: list[tuple[IndicatorValue | Comparator, dict[str, Any]]] = []
    received = set()
    for figure in figures:
        key = (figure.period_kind, figure.year_start)
        if key not in periods:
            periods[key] = Period.get(*key)
        period = periods[key]
        wanted = {
            "value": _stored(figure.value),
            "not_published_reason": "" if figure.value is not None else figure.not_published_reason[:200],
            "source": Source.DFE,
        }
        for indicator in indicators[figure.measure]:
            received.add(indicator.code)
            if figure.value is None:
                summary.not_published += 1
            if figure.area == dfe.AREA_LA:
                wanted_row = {
                    **wanted,
                    "status": IndicatorValue.Status.PUBLISHED,
                    "source_row": figure.source_row or None,
                    "source_note": _source_note(figure)[:500],
                }
                existing: IndicatorValue | Comparator | None = values.get((indicator.pk, period.pk))
                if existing is None:
                    new_values.append(
                        IndicatorValue(indicator=indicator, period=period, entered_by=by, **wanted_row)
                    )
                elif _changed(existing, wanted_row):
                    changed.append((existing, wanted_row))
                else:
                    summary.unchanged += 1
            else:
                wanted_row = {
                    **wanted,
                    "source_name": figure.source_file,
                    "source_row": figure.source_row or None,
                    "source_note": _source_note(figure)[:1000],
                }
                existing = comparators.get((indicator.pk, period.pk, figure.area))
                if existing is None:
                    new_comparators.append(
                        Comparator(
                            indicator=indicator, period=period, area=figure.area, entered_by=by, **wanted_row
                        )
                    )
                elif _changed(existing, wanted_row):
                    changed.append((existing, wanted_row))
                else:
                    summary.unchanged += 1

    create_many_audited(Comparator, new_comparators, by=by, reason=LOAD_REASON)
    summary.created += len(new_comparators)
    create_many_audited(IndicatorValue, new_values, by=by, reason=LOAD_REASON)
    summary.created += len(new_values)
    for obj, wanted_row in changed:
        if isinstance(obj, Comparator):
            comparator_write(obj, by=by, reason=LOAD_REASON, **wanted_row)
        else:
            for name, value in wanted_row.items():
                setattr(obj, name, value)
            save_audited(obj, by=by, reason=LOAD_REASON, locked=True)
        summary.updated += 1
    summary.indicators = sorted(received)
    return summary
