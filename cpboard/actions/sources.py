"""The kinds of record an action can cite as its source, through ActionSource's generic link.

A kind names a model as "app_label.ModelName". Only models that exist in this installation are offered or
accepted, so a kind can be listed before its app is built (the visits app's reports, say) and starts
working the day that app is installed, with no change to this app's tables."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models

from cpboard.actions.models import ActionSource

# ActionSource.Kind -> the model its records are, for kinds that are records in the system.
SOURCE_MODELS: dict[str, str] = {
    ActionSource.Kind.RECOMMENDATION: "actions.Recommendation",
    ActionSource.Kind.PLEDGE_FINDING: "pledge.Finding",
    ActionSource.Kind.VISIT_REPORT: "visits.Visit",
    ActionSource.Kind.BOARD_DECISION: "board.Decision",  # a decision can also be described in words
}
# Kinds that are described in words because they have no record of their own here.
DESCRIBED_KINDS = (ActionSource.Kind.INSPECTION, ActionSource.Kind.BOARD_DECISION, ActionSource.Kind.OTHER)
CHOICES_PER_KIND = 500  # the most records of one kind offered in the form (the newest)


@dataclass(frozen=True)
class SourceChoice:
    value: str  # "<kind>:<id>"
    label: str


def source_model(kind: str) -> type[models.Model] | None:
    """The model a kind's records are, or None when that model does not exist here."""
    name = SOURCE_MODELS.get(kind)
    if not name:
        return None
    try:
        return apps.get_model(name)
    except LookupError:
        return None


def available_kinds() -> list[str]:
    return [kind for kind in SOURCE_MODELS if source_model(kind) is not None]


def _visible(model, user):
    manager = model._default_manager
    queryset = manager.all()
    if hasattr(queryset, "visible_to"):
        return queryset.visible_to(user)
    return queryset


def record_choices(user) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices of the records a person may cite: [(kind label, [(value, label)])]."""
    groups = []
    for kind in available_kinds():
        model = source_model(kind)
        assert model is not None
        queryset = _visible(model, user)
        if model._meta.label == "actions.Recommendation":
            queryset = queryset.select_related("review")
            options = [(f"{kind}:{r.pk}", f"{r.review.title}: {r} ({_short(r.text)})") for r in queryset]
        else:
            options = [
                (f"{kind}:{obj.pk}", _short(str(obj), 120))
                for obj in queryset.order_by("-pk")[:CHOICES_PER_KIND]
            ]
        if options:
            groups.append((ActionSource.Kind(kind).label, options))
    return groups


def find_record(kind: str, pk: int, user) -> models.Model | None:
    """The record `kind:pk` names, if that kind exists here and the person may see it."""
    model = source_model(kind)
    if model is None:
        return None
    return _visible(model, user).filter(pk=pk).first()


def record_for(source: ActionSource) -> models.Model | None:
    """The record a source cites, or None (described in words, or since removed)."""
    content_type = source.source_type
    if content_type is None:
        return None
    model = content_type.model_class()
    if model is None:
        return None
    return model._default_manager.filter(pk=source.source_id).first()


def content_type_for(kind: str) -> ContentType:
    model = source_model(kind)
    assert model is not None
    return ContentType.objects.get_for_model(model)


def _short(text: str, length: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
