"""The quarter list is paginated, 20 quarters a page, newest first: its cost does not grow with the years."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.performance import QuarterReturnFactory, quarter

pytestmark = pytest.mark.django_db
LIST = reverse("performance:quarter-list")


def rows(response) -> int:
    return response.text.count('<tr class="govuk-table__row">') - 1  # less the header


def test_twenty_quarters_a_page_newest_first_with_the_same_queries_as_one(
    client_as, officer, django_assert_num_queries
):
    client = client_as(officer)
    QuarterReturnFactory(period=quarter(2025, 1), submitted_by=officer, signed_off_by=officer)
    client.get(LIST)
    with CaptureQueriesContext(connection) as one_quarter:
        client.get(LIST)
    for year in range(2014, 2025):  # 44 more: 45 in all
        for q in (1, 2, 3, 4):
            QuarterReturnFactory(period=quarter(year, q), submitted_by=officer, signed_off_by=officer)

    with django_assert_num_queries(len(one_quarter.captured_queries)):
        first = client.get(LIST)
    assert rows(first) == 20
    assert (
        ">2025-26 Q1</a>" in first.text
        and ">2020-21 Q2</a>" in first.text
        and "2020-21 Q1<" not in first.text
    )
    assert 'class="govuk-pagination"' in first.text and "Page 1 of 3" in first.text
    assert 'href="?page=2" rel="next"' in first.text
    last = client.get(LIST, {"page": "3"})
    assert rows(last) == 5 and ">2014-15 Q1</a>" in last.text
    assert rows(client.get(LIST, {"page": "nonsense"})) == 20  # a bad page number is the first page
