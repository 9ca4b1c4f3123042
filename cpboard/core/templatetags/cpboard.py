"""Project-wide template helpers: dates, small-number disclosure, links to history."""

from __future__ import annotations

from django import template
from django.urls import reverse

from cpboard.core import disclosure

register = template.Library()


@register.simple_tag
def history_url(obj) -> str:
    meta = obj._meta
    return reverse("core:record-history", args=[meta.app_label, meta.model_name, obj.pk])


@register.filter
def ukdate(value) -> str:
    """DD/MM/YYYY, the only date format people see."""
    if not value:
        return ""
    from django.utils import timezone

    if hasattr(value, "hour"):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


@register.filter
def disclosed(count, user) -> str:
    """{{ count|disclosed:user }}: the count, or "fewer than 5" for someone who may not see it."""
    return disclosure.disclosed_count(count, user)
