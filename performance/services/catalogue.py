"""Loading the standard indicator catalogue, and saving a year's targets.

`catalogue_load` only ever adds what is missing (matched by slug or code): an officer's edits to an indicator
are never overwritten, so it is safe to run again after a release adds indicators.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from cpboard.core.locking import save_audited
from performance.models import Indicator, OutcomeArea
from performance.reference import catalogue

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
            save_audited(area, by=by, reason=CATALOGUE_REASON)
            areas[slug] = area
            counts.outcome_areas_created += 1
    existing = set(Indicator.objects.values_list("code", flat=True))
    for position, entry in enumerate(catalogue.INDICATORS, start=1):
        if entry["code"] in existing:
            counts.indicators_kept += 1
            continue
        indicator = _indicator_from_entry(entry, areas[entry["outcome_area"]], position)
        save_audited(indicator, by=by, reason=CATALOGUE_REASON)
        counts.indicators_created += 1
    return counts
