"""Saving a year's targets together, or none of them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction

from cpboard.core.locking import StaleEdit, delete_audited, save_audited
from performance.models import Indicator, Period, Target
from performance.reporting.presentation import format_value

if TYPE_CHECKING:
    from cpboard.core.locking import User  # who acts: request.user of a signed-in person

SET = "Target set"
CHANGED = "Target changed"
REMOVED = "Target removed"


@dataclass
class TargetEntry:
    """What the target form sent for one indicator: the new value (None = no target) and the version the
    person started from (0 = there was no target when the form was shown)."""

    indicator: Indicator
    value: Decimal | None
    version: int


@dataclass
class TargetCounts:
    created: int = 0
    updated: int = 0
    removed: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.removed


def _shown(indicator: Indicator, target: Target | None) -> str:
    return format_value(target.value, indicator.unit) if target else "no target"


@transaction.atomic
def targets_save(*, year: int, entries: list[TargetEntry], by: User) -> TargetCounts:
    """Save a year's targets all together, or none of them if any was changed by someone else meanwhile
    (StaleEdit listing each one).

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
    stale = [e for e in entries if (t.version if (t := current.get(e.indicator.pk)) else 0) != e.version]
    if stale:
        raise StaleEdit(
            changes=[
                (
                    e.indicator.title,
                    _shown(e.indicator, current.get(e.indicator.pk)),
                    format_value(e.value, e.indicator.unit),
                )
                for e in stale
            ],
            stale=[e.indicator for e in stale],
        )
    for entry in entries:
        target = current.get(entry.indicator.pk)
        if target is None and entry.value is not None:
            target = Target(
                indicator=entry.indicator, period=periods[entry.indicator.annual_kind], value=entry.value
            )
            save_audited(target, by=by, reason=SET)
            counts.created += 1
        elif target is not None and entry.value is None:
            delete_audited(target, by=by, reason=REMOVED)
            counts.removed += 1
        elif target is not None and entry.value is not None and target.value != entry.value:
            target.value = entry.value
            save_audited(target, by=by, reason=CHANGED, locked=True)
            counts.updated += 1
    return counts
