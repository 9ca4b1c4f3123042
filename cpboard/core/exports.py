"""The one way figures leave as spreadsheets. Text that a spreadsheet would run as a formula is neutralised:
text cells starting with =, +, -, @, tab or carriage return get a leading apostrophe (the rule, and its
inverse for imports, is `cpboard.core.formulas`). Numbers stay numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse

from cpboard.core.formulas import neutralise

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """Return the value to write: numbers and dates unchanged, risky text prefixed with an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float | Decimal | dt.date):
        return value
    return neutralise(str(value))


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([_csv_text(safe_cell(v)) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM so Excel reads UTF-8


def _csv_text(value):
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return value


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence], *, title: str = "Figures") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([safe_cell(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_xlsx_value(safe_cell(v)) for v in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never let openpyxl treat text as a formula
            elif isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_value(value):
    return float(value) if isinstance(value, Decimal) else value


def spreadsheet_response(
    fmt: str,
    filename: str,
    header: Sequence[str],
    rows: Iterable[Sequence],
    *,
    request=None,
    title: str = "Figures",
) -> HttpResponse:
    """A CSV or XLSX download. Records the export in the security log when a request is given."""
    if fmt == "xlsx":
        body, content_type = xlsx_bytes(header, rows, title=title), XLSX_CONTENT_TYPE
    elif fmt == "csv":
        body, content_type = csv_bytes(header, rows), "text/csv; charset=utf-8"
    else:
        from django.http import Http404

        raise Http404("Downloads are CSV or XLSX.")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    if request is not None:
        from cpboard.core.security_log import record_event

        record_event(request, "export", detail=f"{filename}.{fmt}")
    return response
