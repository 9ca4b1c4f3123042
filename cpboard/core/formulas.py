"""The formula-safety rule for spreadsheet cells, in one place for both directions.

A text cell starting with =, +, -, @, tab or carriage return would run as a formula when a spreadsheet opens
it, so every export writes it with a leading apostrophe (`neutralise`). Every whole-file import reads such a
cell back as the text it was (`restore`): exactly one leading apostrophe is dropped, and only when the rest
would have been neutralised, so a figures file downloaded from cpboard re-imports unchanged (an indicator
code like ``-INJ`` stays ``-INJ``) while text that merely starts with an apostrophe is kept as it is.
"""

from __future__ import annotations

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
APOSTROPHE = "'"


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)


def neutralise(text: str) -> str:
    """What an export writes for a text cell: formula-like text gets a leading apostrophe."""
    return APOSTROPHE + text if is_formula_like(text) else text


def restore(text: str) -> str:
    """What an import reads from a text cell: the exact inverse of `neutralise`."""
    rest = text[1:]
    return rest if text.startswith(APOSTROPHE) and is_formula_like(rest) else text
