"""The small-number rule on every page a figure of ours appears on: a cohort of 3 ("0 of 3") and one child
left out ("6 of 7") are hidden from people without core.view_small_numbers, and officers see them."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories.performance import IndicatorFactory, IndicatorValueFactory, quarter, released

pytestmark = pytest.mark.django_db

HIDDEN = "not shown: fewer than 5 children"


@pytest.fixture
def small_cohorts():
    """Two percentages whose numerators are not small but which still identify children."""
    zero = IndicatorFactory(code="ZERO-OF-3", title="Care leavers in custody", order=1)
    six = IndicatorFactory(code="SIX-OF-7", title="Reviews held on time", order=2)
    released(quarter(2025, 1))
    return {
        "zero": IndicatorValueFactory(
            indicator=zero, period=quarter(2025, 1), numerator=0, denominator=3, value=Decimal("0.0")
        ),
        "six": IndicatorValueFactory(
            indicator=six, period=quarter(2025, 1), numerator=6, denominator=7, value=Decimal("85.7")
        ),
    }


def _gone(html: str) -> None:
    for revealing in ("0.0%", "85.7%", "0 of 3", "6 of 7"):
        assert revealing not in html, revealing


def test_dashboard_hides_a_small_cohort_and_a_small_complement(
    client_as, board_member, officer, small_cohorts
):
    html = client_as(board_member).get(reverse("performance:dashboard")).content.decode()
    _gone(html)
    assert html.count(HIDDEN) == 2
    officer_html = client_as(officer).get(reverse("performance:dashboard")).content.decode()
    assert "0.0%" in officer_html and "85.7%" in officer_html and HIDDEN not in officer_html


@pytest.mark.parametrize("which", ["zero", "six"])
def test_indicator_page_and_explain_this_number(client_as, board_member, officer, small_cohorts, which):
    value = small_cohorts[which]
    page = reverse("performance:indicator-detail", args=[value.indicator.code])
    explain = reverse("performance:value-detail", args=[value.pk])
    board = client_as(board_member)
    for url in (page, explain):
        html = board.get(url).content.decode()
        _gone(html)
        assert HIDDEN in html
    assert "How it is worked out" not in board.get(explain).content.decode()

    officer_client = client_as(officer)
    counted = {"zero": ("0.0%", "0 of 3"), "six": ("85.7%", "6 of 7")}[which]
    officer_page = officer_client.get(page).content.decode()
    assert all(text in officer_page for text in counted)
    officer_explain = officer_client.get(explain).content.decode()
    assert counted[0] in officer_explain and "How it is worked out" in officer_explain


def test_export_hides_them_from_a_scrutiny_officer_not_an_officer(
    client_as, scrutiny_officer, officer, small_cohorts
):
    def figures(user):
        response = client_as(user).get(reverse("performance:dashboard-export", args=["csv"]))
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        return {row[1]: row[5] for row in rows[1:]}

    assert figures(scrutiny_officer) == {"ZERO-OF-3": HIDDEN, "SIX-OF-7": HIDDEN}
    assert figures(officer) == {"ZERO-OF-3": "0.0", "SIX-OF-7": "85.7"}  # numbers stay numbers, as shown


@pytest.mark.parametrize("which", ["zero", "six"])
def test_history_page_hides_every_part(client_as, board_member, officer, small_cohorts, which):
    value = small_cohorts[which]
    url = reverse("core:record-history", args=["performance", "indicatorvalue", value.pk])

    def parts(user):
        entries = client_as(user).get(url).context["entries"]
        return {
            c.field: c.new
            for e in entries
            for c in e.changes
            if c.field in ("Numerator", "Denominator", "Value")
        }

    assert parts(board_member) == dict.fromkeys(("Numerator", "Denominator", "Value"), HIDDEN)
    assert HIDDEN not in parts(officer).values()


def test_a_hidden_point_is_not_plotted_or_labelled(client_as, board_member, officer):
    indicator = IndicatorFactory(code="TREND", title="Health checks")
    for q, (num, den) in enumerate([(12, 120), (6, 7), (13, 130)], start=1):
        IndicatorValueFactory(
            indicator=indicator,
            period=quarter(2025, q),
            numerator=num,
            denominator=den,
            value=(Decimal(num) / den * 100).quantize(Decimal("0.1")),
        )
        released(quarter(2025, q))
    board = client_as(board_member)
    row = board.get(reverse("performance:dashboard")).context["scorecard"].rows[0]
    assert [p.text for p in row.spark.series[0].points] == ["10.0%", "10.0%"]
    page = board.get(reverse("performance:indicator-detail", args=[indicator.code]))
    assert [p.text for p in page.context["chart"].series[0].points] == ["10.0%", "10.0%"]
    html = page.content.decode()
    assert "85.7%" not in html and "6 of 7" not in html

    officer_row = client_as(officer).get(reverse("performance:dashboard")).context["scorecard"].rows[0]
    assert [p.text for p in officer_row.spark.series[0].points] == ["10.0%", "85.7%", "10.0%"]


def test_a_true_zero_of_a_large_cohort_and_all_of_it_are_shown(client_as, board_member):
    none_of = IndicatorFactory(code="NONE", title="Children missing education", order=1)
    all_of = IndicatorFactory(code="ALL", title="Children with a health assessment", order=2)
    IndicatorValueFactory(indicator=none_of, period=quarter(2025, 1), numerator=0, denominator=40, value=0)
    IndicatorValueFactory(indicator=all_of, period=quarter(2025, 1), numerator=40, denominator=40, value=100)
    released(quarter(2025, 1))
    html = client_as(board_member).get(reverse("performance:dashboard")).content.decode()
    assert "0.0%" in html and "100.0%" in html and HIDDEN not in html


def test_a_published_percentage_without_counts_is_shown(client_as, board_member):
    """DfE annual figures come with a value and no numerator: the Department has already applied its
    own disclosure control, so there is nothing for ours to test."""
    from tests.factories.performance import financial_year

    indicator = IndicatorFactory(code="DFE", title="Care leavers in education", frequency="annual")
    IndicatorValueFactory(
        indicator=indicator,
        period=financial_year(2024),
        numerator=None,
        denominator=None,
        value=Decimal("3.0"),
    )
    row = client_as(board_member).get(reverse("performance:dashboard")).context["scorecard"].rows[0]
    assert row.latest.text == "3.0%"
