"""Actions arising from visits: recorded by the visitor or an officer, answered by the home's manager,
followed up with dated updates, and raised to the board's action plan with one generic link."""

from __future__ import annotations

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone

from cpboard.accounts.models import User
from cpboard.core.locking import save_audited
from visits.models import Action, ActionUpdate

ADDED = "Action recorded"
CHANGED = "Action changed"
RESPONDED = "The home responded"
UPDATED = "Progress update added"
RAISED = "Raised to the board's action plan"

# The board's action plan, built by its own app: its model, if installed.
PLAN_MODEL = ("actions", "action")


def plan_model():
    try:
        return apps.get_model(*PLAN_MODEL)
    except LookupError:
        return None


def link_to_plan(action: Action, *, plan_id: int, by: User | None) -> Action:
    """Link the action to an item of the board's action plan; refused if that app or item does not exist."""
    model = plan_model()
    if model is None:
        raise ValidationError("The board's action plan is not available yet, so nothing can be raised to it.")
    if not model._default_manager.filter(pk=plan_id).exists():
        raise ValidationError(f"The action plan has no item number {plan_id}. Check the number.")
    action.plan_type = ContentType.objects.get_for_model(model)
    action.plan_id = plan_id
    return save_audited(action, by=by, reason=RAISED)


def respond(action: Action, *, by: User | None) -> Action:
    action.responded_on = timezone.localdate()
    return save_audited(action, by=by, reason=RESPONDED, locked=True)


def add_update(action: Action, *, text: str, by: User | None) -> ActionUpdate:
    update = ActionUpdate(action=action, written_on=timezone.localdate(), text=text, by=by)
    return save_audited(update, by=by, reason=UPDATED)
