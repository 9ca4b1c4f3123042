"""How a figure reads on screen, in a form, a message, a spreadsheet or a PDF: the one number formatter and
the one table of unit words. Whether a figure may be seen at all is cpboard.core.disclosure's rule;
`Indicator.hidden_text` applies it to one of our figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from performance.models import Indicator


@dataclass(frozen=True)
class UnitWords:
    decimals: int  # places shown on screen, in exports' text and on chart axes
    suffix: str  # after the number: "12.3%", "65.2 per 10,000", "412 days"
    input_label: str  # the label of the input a single figure is typed into
    target_hint: str  # how a target in this unit is typed
    below_half: str = "less than 0.5"  # a published value that rounds to zero (DfE symbol "k")
    comparable: bool = True  # whether England's, the region's and neighbours' figures compare with ours


UNITS: dict[str, UnitWords] = {
    Indicator.Unit.PERCENT: UnitWords(
        1, "%", "Percentage", "A percentage, for example 85 for 85%", below_half="less than 0.5%"
    ),
    Indicator.Unit.RATE_PER_10K: UnitWords(
        1,
        " per 10,000",
        "Rate per 10,000 children",
        "A rate per 10,000 children",
        below_half="less than 0.5 per 10,000",
    ),
    # A count is never set beside England's or the region's: they count far more children (226 beside
    # 81,770 tells nobody anything). Compare the matching rate or percentage instead.
    Indicator.Unit.COUNT: UnitWords(
        0,
        "",
        "Number of children",
        "A number of children or events",
        below_half="fewer than half of one",
        comparable=False,
    ),
    Indicator.Unit.DAYS: UnitWords(
        0, " days", "Number of days", "A number of days", below_half="less than half a day"
    ),
    Indicator.Unit.SCORE: UnitWords(1, "", "Score", "A score"),
    Indicator.Unit.RATIO: UnitWords(2, "", "Ratio", "A ratio"),
}
OTHER = UnitWords(0, "", "Figure", "A figure")


def unit_words(unit: str) -> UnitWords:
    return UNITS.get(unit, OTHER)


def as_shown(value: Decimal, unit: str) -> Decimal:
    """The value at the precision it is shown, halves rounded up (away from zero) as a person rounds:
    8.85 -> 8.9, 86.95 -> 87.0, 14.89 -> 14.9. THE rounding rule: every figure is shown, exported and rated
    (RAG and direction of travel) at this precision, so what the screen says is what was rated. Never
    float or banker's rounding (Python's default for Decimal formatting gives 8.85 -> 8.8)."""
    shown = Decimal(value).quantize(Decimal(1).scaleb(-unit_words(unit).decimals), rounding=ROUND_HALF_UP)
    return shown + 0  # -0.0 reads 0.0


def format_number(value: Decimal | None, unit: str) -> str:
    """The number alone, to the unit's places (`as_shown`), with thousands separators: 12.3, 1,234, 0.85."""
    if value is None:
        return ""
    return f"{as_shown(value, unit):,f}"


def format_value(value: Decimal | None, unit: str, *, rounds_to_zero: bool = False) -> str:
    """12.3%, 65.2 per 10,000, 412 days, 14.2, 0.85, 123; "less than 0.5%" for a published value that rounds
    to zero (the DfE's "k")."""
    if rounds_to_zero:
        return unit_words(unit).below_half
    if value is None:
        return "No figure"
    return format_number(value, unit) + unit_words(unit).suffix


def comparable(unit: str) -> bool:
    """Whether England's, the region's and statistical neighbours' figures are set beside ours (not for
    counts: compare the matching rate)."""
    return unit_words(unit).comparable


NOT_COMPARABLE = "Not comparable"
NOT_COMPARABLE_WHY = (
    "A count is not compared with England, the region or statistical neighbours: theirs count far more "
    "children. Compare the matching rate or percentage."
)


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
