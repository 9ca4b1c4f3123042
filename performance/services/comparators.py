"""Every write of a comparator (England, statistical neighbours' median, region) goes through here: an
officer's own entry of a year's figures, the DfE loader and the targets-and-comparators import."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction

from cpboard.core.locking import StaleEdit, delete_audited, lock, save_audited
from performance.models import Comparator, Indicator, Period, PublishedDifference, Source
from performance.reference.dfe_measures import ROUNDS_TO_ZERO
from performance.reporting.presentation import format_value

if TYPE_CHECKING:
    from cpboard.core.locking import User  # who acts: request.user of a signed-in person

ENTERED = "Entered by an officer"
REMOVED = "Comparator removed"
ACCEPTED = "Published DfE figure accepted by an officer"
KEPT = "Officer's figure kept over the DfE's published figure"
ACCEPT, KEEP = "accept", "keep"


@dataclass
class ComparatorEntry:
    area: str
    value: Decimal | None
    version: int  # 0 when there was no comparator when the form was shown


def comparator_write(comparator: Comparator, *, by: User | None, reason: str, **fields: Any) -> Comparator:
    """Set `fields` (value, source, source_file, source_name, source_row, source_note, not_published_reason,
    entered_by) on one comparator and save it with its history. `comparator` is the caller's locked copy,
    or a new unsaved one; a comparator someone created meanwhile raises StaleEdit(created=True)."""
    for name, value in fields.items():
        setattr(comparator, name, value)
    return save_audited(comparator, by=by, reason=reason, locked=True)


def _shown(comparator: Comparator | None) -> str:
    if comparator is None:
        return "no figure"
    return format_value(comparator.value, comparator.indicator.unit, rounds_to_zero=comparator.rounds_to_zero)


@transaction.atomic
def comparators_save(
    *, indicator: Indicator, period: Period, entries: list[ComparatorEntry], by: User
) -> int:
    """Save the year's comparators together, or none if any changed since the form was shown.
    Returns how many changed. A cleared box removes that comparator (the removal stays in History)."""
    current = {
        c.area: c for c in Comparator.objects.select_for_update().filter(indicator=indicator, period=period)
    }
    stale = [e for e in entries if (current[e.area].version if e.area in current else 0) != e.version]
    if stale:
        labels = dict(Comparator.Area.choices)
        raise StaleEdit(
            changes=[
                (labels[e.area], _shown(current.get(e.area)), format_value(e.value, indicator.unit))
                for e in stale
            ],
            stale=[e.area for e in stale],
        )
    changed = 0
    for entry in entries:
        comparator = current.get(entry.area)
        if comparator is not None and entry.value is None:
            difference = PublishedDifference.objects.filter(comparator=comparator).first()
            if difference is not None:
                delete_audited(difference, by=by, reason=REMOVED)
            delete_audited(comparator, by=by, reason=REMOVED)
        elif entry.value is not None and (comparator is None or comparator.value != entry.value):
            comparator_write(
                comparator or Comparator(indicator=indicator, period=period, area=entry.area),
                by=by,
                reason=ENTERED,
                value=entry.value,
                not_published_reason="",
                neighbours_count=None,  # an officer's median: how many neighbours it took is not known
                source=Source.ENTERED,
                source_file=None,
                source_name="",
                source_row=None,
                source_note="",
                entered_by=by,
            )
        else:
            continue
        changed += 1
    return changed


@transaction.atomic
def published_difference_decide(
    difference: PublishedDifference, *, choice: str, version: int, by: User
) -> str:
    """An officer chooses between their figure and the DfE's published one beside it. ACCEPT: the comparator
    takes the published figure (source DfE) and the difference is closed; KEEP: the officer's figure stays and
    later loads do not ask again until the DfE publishes a different figure. Both are kept in History.
    Returns the message to show. StaleEdit if the difference changed since the page was shown."""
    current = lock(difference)
    if current.version != version:
        raise StaleEdit(current=current, changes=[("Published figure", _difference_shown(current), "")])
    comparator = lock(current.comparator, "indicator", "period")
    what = f"{comparator.indicator.title}, {comparator.get_area_display()}, {comparator.period.label}"
    if choice == ACCEPT:
        comparator_write(
            comparator,
            by=by,
            reason=ACCEPTED,
            value=current.value,
            not_published_reason=current.not_published_reason,
            source=Source.DFE,
            source_file=None,
            source_name=current.source_name,
            source_row=current.source_row,
            source_note=current.source_note,
            entered_by=by,
        )
        delete_audited(current, by=by, reason=ACCEPTED)
        return f"{what}: the DfE's published figure ({_difference_shown(current)}) is now used."
    if choice == KEEP:
        current.mark_kept()
        save_audited(current, by=by, reason=KEPT, locked=True)
        return f"{what}: your figure ({_shown(comparator)}) is kept."
    raise ValueError(f"Unknown choice {choice!r}")


def _difference_shown(difference: PublishedDifference) -> str:
    if difference.value is None:
        return f"not published: {difference.not_published_reason}"
    return format_value(
        difference.value,
        difference.comparator.indicator.unit,
        rounds_to_zero=difference.not_published_reason == ROUNDS_TO_ZERO,
    )
