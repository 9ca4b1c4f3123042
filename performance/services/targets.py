"""Saving a year's targets together."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from performance.models import Indicator, Period, Target

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
