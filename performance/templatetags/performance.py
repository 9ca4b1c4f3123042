from django import template

from performance.reporting.presentation import format_value

register = template.Library()


@register.filter
def unit_value(value, unit: str) -> str:
    """A target or comparator in its indicator's unit: 12.3%, 65.0 per 10,000, 412 days."""
    return "Not published" if value is None else format_value(value, unit)
