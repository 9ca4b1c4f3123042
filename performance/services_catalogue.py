"""Loading the standard indicator catalogue, and saving a year's targets.

`catalogue_load` only ever adds what is missing (matched by slug or code): an officer's edits to an indicator
are never overwritten, so it is safe to run again after a release adds indicators.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from performance import catalogue
from performance.models import Indicator, OutcomeArea, Period, Target

CATALOGUE_REASON = "Loaded from the standard catalogue"


@dataclass
class CatalogueCounts:
    outcome_areas_created: int = 0
    indicators_created: int = 0
    indicators_kept: int = 0  # already there (perhaps edited by an officer): left as they are

    def __str__(self) -> str:
        return (
            f"{self.outcome_areas_created} outcome areas and {self.indicators_created} indicators added; "
            f"{self.indicators_kept} indicators were already there and were left as they are."
        )


def _indicator_from_entry(entry: dict, area: OutcomeArea, order: int) -> Indicator:
    return Indicator(
        code=entry["code"],
        title=entry["title"],
        definition=entry["definition"],
        unit=entry["unit"],
        polarity=entry["polarity"],
        outcome_area=area,
        cohort=entry["cohort"],
        frequency=entry["frequency"],
        source=entry["source"],
        is_proportion=entry["is_proportion"],
        numerator_label=entry["numerator_label"],
        denominator_label=entry["denominator_label"],
        tolerance=Decimal(str(entry["tolerance"])),
        questions="\n".join(entry["questions"]),
        dfe_measure=entry["dfe_measure"] or "",
        order=order,
    )


@transaction.atomic
def catalogue_load(*, by=None) -> CatalogueCounts:
    """Create the five outcome areas and every catalogue indicator that does not exist yet (by code)."""
    counts = CatalogueCounts()
    areas = {area.slug: area for area in OutcomeArea.objects.all()}
    for position, (slug, name) in enumerate(catalogue.OUTCOME_AREAS, start=1):
        if slug not in areas:
            area = OutcomeArea(slug=slug, name=name, order=position)
            area._history_user = by
            area._change_reason = CATALOGUE_REASON
            area.save()
            areas[slug] = area
            counts.outcome_areas_created += 1
    existing = set(Indicator.objects.values_list("code", flat=True))
    for position, entry in enumerate(catalogue.INDICATORS, start=1):
        if entry["code"] in existing:
            counts.indicators_kept += 1
            continue
        indicator = _indicator_from_entry(entry, areas[entry["outcome_area"]], position)
        indicator._history_user = by
        indicator._change_reason = CATALOGUE_REASON
        indicator.save()
        counts.indicators_created += 1
    return counts


# --- Targets for a year


@dataclass
class TargetEntry:
    """What the target form sent for one indicator: the new value (None = no target) and the version the
    person started from (0 = there was no target when the form was shown)."""

    indicator: Indicator
    value: Decimal | None
    version: int


@dataclass
class TargetConflict(Exception):  # noqa: N818 - reads as an event, like StaleEdit
    """Someone else changed some of these targets while the form was open. Nothing was saved."""

    stale: list[tuple[Indicator, Target | None]] = field(default_factory=list)  # (indicator, their target)


@dataclass
class TargetCounts:
    created: int = 0
    updated: int = 0
    removed: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.removed


@transaction.atomic
def targets_save(*, year: int, entries: list[TargetEntry], by) -> TargetCounts:
    """Save a year's targets all together, or none of them if any was changed by someone else meanwhile.

    `year` is the calendar year the period starts in: the financial year starting in April of it, or the
    academic year starting in September of it for indicators reported by academic year."""
    counts = TargetCounts()
    periods = {kind: Period.get(kind, year) for kind in {e.indicator.annual_kind for e in entries}}
    current = {
        t.indicator_id: t
        for t in Target.objects.select_for_update().filter(
            indicator__in=[e.indicator for e in entries], period__in=periods.values()
        )
    }
    stale = []
    for entry in entries:
        target = current.get(entry.indicator.pk)
        if (target.version if target else 0) != entry.version:
            stale.append((entry.indicator, target))
    if stale:
        raise TargetConflict(stale)
    for entry in entries:
        target = current.get(entry.indicator.pk)
        if target is None and entry.value is not None:
            target = Target(
                indicator=entry.indicator, period=periods[entry.indicator.annual_kind], value=entry.value
            )
            target._history_user = by
            target.save()
            counts.created += 1
        elif target is not None and entry.value is None:
            target._history_user = by
            target._change_reason = "Target removed"
            target.delete()
            counts.removed += 1
        elif target is not None and target.value != entry.value:
            target.value = entry.value
            target.version += 1
            target._history_user = by
            target.save()
            counts.updated += 1
    return counts
