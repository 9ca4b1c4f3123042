"""The board's dashboard, indicator page and "explain this number"."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from performance.models import Comparator, Indicator, OutcomeArea, QuarterReturn
from tests.factories.performance import (
    ComparatorFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    OutcomeAreaFactory,
    QuarterReturnFactory,
    TargetFactory,
    financial_year,
    quarter,
    released,
)

pytestmark = pytest.mark.django_db


def _placement_stability(code="PS-3PLUS", **kwargs):
    indicator = IndicatorFactory(
        code=code, title=kwargs.pop("title", "Three or more placements in the year"), **kwargs
    )
    for q, (num, den) in enumerate([(14, 140), (13, 138), (12, 135), (16, 130)], start=1):
        IndicatorValueFactory(
            indicator=indicator,
            period=quarter(2024, q),
            numerator=num,
            denominator=den,
            value=round(Decimal(num) / den * 100, 1),
        )
    IndicatorValueFactory(
        indicator=indicator, period=quarter(2025, 1), numerator=15, denominator=125, value=Decimal("12.0")
    )
    released(*(quarter(2024, q) for q in (1, 2, 3, 4)), quarter(2025, 1))
    TargetFactory(indicator=indicator, period=financial_year(2025), value=Decimal("9.0"))
    ComparatorFactory(
        indicator=indicator, period=financial_year(2024), area=Comparator.Area.ENGLAND, value=Decimal("10.0")
    )
    ComparatorFactory(
        indicator=indicator,
        period=financial_year(2024),
        area=Comparator.Area.STATISTICAL_NEIGHBOURS,
        value=Decimal("11.0"),
    )
    return indicator


def _small_count(code):
    """A count indicator whose latest figure (3 children) is below the small-number threshold."""
    indicator = IndicatorFactory(
        code=code,
        title="Children missing from care",
        unit=Indicator.Unit.COUNT,
        is_proportion=False,
        numerator_label="",
        denominator_label="",
    )
    IndicatorValueFactory(
        indicator=indicator, period=quarter(2025, 1), numerator=None, denominator=None, value=Decimal("3")
    )
    released(quarter(2025, 1))
    return indicator


def test_board_member_sees_rag_direction_and_comparators(client_as, board_member):
    _placement_stability()
    response = client_as(board_member).get(reverse("performance:dashboard"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Three or more placements in the year" in html
    assert "12.0%" in html  # latest, 2025-26 Q1
    assert "2025-26 Q1" in html
    assert "9.0%" in html  # target
    assert ">Red<" in html  # 12.0 vs 9.0 with 1.0 tolerance, lower is better
    assert "Down 0.3 percentage points since 2024-25 Q4 — better" in html  # 16/130 = 12.3 -> 12.0
    assert "Up 2.0 percentage points since 2024-25 Q1 — worse" in html  # 10.0 -> 12.0
    assert "10.0%" in html and "11.0%" in html  # England and neighbours
    assert "<svg" in html


def test_rag_counts_and_filters(client_as, board_member):
    _placement_stability()
    healthy = OutcomeAreaFactory(slug="being-healthy", name="Being healthy", order=1)
    green = IndicatorFactory(
        code="DENTAL", title="Dental checks", polarity=Indicator.Polarity.HIGHER, outcome_area=healthy
    )
    IndicatorValueFactory(
        indicator=green, period=quarter(2025, 1), numerator=90, denominator=100, value=Decimal("90.0")
    )
    TargetFactory(indicator=green, period=financial_year(2025), value=Decimal("85"))
    client = client_as(board_member)

    everything = client.get(reverse("performance:dashboard")).context["scorecard"]
    assert everything.rag_counts == {"red": 1, "amber": 0, "green": 1, "none": 0}

    reds = client.get(reverse("performance:dashboard"), {"rag": "red"}).content.decode()
    assert "Three or more placements" in reds and "Dental checks" not in reds

    healthy_only = client.get(reverse("performance:dashboard"), {"area": "being-healthy"}).content.decode()
    assert "Dental checks" in healthy_only and "Three or more placements" not in healthy_only


def test_no_target_is_said_plainly(client_as, board_member):
    indicator = IndicatorFactory(code="NOTARGET", title="Reviews on time", polarity=Indicator.Polarity.HIGHER)
    IndicatorValueFactory(
        indicator=indicator, period=quarter(2025, 1), numerator=80, denominator=100, value=Decimal("80.0")
    )
    released(quarter(2025, 1))
    html = client_as(board_member).get(reverse("performance:dashboard")).content.decode()
    assert "No target set" in html
    assert "Not rated" in html


def test_small_numbers_hidden_from_board_members_but_not_officers(client_as, board_member, officer):
    _small_count("SMALL")
    board = client_as(board_member).get(reverse("performance:dashboard"))
    assert board.context["scorecard"].rows[0].latest.text == "fewer than 5"
    assert ">fewer than 5</a>" in board.content.decode()  # the cell itself, not the note under the table
    officer_row = client_as(officer).get(reverse("performance:dashboard")).context["scorecard"].rows[0]
    assert officer_row.latest.text == "3"


def test_percentage_built_on_a_small_count_is_hidden(client_as, board_member):
    indicator = IndicatorFactory(code="SMALLPC", title="Care leavers in higher education")
    value = IndicatorValueFactory(
        indicator=indicator, period=quarter(2025, 1), numerator=2, denominator=20, value=Decimal("10.0")
    )
    released(quarter(2025, 1))
    client = client_as(board_member)
    html = client.get(reverse("performance:dashboard")).content.decode()
    assert "fewer than 5" in html and "10.0%" not in html
    explain = client.get(reverse("performance:value-detail", args=[value.pk])).content.decode()
    assert "10.0%" not in explain and "2 " not in explain.split("How it is worked out")[-1][:40]


def test_dashboard_runs_a_fixed_number_of_queries(client_as, board_member, django_assert_num_queries):
    """Built (the figures changed since it was last cached) or read from the shared cache, the dashboard runs
    a fixed number of queries whatever the amount of data; read from the cache, fewer than before it had one
    (18)."""
    with connection.cursor() as cursor:  # this test runs in one transaction: count each write at once, as a
        cursor.execute("SET CONSTRAINTS cpboard_figures_changed IMMEDIATE")  # commit would
    client = client_as(board_member)
    _placement_stability("A1")
    client.get(reverse("performance:dashboard"))  # warm the session and the cache
    with CaptureQueriesContext(connection) as cached:
        client.get(reverse("performance:dashboard"))
    # session, person, roles, permissions, outcome areas, quarters, generation, cache, returns
    assert len(cached.captured_queries) <= 13
    OutcomeArea.objects.update(name="Stable homes")  # any write to the figures' tables: built afresh
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("performance:dashboard"))
    assert len(small.captured_queries) > len(cached.captured_queries)
    area = OutcomeArea.objects.get()
    for n in range(8):
        indicator = IndicatorFactory(code=f"MORE{n}", outcome_area=area)
        for year in range(2019, 2026):
            TargetFactory(indicator=indicator, period=financial_year(year), value=Decimal("9"))
            for q in range(1, 5):
                IndicatorValueFactory(indicator=indicator, period=quarter(year, q))
                released(quarter(year, q))
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("performance:dashboard"))


def test_indicator_page_has_chart_with_text_alternative_and_table(client_as, board_member):
    indicator = _placement_stability()
    client = client_as(board_member)
    response = client.get(reverse("performance:indicator-detail", args=[indicator.code]))
    html = response.content.decode()
    assert '<svg class="cp-chart__svg cp-chart__svg--wide"' in html and "cp-chart__svg--narrow" in html
    assert "<desc" in html and "went from 10.0% (30/06/2024) to 12.0% (30/06/2025)" in html
    assert "Questions to ask" in html and "Why did these children move?" in html
    assert "Statistical neighbours (median)" in html  # legend
    assert "15 of 125" in html  # counted, in the table of every figure


def test_indicator_page_query_count_does_not_grow_with_history(
    client_as, board_member, django_assert_num_queries
):
    indicator = _placement_stability()
    client = client_as(board_member)
    client.get(reverse("performance:indicator-detail", args=[indicator.code]))
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("performance:indicator-detail", args=[indicator.code]))
    for year in range(2015, 2024):
        for q in range(1, 5):
            IndicatorValueFactory(indicator=indicator, period=quarter(year, q))
            released(quarter(year, q))
        ComparatorFactory(indicator=indicator, period=financial_year(year), area=Comparator.Area.ENGLAND)
    with django_assert_num_queries(len(before.captured_queries)):
        client.get(reverse("performance:indicator-detail", args=[indicator.code]))


def test_explain_this_number_gives_definition_source_and_history_link(client_as, board_member, officer):
    indicator = _placement_stability()
    value = indicator.values.get(period=quarter(2025, 1))
    value.entered_by = officer
    value.source_row = 7
    value.save()
    html = client_as(board_member).get(reverse("performance:value-detail", args=[value.pk])).content.decode()
    assert indicator.definition in html
    assert indicator.cohort in html
    assert "15 children with three or more placements, out of 125 all children in care" in html
    assert "Entered by an officer" in html and str(officer) in html
    assert reverse("core:record-history", args=["performance", "indicatorvalue", value.pk]) in html


def test_export_keeps_numbers_as_numbers_and_neutralises_formulas(client_as, officer):
    _placement_stability(title='=HYPERLINK("http://evil")')
    client = client_as(officer)
    response = client.get(reverse("performance:dashboard-export", args=["csv"]))
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="cpboard-dashboard-2025-26-Q1-signed-off.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][2].startswith("'=HYPERLINK")
    assert rows[1][5] == "12.0"  # at the precision it is shown and rated (presentation.as_shown)

    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("performance:dashboard-export", args=["xlsx"])).content)
    )
    sheet = workbook.active
    assert sheet.cell(row=2, column=3).value.startswith("'=")
    assert sheet.cell(row=2, column=6).value == 12.0


def test_scorecard_pdf_has_the_figures_and_no_small_numbers_or_outside_fetches(client_as, scrutiny_officer):
    import pypdf

    _placement_stability(title="Three or more placements in the year")
    _small_count("SMALLPDF")
    response = client_as(scrutiny_officer).get(reverse("performance:dashboard-pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Three or more placements in the year" in text
    assert "12.0%" in text and "Red" in text
    assert "Children missing from care fewer than 5" in text  # the row, not only the note
    assert "/EmbeddedFiles" not in str(reader.trailer["/Root"])


def test_dashboard_reads_back_from_the_newest_figure_not_from_today(client_as, board_member):
    """A council whose newest figures are years old still sees them, with their trend and comparisons."""
    indicator = IndicatorFactory(code="OLD", title="Reviews held on time", polarity=Indicator.Polarity.HIGHER)
    for q in (1, 2, 3, 4):
        IndicatorValueFactory(
            indicator=indicator,
            period=quarter(2012, q),
            numerator=80 + q,
            denominator=100,
            value=Decimal(80 + q),
        )
        released(quarter(2012, q))
    TargetFactory(indicator=indicator, period=financial_year(2012), value=Decimal("83"))
    row = client_as(board_member).get(reverse("performance:dashboard")).context["scorecard"].rows[0]
    assert (row.latest.text, row.latest.period_label) == ("84.0%", "2012-13 Q4")
    assert row.rag.code == "green"
    assert row.direction_previous.words == "Up 1.0 percentage points since 2012-13 Q3 — better"
    assert len(row.trend) == 4


def test_every_figure_on_the_dashboard_can_be_explained(client_as, board_member):
    indicator = _placement_stability()
    html = client_as(board_member).get(reverse("performance:dashboard")).content.decode()
    latest = indicator.values.get(period=quarter(2025, 1))
    target = indicator.targets.get()
    england = indicator.comparators.get(area=Comparator.Area.ENGLAND)
    assert reverse("performance:value-detail", args=[latest.pk]) in html
    assert reverse("core:record-history", args=["performance", "target", target.pk]) in html
    assert reverse("performance:comparator-detail", args=[england.pk]) in html


def test_board_member_can_open_the_history_of_an_indicator_definition(client_as, board_member):
    indicator = _placement_stability()
    client = client_as(board_member)
    html = client.get(reverse("performance:indicator-detail", args=[indicator.code])).content.decode()
    history = reverse("core:record-history", args=["performance", "indicator", indicator.pk])
    assert history in html
    assert client.get(history).status_code == 200


def test_indicator_page_shows_what_officers_said_about_recent_quarters(client_as, board_member):
    signed_off = QuarterReturn.Status.SIGNED_OFF
    QuarterReturnFactory(
        period=quarter(2025, 1), status=signed_off, commentary="Two sibling groups moved together in May."
    )
    QuarterReturnFactory(period=quarter(2023, 1), status=signed_off, commentary="Too old to show.")
    indicator = _placement_stability()
    html = (
        client_as(board_member)
        .get(reverse("performance:indicator-detail", args=[indicator.code]))
        .content.decode()
    )
    assert "What officers said" in html
    assert "Two sibling groups moved together in May." in html
    assert "Too old to show." not in html


def test_explain_this_number_says_where_its_quarter_stands_and_what_officers_said(client_as, board_member):
    QuarterReturnFactory(
        period=quarter(2025, 1),
        status=QuarterReturn.Status.SUBMITTED,
        commentary="Placement moves rose after two homes closed.",
    )
    indicator = _placement_stability()
    value = indicator.values.get(period=quarter(2025, 1))
    html = client_as(board_member).get(reverse("performance:value-detail", args=[value.pk])).content.decode()
    assert "Submitted for sign-off" in html
    assert "Placement moves rose after two homes closed." in html


def test_history_of_a_figure_does_not_reveal_small_numbers_to_board_members(client_as, board_member, officer):
    indicator = IndicatorFactory(code="SMALLHIST", title="Care leavers at university")
    value = IndicatorValueFactory(
        indicator=indicator, period=quarter(2025, 1), numerator=3, denominator=30, value=Decimal("10.0")
    )
    released(quarter(2025, 1))
    value.numerator, value.value = 12, Decimal("40.0")
    value.save()
    url = reverse("core:record-history", args=["performance", "indicatorvalue", value.pk])

    board_changes = [
        (c.field, c.old, c.new)
        for e in client_as(board_member).get(url).context["entries"]
        for c in e.changes
    ]
    # 3 of 30 is a percentage, so its parts read as the proportion wording (the hidden part need not be
    # the numerator, so "fewer than 5" alone could be untrue of it)
    assert ("Numerator", "not shown: fewer than 5 children", "12") in board_changes
    assert all("3" not in (old, new) for _, old, new in board_changes)

    officer_changes = [
        (c.field, c.old, c.new) for e in client_as(officer).get(url).context["entries"] for c in e.changes
    ]
    assert ("Numerator", "3", "12") in officer_changes


def test_dashboard_says_how_fresh_and_final_the_quarterly_figures_are(client_as, board_member):
    QuarterReturnFactory(period=quarter(2024, 4), status=QuarterReturn.Status.SIGNED_OFF)
    QuarterReturnFactory(period=quarter(2025, 1), status=QuarterReturn.Status.SUBMITTED)
    _placement_stability()
    html = client_as(board_member).get(reverse("performance:dashboard")).content.decode()
    assert "The newest quarterly figures (2025-26 Q1) are provisional: submitted for sign-off." in html
    assert "The last quarter signed off was 2024-25 Q4." in html
