"""How a figure reads on screen, in a form, a message, a spreadsheet or a PDF: the one number formatter and
the one table of unit words. Whether a figure may be seen at all is cpboard.core.disclosure's rule;
`Indicator.hidden_text` applies it to one of our figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from performance.models import Indicator


@dataclass(frozen=True)
class UnitWords:
    decimals: int  # places shown on screen, in exports' text and on chart axes
    suffix: str  # after the number: "12.3%", "65.2 per 10,000", "412 days"
    input_label: str  # the label of the input a single figure is typed into
    target_hint: str  # how a target in this unit is typed


UNITS: dict[str, UnitWords] = {
    Indicator.Unit.PERCENT: UnitWords(1, "%", "Percentage", "A percentage, for example 85 for 85%"),
    Indicator.Unit.RATE_PER_10K: UnitWords(
        1, " per 10,000", "Rate per 10,000 children", "A rate per 10,000 children"
    ),
    Indicator.Unit.COUNT: UnitWords(0, "", "Number of children", "A number of children or events"),
    Indicator.Unit.DAYS: UnitWords(0, " days", "Number of days", "A number of days"),
    Indicator.Unit.SCORE: UnitWords(1, "", "Score", "A score"),
    Indicator.Unit.RATIO: UnitWords(2, "", "Ratio", "A ratio"),
}
OTHER = UnitWords(0, "", "Figure", "A figure")


def unit_words(unit: str) -> UnitWords:
    return UNITS.get(unit, OTHER)


def format_number(value: Decimal | None, unit: str) -> str:
    """The number alone, to the unit's places, with thousands separators: 12.3, 1,234, 0.85."""
    if value is None:
        return ""
    return f"{value:,.{unit_words(unit).decimals}f}"


def format_value(value: Decimal | None, unit: str) -> str:
    """12.3%, 65.2 per 10,000, 412 days, 14.2, 0.85, 123."""
    if value is None:
        return "No figure"
    return format_number(value, unit) + unit_words(unit).suffix


def plain_number(value, *, thousands: bool = False) -> str:
    """A number exactly as stored, without trailing zeros: 12.50 -> "12.5", 10.00 -> "10" (never "1E+1").
    For inputs (no separators, so it can be typed back) and, with `thousands`, for messages ("1,234")."""
    if value is None:
        return ""
    number = Decimal(value).normalize()
    return f"{number:,f}" if thousands else f"{number:f}"


def counted_text(numerator, denominator) -> str:
    """'6 of 7': the numbers a percentage is worked out from."""
    if numerator is None or denominator is None:
        return ""
    return f"{plain_number(numerator, thousands=True)} of {plain_number(denominator, thousands=True)}"
