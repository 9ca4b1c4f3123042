"""The one way to write an audited record: optimistic locking, history user and reason, and create races.

Every write to a domain model goes through `save_audited` (or `delete_audited`), which

* locks the row (``SELECT ... FOR UPDATE``) and compares the version the person started from, so a stale
  save is refused with `StaleEdit` rather than overwriting someone else's change;
* bumps `version` on a `VersionedModel`;
* records who acted and why in django-simple-history (`reason` comes from a named constant of the calling
  service, or is the person's own reason for a revision);
* turns a lost race to *create* a record that must be unique (two officers adding the same comparator at
  once) into `StaleEdit(created=True, current=<the record the other person created>)`, never a 500.

Edit forms use `save_versioned(form, by=..., reason=...)`; multi-row pages (a year's targets, a quarter's
figures) compare every row's version first and raise one `StaleEdit` listing what differs. Views catch
`StaleEdit`, call `conflict.mark(form)` and include ``components/_conflict.html``, the only place the
conflict is explained to people.

    form = IndicatorForm(request.POST or None, instance=indicator)
    if form.is_valid():
        try:
            save_versioned(form, by=request.user, reason=EDITED)
        except StaleEdit as conflict:
            conflict.mark(form)
            return render(..., {"form": form, "conflict": conflict}, status=409)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django import forms
from django.db import IntegrityError, models, transaction

from cpboard.core.history import attribute_next_save

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    # What views pass as `request.user`; every view that writes is behind sign-in, so it is a real person.
    User = AbstractBaseUser | AnonymousUser

    from cpboard.core.models import VersionedModel

# The error a marked field carries, so the error summary links to it; the page's explanation is in
# components/_conflict.html.
OVERTAKEN = "Someone else changed this while you were editing."
UNIQUE_VIOLATION = "23505"  # PostgreSQL's SQLSTATE for a unique constraint

M = TypeVar("M", bound=models.Model)
V = TypeVar("V", bound="VersionedModel")


@dataclass
class StaleEdit(Exception):  # noqa: N818 - reads as an event, like Django's DoesNotExist
    """Nothing was saved: the record (or one of the records) changed since the person's form was shown.

    `current` is the record as saved now (for single-record forms); `changes` lists (what, theirs, yours);
    `stale` holds the keys of the rows overtaken on a multi-row page (an indicator, an area), for
    `mark(form, field_for=...)`; `created` says someone else created the record meanwhile."""

    current: models.Model | None = None
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    stale: list[Any] = field(default_factory=list)
    created: bool = False

    def __str__(self) -> str:
        return "The record was created by someone else meanwhile" if self.created else "Stale edit"

    def mark(
        self, form: forms.BaseForm, field_for: Callable[[Any], str] | None = None, *, on: str = ""
    ) -> None:
        """Put an error on each overtaken field (`field_for(key)` names it, or the one field `on`) or else on
        the form, so the error summary points at it."""
        fields = [name for key in self.stale if (name := field_for(key)) in form.fields] if field_for else []
        if on in form.fields:
            fields.append(on)
        for name in fields:
            form.add_error(name, OVERTAKEN)
        if not fields:
            form.add_error(None, OVERTAKEN)


class VersionField(forms.IntegerField):
    """The hidden version a form was shown at. Anything that is not a whole number (a tampered or broken
    page) counts as no version, which every save compares as stale: the person sees the conflict page with
    the record as saved now, never a hidden-field error or a save that skipped the check."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        try:
            return super().to_python(value)
        except forms.ValidationError:
            return None


def posted_version(data: Any, name: str = "version") -> int | None:
    """The version a POST says its page was shown at (None when missing or not a whole number), for
    buttons that change a record's state without a form class (submit, sign off)."""
    return VersionField().clean(data.get(name))


class VersionedFormMixin(forms.Form):
    """Adds the hidden `version` field to a ModelForm over a VersionedModel."""

    version = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
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


def _is_versioned(obj: models.Model) -> bool:
    return any(f.name == "version" for f in obj._meta.concrete_fields)


def _twin(obj: models.Model) -> models.Model | None:
    """The saved record that `obj` would duplicate, found through the model's unique fields and constraints."""
    model = type(obj)
    lookups: list[dict[str, Any]] = []
    for model_field in obj._meta.concrete_fields:
        if model_field.unique and not model_field.primary_key:
            lookups.append({model_field.attname: getattr(obj, model_field.attname)})
    for constraint in obj._meta.total_unique_constraints:
        attnames = [cast(models.Field, obj._meta.get_field(name)).attname for name in constraint.fields]
        lookups.append({attname: getattr(obj, attname) for attname in attnames})
    for lookup in lookups:
        if any(value is None for value in lookup.values()):
            continue
        found = model._default_manager.filter(**lookup).first()
        if found is not None:
            return found
    return None


def _is_unique_violation(error: IntegrityError) -> bool:
    return getattr(error.__cause__, "pgcode", None) == UNIQUE_VIOLATION


def _create(obj: M) -> M:
    try:
        with transaction.atomic():  # a savepoint: the request's transaction stays usable
            obj.save()
    except IntegrityError as error:
        if not _is_unique_violation(error):
            raise
        raise StaleEdit(current=_twin(obj), created=True) from None
    return obj


@transaction.atomic
def save_audited(obj: M, *, by: User | None, reason: str, locked: bool = False) -> M:
    """Create or update `obj`, recording `by` and `reason` in its history.

    Updating a versioned record locks its row and bumps its version; `locked=True` says the caller already
    holds the lock and `obj` is the locked copy, whose version it compared (see `lock`, `save_versioned`).
    Creating a record that duplicates one just created by someone else raises `StaleEdit(created=True)`
    with that record."""
    attribute_next_save(obj, by=by, reason=reason)
    if obj._state.adding:
        return _create(obj)
    if _is_versioned(obj):
        saved_version = (
            obj.version  # type: ignore[attr-defined]
            if locked
            else type(obj)
            ._default_manager.select_for_update()
            .values_list("version", flat=True)
            .get(pk=obj.pk)
        )
        obj.version = saved_version + 1  # type: ignore[attr-defined]
    obj.save()
    return obj


def create_many_audited(model: type[M], objs: list[M], *, by: User | None, reason: str) -> list[M]:
    """Create many records at once with their history rows (django-simple-history's bulk create). If
    another person created one of them meanwhile, none is saved and StaleEdit(created=True) is raised."""
    from simple_history.utils import bulk_create_with_history

    if not objs:
        return objs
    try:
        with transaction.atomic():
            return bulk_create_with_history(
                objs, model, batch_size=500, default_user=by, default_change_reason=reason
            )
    except IntegrityError as error:
        if not _is_unique_violation(error):
            raise
        raise StaleEdit(created=True) from None


def delete_audited(obj: models.Model, *, by: User | None, reason: str) -> None:
    """Delete `obj`; its history keeps the last version, who removed it and why."""
    attribute_next_save(obj, by=by, reason=reason)
    obj.delete()


def lock(obj: M, *related: str) -> M:
    """A fresh copy of `obj` with its row locked until the transaction ends."""
    queryset = type(obj)._default_manager.select_for_update()
    if related:
        queryset = queryset.select_related(*related)
    return queryset.get(pk=obj.pk)


@transaction.atomic
def save_versioned(form: forms.ModelForm[V], *, by: User | None, reason: str = "") -> V:
    """Save a bound, valid ModelForm over a versioned model unless the row changed since the form was shown."""
    instance = form.instance
    if instance.pk is None:
        obj = save_audited(form.save(commit=False), by=by, reason=reason)
        form.save_m2m()
        return obj
    model = type(instance)
    current = model._default_manager.select_for_update().get(pk=instance.pk)
    sent = form.cleaned_data.get("version")
    if sent is None or sent != current.version:
        names = {f.name for f in model._meta.get_fields()}
        changes = [
            (
                str(form.fields[name].label or name),
                _display(current, name),
                str(form.cleaned_data.get(name, "")),
            )
            for name in form.changed_data
            if name != "version" and name in names
        ]
        raise StaleEdit(current=current, changes=changes)
    obj = form.save(commit=False)
    obj.version = current.version
    save_audited(obj, by=by, reason=reason, locked=True)
    form.save_m2m()
    return obj
