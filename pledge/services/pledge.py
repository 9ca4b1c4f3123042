"""Writing the pledge: start the next version from the current one, keep its promises in order, publish it.

Only a draft can be changed. Publishing makes the draft the current pledge and the version before it
"replaced by a later version", which stays readable for good."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from cpboard.core.locking import StaleEdit, delete_audited, lock, save_audited
from pledge.models import Commitment, PledgeVersion, Promise

if TYPE_CHECKING:
    from cpboard.core.locking import User

DRAFT_STARTED = "Next version of the pledge started"
COPIED = "Copied from the current pledge into the next version"
PUBLISHED = "Published as the current pledge"
SUPERSEDED = "Replaced by a later version of the pledge"
MOVED = "Moved in the pledge's order"
PROMISE_REMOVED = "Promise taken out of the draft pledge"
COMMITMENT_REMOVED = "Commitment taken out of the draft pledge"

FIRST_TITLE = "Our promise to you"


def draft_start(*, by: User) -> PledgeVersion:
    """The draft of the next version: the one already started, or a copy of the current pledge (or an empty
    first version). Two officers starting at once get the same draft."""
    existing = PledgeVersion.objects.filter(status=PledgeVersion.Status.DRAFT).first()
    if existing is not None:
        return existing
    try:
        return _copy_current(by=by)
    except StaleEdit as stale:  # someone else started it a moment ago
        draft = PledgeVersion.objects.filter(status=PledgeVersion.Status.DRAFT).first()
        if draft is None:
            raise stale from None
        return draft


@transaction.atomic
def _copy_current(*, by: User) -> PledgeVersion:
    current = PledgeVersion.objects.current()
    number = (PledgeVersion.objects.aggregate(top=Max("number"))["top"] or 0) + 1
    draft = PledgeVersion(
        number=number,
        title=current.title if current else FIRST_TITLE,
        introduction=current.introduction if current else "",
        review_by=None,
        status=PledgeVersion.Status.DRAFT,
    )
    save_audited(draft, by=by, reason=DRAFT_STARTED)
    if current is None:
        return draft
    for promise in current.promises.prefetch_related("commitments"):
        copy = Promise(
            pledge_version=draft,
            order=promise.order,
            key=promise.key,
            outcome_area_id=promise.outcome_area_id,
            child_text=promise.child_text,
            plain_text=promise.plain_text,
            principles=list(promise.principles),
        )
        save_audited(copy, by=by, reason=COPIED)
        for commitment in promise.commitments.all():
            save_audited(
                Commitment(
                    promise=copy,
                    order=commitment.order,
                    text=commitment.text,
                    kind=commitment.kind,
                    measure=commitment.measure,
                ),
                by=by,
                reason=COPIED,
            )
    return draft


def publish_problems(version: PledgeVersion) -> list[str]:
    """What stops a draft being published, in words an officer can act on (empty when it can be)."""
    promises = list(version.promises.prefetch_related("commitments"))
    if not promises:
        return ["Add at least one promise before publishing the pledge."]
    return [
        f"Add at least one commitment (“This means …”) to the promise “{promise.child_text}”."
        for promise in promises
        if not promise.commitments.all()
    ]


@transaction.atomic
def draft_publish(*, version: PledgeVersion, by: User, shown_version: int | None) -> PledgeVersion:
    """Make the draft the current pledge; the current one becomes an earlier version."""
    draft = lock(version)
    if draft.status != PledgeVersion.Status.DRAFT or shown_version != draft.version:
        raise StaleEdit(current=draft)
    problems = publish_problems(draft)
    if problems:
        raise ValidationError(problems)
    current = PledgeVersion.objects.select_for_update().filter(status=PledgeVersion.Status.PUBLISHED).first()
    if current is not None:
        current.status = PledgeVersion.Status.SUPERSEDED
        save_audited(current, by=by, reason=SUPERSEDED, locked=True)
    draft.status = PledgeVersion.Status.PUBLISHED
    draft.published_on = timezone.localdate()
    save_audited(draft, by=by, reason=PUBLISHED, locked=True)
    return draft


def promise_key(version: PledgeVersion, text: str) -> str:
    """A key for a new promise, from its words, that no other promise of the version has."""
    base = slugify(text)[:50].strip("-") or "promise"
    taken = set(version.promises.values_list("key", flat=True))
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def next_order(queryset) -> int:
    return (queryset.aggregate(top=Max("order"))["top"] or 0) + 1


@transaction.atomic
def move(*, item: Promise | Commitment, siblings, up: bool, by: User) -> bool:
    """Swap `item` with the one before it (up) or after it in `siblings`; False when it is already at the end."""
    ordered = list(siblings.select_for_update().order_by("order", "pk"))
    position = next(i for i, row in enumerate(ordered) if row.pk == item.pk)
    other = position - 1 if up else position + 1
    if not 0 <= other < len(ordered):
        return False
    ordered[position], ordered[other] = ordered[other], ordered[position]
    for order, row in enumerate(ordered, start=1):
        if row.order != order:
            row.order = order
            save_audited(row, by=by, reason=MOVED, locked=True)
    return True


def promise_remove(*, promise: Promise, by: User) -> None:
    if promise.pledge_version.status != PledgeVersion.Status.DRAFT:
        raise ValidationError("Only a promise in the draft can be taken out.")
    if promise.questions.exists():
        raise ValidationError("A survey asks about this promise, so it cannot be taken out.")
    with transaction.atomic():
        for commitment in promise.commitments.all():
            delete_audited(commitment, by=by, reason=COMMITMENT_REMOVED)
        delete_audited(promise, by=by, reason=PROMISE_REMOVED)


def commitment_remove(*, commitment: Commitment, by: User) -> None:
    if commitment.promise.pledge_version.status != PledgeVersion.Status.DRAFT:
        raise ValidationError("Only a commitment in the draft can be taken out.")
    delete_audited(commitment, by=by, reason=COMMITMENT_REMOVED)
