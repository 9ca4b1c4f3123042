"""Keeping the plan: themes, objectives, actions with their owners, progress updates and sources."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cpboard.accounts.models import Person
from cpboard.actions import sources
from cpboard.actions.models import Action, ActionOwner, ActionSource, ProgressUpdate
from cpboard.core.locking import StaleEdit, delete_audited, lock, save_audited, save_versioned

ADDED = "Added to the plan"
EDITED = "Edited"
OWNER_ADDED = "Owner added"
OWNER_REMOVED = "Owner removed"
OWNER_MOVED = "Owners reordered"
UPDATE_POSTED = "Progress update posted"
STATUS_CHANGED = "Status changed with a progress update"
SOURCE_ADDED = "Source cited"
SOURCE_REMOVED = "Source removed"

CLOSING_NEEDS_UPDATE: dict[str, str] = {
    Action.Status.COMPLETE: "Say what was achieved before closing the action: a final update is needed.",
    Action.Status.DROPPED: "Say why the action is being dropped: the reason is kept with the plan.",
}


def save_form(form, *, by, reason: str = ""):
    """Save a theme or objective form (new or changed), with the version check."""
    return save_versioned(form, by=by, reason=reason or (EDITED if form.instance.pk else ADDED))


@transaction.atomic
def action_save(*, form, owners: list[Person | str], by) -> Action:
    """Save an action form and make its owners exactly `owners` (people and posts, in order)."""
    adding = form.instance.pk is None
    action = save_versioned(form, by=by, reason=ADDED if adding else EDITED)
    owners_set(action=action, owners=owners, by=by)
    return action


def _owner_key(owner: Person | str) -> tuple[int | None, str]:
    return (owner.pk, "") if isinstance(owner, Person) else (None, owner.strip())


def owners_set(*, action: Action, owners: list[Person | str], by) -> None:
    wanted = [_owner_key(owner) for owner in owners]
    existing = {(o.person_id, o.post): o for o in action.owners.all()}
    for key, owner in existing.items():
        if key not in wanted:
            delete_audited(owner, by=by, reason=OWNER_REMOVED)
    for position, key in enumerate(wanted):
        found = existing.get(key)
        if found is None:
            save_audited(
                ActionOwner(action=action, person_id=key[0], post=key[1], position=position),
                by=by,
                reason=OWNER_ADDED,
            )
        elif found.position != position:
            found.position = position
            save_audited(found, by=by, reason=OWNER_MOVED)


@transaction.atomic
def update_post(
    *, action: Action, by, written_on: dt.date, text: str, status: str, version: int | None
) -> ProgressUpdate:
    """Add a progress update and, if `status` differs from the saved one, change the status.

    The update itself is a new row, so two people posting at once both keep theirs. A status change is
    checked against the version the person's page showed: if someone changed the action meanwhile, nothing
    is saved and StaleEdit says what differs (the page keeps what they typed)."""
    current = lock(action)
    changing = bool(status) and status != current.status
    if changing and (version is None or version != current.version):
        raise StaleEdit(
            current=current,
            changes=[("Status", current.get_status_display(), Action.Status(status).label)],
        )
    if not text.strip():
        message = CLOSING_NEEDS_UPDATE.get(status) if changing else None
        raise ValidationError({"text": message or "Write what has happened since the last update."})
    if written_on > timezone.localdate():
        raise ValidationError(
            {"written_on": "An update cannot be dated in the future. Use today's date or earlier."}
        )
    update = save_audited(
        ProgressUpdate(
            action=current,
            written_on=written_on,
            text=text.strip(),
            status=status if changing else "",
            author=by,
        ),
        by=by,
        reason=UPDATE_POSTED,
    )
    if changing:
        current.status = status
        if status in Action.CLOSED:
            current.closed_on = written_on
            current.dropped_reason = text.strip() if status == Action.Status.DROPPED else ""
        else:
            current.closed_on = None
            current.dropped_reason = ""
        save_audited(current, by=by, reason=STATUS_CHANGED, locked=True)
    return update


def source_add(*, action: Action, kind: str, pk: int | None, description: str, by) -> ActionSource:
    """Cite where an action came from: a record (`kind` and `pk`) or, for other kinds, words."""
    if kind in sources.SOURCE_MODELS and (pk or kind not in sources.DESCRIBED_KINDS):
        record = sources.find_record(kind, pk, by) if pk else None
        if record is None:
            raise ValidationError({"record": "Choose a record from the list."})
        source = ActionSource(
            action=action,
            kind=kind,
            source_type=sources.content_type_for(kind),
            source_id=record.pk,
            description=description.strip(),
        )
    elif kind in sources.DESCRIBED_KINDS:
        if not description.strip():
            raise ValidationError(
                {"description": "Say which one, for example Ofsted inspection, March 2016."}
            )
        source = ActionSource(action=action, kind=kind, description=description.strip())
    else:
        raise ValidationError({"kind": "Choose what kind of source it is."})
    try:
        return save_audited(source, by=by, reason=SOURCE_ADDED)
    except StaleEdit:
        raise ValidationError({"record": "The action already cites that record."}) from None


def source_remove(*, source: ActionSource, by) -> None:
    delete_audited(source, by=by, reason=SOURCE_REMOVED)
