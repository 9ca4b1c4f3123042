"""Published DfE comparators for the indicator catalogue.

Pure Python (``csv`` + ``decimal``): no Django, no pandas. It reads the Explore Education Statistics files in
the DfE data folder (see that folder's README.md) and returns, for one local authority, every published year
of each measure for four areas:

* ``la``: the authority's own figure (unrounded in the files);
* ``england``: the ``National`` row (DfE rounds national counts to the nearest 10);
* ``region``: the ``Regional`` row whose ``region_code`` matches the authority's own rows. London boroughs
  carry Inner London (E13000001) or Outer London (E13000002), not London (E12000007);
* ``statistical_neighbours``: the median of the published values of the authority's ten statistical
  neighbours (2025 model, ``sn_model_2025_wide.csv``). Only for rates, percentages and scores, never counts.

Each file is read once, streamed row by row, whatever the number of measures that use it.
"""

from __future__ import annotations

import csv
import re
import statistics
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import cast

from performance.reference.dfe_measures import (
    _F_NUMBERS,
    ACADEMIC_YEAR,
    AREA_ENGLAND,
    AREA_LA,
    AREA_NEIGHBOURS,
    AREA_ORDER,
    AREA_REGION,
    FINANCIAL_YEAR,
    MEASURES,
    MIN_NEIGHBOURS_PUBLISHED,
    NEIGHBOURS_FILE,
    Measure,
)

NOT_PUBLISHED_REASONS = {
    "c": "Suppressed to protect confidentiality (small numbers)",
    "z": "Not applicable",
    "x": "Not available",
    "k": "Fewer than 0.5 (rounds to zero)",
    "low": "Low number, not published",
    "u": "Low reliability, not published",
}
NOT_PUBLISHED_OTHER = "Not published"

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_YEARS_MONTHS = re.compile(r"^(\d+):(\d{1,2})$")
_DAYS_PER_MONTH = Decimal("365.25") / 12


@dataclass(frozen=True)
class DfeFigure:
    measure: str  # the MEASURES key (the catalogue's dfe_measure)
    period_kind: str  # "financial_year" | "academic_year"
    year_start: int  # 2024 = year ending 31 March 2025, or academic year 2024/25
    area: str  # "la" | "england" | "region" | "statistical_neighbours"
    value: Decimal | None  # None when suppressed / not published
    not_published_reason: str  # "" when value present
    source_file: str
    source_row: int  # 1-based line in the file (header = 1); 0 for the neighbours' median
    source_note: str = ""

    @property
    def period_label(self) -> str:
        end = self.year_start + 1
        if self.period_kind == ACADEMIC_YEAR:
            return f"{self.year_start}/{str(end)[-2:]} academic year"
        return f"Year ending 31 March {end}"


@dataclass
class _Cell:
    value: Decimal | None
    reason: str
    row: int


# Matching rows of one file: {(measure, level, code): {year_start: cell}}; level is "england" (code ""),
# "region" (region_code) or "la" (old_la_code).
_Hits = dict[tuple[str, str, str], dict[int, _Cell]]


def year_start(time_period: str, period_kind: str) -> int:
    """DfE time_period -> first calendar year of the period ("2025" -> 2024; "202425" -> 2024)."""
    tp = time_period.strip()
    if len(tp) == 6 and tp.isdigit():
        return int(tp[:4])
    if len(tp) == 4 and tp.isdigit() and period_kind == FINANCIAL_YEAR:
        return int(tp) - 1
    raise ValueError(f"Unexpected DfE time_period {time_period!r} for a {period_kind}")


def parse_value(raw: str, value_format: str = "number") -> tuple[Decimal | None, str]:
    """A DfE cell -> (value, reason). Suppression symbols give (None, plain-English reason)."""
    text = raw.strip()
    if value_format == "years_months":
        match = _YEARS_MONTHS.match(text)
        if match:
            months = int(match.group(1)) * 12 + int(match.group(2))
            return (months * _DAYS_PER_MONTH).quantize(Decimal("1")), ""
    elif _NUMBER.match(text):
        return Decimal(text), ""
    return None, NOT_PUBLISHED_REASONS.get(text.lower(), NOT_PUBLISHED_OTHER)


def _read_neighbour_model(data_dir: Path) -> dict[str, tuple[str, list[str]]]:
    """{old_la_code: (la_name, [ten neighbour codes, closest first])}"""
    model = {}
    with open(Path(data_dir) / NEIGHBOURS_FILE, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            code = row["old_la_code"].strip()
            model[code] = (row["la_name"].strip(), [row[f"SN_{i}"].strip() for i in range(1, 11)])
    return model


def _names_from_data(data_dir: Path) -> dict[str, str]:
    """Names for authorities the 2025 neighbour model lacks (e.g. 909 Cumbria, 928 Northamptonshire)."""
    names = {}
    with open(Path(data_dir) / _F_NUMBERS, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["geographic_level"] == "Local authority":
                names[row["old_la_code"].strip()] = row["la_name"].strip()
    return names


def la_name(data_dir: Path, la_code: str) -> str:
    """The authority's name for a DfE old_la_code ("813" -> "North Lincolnshire"); KeyError if unknown."""
    model = _read_neighbour_model(data_dir)
    if la_code in model:
        return model[la_code][0]
    names = _names_from_data(data_dir)
    if la_code in names:
        return names[la_code]
    raise KeyError(f"No local authority with DfE code {la_code!r}")


def statistical_neighbours(data_dir: Path, la_code: str) -> list[tuple[str, str]]:
    """The authority's ten statistical neighbours (2025 model), closest first, as (old_la_code, name).

    Empty for an authority the 2025 model does not cover (abolished councils)."""
    model = _read_neighbour_model(data_dir)
    if la_code not in model:
        la_name(data_dir, la_code)  # raises KeyError for an unknown code
        return []
    return [(code, model[code][0] if code in model else code) for code in model[la_code][1]]


def _scan_file(
    data_dir: Path, file_name: str, measures: dict[str, Measure], la_codes: set[str], la_code: str
) -> tuple[_Hits, str]:
    """One streamed pass over a file. Returns the matching cells and the authority's own region_code."""
    hits: _Hits = defaultdict(dict)
    own_region = ""
    with open(Path(data_dir) / file_name, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = [h.strip() for h in next(reader)]
        col = {name: i for i, name in enumerate(header)}
        i_period, i_level = col["time_period"], col["geographic_level"]
        # Absent from a file without local-authority or regional rows; only those rows index with them.
        i_code, i_region = cast(int, col.get("old_la_code")), cast(int, col.get("region_code"))
        plans = []
        for key, m in measures.items():
            missing = [c for c in [*m.filters, m.column] if c not in col]
            if missing:
                raise ValueError(f"{file_name}: measure {key!r} needs missing column(s) {missing}")
            plans.append((key, m, [(col[c], v) for c, v in m.filters.items()], col[m.column]))
        for row in reader:
            level = row[i_level]
            if level == "Local authority":
                where = ("la", row[i_code].strip())
                if where[1] not in la_codes:
                    continue
                if where[1] == la_code and not own_region:
                    own_region = row[i_region].strip()
            elif level == "Regional":
                where = ("region", row[i_region].strip())
            elif level == "National":
                where = ("england", "")
            else:
                continue
            for key, m, filters, i_value in plans:
                if any(row[i] != v for i, v in filters):
                    continue
                value, reason = parse_value(row[i_value], m.value_format)
                year = year_start(row[i_period], m.period_kind)
                # The files hold one row per year and area (checked by the tests); keep the first.
                hits[(key, *where)].setdefault(year, _Cell(value, reason, reader.line_num))
    return hits, own_region


def _neighbours_median(
    key: str, m: Measure, year: int, hits: _Hits, neighbours: list[tuple[str, str]]
) -> DfeFigure:
    published: list[Decimal] = []
    parts = []
    for code, name in neighbours:
        cell = hits.get((key, "la", code), {}).get(year)
        if cell is None:
            parts.append(f"{name} no figure")
        elif cell.value is None:
            parts.append(f"{name} not published")
        else:
            published.append(cell.value)
            parts.append(f"{name} {cell.value}")
    note = (
        f"Median of {len(neighbours)} statistical neighbours ({len(published)} published): {', '.join(parts)}"
    )
    if len(published) < MIN_NEIGHBOURS_PUBLISHED:
        reason = f"Fewer than {MIN_NEIGHBOURS_PUBLISHED} statistical neighbours published a figure"
        return DfeFigure(key, m.period_kind, year, AREA_NEIGHBOURS, None, reason, m.file, 0, note)
    median = statistics.median(published)
    return DfeFigure(key, m.period_kind, year, AREA_NEIGHBOURS, Decimal(median), "", m.file, 0, note)


def load_dfe_figures(data_dir: Path, la_code: str, measures: set[str] | None = None) -> list[DfeFigure]:
    """Every published year of each measure for the authority, its region, England and its neighbours' median.

    Sorted by measure (MEASURES order), year, then area (la, region, england, statistical_neighbours)."""
    data_dir = Path(data_dir)
    la_code = str(la_code).strip()
    wanted = list(MEASURES) if measures is None else [k for k in MEASURES if k in measures]
    unknown = set(measures or ()) - set(MEASURES)
    if unknown:
        raise KeyError(f"Unknown DfE measure(s): {sorted(unknown)}")
    neighbours = statistical_neighbours(data_dir, la_code)  # KeyError for an unknown authority
    la_codes = {la_code, *(code for code, _ in neighbours)}

    by_file: dict[str, dict[str, Measure]] = defaultdict(dict)
    for key in wanted:
        by_file[MEASURES[key].file][key] = MEASURES[key]

    figures: list[DfeFigure] = []
    for file_name, file_measures in by_file.items():
        hits, own_region = _scan_file(data_dir, file_name, file_measures, la_codes, la_code)
        for key, m in file_measures.items():
            by_area = {
                AREA_LA: hits.get((key, "la", la_code), {}),
                AREA_REGION: hits.get((key, "region", own_region), {}) if own_region else {},
                AREA_ENGLAND: hits.get((key, "england", ""), {}),
            }
            for year in sorted(set().union(*by_area.values())):
                for area, cells in by_area.items():
                    if (cell := cells.get(year)) is not None:
                        figures.append(
                            DfeFigure(
                                key, m.period_kind, year, area, cell.value, cell.reason, file_name, cell.row
                            )
                        )
                if m.neighbours_median and neighbours:
                    figures.append(_neighbours_median(key, m, year, hits, neighbours))

    order = {key: i for i, key in enumerate(MEASURES)}
    area_order = {a: i for i, a in enumerate(AREA_ORDER)}
    figures.sort(key=lambda f: (order[f.measure], f.year_start, area_order[f.area]))
    return figures
