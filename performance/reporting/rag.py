"""RAG status and direction of travel: plain functions of numbers, so packs and pages agree."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from performance.reference.units import CHANGE_UNITS
from performance.reporting.presentation import as_shown, format_number, plain_number

# Said wherever RAG is explained (dashboard, indicator page, PDF): the one rounding rule of `as_shown`.
RATED_AS_SHOWN = (
    "Figures and targets are rated as they are shown: rounded to the places on screen, halves up "
    "(86.95% shows, and is rated, as 87.0%)."
)


@dataclass(frozen=True)
class Rag:
    code: str  # "red" | "amber" | "green" | "none"
    label: str
    explanation: str

    @property
    def is_rated(self) -> bool:
        return self.code != "none"


RAG_LABELS = {"red": "Red", "amber": "Amber", "green": "Green", "none": "Not rated"}


def rag_status(
    value: Decimal | None, target: Decimal | None, polarity: str, tolerance: Decimal, *, unit: str
) -> Rag:
    """Green at or better than target; amber within `tolerance` of it on the wrong side; red beyond that.
    Value and target are compared as shown, in `unit`'s places (presentation.as_shown): a target of 14.89
    shows as 14.9 and is rated as 14.9."""
    if value is None:
        return Rag("none", "Not rated", "There is no figure to rate yet.")
    if polarity == "neither":
        return Rag("none", "Not rated", "This is a context measure: neither higher nor lower is better.")
    if target is None:
        return Rag("none", "Not rated", "No target has been set for this year, so it is not rated.")
    value, target = as_shown(value, unit), as_shown(target, unit)
    gap = (value - target) if polarity == "higher" else (target - value)
    if gap >= 0:
        return Rag("green", "Green", "At or better than target.")
    if -gap <= tolerance:
        return Rag("amber", "Amber", f"Just short of target (within {plain_number(tolerance)}).")
    return Rag("red", "Red", f"Short of target by more than {plain_number(tolerance)}.")


@dataclass(frozen=True)
class Direction:
    code: str  # "improved" | "worse" | "same" | "up" | "down" | "none"
    arrow: str  # which way the number moved (up or down), never whether that is good: the words say that
    words: str


def change_text(current: Decimal, earlier: Decimal, unit: str) -> str:
    """How far the figure moved, at the precision it is shown: "1.2 percentage points", "4", or "" when
    `unit` is not known (the words then say only which way)."""
    if not unit:
        return ""
    shown = format_number(abs(current - earlier), unit)  # both are as shown, so never less than one step
    suffix = CHANGE_UNITS.get(unit, "")
    if shown == "1" and suffix.endswith("s"):
        suffix = suffix[:-1]
    return f"{shown}{suffix}"


def direction(
    current: Decimal | None, earlier: Decimal | None, polarity: str, compared_with: str, *, unit: str = ""
) -> Direction:
    """Arrow plus words (never colour alone). The arrow shows which way the number moved and the words say
    the same first, then whether that is better: "Down 1.2 percentage points since 2024-25 Q1 — better",
    "Up 3 since 2024-25 Q1" (a context measure), "No change since ...". Never "↓ Better", which reads as a
    contradiction. Compared as shown (presentation.as_shown): 12.04 and 12.01 both read 12.0, so
    "No change"."""
    if current is None or earlier is None:
        return Direction("none", "", f"No figure for {compared_with} to compare with")
    current, earlier = as_shown(current, unit), as_shown(earlier, unit)
    if current == earlier:
        return Direction("same", "→", f"No change since {compared_with}")
    went_up = current > earlier
    arrow = "↑" if went_up else "↓"
    moved = change_text(current, earlier, unit)
    said = f"{'Up' if went_up else 'Down'}{' ' + moved if moved else ''} since {compared_with}"
    if polarity == "neither":
        return Direction("up" if went_up else "down", arrow, said)
    better = went_up == (polarity == "higher")
    return Direction("improved" if better else "worse", arrow, f"{said} — {'better' if better else 'worse'}")
