"""What the board decided, and turning a decision into an action in the action plan."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cpboard.accounts.models import Person
from cpboard.actions import sources
from cpboard.actions.models import Action, ActionSource, Objective
from cpboard.actions.services import plan as plan_service
from cpboard.board.models import Decision
from cpboard.core.locking import StaleEdit, lock, save_audited, save_versioned

RECORDED = "Decision recorded"
CHANGED = "Decision changed"
ACTION_CREATED = "Action added to the plan from a board decision"
LINKED = "Linked to the action it created in the action plan"


def decision_save(form, *, by) -> Decision:
    return save_versioned(form, by=by, reason=CHANGED if form.instance.pk else RECORDED)


@transaction.atomic
def create_action(
    decision: Decision,
    *,
    objective: Objective,
    text: str,
    due_on: dt.date | None,
    owner: Person | None,
    version: int | None,
    by,
) -> Action:
    """Add an action to the plan under `objective` for a decision, link the decision to it, and have the
    action cite the decision as its source. A decision creates one action at most: a second try (two
    clicks, or someone else first) is refused with what happened."""
    current = lock(decision)
    if current.plan_action_id is not None or (version is not None and version != current.version):
        raise StaleEdit(
            current=current,
            changes=[("Action in the plan", str(current.plan_action or "None"), text)],
        )
    if not text.strip():
        raise ValidationError({"text": "Write the action: what will be done."})
    action = save_audited(
        Action(
            objective=objective,
            text=text.strip(),
            timescale=Action.Timescale.DATE if due_on else Action.Timescale.ONGOING,
            due_on=due_on,
            added_on=timezone.localdate(),
            position=objective.actions.count() + 1,
        ),
        by=by,
        reason=ACTION_CREATED,
    )
    if owner is not None:
        plan_service.owners_set(action=action, owners=[owner], by=by)
    if ActionSource.Kind.BOARD_DECISION in sources.SOURCE_MODELS:
        plan_service.source_add(
            action=action, kind=ActionSource.Kind.BOARD_DECISION, pk=current.pk, description="", by=by
        )
    else:
        plan_service.source_add(
            action=action,
            kind=ActionSource.Kind.BOARD_DECISION,
            pk=None,
            description=_described(current),
            by=by,
        )
    current.plan_action = action
    save_audited(current, by=by, reason=LINKED, locked=True)
    return action


def _described(decision: Decision) -> str:
    words = f"{decision.meeting}: {decision}"
    return words if len(words) <= 300 else words[:299] + "…"
