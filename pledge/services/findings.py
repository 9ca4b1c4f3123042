"""'You said, we did': what the board did about a survey's findings, and the record each one is linked to.

A finding may point at one record of another app (today an indicator the board watches; an action in the
action plan once that app exists) through a generic link, so adding the action plan needs no change here.
Only the kinds of record in LINKABLE can be linked, and only to a record that exists."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models

from pledge.models import Finding

# "app_label.model_name", in the order offered; kinds whose app is not installed are left out.
LINKABLE = ("actions.action", "performance.indicator")
ADDED = "Finding added"
CHANGED = "Finding changed"


@dataclass(frozen=True)
class LinkKind:
    label: str  # "app.model"
    model: type[models.Model]

    @property
    def name(self) -> str:
        return str(self.model._meta.verbose_name).capitalize()


def link_kinds() -> list[LinkKind]:
    kinds = []
    for label in LINKABLE:
        try:
            kinds.append(LinkKind(label, apps.get_model(label)))
        except LookupError:
            continue
    return kinds


def link_value(obj: models.Model) -> str:
    """How a form names a linked record: "performance.indicator:12"."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def link_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The records a finding can be linked to, grouped by kind, for a select."""
    return [
        (kind.name + "s", [(link_value(obj), str(obj)) for obj in kind.model._default_manager.all()[:500]])
        for kind in link_kinds()
    ]


def link_target(value: str) -> models.Model | None:
    """The record a form's link value names, or ValidationError saying what is wrong with it."""
    if not value:
        return None
    label, _, pk = value.partition(":")
    kind = next((k for k in link_kinds() if k.label == label), None)
    if kind is None:
        raise ValidationError("Choose a kind of record a finding can be linked to.")
    if not pk.isdigit():
        raise ValidationError("Choose the record to link this finding to from the list.")
    target = kind.model._default_manager.filter(pk=int(pk)).first()
    if target is None:
        raise ValidationError("That record no longer exists: choose another, or leave the link empty.")
    return target


def link_set(finding: Finding, target: models.Model | None) -> None:
    if target is None:
        finding.action_type, finding.action_id = None, None
    else:
        finding.action_type = ContentType.objects.get_for_model(target)
        finding.action_id = target.pk


def linked(finding: Finding) -> models.Model | None:
    """The linked record, if it is of a kind that can be linked and still exists."""
    if finding.action_type is None or finding.action_id is None:
        return None
    model = finding.action_type.model_class()
    if model is None or model._meta.label_lower not in LINKABLE:
        return None
    return model._default_manager.filter(pk=finding.action_id).first()
