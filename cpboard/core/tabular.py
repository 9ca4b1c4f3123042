"""Reading a spreadsheet upload (CSV or XLSX) into numbered rows, and reporting problems row by row.

Every whole-file import in the project uses this: read the file → check every row, collecting a `Problem`
(row, column, message) for each thing wrong → save nothing unless the report is clean → apply in one
transaction. Row numbers are the spreadsheet's own: the header is row 1, the first data row 2.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from cpboard.core.formulas import restore

MAX_ROWS = 5000


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    problems: list[Problem] = field(default_factory=list)
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def header_name(value) -> str:
    """ "Indicator Code", "indicator-code" -> "indicator_code"."""
    return str(value or "").strip().lower().replace(" ", "_").replace("-", "_")


def _cell(value) -> str:
    """A cell as text. Text our exports neutralised against formulas ('-INJ) reads back as it was (-INJ)."""
    if value is None:
        return ""
    if isinstance(value, float):
        value = Decimal(repr(value))
    return restore(str(value).strip()).strip()


def read_rows(data: bytes, kind: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """(header, [(row number, {column: text})]) from a CSV or XLSX file, skipping wholly blank rows."""
    if kind == "xlsx":
        raw = _xlsx_rows(data)
    else:
        raw = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    header: list[str] = []
    rows = []
    for number, cells in enumerate(raw, start=1):
        texts = [_cell(c) for c in cells]
        if not header:
            if not any(texts):
                continue
            header = [header_name(t) for t in texts]
            continue
        if not any(texts):
            continue
        rows.append(
            (number, {name: (texts[i] if i < len(texts) else "") for i, name in enumerate(header) if name})
        )
        if len(rows) > MAX_ROWS:
            raise ValidationError(f"The file has more than {MAX_ROWS:,} rows. Split it into smaller files.")
    return header, rows


def _xlsx_rows(data: bytes):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error for a damaged workbook
        raise ValidationError(
            "The workbook could not be read. Save it again as “Excel Workbook” and retry."
        ) from None
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()


def parse_number(text: str, *, percent: bool = False) -> Decimal | None:
    """'1,234' → 1234; '45.5%' → 45.5 (percent only); '' → None. Raises ValueError with a plain message."""
    cleaned = text.replace(",", "").strip()
    if percent and cleaned.endswith("%"):
        cleaned = cleaned[:-1].strip()
    if not cleaned:
        return None
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"“{text}” is not a number. Write it like 12 or 12.5.") from None
    if not number.is_finite():
        raise ValueError(f"“{text}” is not a number. Write it like 12 or 12.5.")
    if abs(number) >= Decimal(10) ** 10:  # checked before rounding, which fails on huge exponents
        raise ValueError(f"“{text}” is too large. Check the number.")
    return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def missing_columns(header: list[str], required: list[str]) -> list[Problem]:
    missing = [c for c in required if c not in header]
    if not missing:
        return []
    names = ", ".join(missing)
    return [Problem(1, names, f"The header row has no {names} column. Use the template’s header row.")]


def refused_message(problem_count: int) -> str:
    """What a whole-file import says, next to the file field, when it saved nothing because of problems."""
    problems = "1 problem" if problem_count == 1 else f"{problem_count} problems"
    return f"The file has {problems}, listed below. Nothing has been imported: correct the file and upload it again."
