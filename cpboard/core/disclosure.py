"""Disclosure control: the one rule for small numbers about children, for every app.

A small number can identify a child: "1 of 3 care leavers is in custody" tells a councillor who knows the
three which one it is. So people without the `core.view_small_numbers` permission (officers and senior
officers have it; board members, scrutiny officers and everyone else do not) never see:

* a **count** between 1 and threshold − 1 (`settings.SMALL_NUMBER_THRESHOLD`, `CPBOARD_SMALL_NUMBER_THRESHOLD`,
  default 5, so 1 to 4), shown instead as "fewer than 5";
* a **percentage** (or any figure worked out from a numerator and a denominator) when the numerator, the
  denominator *or the complement* (denominator − numerator: the children left out) is between 1 and
  threshold − 1. "0 of 3" reveals a cohort of three; "6 of 7" reveals that exactly one child missed out.
  It is shown instead as "not shown: fewer than 5 children", and its "N of M" is not shown at all.

**Zero.** A true zero is shown, as published children's statistics (DfE, ONS) generally show it, while
suppressing small non-zero counts: "no child" says nothing about any one child, and hiding zeros too
would hide most of the dashboard's good news for no privacy gain. Zero is
not exempt from the other two tests, though: 0 of 3 is hidden because its denominator, 3, is small, and
20 of 20 is shown (numerator 20, denominator 20, complement 0: all children, none singled out).

A figure published with no numerator or denominator (a DfE percentage or rate, already
disclosure-controlled by the Department) is shown as it is; a count is always tested. Exactly the
threshold (5) is shown.

Use `hides_count(n, user)` / `hides_proportion(numerator, denominator, user)` to decide, and
`count_text()` / `proportion_text()` for what to show instead. Templates: the `disclosed` filter in the
`cpboard` template library, and `disclosure_note` (from the context processor and the PDF context).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

PERMISSION = "core.view_small_numbers"


def threshold() -> int:
    """Numbers from 1 to threshold − 1 are small (read each time, so settings overrides apply)."""
    return settings.SMALL_NUMBER_THRESHOLD


def can_see_small_numbers(user) -> bool:
    """Decided once per person object (a request's `request.user`), not once per figure: a dashboard asks for
    every figure it shows, and each permission check runs through every authentication backend."""
    if user is None:
        return False
    decided = getattr(user, "_cpboard_sees_small_numbers", None)
    if decided is None:
        decided = bool(user.has_perm(PERMISSION))
        user._cpboard_sees_small_numbers = decided
    return decided


def is_small(number) -> bool:
    """1 to threshold − 1. Zero and unknown (None) are not small."""
    return number is not None and 0 < Decimal(number) < threshold()


def proportion_is_small(numerator, denominator) -> bool:
    """Any of numerator, denominator and complement small. A missing part is not tested (and without both
    parts there is no complement)."""
    if is_small(numerator) or is_small(denominator):
        return True
    return numerator is not None and denominator is not None and is_small(Decimal(denominator) - numerator)


def hides_count(count, user) -> bool:
    """Whether `user` must not see this count."""
    return is_small(count) and not can_see_small_numbers(user)


def hides_proportion(numerator, denominator, user) -> bool:
    """Whether `user` must not see a figure worked out from numerator ÷ denominator (or its parts)."""
    return proportion_is_small(numerator, denominator) and not can_see_small_numbers(user)


def count_text() -> str:
    """What a hidden count reads as."""
    return f"fewer than {threshold()}"


def proportion_text() -> str:
    """What a hidden percentage (and its numerator and denominator) reads as: the number hidden need not be
    the numerator, so it does not say "fewer than 5 of them"."""
    return f"not shown: fewer than {threshold()} children"


def note() -> str:
    """The sentence under a table or on a page whose figures may be hidden."""
    return (
        f"To protect children's privacy, a figure is not shown when it rests on fewer than {threshold()} "
        "children: a count, the group a percentage is out of, or the children counted in it or left out."
    )


def disclosed_count(count, user, formatted: str | None = None) -> str:
    """The count as `user` may see it: `formatted` (or the whole number), or "fewer than 5"."""
    if hides_count(count, user):
        return count_text()
    if formatted is not None:
        return formatted
    return "" if count is None else f"{Decimal(count):,.0f}"
