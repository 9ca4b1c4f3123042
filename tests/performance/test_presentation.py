"""The one number formatter and unit-words table (performance.reporting.presentation)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from performance.reporting.presentation import (
    counted_text,
    format_number,
    format_value,
    plain_number,
    unit_words,
)


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        ("12.34", "percent", "12.3%"),
        ("65.24", "rate_per_10k", "65.2 per 10,000"),
        ("412", "days", "412 days"),
        ("1234", "count", "1,234"),
        ("14.24", "score", "14.2"),
        ("0.854", "ratio", "0.85"),
        ("123.4", "something new", "123"),
    ],
)
def test_format_value(value, unit, text):
    assert format_value(Decimal(value), unit) == text


def test_format_number_is_the_number_alone_and_missing_is_said():
    assert format_number(Decimal("1234.56"), "percent") == "1,234.6"
    assert format_number(None, "percent") == ""
    assert format_value(None, "percent") == "No figure"


@pytest.mark.parametrize(
    ("value", "typed", "message"),
    [("12.50", "12.5", "12.5"), ("10.00", "10", "10"), ("1234.00", "1234", "1,234"), ("0.00", "0", "0")],
)
def test_plain_number_for_inputs_and_messages(value, typed, message):
    assert plain_number(Decimal(value)) == typed  # never "1E+1", never "1,234" in an input
    assert plain_number(Decimal(value), thousands=True) == message
    assert plain_number(None) == ""


def test_counted_text_and_unit_words():
    assert counted_text(Decimal("6.00"), Decimal("7.00")) == "6 of 7"
    assert counted_text(None, 7) == ""
    assert unit_words("percent").input_label == "Percentage"
    assert unit_words("count").target_hint == "A number of children or events"
    assert unit_words("something new").input_label == "Figure"
