"""How a figure reads on screen, in a spreadsheet or a PDF: units, and small-number suppression."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

from performance.models import Indicator


def can_see_small_numbers(user) -> bool:
    return bool(user and user.has_perm("performance.view_small_numbers"))


def is_suppressed(indicator: Indicator, *, value: Decimal | None, numerator: Decimal | None, user) -> bool:
    """Counts below the threshold, and percentages built on them, are hidden from people without the
    officer-level permission, as published children's statistics do, so no child can be identified."""
    if can_see_small_numbers(user):
        return False
    threshold = settings.SMALL_NUMBER_THRESHOLD
    if indicator.unit == Indicator.Unit.COUNT and value is not None and 0 < value < threshold:
        return True
    return bool(indicator.is_proportion and numerator is not None and 0 < numerator < threshold)


def suppressed_text() -> str:
    return f"fewer than {settings.SMALL_NUMBER_THRESHOLD}"


def format_number(value: Decimal | None, unit: str) -> str:
    if value is None:
        return ""
    if unit == Indicator.Unit.COUNT:
        return f"{value:,.0f}"
    text = (
        f"{value:,.1f}"
        if unit in (Indicator.Unit.PERCENT, Indicator.Unit.RATE_PER_10K, Indicator.Unit.SCORE)
        else (f"{value:,.2f}" if unit == Indicator.Unit.RATIO else f"{value:,.0f}")
    )
    return text


def format_value(value: Decimal | None, unit: str) -> str:
    """12.3%, 65.2 per 10,000, 412 days, 14.2, 0.85, 123."""
    if value is None:
        return "No figure"
    number = format_number(value, unit)
    if unit == Indicator.Unit.PERCENT:
        return f"{number}%"
    if unit == Indicator.Unit.RATE_PER_10K:
        return f"{number} per 10,000"
    if unit == Indicator.Unit.DAYS:
        return f"{number} days"
    return number
