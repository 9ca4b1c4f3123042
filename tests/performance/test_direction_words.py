"""Direction of travel: the arrow shows which way the number moved, and the words say the same thing first,
then whether that is better. "↓ Better" read as a contradiction; "Down 1.2 percentage points since ... —
better" does not."""

from decimal import Decimal

import pytest

from performance.reporting.rag import direction


@pytest.mark.parametrize(
    ("current", "earlier", "polarity", "unit", "arrow", "words"),
    [
        ("10.0", "11.2", "lower", "percent", "↓", "Down 1.2 percentage points since 2025-26 Q1 — better"),
        ("10.0", "11.2", "higher", "percent", "↓", "Down 1.2 percentage points since 2025-26 Q1 — worse"),
        ("12.5", "11.2", "higher", "percent", "↑", "Up 1.3 percentage points since 2025-26 Q1 — better"),
        ("45", "41", "lower", "count", "↑", "Up 4 since 2025-26 Q1 — worse"),
        ("400", "399", "lower", "days", "↑", "Up 1 day since 2025-26 Q1 — worse"),
        ("62.5", "60.0", "higher", "rate_per_10k", "↑", "Up 2.5 per 10,000 since 2025-26 Q1 — better"),
        ("14.2", "13.8", "neither", "score", "↑", "Up 0.4 points since 2025-26 Q1"),
        # Compared as shown: 10.02% and 10.00% both read 10.0%, so no change (the one rounding rule).
        ("10.02", "10.00", "higher", "percent", "→", "No change since 2025-26 Q1"),
        ("10.0", "10.0", "higher", "percent", "→", "No change since 2025-26 Q1"),
    ],
)
def test_the_arrow_and_the_words_agree(current, earlier, polarity, unit, arrow, words):
    moved = direction(Decimal(current), Decimal(earlier), polarity, "2025-26 Q1", unit=unit)
    assert (moved.arrow, moved.words) == (arrow, words)
    # the words begin with the way the arrow points
    first = moved.words.split()[0]
    assert {"↑": "Up", "↓": "Down", "→": "No"}[moved.arrow] == first


def test_without_a_figure_to_compare_there_is_no_arrow():
    moved = direction(Decimal("10"), None, "higher", "2024-25 Q1", unit="percent")
    assert (moved.arrow, moved.words) == ("", "No figure for 2024-25 Q1 to compare with")


def test_words_never_lead_with_better_or_worse():
    for polarity in ("higher", "lower"):
        for pair in (("1", "2"), ("2", "1")):
            words = direction(Decimal(pair[0]), Decimal(pair[1]), polarity, "Q1", unit="percent").words
            assert not words.startswith(("Better", "Worse"))
