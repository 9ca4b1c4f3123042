"""A quarter's return: starting it, saving a draft, submitting for sign-off and signing off (which locks
the quarter). Every write records who acted and why; one figure's own checks and writes are in `figures`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cpboard.core.locking import StaleEdit, lock, save_audited
from performance.models import Indicator, IndicatorValue, Period, QuarterReturn
from performance.services.figures import (
    FigureEntry,
    check_figures,
    figure_apply,
    figure_text,
    figure_value,
)

STARTED = "Started"
DRAFT_SAVED = "Saved as a draft"
BACK_TO_DRAFT = "Changed after it was submitted, so back to draft"
SUBMITTED = "Submitted for sign-off"
PUBLISHED = "Published at sign-off"
SIGNED_OFF = "Signed off"
SENT_BACK = "Sent back to officers"  # the senior officer's own reason is kept in `sent_back_reason`
SEND_BACK_REASON_MAX = 1000


def _check_started(period: Period) -> None:
    if period.is_future:
        raise ValidationError(f"{period.label} has not started yet, so there can be no figures for it.")


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
    if commentary is not None and commentary_changed:
        quarter_return.commentary = commentary
    if quarter_return.is_submitted and (figures_changed or commentary_changed):
        quarter_return.mark_draft()
        save_audited(quarter_return, by=by, reason=BACK_TO_DRAFT, locked=True)
    elif commentary_changed:
        save_audited(quarter_return, by=by, reason=reason or DRAFT_SAVED, locked=True)


@transaction.atomic
def quarter_save_draft(
    *, quarter_return: QuarterReturn, figures: list[FigureEntry], commentary: str, version: int | None, by
) -> QuarterReturn:
    """Save a quarter's figures and commentary as they were typed. Refused as a whole if the quarter is
    signed off, any figure is wrong, or anyone saved the quarter or one of its figures since the form
    was shown (StaleEdit, listing what differs)."""
    current = lock(quarter_return, "period")
    if current.is_locked:
        raise ValidationError(
            f"{current.period.label} has been signed off, so its figures are locked. Use “Revise a figure” to change one."
        )
    _check_started(current.period)
    check_figures(figures)
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
        yours = figure_text(entry.indicator, entry.numerator, entry.denominator, figure_value(entry))
        changes.append((entry.indicator.title, theirs, yours))
    if stale:
        raise StaleEdit(current=current, changes=changes)


def _check_shown_version(current: QuarterReturn, version: int | None) -> None:
    """A change of state (submit, sign off) must name the version the person saw: a page opened before
    someone else saved, or a request with no version at all, changes nothing."""
    if version is None or version != current.version:
        raise StaleEdit(current=current)


QUARTERS_LOOKED_BACK = 12  # quarter_next_to_start looks back at most three years for a quarter with no return


def quarter_next_to_start(*, today=None) -> tuple[int, int] | None:
    """(year_start, quarter) of the latest quarter that has started and has no return yet; never a future one."""
    return _next_to_start(_started_quarters(), today=today)


def _started_quarters() -> set[tuple[int, int]]:
    return set(
        QuarterReturn.objects.filter(period__kind=Period.Kind.QUARTER).values_list(
            "period__year_start", "period__quarter"
        )
    )


def _next_to_start(taken: set[tuple[int, int]], *, today=None) -> tuple[int, int] | None:
    year_start, quarter = Period.quarter_containing(today or timezone.localdate())
    for _ in range(QUARTERS_LOOKED_BACK):
        if (year_start, quarter) not in taken:
            return year_start, quarter
        year_start, quarter = (year_start, quarter - 1) if quarter > 1 else (year_start - 1, 4)
    return None


@transaction.atomic
def quarter_start(*, by, quarter: tuple[int, int], today=None) -> QuarterReturn:
    """Open a draft return for `quarter` (year_start, quarter number): the one the person was offered, so
    that however many people press "start" at once, they all mean the same quarter and its one return.

    If anyone has started it (while the page was open, or a moment ago in a race that save_audited turns
    into the same answer), StaleEdit(created=True) names their return. Refused with ValidationError if it
    is no longer the next quarter to start (a later one has begun, or it has not started yet).

    Both questions are answered from one read of which quarters have returns: two reads could straddle
    another person's commit (not started yet, then no longer the next one) and refuse a person whose
    quarter had simply just been started."""
    taken = _started_quarters()
    if quarter in taken:
        raise StaleEdit(current=_return_for(quarter), created=True)
    if _next_to_start(taken, today=today) != quarter:
        raise ValidationError(
            "The quarter offered to you is no longer the next one to start: check the list."
        )
    period = Period.get(Period.Kind.QUARTER, *quarter)
    return save_audited(QuarterReturn(period=period), by=by, reason=STARTED)


def _return_for(quarter: tuple[int, int]) -> QuarterReturn:
    return QuarterReturn.objects.select_related("period").get(
        period__kind=Period.Kind.QUARTER, period__year_start=quarter[0], period__quarter=quarter[1]
    )


def quarter_missing(quarter_return: QuarterReturn) -> list[Indicator]:
    """Active quarterly indicators with no figure yet for this quarter."""
    have = IndicatorValue.objects.filter(period=quarter_return.period).values("indicator_id")
    return list(Indicator.objects.active().quarterly().exclude(pk__in=have))


@transaction.atomic
def quarter_submit(*, quarter_return: QuarterReturn, by, version: int | None) -> QuarterReturn:
    """Draft → submitted. Every active quarterly indicator needs a figure first. `version` is the
    quarter's version on the page the person pressed the button on: a different one, or none, is refused
    as stale (StaleEdit)."""
    current = lock(quarter_return, "period")
    if current.is_submitted:
        raise ValidationError(f"{current.period.label} has already been submitted for sign-off.")
    if current.is_locked:
        raise ValidationError(f"{current.period.label} has already been signed off.")
    _check_shown_version(current, version)
    if not current.has_ended:
        raise ValidationError(
            f"{current.period.label} runs until {current.period.end_date:%d/%m/%Y}. {current.when_submittable}"
        )
    missing = quarter_missing(current)
    if missing:
        names = "; ".join(i.title for i in missing)
        raise ValidationError(
            f"Enter a figure for every indicator before submitting. Still to enter: {names}."
        )
    current.mark_submitted(by=by)
    return save_audited(current, by=by, reason=SUBMITTED, locked=True)


@dataclass
class Submission:
    """What pressing "Submit for sign-off" did: the figures typed are saved either way; `refused` says why
    the quarter was not submitted (empty when it was)."""

    quarter_return: QuarterReturn
    refused: str = ""


@transaction.atomic
def quarter_save_and_submit(
    *, quarter_return: QuarterReturn, figures: list[FigureEntry], commentary: str, version: int | None, by
) -> Submission:
    """The quarter page's submit button: save what was typed, then submit it, in one transaction holding the
    quarter's lock, so nothing typed is lost and nobody can change the quarter in between.

    A save that is refused (a wrong figure: ValidationError; someone else saved meanwhile: StaleEdit) saves and
    submits nothing. A submission that is refused (the quarter has not ended, a figure is still to enter)
    keeps the save, and `Submission.refused` says why."""
    saved = quarter_save_draft(
        quarter_return=quarter_return, figures=figures, commentary=commentary, version=version, by=by
    )
    try:
        with transaction.atomic():  # a savepoint: a refused submission leaves the save in place
            submitted = quarter_submit(quarter_return=saved, by=by, version=saved.version)
    except ValidationError as refusal:
        return Submission(saved, refused=" ".join(refusal.messages))
    return Submission(submitted)


@transaction.atomic
def quarter_signoff(*, quarter_return: QuarterReturn, by, version: int | None) -> QuarterReturn:
    """Submitted → signed off: the quarter is locked and its figures are published. `version` as for
    `quarter_submit`: a different one, or none, is refused as stale."""
    current = lock(quarter_return, "period")
    if current.status == QuarterReturn.Status.DRAFT:
        raise ValidationError(
            f"{current.period.label} has not been submitted yet, so it cannot be signed off."
        )
    if current.is_locked:
        raise ValidationError(f"{current.period.label} has already been signed off.")
    _check_shown_version(current, version)
    if current.submitted_by_id == by.pk and not settings.SIGNOFF_BY_SUBMITTER:
        raise ValidationError(
            f"You submitted {current.period.label}, so another senior officer must sign it off: "
            "a second person checks every quarter's figures."
        )
    for figure in IndicatorValue.objects.select_for_update().filter(period=current.period):
        if figure.status != IndicatorValue.Status.PROVISIONAL:
            continue
        figure.mark_published()
        save_audited(figure, by=by, reason=PUBLISHED, locked=True)
    current.mark_signed_off(by=by)
    return save_audited(current, by=by, reason=SIGNED_OFF, locked=True)


@transaction.atomic
def quarter_send_back(
    *, quarter_return: QuarterReturn, by, version: int | None, reason: str
) -> QuarterReturn:
    """Submitted → draft, with the senior officer's reason, which officers see on the quarter page until
    they submit again. `version` as for `quarter_signoff`: a different one, or none, is refused as stale."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("Say why you are sending the figures back, so officers know what to check.")
    if len(reason) > SEND_BACK_REASON_MAX:
        raise ValidationError(f"Keep the reason to {SEND_BACK_REASON_MAX:,} characters or fewer.")
    current = lock(quarter_return, "period")
    if current.is_locked:
        raise ValidationError(
            f"{current.period.label} has already been signed off, so it cannot be sent back."
        )
    if not current.is_submitted:
        raise ValidationError(
            f"{current.period.label} is not waiting for sign-off (officers are still working on it), "
            "so there is nothing to send back."
        )
    _check_shown_version(current, version)
    current.mark_sent_back(by=by, reason=reason)
    return save_audited(current, by=by, reason=SENT_BACK, locked=True)
