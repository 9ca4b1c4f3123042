"""Optimistic locking for every edit form.

The form carries the `version` the person started from. Saving locks the row (select_for_update),
compares, and only then saves through the model, so django-simple-history records the change. If
someone else saved in between, nothing is written: the form gets an error and the current values are
shown beside what the person typed.

    form = IndicatorForm(request.POST or None, instance=indicator)
    if form.is_valid():
        try:
            save_versioned(form, by=request.user)
        except StaleEdit as conflict:
            return render(..., {"form": form, "conflict": conflict})
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from django import forms
from django.db import models, transaction

from cpboard.core.history import attribute_next_save

if TYPE_CHECKING:
    from cpboard.core.models import VersionedModel

_M = TypeVar("_M", bound="VersionedModel")

CONFLICT_MESSAGE = (
    "Someone else saved this record while you were editing it, so your changes have not been saved. "
    "Their version is shown below: check it, then make your changes again."
)


@dataclass
class StaleEdit(Exception):  # noqa: N818 - reads as an event, like Django's DoesNotExist
    current: models.Model
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (field label, theirs, yours)


class VersionedFormMixin(forms.Form):
    """Adds the hidden `version` field to a ModelForm over a VersionedModel."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk:
            self.fields["version"].initial = instance.version


def _display(obj: models.Model, name: str) -> str:
    model_field = obj._meta.get_field(name)
    if getattr(model_field, "choices", None):
        return str(getattr(obj, f"get_{name}_display")())
    value = getattr(obj, name)
    if model_field.many_to_many:
        return ", ".join(str(v) for v in value.all()) if obj.pk else ""
    return "" if value is None else str(value)


@transaction.atomic
def save_versioned(form: forms.ModelForm[_M], *, by, reason: str = "") -> _M:
    """Save a bound, valid ModelForm unless the row changed since the form was shown."""
    instance = form.instance
    if instance.pk is None:
        obj = form.save(commit=False)
        attribute_next_save(obj, by=by, reason=reason)
        obj.save()
        form.save_m2m()
        return obj
    model = type(instance)
    current = model._default_manager.select_for_update().get(pk=instance.pk)
    sent = form.cleaned_data.get("version")
    if sent is None or sent != current.version:
        changes = []
        for name in form.changed_data:
            if name == "version" or name not in {f.name for f in model._meta.get_fields()}:
                continue
            label = str(form.fields[name].label or name)
            changes.append((label, _display(current, name), str(form.cleaned_data.get(name, ""))))
        form.add_error(None, CONFLICT_MESSAGE)
        raise StaleEdit(current=current, changes=changes)
    obj = form.save(commit=False)
    obj.version = current.version + 1
    attribute_next_save(obj, by=by, reason=reason)
    obj.save()
    form.save_m2m()
    return obj
