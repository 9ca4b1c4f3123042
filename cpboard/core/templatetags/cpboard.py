"""Project-wide template helpers: dates, small-number suppression, links to history."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.conf import settings
from django.urls import reverse

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


def is_small(count, threshold: int | None = None) -> bool:
    threshold = settings.SMALL_NUMBER_THRESHOLD if threshold is None else threshold
    return count is not None and 0 < Decimal(count) < threshold


@register.simple_tag(takes_context=True)
def can_see_small_numbers(context) -> bool:
    user = context.get("user")
    return bool(user and user.has_perm("performance.view_small_numbers"))
