"""Figures as at a quarter (?as_at=2026-27-Q2): the dashboard, indicator pages and exports show that quarter,
its trend up to it and its year's comparators, nothing after it; bad values are a clear 400, not a 500. And
the indicator page's window: the last 12 quarters unless all years are asked for."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cpboard.core import shared_cache
from performance.models import Comparator, Indicator
from tests.factories.performance import (
    ComparatorFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    QuarterReturnFactory,
    TargetFactory,
    financial_year,
    quarter,
    released,
)

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("performance:dashboard")


def _board():
    """An indicator with a figure each quarter of 2024-25 and 2025-26 (Q n of year y: 10*(y-2024) + n %),
    targets and England comparators for both years."""
    indicator = IndicatorFactory(
        code="PS", title="Three or more placements", polarity=Indicator.Polarity.LOWER
    )
    for year in (2024, 2025):
        for q in (1, 2, 3, 4):
            value = Decimal(10 * (year - 2023) + q)
            IndicatorValueFactory(
                indicator=indicator, period=quarter(year, q), numerator=value, denominator=100, value=value
            )
            released(quarter(year, q))
        TargetFactory(indicator=indicator, period=financial_year(year), value=Decimal(5 + year - 2024))
        ComparatorFactory(
            indicator=indicator,
            period=financial_year(year - 1),
            area=Comparator.Area.ENGLAND,
            value=Decimal(40 + year - 2024),
        )
    return indicator


def test_the_dashboard_shows_the_chosen_quarter_and_nothing_after_it(client_as, board_member):
    _board()
    client = client_as(board_member)
    latest = client.get(DASHBOARD).context["scorecard"].rows[0]
    assert (latest.latest.text, latest.latest.period_label) == ("24.0%", "2025-26 Q4")

    response = client.get(DASHBOARD, {"as_at": "2024-25-Q3"})
    row = response.context["scorecard"].rows[0]
    assert (row.latest.text, row.latest.period_label) == ("13.0%", "2024-25 Q3")
    assert row.target.text == "5.0%"  # 2024-25's target, not 2025-26's
    assert row.england.text == "40.0%" and row.england.period_label == "2023-24"  # that year's comparator
    assert [s.period_label for s in row.trend][-1] == "2024-25 Q3"  # trend up to it
    assert all(s.record.period.end_date <= row.latest.record.period.end_date for s in row.trend)
    page = response.text
    assert '<option value="2024-25-Q3" selected>2024-25 Q3</option>' in page
    assert '<option value="2025-26-Q4">2025-26 Q4 (latest)</option>' in page
    assert "24.0%" not in page and "2025-26" not in page.split('id="as_at"')[1].split("</select>")[1]
    # links keep the quarter
    assert reverse("performance:indicator-detail", args=["PS"]) + "?as_at=2024-25-Q3" in page


def test_exports_and_the_pdf_keep_the_quarter(client_as, officer):
    _board()
    client = client_as(officer)
    response = client.get(reverse("performance:dashboard-export", args=["csv"]), {"as_at": "2024-25-Q3"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][4] == "2024-25 Q3" and rows[1][5] == "13.0"
    assert "export.csv?as_at=2024-25-Q3" in client.get(DASHBOARD, {"as_at": "2024-25-Q3"}).text
    pdf = client.get(reverse("performance:dashboard-pdf"), {"as_at": "2024-25-Q3"})
    import pypdf

    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    text = " ".join(text.split())
    assert "Figures as at 2024-25 Q3" in text, text
    assert "13.0%" in text and "24.0%" not in text, text


def test_the_indicator_page_shows_the_chosen_quarter_and_nothing_after_it(client_as, board_member):
    indicator = _board()
    response = client_as(board_member).get(
        reverse("performance:indicator-detail", args=[indicator.code]), {"as_at": "2024-25-Q2"}
    )
    history = response.context["history"]
    assert [s.period_label for s in history.values] == ["2024-25 Q2", "2024-25 Q1"]
    assert [t.period.label for t in history.targets] == ["2024-25"]
    assert [c.period.label for c in history.comparators] == ["2023-24"]  # 2024-25's ends after the quarter
    assert "Figures as at 2024-25 Q2" in response.text


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "next-meeting",
            "“next-meeting” is not a quarter. Choose one from the list, or write it like 2026-27-Q2",
        ),
        ("2024-26-Q1", "“2024-26-Q1” is not a quarter."),
        ("2024-25-Q5", "“2024-25-Q5” is not a quarter."),
        ("2031-32-Q1", "There are no figures you can see for 2031-32 Q1. Choose a quarter from the list."),
    ],
)
@pytest.mark.parametrize(
    "url",
    [
        DASHBOARD,
        reverse("performance:indicator-detail", args=["PS"]),
        reverse("performance:dashboard-export", args=["csv"]),
        reverse("performance:dashboard-pdf"),
    ],
)
def test_a_bad_quarter_is_a_clear_message_not_a_500(client_as, officer, url, value, message):
    _board()
    response = client_as(officer).get(url, {"as_at": value})
    assert response.status_code == 400
    assert message in response.text
    assert '<a class="govuk-link" href="' in response.text and "2025-26 Q4" in response.text  # what to choose


def test_a_board_member_cannot_look_at_a_draft_quarter(client_as, board_member, officer):
    indicator = _board()
    IndicatorValueFactory(indicator=indicator, period=quarter(2026, 1), numerator=99, value=Decimal("99.0"))
    QuarterReturnFactory(period=quarter(2026, 1))  # draft
    response = client_as(board_member).get(DASHBOARD, {"as_at": "2026-27-Q1"})
    assert response.status_code == 400 and "no figures you can see for 2026-27 Q1" in response.text
    assert "2026-27 Q1" not in client_as(board_member).get(DASHBOARD).text.split('id="as_at"')[1]
    assert client_as(officer).get(DASHBOARD, {"as_at": "2026-27-Q1"}).status_code == 200


def _long_history(indicator, years):
    for year in years:
        for q in (1, 2, 3, 4):
            IndicatorValueFactory(indicator=indicator, period=quarter(year, q))
            released(quarter(year, q))
        ComparatorFactory(indicator=indicator, period=financial_year(year), area=Comparator.Area.ENGLAND)
        TargetFactory(indicator=indicator, period=financial_year(year))


def test_the_indicator_page_shows_twelve_quarters_unless_all_years_are_asked_for(client_as, board_member):
    indicator = IndicatorFactory(code="LONG")
    _long_history(indicator, range(2002, 2026))  # 24 years
    client = client_as(board_member)
    url = reverse("performance:indicator-detail", args=[indicator.code])
    response = client.get(url)
    history = response.context["history"]
    assert len(history.values) == 12 and len(history.row.trend) == 12
    assert history.values[0].period_label == "2025-26 Q4" and history.values[-1].period_label == "2023-24 Q1"
    assert len(history.comparators) <= 5 and len(history.targets) <= 5
    assert 'href="?all=1">Show all years</a>' in response.text
    everything = client.get(url, {"all": "1"}).context["history"]
    assert len(everything.values) == 96 and not everything.windowed


def test_the_indicator_page_reads_and_draws_the_same_whatever_the_years_of_data(
    client_as, board_member, django_assert_num_queries
):
    """Queries, rows and chart points do not grow with data: 6 years and 24 years give the same page size."""
    short, long = IndicatorFactory(code="SHORT"), IndicatorFactory(code="LONGER")
    _long_history(short, range(2020, 2026))
    _long_history(long, range(2002, 2026))
    client = client_as(board_member)
    client.get(reverse("performance:indicator-detail", args=["SHORT"]))
    shared_cache.clear()  # each page built afresh (a cached one reads none of it)
    with CaptureQueriesContext(connection) as three_years:
        small = client.get(reverse("performance:indicator-detail", args=["SHORT"]))
    shared_cache.clear()
    with django_assert_num_queries(len(three_years.captured_queries)):
        big = client.get(reverse("performance:indicator-detail", args=["LONGER"]))
    assert big.text.count("<tr") == small.text.count("<tr")
    assert big.text.count("<circle") == small.text.count("<circle")
