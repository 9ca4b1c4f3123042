"""Importing figures from a CSV or Excel file: a quarter's figures, or targets and comparators.

Every import runs the same way: read the file into rows → check every row → if any row is wrong, report
each problem as (row number, column, message) and save nothing → otherwise apply every row in one
transaction. Rows whose figures match what is saved are left alone, so importing the same file twice
changes nothing (and writes no history, and keeps no second copy of the file).

Row numbers are the spreadsheet's own: the header is row 1, the first figure row 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cpboard.core.locking import StaleEdit, lock, save_audited
from cpboard.core.tabular import ImportReport, Problem, header_name, missing_columns, parse_number, read_rows
from cpboard.core.uploads import store_upload
from performance.models import Comparator, Indicator, IndicatorValue, Period, QuarterReturn, Source, Target
from performance.services.comparators import comparator_write
from performance.services.figures import FigureEntry, figure_apply, figure_problems, figure_same, value_derive
from performance.services.quarters import quarter_note_change

PURPOSE = "performance-import"

QUARTER_COLUMNS = [
    "indicator_code",
    "indicator_title",
    "what_to_enter",
    "quarter",
    "numerator",
    "denominator",
    "value",
]
QUARTER_COLUMN_NOTES = {
    "indicator_code": "Required. The indicator’s code, exactly as in the template, for example PS-1.",
    "indicator_title": "For reading only: not imported.",
    "what_to_enter": "For reading only: which columns to fill for this indicator.",
    "quarter": "Optional. If filled, it must be the quarter you are importing, written like 2025-26 Q2.",
    "numerator": "For indicators entered as two numbers: the number of children counted. A whole number.",
    "denominator": "For indicators entered as two numbers: the number of children in the group. "
    "A whole number, more than 0 and at least the numerator.",
    "value": "For other indicators: the figure itself. Percentages are 0 to 100 (a % sign is fine). For "
    "indicators entered as two numbers, leave it blank: it is worked out (or, if filled, must match).",
}
BENCHMARK_COLUMNS = ["indicator_code", "indicator_title", "year", "kind", "value", "note"]
BENCHMARK_KINDS = {
    "target": "Target",
    Comparator.Area.ENGLAND: "England average",
    Comparator.Area.STATISTICAL_NEIGHBOURS: "Statistical neighbours (median)",
    Comparator.Area.REGION: "Region average",
}
BENCHMARK_COLUMN_NOTES = {
    "indicator_code": "Required. The indicator’s code, for example PS-1.",
    "indicator_title": "For reading only: not imported.",
    "year": "Required. A financial year written like 2025-26, or an academic year written like 2024/25, "
    "whichever the indicator uses (the template shows which).",
    "kind": "Required. One of: " + ", ".join(BENCHMARK_KINDS) + ".",
    "value": "The figure, in the indicator’s unit. Rows with no value are left as they are.",
    "note": "Optional. For targets only: a short note, such as who agreed it.",
}


# --- A quarter's figures -----------------------------------------------------------------------------


def quarter_template_rows(period: Period | None) -> list[list]:
    """The template's rows: every quarterly indicator in use and, for a quarter, the figures saved for it
    so far, so the file can be filled in, or corrected, and imported again as it is."""
    saved = (
        {v.indicator_id: v for v in IndicatorValue.objects.filter(period=period)}
        if period is not None
        else {}
    )
    rows = []
    for indicator in Indicator.objects.filter(is_active=True, frequency=Indicator.Frequency.QUARTERLY):
        if indicator.is_proportion:
            what = f"numerator ({indicator.numerator_label}) and denominator ({indicator.denominator_label})"
        else:
            what = f"value ({indicator.get_unit_display()})"
        figure = saved.get(indicator.pk)
        numbers: list[int | Decimal | str] = ["", "", ""]
        if figure is not None and indicator.is_proportion:
            numbers = [_number(figure.numerator), _number(figure.denominator), ""]
        elif figure is not None:
            numbers = ["", "", _number(figure.value)]
        rows.append([indicator.code, indicator.title, what, period.label if period else "", *numbers])
    return rows


def _number(number: Decimal | None) -> int | Decimal | str:
    """A saved number as the template writes it: 12, not 12.00; blank when there is none."""
    if number is None:
        return ""
    return int(number) if number == number.to_integral_value() else number.normalize()


@dataclass(frozen=True)
class _QuarterRow:
    row: int
    entry: FigureEntry


def _quarter_row(
    number: int, cells: dict[str, str], indicator: Indicator, period: Period
) -> tuple[FigureEntry | None, list[Problem]]:
    problems: list[Problem] = []
    quarter_text = cells.get("quarter", "")
    if quarter_text:
        try:
            if Period.parse_quarter_label(quarter_text) != (period.year_start, period.quarter):
                problems.append(
                    Problem(
                        number,
                        "quarter",
                        f"This row is for {quarter_text}, but you are importing "
                        f"{period.label}. Import it on that quarter’s page.",
                    )
                )
        except ValueError as error:
            problems.append(Problem(number, "quarter", str(error)))
    parts: dict[str, Decimal | None] = {}
    for part in ("numerator", "denominator", "value"):
        try:
            parts[part] = parse_number(cells.get(part, ""), percent=part == "value")
        except ValueError as error:
            problems.append(Problem(number, part, str(error)))
    if problems:
        return None, problems
    if indicator.is_proportion:
        derived = value_derive(parts["numerator"], parts["denominator"])
        if (
            parts["value"] is not None
            and derived is not None
            and abs(parts["value"] - derived) > Decimal("0.05")
        ):
            problems.append(
                Problem(
                    number,
                    "value",
                    f"The value {parts['value']} does not match the numerator and "
                    f"denominator, which work out as {derived}. Leave the value "
                    "blank and it will be worked out.",
                )
            )
        parts["value"] = None
    elif parts["numerator"] is not None or parts["denominator"] is not None:
        column = "numerator" if parts["numerator"] is not None else "denominator"
        problems.append(
            Problem(
                number,
                column,
                f"{indicator.code} is entered as a single figure: put it in the "
                "value column and leave numerator and denominator blank.",
            )
        )
    for part, message in figure_problems(indicator, **parts).items():
        problems.append(Problem(number, part, message))
    if problems:
        return None, problems
    entry = FigureEntry(
        indicator, numerator=parts["numerator"], denominator=parts["denominator"], value=parts["value"]
    )
    return entry, problems


def quarter_check(header: list[str], rows, period: Period) -> tuple[list[_QuarterRow], ImportReport]:
    report = ImportReport(problems=missing_columns(header, ["indicator_code"]))
    if not {"numerator", "denominator", "value"} & set(header):
        report.problems.append(
            Problem(
                1,
                "numerator, denominator, value",
                "The header row has no numerator, "
                "denominator or value column. Use the template’s header row.",
            )
        )
    if report.problems:
        return [], report
    indicators = {i.code.lower(): i for i in Indicator.objects.all()}
    seen: dict[int, int] = {}
    checked: list[_QuarterRow] = []
    for number, cells in rows:
        if not any(cells.get(part) for part in ("numerator", "denominator", "value")):
            report.skipped += 1
            continue
        code = cells.get("indicator_code", "")
        indicator = indicators.get(code.lower())
        if not code:
            report.problems.append(
                Problem(number, "indicator_code", "Enter the indicator code, for example PS-1.")
            )
            continue
        if indicator is None:
            report.problems.append(
                Problem(
                    number,
                    "indicator_code",
                    f"There is no indicator with the code “{code}”. Check it against the template.",
                )
            )
            continue
        if not indicator.is_active or indicator.frequency != Indicator.Frequency.QUARTERLY:
            report.problems.append(
                Problem(
                    number,
                    "indicator_code",
                    f"{indicator.code} is not a quarterly indicator in use, so it cannot be imported here.",
                )
            )
            continue
        if indicator.pk in seen:
            report.problems.append(
                Problem(
                    number,
                    "indicator_code",
                    f"{indicator.code} is also on row {seen[indicator.pk]}. Keep one row for each indicator.",
                )
            )
            continue
        seen[indicator.pk] = number
        entry, problems = _quarter_row(number, cells, indicator, period)
        report.problems.extend(problems)
        if entry is not None:
            checked.append(_QuarterRow(number, entry))
    return checked, report


def quarter_import(
    *, quarter_return: QuarterReturn, data: bytes, kind: str, name: str, by, version: int | None
) -> ImportReport:
    """Check the whole file; if every row is right, save its figures into the quarter in one transaction.
    `version` is the quarter's version on the import page: a different one, or none, is refused as stale
    (StaleEdit), since importing can send a submitted quarter back to draft."""
    header, rows = read_rows(data, kind)
    if not rows:
        raise ValidationError("The file has no rows of figures under its header row.")
    checked, report = quarter_check(header, rows, quarter_return.period)
    if report.ok:
        _quarter_apply(
            quarter_return, checked, report, data=data, kind=kind, name=name, by=by, version=version
        )
    return report


@transaction.atomic
def _quarter_apply(
    quarter_return: QuarterReturn,
    checked: list[_QuarterRow],
    report: ImportReport,
    *,
    data: bytes,
    kind: str,
    name: str,
    by,
    version: int | None,
) -> None:
    current = lock(quarter_return, "period")
    if version is None or version != current.version:
        raise StaleEdit(current=current)
    if current.is_locked:
        raise ValidationError(
            f"{current.period.label} has been signed off, so figures cannot be imported into it."
        )
    if current.period.is_future:
        raise ValidationError(
            f"{current.period.label} has not started yet, so there can be no figures for it."
        )
    saved = {
        v.indicator_id: v
        for v in IndicatorValue.objects.select_for_update().filter(
            period=current.period, indicator__in=[r.entry.indicator for r in checked]
        )
    }
    planned = []
    for row in checked:
        before = saved.get(row.entry.indicator.pk)
        if before is not None and figure_same(before, row.entry):
            report.unchanged += 1
        else:
            planned.append((row, before))
    if not planned:
        return
    stored = store_upload(data, name=name, kind=kind, purpose=PURPOSE, by=by)
    for row, before in planned:
        figure_apply(
            before,
            row.entry,
            period=current.period,
            by=by,
            reason=f"Imported from {stored.original_name}",
            source=Source.IMPORTED,
            source_file=stored,
            source_row=row.row,
        )
        report.changed += 1
    quarter_note_change(current, by=by, figures_changed=True)


# --- Targets and comparators -------------------------------------------------------------------------


def year_text(indicator: Indicator, year_start: int) -> str:
    return Period.label_for(indicator.annual_kind, year_start, short=True)


def parse_year(text: str, indicator: Indicator) -> int:
    """'2025-26' (financial) or '2024/25' (academic), as the indicator uses. Raises ValueError."""
    import re

    academic = indicator.annual_kind == Period.Kind.ACADEMIC_YEAR
    example = "2024/25" if academic else "2025-26"
    kind_name = "academic years (September to August)" if academic else "financial years (April to March)"
    match = re.fullmatch(r"(\d{4})\s*([-/])\s*(\d{2}|\d{4})", text.strip())
    if not match:
        raise ValueError(
            f"“{text}” is not a year. {indicator.code} uses {kind_name}: write it like {example}."
        )
    start, sep, end = int(match[1]), match[2], int(match[3])
    if end % 100 != (start + 1) % 100:
        raise ValueError(f"“{text}” is not a year: the second year must follow the first, like {example}.")
    if (sep == "/") != academic:
        raise ValueError(f"{indicator.code} uses {kind_name}, so write the year like {example}.")
    return start


def benchmark_template_rows(today=None) -> list[list]:
    today = today or timezone.localdate()
    rows = []
    for indicator in Indicator.objects.filter(is_active=True):
        if indicator.annual_kind == Period.Kind.ACADEMIC_YEAR:
            current = today.year if today.month >= 9 else today.year - 1
        else:
            current = today.year if today.month >= 4 else today.year - 1
        for kind in BENCHMARK_KINDS:
            year = current if kind == "target" else current - 1
            rows.append([indicator.code, indicator.title, year_text(indicator, year), kind, "", ""])
    return rows


@dataclass(frozen=True)
class _BenchmarkRow:
    row: int
    indicator: Indicator
    period_kind: str
    year_start: int
    kind: str
    value: Decimal
    note: str


def _benchmark_value_problem(indicator: Indicator, value: Decimal) -> str:
    if indicator.unit == Indicator.Unit.PERCENT and not (0 <= value <= 100):
        return "Enter a percentage between 0 and 100."
    if indicator.unit != Indicator.Unit.SCORE and value < 0:
        return f"A {indicator.get_unit_display().lower()} cannot be less than 0."
    return ""


def _benchmark_row(
    number: int, cells: dict[str, str], indicator: Indicator
) -> tuple[_BenchmarkRow | None, list[Problem]]:
    problems = []
    kind = header_name(cells.get("kind", ""))
    if kind not in BENCHMARK_KINDS:
        problems.append(
            Problem(
                number,
                "kind",
                f"“{cells.get('kind', '')}” is not a kind. Use one of: " + ", ".join(BENCHMARK_KINDS) + ".",
            )
        )
    year_start = None
    try:
        year_start = parse_year(cells.get("year", ""), indicator)
    except ValueError as error:
        problems.append(Problem(number, "year", str(error)))
    value = None
    try:
        value = parse_number(cells.get("value", ""), percent=True)
    except ValueError as error:
        problems.append(Problem(number, "value", str(error)))
    if value is not None and (message := _benchmark_value_problem(indicator, value)):
        problems.append(Problem(number, "value", message))
    note = cells.get("note", "")
    if note and kind != "target":
        problems.append(
            Problem(number, "note", "Notes are kept for targets only. Leave the note blank for comparators.")
        )
    elif len(note) > 300:
        problems.append(Problem(number, "note", "Keep the note to 300 characters or fewer."))
    period_kind = indicator.annual_kind
    if year_start is not None and kind in Comparator.Area.values:
        _, end = Period.bounds(period_kind, year_start, None)
        if end >= timezone.localdate():
            problems.append(
                Problem(
                    number,
                    "year",
                    f"The {year_text(indicator, year_start)} year has not finished, "
                    "so there can be no published comparator for it yet.",
                )
            )
    # Without problems the year and the value were both read (rows with a blank value are skipped).
    if problems or year_start is None or value is None:
        return None, problems
    return _BenchmarkRow(number, indicator, period_kind, year_start, kind, value, note), []


def benchmark_check(header: list[str], rows) -> tuple[list[_BenchmarkRow], ImportReport]:
    report = ImportReport(problems=missing_columns(header, ["indicator_code", "year", "kind", "value"]))
    if report.problems:
        return [], report
    indicators = {i.code.lower(): i for i in Indicator.objects.all()}
    seen: dict[tuple, int] = {}
    checked = []
    for number, cells in rows:
        if not cells.get("value"):
            report.skipped += 1
            continue
        code = cells.get("indicator_code", "")
        indicator = indicators.get(code.lower())
        if indicator is None:
            message = (
                f"There is no indicator with the code “{code}”. Check it against the template."
                if code
                else "Enter the indicator code, for example PS-1."
            )
            report.problems.append(Problem(number, "indicator_code", message))
            continue
        row, problems = _benchmark_row(number, cells, indicator)
        report.problems.extend(problems)
        if row is None:
            continue
        key = (indicator.pk, row.year_start, row.kind)
        if key in seen:
            report.problems.append(
                Problem(
                    number,
                    "kind",
                    f"{indicator.code} already has a {row.kind} for "
                    f"{year_text(indicator, row.year_start)} on row "
                    f"{seen[key]}. Keep one row for each.",
                )
            )
            continue
        seen[key] = number
        checked.append(row)
    return checked, report


def benchmark_import(*, data: bytes, kind: str, name: str, by) -> ImportReport:
    """Check the whole file of targets and comparators; if every row is right, save them in one transaction."""
    header, rows = read_rows(data, kind)
    if not rows:
        raise ValidationError("The file has no rows under its header row.")
    checked, report = benchmark_check(header, rows)
    if report.ok:
        _benchmark_apply(checked, report, data=data, kind=kind, name=name, by=by)
    return report


def _benchmark_current(row: _BenchmarkRow, periods: dict) -> Target | Comparator | None:
    period = periods.get((row.period_kind, row.year_start))
    if period is None:
        return None
    if row.kind == "target":
        return Target.objects.select_for_update().filter(indicator=row.indicator, period=period).first()
    return (
        Comparator.objects.select_for_update()
        .filter(indicator=row.indicator, period=period, area=row.kind)
        .first()
    )


@transaction.atomic
def _benchmark_apply(
    checked: list[_BenchmarkRow], report: ImportReport, *, data: bytes, kind: str, name: str, by
) -> None:
    periods = {
        (p.kind, p.year_start): p
        for p in Period.objects.filter(kind__in=[Period.Kind.FINANCIAL_YEAR, Period.Kind.ACADEMIC_YEAR])
    }
    planned = []
    for row in checked:
        current = _benchmark_current(row, periods)
        if (
            current is not None
            and current.value == row.value
            and (row.kind != "target" or (isinstance(current, Target) and current.note == row.note))
        ):
            report.unchanged += 1
        else:
            planned.append((row, current))
    if not planned:
        return
    stored = store_upload(data, name=name, kind=kind, purpose=PURPOSE, by=by)
    reason = f"Imported from {stored.original_name}"
    for row, current in planned:
        period = Period.get(row.period_kind, row.year_start)
        if row.kind == "target":
            target = (
                current if isinstance(current, Target) else Target(indicator=row.indicator, period=period)
            )
            target.note, target.value = row.note, row.value
            save_audited(target, by=by, reason=reason, locked=True)
        else:
            comparator_write(
                current
                if isinstance(current, Comparator)
                else Comparator(indicator=row.indicator, period=period, area=row.kind),
                by=by,
                reason=reason,
                value=row.value,
                not_published_reason="",
                source=Source.IMPORTED,
                source_file=stored,
                source_name=stored.original_name[:200],
                source_row=row.row,
                source_note="",
                entered_by=by,
            )
        report.changed += 1
