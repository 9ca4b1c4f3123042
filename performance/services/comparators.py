"""Officers' own entry of a year's comparators for one indicator (England, neighbours' median, region)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from performance.models import Comparator, Indicator, Period, Source


@dataclass
class ComparatorEntry:
    area: str
    value: Decimal | None
    version: int  # 0 when there was no comparator when the form was shown


class ComparatorConflict(Exception):  # noqa: N818 - an event, like Django's DoesNotExist
    def __init__(self, stale: list[tuple[str, Comparator | None]]):
        super().__init__("Comparators changed meanwhile")
        self.stale = stale


@transaction.atomic
def comparators_save(*, indicator: Indicator, period: Period, entries: list[ComparatorEntry], by) -> int:
    """Save the year's comparators together, or none if any changed since the form was shown.
    Returns how many changed. A cleared box removes that comparator (the removal stays in History)."""
    current = {
        c.area: c for c in Comparator.objects.select_for_update().filter(indicator=indicator, period=period)
    }
    stale = [
        (e.area, current.get(e.area))
        for e in entries
        if (current[e.area].version if e.area in current else 0) != e.version
    ]
    if stale:
        raise ComparatorConflict(stale)
    changed = 0
    for entry in entries:
        comparator = current.get(entry.area)
        if comparator is None and entry.value is not None:
            comparator = Comparator(
                indicator=indicator,
                period=period,
                area=entry.area,
                value=entry.value,
                source=Source.ENTERED,
                entered_by=by,
            )
        elif comparator is not None and entry.value is None:
            comparator._history_user = by
            comparator._change_reason = "Comparator removed"
            comparator.delete()
            changed += 1
            continue
        elif comparator is not None and comparator.value != entry.value:
            comparator.value = entry.value
            comparator.not_published_reason = ""
            comparator.source, comparator.source_file, comparator.source_name = Source.ENTERED, None, ""
            comparator.source_row, comparator.source_note = None, ""
            comparator.entered_by = by
            comparator.version += 1
        else:
            continue
        comparator._history_user = by
        comparator._change_reason = "Entered by an officer"
        comparator.save()
        changed += 1
    return changed
