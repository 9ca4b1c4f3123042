"""Loading the DfE's published figures into comparators and the council's own annual values.

`performance.dfe` reads and checks the files (pure functions); this module maps each figure onto every
catalogue indicator with the same `dfe_measure`:

* England, region and statistical neighbours (median) -> `Comparator` (source "dfe");
* the council's own published figure -> `IndicatorValue` for the year (status "published", source "dfe").

A suppressed cell becomes "not published" with the DfE's reason, never zero. Running it again changes
nothing: each row is compared with what is stored first, and only new or changed rows are saved, so an
unchanged load writes no figure history (each load is recorded once, as a `DfeLoad`).

All or nothing: any damaged file (`dfe.DfeFileError`) or refusal (`DfeLoadRefused`) saves nothing. It refuses

* another council's code than the one the database holds, unless `replace=True`: then the old council's own
  published figures and its regional and statistical-neighbour comparators from the DfE are removed first
  (each removal kept in History; England's figures are the same for every council and are kept);
* files that would give no figure at all to an indicator that had DfE figures (usually a breakdown the DfE
  has renamed), unless `allow_missing=True`: that indicator's earlier figures are then kept as they are.

A comparator an officer entered or imported is never overwritten: when the published figure differs it is
recorded beside it as a `PublishedDifference`, for an officer to accept or keep (services/comparators.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from cpboard.core.locking import create_many_audited, delete_audited, save_audited
from performance import dfe
from performance.models import (
    Comparator,
    DfeLoad,
    Indicator,
    IndicatorValue,
    Period,
    PublishedDifference,
    Source,
)
from performance.reporting.presentation import format_value
from performance.services.comparators import comparator_write

LOAD_REASON = "Loaded from DfE published statistics"
REPLACED = "Removed: the DfE figures of another council replace these"
DIFFERENCE_RECORDED = "DfE published a different figure from the officer's"
DIFFERENCE_RESOLVED = "The DfE's published figure now agrees with the officer's"
_CENT = Decimal("0.01")
_ANNUAL_KINDS = (Period.Kind.FINANCIAL_YEAR, Period.Kind.ACADEMIC_YEAR)
AREA_WORDS = {
    dfe.AREA_LA: "council",
    dfe.AREA_REGION: "region",
    dfe.AREA_ENGLAND: "England",
    dfe.AREA_NEIGHBOURS: "statistical neighbours",
}


class DfeLoadRefused(Exception):
    """The load would mix two councils or silently lose indicators; nothing was saved.

    `needs` says what would let it go ahead: "replace" or "allow_missing"."""

    def __init__(self, message: str, *, needs: str):
        self.message = message
        self.needs = needs
        super().__init__(message)


@dataclass
class IndicatorCoverage:
    """What one indicator received: its years and how many figures for each area."""

    code: str
    title: str
    kind: str
    years: list[int] = field(default_factory=list)
    areas: dict[str, int] = field(default_factory=dict)  # AREA_* -> figures

    @property
    def years_text(self) -> str:
        if not self.years:
            return "no figures"
        first = Period.label_for(self.kind, self.years[0], short=True)
        last = Period.label_for(self.kind, self.years[-1], short=True)
        count = f"{len(self.years)} year{'s' if len(self.years) != 1 else ''}"
        return f"{first} ({count})" if first == last else f"{first} to {last} ({count})"

    @property
    def areas_text(self) -> str:
        return ", ".join(f"{AREA_WORDS[a]} {self.areas[a]}" for a in dfe.AREA_ORDER if a in self.areas)

    def __str__(self) -> str:
        if not self.years:
            return f"{self.code} {self.title}: no figures"
        return f"{self.code} {self.title}: {self.years_text}; {self.areas_text}"


@dataclass
class KeptFigure:
    """An officer's comparator the load did not overwrite, and the DfE's figure beside it."""

    indicator: str
    area: str
    period: str
    officer: str
    published: str
    status: str

    def __str__(self) -> str:
        return (
            f"{self.indicator}, {self.area}, {self.period}: officer's {self.officer}, DfE's {self.published}"
        )


@dataclass
class LoadSummary:
    la_code: str
    la_name: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    not_published: int = 0  # of the rows above, how many the DfE did not publish (suppressed etc.)
    indicators: list[str] = field(default_factory=list)  # codes of the indicators that received figures
    coverage: list[IndicatorCoverage] = field(default_factory=list)  # every indicator mapped to a DfE measure
    files: list[dfe.FileCheck] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # indicators with no figures, and why (loud warnings)
    kept: list[KeptFigure] = field(default_factory=list)  # officers' figures kept beside a different one
    replaced: str = ""  # "North Lincolnshire (813)" when this load replaced another council's figures
    removed: int = 0  # the other council's figures removed by a replace

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def changed_files(self) -> list[dfe.FileCheck]:
        return [f for f in self.files if not f.as_shipped]

    @property
    def pending(self) -> list[KeptFigure]:
        return [k for k in self.kept if k.status == PublishedDifference.Status.PENDING]

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def lines(self) -> list[str]:
        lines = [
            f"DfE figures for {self.la_name} ({self.la_code}) and its comparators, "
            f"{len(self.indicators)} indicators: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged; {self.not_published} of them not published by the DfE."
        ]
        if self.replaced:
            lines.append(
                f"Replaced the DfE figures of {self.replaced}: {self.removed} removed (kept in History)."
            )
        if self.changed_files:
            lines.append(
                f"{len(self.changed_files)} of {len(self.files)} files are not the copies the project ships "
                "(each was checked: complete, every row and figure sound):"
            )
            lines += [
                f"  {f.name}: {f.status} ({f.rows} rows, SHA-256 {f.sha256[:12]}…)"
                for f in self.changed_files
            ]
        else:
            lines.append(
                f"All {len(self.files)} files are the copies the project ships (data/dfe/MANIFEST.json)."
            )
        lines.append("Per indicator (years; figures per area):")
        lines += [f"  {c}" for c in self.coverage]
        for warning in self.missing:
            lines.append(f"WARNING: {warning}")
        if self.kept:
            lines.append(
                f"{len(self.kept)} figures entered by officers differ from the DfE's and were kept "
                f"({len(self.pending)} waiting for an officer to choose, on the Published differences page):"
            )
            lines += [f"  {k}" for k in self.kept]
        return lines


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


def _shown(value: Decimal | None, reason: str, indicator: Indicator) -> str:
    if value is None:
        return f"not published ({reason})"
    return format_value(value, indicator.unit, rounds_to_zero=reason == dfe.ROUNDS_TO_ZERO)


def _check_council(la_code: str, la_name: str, *, replace: bool) -> DfeLoad | None:
    """The load whose council is being replaced, or None. Refuses another council's code without `replace`."""
    current = DfeLoad.current()
    if current is None or current.la_code == la_code:
        return None
    if not replace:
        raise DfeLoadRefused(
            f"This database holds the DfE figures of {current.la_name} ({current.la_code}), loaded on "
            f"{timezone.localtime(current.loaded_at):%d %B %Y}. Loading {la_name} ({la_code}) as well would "
            f"put one council's figures beside the other's. If {la_name} is this council, load again choosing "
            f"to replace (load_dfe --replace): {current.la_name}'s own published figures and its regional and "
            "statistical-neighbour comparators from the DfE are removed (History keeps them). Otherwise ask "
            "your administrator to set CPBOARD_LA_CODE to this council's code.",
            needs="replace",
        )
    return current


def _remove_other_council(by) -> int:
    """Remove the DfE figures that belong to the council being replaced, each with its history."""
    removed = 0
    for difference in PublishedDifference.objects.select_for_update().exclude(
        comparator__area=Comparator.Area.ENGLAND
    ):
        delete_audited(difference, by=by, reason=REPLACED)
        removed += 1
    for comparator in Comparator.objects.select_for_update().filter(
        source=Source.DFE, area__in=[Comparator.Area.REGION, Comparator.Area.STATISTICAL_NEIGHBOURS]
    ):
        delete_audited(comparator, by=by, reason=REPLACED)
        removed += 1
    for value in IndicatorValue.objects.select_for_update().filter(
        source=Source.DFE, period__kind__in=_ANNUAL_KINDS
    ):
        delete_audited(value, by=by, reason=REPLACED)
        removed += 1
    return removed


def _had_dfe_figures(indicators: list[Indicator]) -> set[int]:
    ids = [i.pk for i in indicators]
    return set(
        Comparator.objects.filter(indicator__in=ids, source=Source.DFE).values_list("indicator_id", flat=True)
    ) | set(
        IndicatorValue.objects.filter(indicator__in=ids, source=Source.DFE).values_list(
            "indicator_id", flat=True
        )
    )


@transaction.atomic
def dfe_load(
    *,
    la_code: str,
    data_dir: Path | str,
    by=None,
    replace: bool = False,
    allow_missing: bool = False,
    manifest: dict[str, dict] | None = None,
) -> LoadSummary:
    """Load every published year of every DfE measure used by the catalogue, for one authority.

    Raises KeyError for an authority code the DfE files do not know, dfe.DfeFileError for a missing or
    damaged file, DfeLoadRefused (see the module doc). Nothing is saved unless it returns."""
    la_code = str(la_code).strip()
    data_dir = Path(data_dir)
    indicators: dict[str, list[Indicator]] = {}
    for indicator in Indicator.objects.exclude(dfe_measure="").order_by("pk"):
        if indicator.dfe_measure in dfe.MEASURES:
            indicators.setdefault(indicator.dfe_measure, []).append(indicator)
    reading = dfe.read_dfe(data_dir, la_code, set(indicators), manifest=manifest)
    summary = LoadSummary(la_code=la_code, la_name=reading.la_name, files=reading.files)
    replacing = _check_council(la_code, reading.la_name, replace=replace)
    all_indicators = [i for group in indicators.values() for i in group]
    had = _had_dfe_figures(all_indicators)

    coverage = {
        i.code: IndicatorCoverage(i.code, i.title, i.annual_kind)
        for i in sorted(all_indicators, key=lambda i: i.code)
    }
    years: dict[str, set[int]] = {code: set() for code in coverage}
    for figure in reading.figures:
        for indicator in indicators[figure.measure]:
            years[indicator.code].add(figure.year_start)
            areas = coverage[indicator.code].areas
            areas[figure.area] = areas.get(figure.area, 0) + 1
    for code, c in coverage.items():
        c.years = sorted(years[code])
    summary.coverage = list(coverage.values())
    refused = []
    for indicator in all_indicators:
        if years[indicator.code]:
            continue
        why = reading.unmatched.get(indicator.dfe_measure, "the files hold no figure for it")
        line = f"{indicator.title} ({indicator.code}) received no DfE figures: {why}."
        if indicator.pk in had:
            refused.append(line)
        summary.missing.append(
            line + (" Its earlier figures are kept as they are." if indicator.pk in had else "")
        )
    if refused and not allow_missing:
        raise DfeLoadRefused(
            f"Nothing was loaded: {len(refused)} indicator{'s' if len(refused) != 1 else ''} that had DfE figures "
            f"would receive none from these files. {' '.join(refused)} Check the files (usually the DfE has "
            "renamed a breakdown, or a file is not the one expected). If the DfE has really stopped publishing "
            "them, load again choosing to load anyway (load_dfe --allow-missing): their earlier figures are "
            "kept as they are.",
            needs="allow_missing",
        )

    if replacing is not None:
        summary.replaced = f"{replacing.la_name} ({replacing.la_code})"
        summary.removed = _remove_other_council(by)

    periods: dict[tuple[str, int], Period] = {}
    comparators = {
        (c.indicator_id, c.period_id, c.area): c
        for c in Comparator.objects.select_for_update().filter(indicator__in=all_indicators)
    }
    differences = {
        d.comparator_id: d
        for d in PublishedDifference.objects.select_for_update().filter(
            comparator__indicator__in=all_indicators
        )
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
    area_labels = dict(Comparator.Area.choices)
    received = set()
    for figure in reading.figures:
        key = (figure.period_kind, figure.year_start)
        if key not in periods:
            periods[key] = Period.get(*key)
        period = periods[key]
        wanted = {
            "value": _stored(figure.value),
            # "" for a figure; the DfE's reason when not published; ROUNDS_TO_ZERO beside 0 for its "k"
            "not_published_reason": figure.not_published_reason[:200],
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
                continue
            wanted_row = {
                **wanted,
                "area_name": figure.area_name,
                "neighbours_count": figure.neighbours_count,
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
            elif existing.source != Source.DFE:
                kept = _keep_officers_figure(existing, wanted_row, differences.get(existing.pk), la_code, by)
                if kept is None:
                    summary.unchanged += 1
                else:
                    summary.kept.append(
                        KeptFigure(
                            indicator.title,
                            area_labels[existing.area],
                            period.label,
                            _shown(existing.value, existing.not_published_reason, indicator),
                            _shown(kept.value, kept.not_published_reason, indicator),
                            kept.status,
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
    save_audited(
        DfeLoad(
            la_code=la_code,
            la_name=reading.la_name,
            loaded_by=by,
            replaced_la_code=replacing.la_code if replacing else "",
            files=[
                {"name": f.name, "sha256": f.sha256, "rows": f.rows, "status": f.status}
                for f in reading.files
            ],
            summary=str(summary),
        ),
        by=by,
        reason=LOAD_REASON,
    )
    return summary


def _keep_officers_figure(
    comparator: Comparator, wanted: dict[str, Any], difference: PublishedDifference | None, la_code: str, by
) -> PublishedDifference | None:
    """An officer's comparator stays as it is. Returns the difference recorded beside it, or None when the
    published figure agrees with it (an earlier difference is then resolved)."""
    agrees = (
        comparator.value == wanted["value"]
        and comparator.not_published_reason == wanted["not_published_reason"]
    )
    if agrees:
        if difference is not None:
            delete_audited(difference, by=by, reason=DIFFERENCE_RESOLVED)
        return None
    published = {
        "value": wanted["value"],
        "not_published_reason": wanted["not_published_reason"],
        "source_name": wanted["source_name"],
        "source_row": wanted["source_row"],
        "source_note": wanted["source_note"],
        "la_code": la_code,
    }
    if difference is None:
        return save_audited(
            PublishedDifference(comparator=comparator, **published), by=by, reason=DIFFERENCE_RECORDED
        )
    if (
        difference.value != published["value"]
        or difference.not_published_reason != published["not_published_reason"]
    ):
        difference.status = PublishedDifference.Status.PENDING  # a new published figure: ask again
    elif not _changed(difference, published):
        return difference  # the same published figure as before: the officer's choice stands
    for name, value in published.items():
        setattr(difference, name, value)
    return save_audited(difference, by=by, reason=DIFFERENCE_RECORDED, locked=True)
