"""Board members download what they read (issue 9, item 9): CSV, XLSX and PDF of the dashboard, with small
numbers hidden exactly as on screen, and every file named for its quarter and how final it is."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pypdf
import pytest
from django.urls import reverse

from performance.models import Indicator, QuarterReturn
from tests.factories.performance import IndicatorFactory, IndicatorValueFactory, quarter, released

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_count():
    """Three children missing from care in 2025-26 Q1 (a count below 5); the quarter submitted, not signed off."""
    indicator = IndicatorFactory(
        code="MISSING",
        title="Children missing from care",
        unit=Indicator.Unit.COUNT,
        is_proportion=False,
        numerator_label="",
        denominator_label="",
    )
    IndicatorValueFactory(
        indicator=indicator, period=quarter(2025, 1), numerator=None, denominator=None, value=Decimal("3")
    )
    released(quarter(2024, 4))
    released(quarter(2025, 1), status=QuarterReturn.Status.SUBMITTED)
    return indicator


def _csv_row(response):
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return dict(zip(rows[0], rows[1], strict=True))


def _xlsx_row(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, row = ([c.value for c in r] for r in sheet.iter_rows(max_row=2))
    return dict(zip(header, row, strict=True))


def _pdf_text(response) -> str:
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_board_members_are_offered_and_get_all_three_downloads(client_as, board_member, small_count):
    client = client_as(board_member)
    html = client.get(reverse("performance:dashboard")).content.decode()
    for url in (
        reverse("performance:dashboard-export", args=["csv"]),
        reverse("performance:dashboard-export", args=["xlsx"]),
        reverse("performance:dashboard-pdf"),
    ):
        assert f'href="{url}"' in html
        assert client.get(url).status_code == 200, url


def test_a_small_count_reads_fewer_than_5_in_a_board_members_csv_xlsx_and_pdf(
    client_as, board_member, small_count
):
    client = client_as(board_member)
    assert _csv_row(client.get(reverse("performance:dashboard-export", args=["csv"])))["Our figure"] == (
        "fewer than 5"
    )
    assert _xlsx_row(client.get(reverse("performance:dashboard-export", args=["xlsx"])))["Our figure"] == (
        "fewer than 5"
    )
    text = _pdf_text(client.get(reverse("performance:dashboard-pdf")))
    assert "Children missing from care fewer than 5" in text


def test_officers_see_the_count_itself(client_as, officer, small_count):
    row = _csv_row(client_as(officer).get(reverse("performance:dashboard-export", args=["csv"])))
    assert row["Our figure"] == "3"


def test_files_and_the_pdf_title_carry_the_quarter_and_its_status(client_as, board_member, small_count):
    client = client_as(board_member)
    stem = "cpboard-dashboard-2025-26-Q1-provisional"
    for fmt in ("csv", "xlsx"):
        response = client.get(reverse("performance:dashboard-export", args=[fmt]))
        assert response["Content-Disposition"] == f'attachment; filename="{stem}.{fmt}"'
    pdf = client.get(reverse("performance:dashboard-pdf"))
    assert pdf["Content-Disposition"] == f'attachment; filename="{stem}.pdf"'
    reader = pypdf.PdfReader(io.BytesIO(pdf.content))
    assert reader.metadata.title.startswith("Performance scorecard: 2025-26 Q1, provisional")
    assert "how are our children in care doing? 2025-26 Q1, provisional" in _pdf_text(pdf)

    page = client.get(reverse("performance:dashboard")).content.decode()
    assert "<title>Performance dashboard: 2025-26 Q1, provisional" in page
    assert "figures for 2025-26 Q1, provisional</span>" in page


def test_a_signed_off_quarter_says_so_and_no_quarter_says_nothing(client_as, board_member, small_count):
    client = client_as(board_member)
    QuarterReturn.objects.filter(period=quarter(2025, 1)).update(status=QuarterReturn.Status.SIGNED_OFF)
    response = client.get(reverse("performance:dashboard-export", args=["csv"]))
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="cpboard-dashboard-2025-26-Q1-signed-off.csv"'
    )
    QuarterReturn.objects.all().delete()
    response = client.get(reverse("performance:dashboard-export", args=["csv"]))
    assert response["Content-Disposition"] == 'attachment; filename="cpboard-dashboard.csv"'
