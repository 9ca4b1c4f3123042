"""The import pages' messages."""

import pytest


@pytest.mark.parametrize(
    ("unchanged", "said"),
    [(1, "1 already matched and was left as it was."), (3, "3 already matched and were left as they were.")],
)
def test_the_import_message_counts_in_plain_english(unchanged, said):
    from cpboard.core.tabular import ImportReport
    from performance.views.imports import _done_message

    text = _done_message(ImportReport(changed=2, unchanged=unchanged), "q2.csv", "figure", "figures")
    assert text == f"Imported 2 figures from q2.csv. {said}"
