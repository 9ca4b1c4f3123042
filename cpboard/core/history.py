"""Plain-English change history for any audited record: who changed which field, from what, to what, when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst

HIDDEN_FIELDS = {"version", "password", "last_login"}
ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


_REQUEST_USER: Any = object()


def attribute_next_save(
    obj: models.Model, *, by: Any = _REQUEST_USER, reason: str = "", when: datetime | None = None
) -> None:
    """Say who makes obj's next save() and why: django-simple-history reads these attributes when it
    writes the history row (its convention, kept in this one place). Without `by` the history row gets the
    current request's user; `by=None` records "System". `when` backdates the history row (demo data)."""
    if by is not _REQUEST_USER:
        obj._history_user = by  # type: ignore[attr-defined]
    if reason:
        obj._change_reason = reason  # type: ignore[attr-defined]
    if when is not None:
        obj._history_date = when  # type: ignore[attr-defined]


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime | None  # None: the note that earlier versions are withheld
    who: str
    action: str
    reason: str
    changes: list[FieldChange]


def field_label(field: models.Field) -> str:
    """A field's name as a person reads it: its verbose name with a capital first letter and the rest as
    written ("DfE measure", never "Dfe measure")."""
    return str(capfirst(str(field.verbose_name)))


def display_value(model: type[models.Model], name: str, value, record=None) -> str:
    """A stored value as a person would read it: choice labels, Yes/No, DD/MM/YYYY, related names, numbers
    without trailing zeros ("3", not "3.00").

    A model may say how one of its fields reads with `history_display_value(name, value, record)`, returning
    the words or None for the default (the Indicator says which DfE statistic a code means, and gives its
    amber tolerance in the indicator's unit). `record` is the version the value belongs to, so a value can be
    read with the other fields of that version (its unit then, not now)."""
    if value is None or value == "":
        return "(blank)"
    hook = getattr(model, "history_display_value", None)
    if hook is not None and record is not None:
        said = hook(name, value, record)
        if said is not None:
            return str(said)
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):  # history rows hold concrete fields only
        return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "d/m/Y H:i")
    if isinstance(value, date):
        return date_format(value, "d/m/Y")
    if isinstance(value, Decimal):
        return plain_decimal(value)
    if field.is_relation and field.many_to_one:
        related_model = cast("type[models.Model]", field.related_model)
        related = related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"(removed record {value})"
    return str(value)


def plain_decimal(value: Decimal) -> str:
    """12.50 -> "12.5", 3.00 -> "3", 1234.5 -> "1,234.5" (never "1E+1")."""
    return f"{Decimal(value).normalize():,f}"


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return "System"
    return user.get_full_name() or user.get_username()


def _hidden(obj: models.Model, record, user) -> dict[str, str]:
    """Fields of one version this person may not see, with what to show instead. A model opts in with
    `history_hidden_fields(record, user)` (e.g. small numbers in a figure's earlier versions)."""
    if record is None or user is None or not hasattr(obj, "history_hidden_fields"):
        return {}
    return obj.history_hidden_fields(record, user)


def _withheld_note(obj: models.Model) -> HistoryEntry:
    reason = getattr(obj, "history_withheld_text", "Earlier versions are not shown to you.")
    return HistoryEntry(when=None, who="", action="Earlier versions not shown", reason=reason, changes=[])


def history_entries(obj: models.Model, user=None) -> list[HistoryEntry]:
    """Newest first. Each entry lists the fields that changed against the previous version."""
    model = type(obj)
    history = obj.history  # type: ignore[attr-defined]  # simple-history's HistoricalRecords manager
    records = list(history.select_related("history_user").order_by("history_date", "history_id"))
    if not records:
        return []
    withheld = 0
    if user is not None and hasattr(obj, "history_shown_versions"):
        # A model may keep some versions from some people (a figure's drafts from the board): those are left
        # out, and each version shown is compared with the previous one shown, never with a withheld one.
        shown = obj.history_shown_versions(records, user)
        withheld, records = len(records) - len(shown), shown
    if not records:
        return [_withheld_note(obj)]
    recorded = {f.name for f in records[0]._meta.fields}
    fields = [
        f
        for f in model._meta.concrete_fields
        if f.name not in HIDDEN_FIELDS and not f.primary_key and f.name in recorded
    ]
    entries: list[HistoryEntry] = []
    previous = None
    for record in records:
        changes = []
        hidden_now, hidden_before = _hidden(obj, record, user), _hidden(obj, previous, user)
        for field in fields:
            new = getattr(record, field.attname)
            old = getattr(previous, field.attname) if previous is not None else None
            if previous is None and new in (None, ""):
                continue
            if previous is not None and old == new:
                continue
            label = field_label(field)
            changes.append(
                FieldChange(
                    label,
                    ""
                    if previous is None
                    else hidden_before.get(field.name) or display_value(model, field.name, old, previous),
                    hidden_now.get(field.name) or display_value(model, field.name, new, record),
                )
            )
        if previous is None or changes or record.history_type != "~" or record.history_change_reason:
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=_who(record),
                    action=ACTIONS.get(record.history_type, "Changed"),
                    reason=record.history_change_reason or "",
                    changes=changes,
                )
            )
        previous = record
    if withheld:
        entries.insert(0, _withheld_note(obj))
    entries.reverse()
    return entries
