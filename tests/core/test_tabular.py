"""The shared spreadsheet reader every whole-file import uses."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from cpboard.core import tabular


def _xlsx(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_csv_rows_keep_the_spreadsheet_row_numbers_and_skip_blank_rows():
    data = "\ufeffIndicator Code,Value\nPS-1,12\n,\nDENTAL, 85% \n".encode()
    header, rows = tabular.read_rows(data, "csv")
    assert header == ["indicator_code", "value"]
    assert rows == [
        (2, {"indicator_code": "PS-1", "value": "12"}),
        (4, {"indicator_code": "DENTAL", "value": "85%"}),
    ]


def test_xlsx_numbers_arrive_as_exact_text():
    header, rows = tabular.read_rows(
        _xlsx([["indicator_code", "value"], ["PS-1", 12.3], ["CIC", 215]]), "xlsx"
    )
    assert [r[1]["value"] for r in rows] == ["12.3", "215"]
    assert rows[0][0] == 2


def test_a_damaged_workbook_gets_a_plain_message():
    with pytest.raises(ValidationError, match="could not be read"):
        tabular.read_rows(b"PK\x03\x04 not really a workbook", "xlsx")


def test_too_many_rows_are_refused(settings):
    data = ("code,value\n" + "X,1\n" * (tabular.MAX_ROWS + 1)).encode()
    with pytest.raises(ValidationError, match="more than 5,000 rows"):
        tabular.read_rows(data, "csv")


@pytest.mark.parametrize(
    ("text", "percent", "expected"),
    [
        ("1,234", False, Decimal("1234.00")),
        ("45.5%", True, Decimal("45.50")),
        ("", False, None),
        (" 7 ", False, Decimal("7.00")),
    ],
)
def test_numbers_are_read_as_people_write_them(text, percent, expected):
    assert tabular.parse_number(text, percent=percent) == expected


@pytest.mark.parametrize("text", ["twelve", "NaN", "1e400", "45%"])
def test_what_is_not_a_number_is_said_plainly(text):
    with pytest.raises(ValueError, match="not a number|too large"):
        tabular.parse_number(text)


def test_missing_columns_are_reported_against_the_header_row():
    problems = tabular.missing_columns(["indicator_code"], ["indicator_code", "value"])
    assert problems == [
        tabular.Problem(1, "value", "The header row has no value column. Use the template’s header row.")
    ]
