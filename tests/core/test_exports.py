"""Exports: text a spreadsheet would run as a formula is neutralised; numbers stay numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import RequestFactory
from openpyxl import load_workbook

from cpboard.core.exports import csv_bytes, safe_cell, spreadsheet_response, xlsx_bytes
from cpboard.core.models import SecurityEvent

RISKY = [
    '=HYPERLINK("http://evil.example","Click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\tcmd",
    "\rcmd",
    "=cmd|' /C calc'!A0",
]
HEADER = ["Indicator", "Commentary", "Value"]


def rows():
    return [["HEALTH-ASSESS", text, 12] for text in RISKY] + [
        ["NEG", "Fell by 3", Decimal("-3.5")],
        ["NEG-INT", "Below zero", -7],
        ["DATE", "Quarter end", dt.date(2025, 6, 30)],
    ]


@pytest.mark.parametrize("text", RISKY)
def test_risky_text_gets_a_leading_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", [12, -7, 3.25, Decimal("-3.5"), dt.date(2025, 6, 30)])
def test_numbers_and_dates_are_left_alone(value):
    assert safe_cell(value) == value


def test_ordinary_text_is_left_alone():
    assert safe_cell("Children in care with an up-to-date health check") == (
        "Children in care with an up-to-date health check"
    )
    assert safe_cell(None) == ""
    assert safe_cell(True) == "Yes"


def test_the_csv_holds_no_formula_and_keeps_numbers_as_numbers():
    text = csv_bytes(HEADER, rows()).decode("utf-8-sig")
    read = list(csv.reader(io.StringIO(text)))
    assert read[0] == HEADER
    commentary = [row[1] for row in read[1 : 1 + len(RISKY)]]
    assert commentary == ["'" + text for text in RISKY]
    assert all(not row[1].startswith(("=", "+", "-", "@", "\t", "\r")) for row in read)
    assert read[-3][2] == "-3.5"
    assert read[-2][2] == "-7"
    assert read[-1][2] == "30/06/2025"


def test_the_xlsx_holds_no_formula_and_keeps_numbers_as_numbers():
    sheet = load_workbook(io.BytesIO(xlsx_bytes(HEADER, rows()))).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == tuple(HEADER)
    commentary = [row[1] for row in values[1 : 1 + len(RISKY)]]
    assert all(cell.startswith("'") for cell in commentary)
    # XML stores a carriage return as a line feed; the apostrophe is what matters.
    assert [cell.replace("\n", "\r") for cell in commentary] == ["'" + text for text in RISKY]
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} is a formula"
    assert values[-3][2] == -3.5
    assert values[-2][2] == -7
    assert isinstance(values[-1][2], dt.datetime)
    assert values[-1][2].date() == dt.date(2025, 6, 30)


def test_a_header_that_looks_like_a_formula_is_neutralised_too():
    sheet = load_workbook(io.BytesIO(xlsx_bytes(["=1+1"], []))).active
    assert sheet["A1"].value == "'=1+1"
    assert sheet["A1"].data_type != "f"


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_is_an_attachment_and_is_recorded(officer, fmt):
    request = RequestFactory().get("/export", REMOTE_ADDR="203.0.113.5")
    request.user = officer

    response = spreadsheet_response(fmt, "scorecard-2025-26-q1", HEADER, rows(), request=request)

    assert response["Content-Disposition"] == f'attachment; filename="scorecard-2025-26-q1.{fmt}"'
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.EXPORT)
    assert (event.user, event.ip_address, event.detail) == (
        officer,
        "203.0.113.5",
        f"scorecard-2025-26-q1.{fmt}",
    )
    assert not any(text in event.detail for text in RISKY)  # the contents never reach the log


def test_other_formats_are_not_found():
    from django.http import Http404

    with pytest.raises(Http404):
        spreadsheet_response("html", "x", HEADER, [])
