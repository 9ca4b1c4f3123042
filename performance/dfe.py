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

Each file is read once, whatever the number of measures that use it, and checked before any figure of it is
used: it must end with a complete line, every row must have the header's number of fields, every value the
measures use must be a number (or a DfE symbol such as ``c``) within the measure's plausible range, and every
column the measures need must be there. Anything else raises `DfeFileError`, naming the file, the line or
column and what to do. Each file is also compared with the manifest of the copies the project ships
(``data/dfe/MANIFEST.json``: SHA-256 and row count), so a load can say which files are new or different.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import statistics
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

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
    ROUNDS_TO_ZERO,
    Measure,
)

NOT_PUBLISHED_REASONS = {
    "c": "Suppressed to protect confidentiality (small numbers)",
    "z": "Not applicable",
    "x": "Not available",
    "low": "Low number, not published",
    "u": "Low reliability, not published",
}
NOT_PUBLISHED_OTHER = "Not published"
# ":" is the older EES symbol for "not available" in some files; it has always been stored as "Not published".
_OTHER_SYMBOLS = {":"}

SYMBOLS_TEXT = "c, k, low, u, x, z or :"

SHIPPED_MANIFEST = Path(__file__).resolve().parents[1] / "data" / "dfe" / "MANIFEST.json"
AS_SHIPPED = "as shipped"
DIFFERENT = "different from the shipped copy"
NEW = "not in the shipped manifest"

DOWNLOAD_AGAIN = "Download the file again from Explore Education Statistics."
_MAX_PROBLEMS_PER_FILE = 5

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_YEARS_MONTHS = re.compile(r"^(\d+):(\d{1,2})$")
_DAYS_PER_MONTH = Decimal("365.25") / 12


class DfeFileError(Exception):
    """A DfE file that cannot be used. Each problem is a plain-English sentence naming the file, the line or
    column, and what to do. Nothing is loaded when this is raised."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


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
    area_name: str = ""  # the region's name as the DfE gives it ("Inner London" for an inner borough)
    neighbours_count: int | None = None  # for the neighbours' median: how many published a figure

    @property
    def rounds_to_zero(self) -> bool:
        """The DfE's "k": published, and less than half of one unit (stored as 0)."""
        return self.not_published_reason == ROUNDS_TO_ZERO

    @property
    def period_label(self) -> str:
        end = self.year_start + 1
        if self.period_kind == ACADEMIC_YEAR:
            return f"{self.year_start}/{str(end)[-2:]} academic year"
        return f"Year ending 31 March {end}"


@dataclass(frozen=True)
class FileCheck:
    """One file as read: its fingerprint and how it compares with the copy the project ships."""

    name: str
    sha256: str
    rows: int  # data rows, not counting the header
    status: str  # AS_SHIPPED | DIFFERENT | NEW

    @property
    def as_shipped(self) -> bool:
        return self.status == AS_SHIPPED


@dataclass
class DfeReading:
    """Everything one read of the files gives: the figures, the files read, and the measures that found no
    row at all in their file (with why: usually a breakdown label the DfE has renamed)."""

    la_code: str
    la_name: str
    figures: list[DfeFigure] = field(default_factory=list)
    files: list[FileCheck] = field(default_factory=list)
    unmatched: dict[str, str] = field(default_factory=dict)  # measure -> plain-English reason


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
    """A DfE cell -> (value, reason). Suppression symbols give (None, plain-English reason); "k" (a published
    value that rounds to zero) gives (0, ROUNDS_TO_ZERO).

    Strict: the whole cell must be a number (or "YY:MM" for years_months) or a DfE symbol; anything else,
    an empty cell included, raises ValueError, so a damaged cell is never read as part of a number."""
    text = raw.strip()
    if value_format == "years_months":
        match = _YEARS_MONTHS.match(text)
        if match:
            months = int(match.group(1)) * 12 + int(match.group(2))
            return (months * _DAYS_PER_MONTH).quantize(Decimal("1")), ""
    elif _NUMBER.match(text):
        return Decimal(text), ""
    symbol = text.lower()
    if symbol == "k":
        return Decimal(0), ROUNDS_TO_ZERO
    if symbol in NOT_PUBLISHED_REASONS:
        return None, NOT_PUBLISHED_REASONS[symbol]
    if symbol in _OTHER_SYMBOLS:
        return None, NOT_PUBLISHED_OTHER
    expected = "a time in years and months like 01:07" if value_format == "years_months" else "a number"
    raise ValueError(f'"{raw}" is not {expected} or a DfE symbol ({SYMBOLS_TEXT})')


# ------------------------------------------------------------------------------------------------ the files


def read_manifest(path: Path | None = None) -> dict[str, dict]:
    """{file name: {"sha256": ..., "rows": ...}} of the copies the project ships; {} when there is none."""
    path = SHIPPED_MANIFEST if path is None else Path(path)
    try:
        return json.loads(path.read_text(encoding="utf-8"))["files"]
    except FileNotFoundError:
        return {}


def build_manifest(data_dir: Path) -> dict:
    """The manifest of every CSV file in `data_dir` (each checked as it is read: see `_CheckedFile`)."""
    files = {}
    for path in sorted(Path(data_dir).glob("*.csv")):
        checked = _CheckedFile.open(Path(data_dir), path.name, manifest={})
        files[path.name] = {"sha256": checked.sha256, "rows": checked.row_count()}
    return {
        "about": "SHA-256 and data-row count of each DfE file the project ships; "
        "regenerate with `manage.py dfe_manifest` only after checking new files.",
        "files": files,
    }


def _columns_text(header: list[str]) -> str:
    shown = ", ".join(header[:25])
    return shown + (f" and {len(header) - 25} more" if len(header) > 25 else "")


class _CheckedFile:
    """One DfE file, read whole and checked: present, not empty, ending with a complete line, every row with
    the header's number of fields. Rows are then streamed from memory with their 1-based line numbers."""

    def __init__(self, name: str, header: list[str], text: str, sha256: str, status: str):
        self.name = name
        self.header = header
        self.col = {column: i for i, column in enumerate(header)}
        self._text = text
        self.sha256 = sha256
        self.status = status
        self._rows = -1

    @classmethod
    def open(cls, data_dir: Path, name: str, *, manifest: dict[str, dict]) -> _CheckedFile:
        path = Path(data_dir) / name
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise DfeFileError(
                [
                    f"{name} is missing from the DfE data folder ({data_dir}). Put the file back (the project "
                    f"ships a copy in data/dfe/) or download it again from Explore Education Statistics."
                ]
            ) from None
        if not data.strip():
            raise DfeFileError([f"{name} is empty. {DOWNLOAD_AGAIN}"])
        line_count = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
        if not data.endswith(b"\n"):
            raise DfeFileError(
                [
                    f"{name} is incomplete: its last line (line {line_count}) does not end with a line break, "
                    f"so the file was probably cut short while it was copied or downloaded. {DOWNLOAD_AGAIN}"
                ]
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise DfeFileError(
                [
                    f"{name} is not a UTF-8 CSV file (unreadable byte at position {error.start}). {DOWNLOAD_AGAIN}"
                ]
            ) from None
        sha256 = hashlib.sha256(data).hexdigest()
        shipped = manifest.get(name)
        status = NEW if shipped is None else AS_SHIPPED if shipped["sha256"] == sha256 else DIFFERENT
        reader = csv.reader(io.StringIO(text, newline=""))
        header = [h.strip() for h in next(reader)]
        checked = cls(name, header, text, sha256, status)
        problems = []
        rows = 0
        for row in reader:
            rows += 1
            if len(row) != len(header):
                problems.append(
                    f"{name} line {reader.line_num} has {len(row)} fields where the header has {len(header)}. "
                    f"{DOWNLOAD_AGAIN}"
                )
                if len(problems) >= _MAX_PROBLEMS_PER_FILE:
                    break
        if problems:
            raise DfeFileError(problems)
        if rows == 0:
            raise DfeFileError([f"{name} has a header row but no figures. {DOWNLOAD_AGAIN}"])
        if shipped is not None and status == AS_SHIPPED and shipped.get("rows") != rows:
            status = DIFFERENT  # cannot happen with the same SHA-256, but never trust a manifest blindly
        checked._rows = rows
        return checked

    def row_count(self) -> int:
        return self._rows

    def require(self, *columns: str) -> None:
        missing = [c for c in columns if c not in self.col]
        if missing:
            names = ", ".join(f'"{c}"' for c in missing)
            word = "column" if len(missing) == 1 else "columns"
            raise DfeFileError(
                [
                    f"{self.name} has no {word} {names} (it has: {_columns_text(self.header)}). {DOWNLOAD_AGAIN}"
                ]
            )

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader(io.StringIO(self._text, newline=""))
        next(reader)
        for row in reader:
            yield reader.line_num, row

    def check(self) -> FileCheck:
        return FileCheck(self.name, self.sha256, self._rows, self.status)


class _Files:
    """The files of one read, each opened and checked once."""

    def __init__(self, data_dir: Path, manifest: dict[str, dict] | None):
        self.data_dir = Path(data_dir)
        self.manifest = read_manifest() if manifest is None else manifest
        self._open: dict[str, _CheckedFile] = {}

    def get(self, name: str) -> _CheckedFile:
        if name not in self._open:
            self._open[name] = _CheckedFile.open(self.data_dir, name, manifest=self.manifest)
        return self._open[name]

    def checks(self) -> list[FileCheck]:
        return [f.check() for f in self._open.values()]


def _read_neighbour_model(files: _Files) -> dict[str, tuple[str, list[str]]]:
    """{old_la_code: (la_name, [ten neighbour codes, closest first])}"""
    checked = files.get(NEIGHBOURS_FILE)
    sn_columns = [f"SN_{i}" for i in range(1, 11)]
    checked.require("old_la_code", "la_name", *sn_columns)
    i_code, i_name = checked.col["old_la_code"], checked.col["la_name"]
    i_sn = [checked.col[c] for c in sn_columns]
    return {
        row[i_code].strip(): (row[i_name].strip(), [row[i].strip() for i in i_sn])
        for _, row in checked.rows()
    }


def _names_from_data(files: _Files) -> dict[str, str]:
    """Names for authorities the 2025 neighbour model lacks (e.g. 909 Cumbria, 928 Northamptonshire)."""
    checked = files.get(_F_NUMBERS)
    checked.require("geographic_level", "old_la_code", "la_name")
    i_level, i_code, i_name = (checked.col[c] for c in ("geographic_level", "old_la_code", "la_name"))
    return {
        row[i_code].strip(): row[i_name].strip()
        for _, row in checked.rows()
        if row[i_level] == "Local authority"
    }


def _la_name(files: _Files, la_code: str) -> str:
    model = _read_neighbour_model(files)
    if la_code in model:
        return model[la_code][0]
    names = _names_from_data(files)
    if la_code in names:
        return names[la_code]
    raise KeyError(f"No local authority with DfE code {la_code!r}")


def _statistical_neighbours(files: _Files, la_code: str) -> list[tuple[str, str]]:
    model = _read_neighbour_model(files)
    if la_code not in model:
        _la_name(files, la_code)  # raises KeyError for an unknown code
        return []
    return [(code, model[code][0] if code in model else code) for code in model[la_code][1]]


def la_name(data_dir: Path, la_code: str) -> str:
    """The authority's name for a DfE old_la_code ("813" -> "North Lincolnshire"); KeyError if unknown.
    DfeFileError if a file it needs is missing or damaged."""
    return _la_name(_Files(data_dir, {}), la_code)


def statistical_neighbours(data_dir: Path, la_code: str) -> list[tuple[str, str]]:
    """The authority's ten statistical neighbours (2025 model), closest first, as (old_la_code, name).

    Empty for an authority the 2025 model does not cover (abolished councils)."""
    return _statistical_neighbours(_Files(data_dir, {}), la_code)


def _plausible_text(m: Measure) -> str:
    low, high = m.plausible_range
    unit = {"percent": "a percentage", "rate_per_10k": "a rate per 10,000 children", "count": "a count"}.get(
        m.unit, f"a {m.unit} figure"
    )
    return f"{unit} ({low} to {high})" if high is not None else f"{unit} ({low} or more)"


def _scan_file(
    checked: _CheckedFile, measures: dict[str, Measure], la_codes: set[str], la_code: str
) -> tuple[_Hits, tuple[str, str], dict[str, str]]:
    """One pass over a checked file. Returns the matching cells, the authority's own (region_code,
    region_name: "" when the file has no region_name column), and the
    measures no row matched (with the reason). Every value a measure uses, at every level and for every
    authority, is parsed strictly and checked against the measure's plausible range."""
    name = checked.name
    checked.require("time_period", "geographic_level")
    for m in measures.values():
        checked.require(*m.filters, m.column)
    col = checked.col
    i_period, i_level = col["time_period"], col["geographic_level"]
    # Absent from a file without local-authority or regional rows (adoption: England only).
    i_code, i_region = col.get("old_la_code"), col.get("region_code")
    i_region_name = col.get("region_name")
    plans = [
        (key, m, [(col[c], v) for c, v in m.filters.items()], col[m.column]) for key, m in measures.items()
    ]
    filter_columns = {c for m in measures.values() for c in m.filters}
    seen: dict[str, set[str]] = {c: set() for c in filter_columns}
    matched = dict.fromkeys(measures, 0)
    hits: _Hits = defaultdict(dict)
    own_region = own_region_name = ""
    problems: list[str] = []

    def problem(text: str) -> None:
        problems.append(text)
        if len(problems) >= _MAX_PROBLEMS_PER_FILE:
            raise DfeFileError(problems)

    for line, row in checked.rows():
        for c in filter_columns:
            seen[c].add(row[col[c]])
        level = row[i_level]
        if level == "Local authority":
            if i_code is None or i_region is None:
                checked.require("old_la_code", "region_code")  # raises, naming the missing column
            assert i_code is not None and i_region is not None
            where = ("la", row[i_code].strip())
            if where[1] == la_code and not own_region:
                own_region = row[i_region].strip()
                own_region_name = row[i_region_name].strip() if i_region_name is not None else ""
        elif level == "Regional":
            if i_region is None:
                checked.require("region_code")
            assert i_region is not None
            where = ("region", row[i_region].strip())
        elif level == "National":
            where = ("england", "")
        else:
            continue
        for key, m, filters, i_value in plans:
            if any(row[i] != v for i, v in filters):
                continue
            matched[key] += 1
            try:
                year = year_start(row[i_period], m.period_kind)
            except ValueError:
                problem(
                    f'{name} line {line}, column "time_period": "{row[i_period]}" is not a year such as '
                    f"2025 or 202425. {DOWNLOAD_AGAIN}"
                )
                continue
            try:
                value, reason = parse_value(row[i_value], m.value_format)
            except ValueError as error:
                problem(f'{name} line {line}, column "{m.column}": {error}. {DOWNLOAD_AGAIN}')
                continue
            low, high = m.plausible_range
            if value is not None and (value < low or (high is not None and value > high)):
                problem(
                    f'{name} line {line}, column "{m.column}": {value} is not a plausible value for '
                    f"{_plausible_text(m)}. {DOWNLOAD_AGAIN}"
                )
                continue
            if where[0] == "la" and where[1] not in la_codes:
                continue
            # The files hold one row per year and area (checked by the tests); keep the first.
            hits[(key, *where)].setdefault(year, _Cell(value, reason, line))
    if problems:
        raise DfeFileError(problems)
    unmatched = {}
    for key, m in measures.items():
        if matched[key]:
            continue
        absent = [(c, v) for c, v in m.filters.items() if v not in seen[c]]
        if absent:
            c, v = absent[0]
            found = ", ".join(f'"{x}"' for x in sorted(seen[c])[:12])
            unmatched[key] = f'{name} has no rows where {c} is "{v}" (it has: {found})'
        else:
            unmatched[key] = f"{name} has no rows with all of {m.filters}"
    return hits, (own_region, own_region_name), unmatched


def _neighbours_median(
    key: str, m: Measure, year: int, hits: _Hits, neighbours: list[tuple[str, str]]
) -> DfeFigure:
    published: list[Decimal] = []
    parts = []
    for code, name in neighbours:
        cell = hits.get((key, "la", code), {}).get(year)
        if cell is None:
            parts.append(f"{name} no figure")
        elif cell.value is not None and cell.reason == ROUNDS_TO_ZERO:
            published.append(cell.value)  # "k": less than 0.5, counted as 0 (see ROUNDS_TO_ZERO)
            parts.append(f"{name} less than 0.5")
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
        return DfeFigure(
            key,
            m.period_kind,
            year,
            AREA_NEIGHBOURS,
            None,
            reason,
            m.file,
            0,
            note,
            neighbours_count=len(published),
        )
    median = Decimal(statistics.median(published))  # exact: the middle value, or the mean of the two middle
    return DfeFigure(
        key,
        m.period_kind,
        year,
        AREA_NEIGHBOURS,
        median,
        "",
        m.file,
        0,
        note,
        neighbours_count=len(published),
    )


def read_dfe(
    data_dir: Path, la_code: str, measures: set[str] | None = None, *, manifest: dict[str, dict] | None = None
) -> DfeReading:
    """Read and check every file the measures need, and return the authority's figures (see the module doc).

    Figures are sorted by measure (MEASURES order), year, then area (la, region, england, neighbours).
    KeyError for an unknown measure or authority; DfeFileError for a missing or damaged file. `manifest`
    defaults to the shipped data/dfe/MANIFEST.json."""
    la_code = str(la_code).strip()
    wanted = list(MEASURES) if measures is None else [k for k in MEASURES if k in measures]
    unknown = set(measures or ()) - set(MEASURES)
    if unknown:
        raise KeyError(f"Unknown DfE measure(s): {sorted(unknown)}")
    files = _Files(data_dir, manifest)
    reading = DfeReading(la_code=la_code, la_name=_la_name(files, la_code))  # KeyError for an unknown code
    neighbours = _statistical_neighbours(files, la_code)
    la_codes = {la_code, *(code for code, _ in neighbours)}

    by_file: dict[str, dict[str, Measure]] = defaultdict(dict)
    for key in wanted:
        by_file[MEASURES[key].file][key] = MEASURES[key]

    figures = reading.figures
    problems: list[str] = []
    scanned = []
    for file_name, file_measures in by_file.items():
        try:
            scanned.append(
                (
                    file_name,
                    file_measures,
                    *_scan_file(files.get(file_name), file_measures, la_codes, la_code),
                )
            )
        except DfeFileError as error:  # check every file, so one answer lists every file to download again
            problems.extend(error.problems)
    if problems:
        raise DfeFileError(problems)
    for file_name, file_measures, hits, (own_region, region_name), unmatched in scanned:
        reading.unmatched.update(unmatched)
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
                                key,
                                m.period_kind,
                                year,
                                area,
                                cell.value,
                                cell.reason,
                                file_name,
                                cell.row,
                                area_name=region_name if area == AREA_REGION else "",
                            )
                        )
                if m.neighbours_median and neighbours:
                    figures.append(_neighbours_median(key, m, year, hits, neighbours))

    order = {key: i for i, key in enumerate(MEASURES)}
    area_order = {a: i for i, a in enumerate(AREA_ORDER)}
    figures.sort(key=lambda f: (order[f.measure], f.year_start, area_order[f.area]))
    reading.files = sorted(files.checks(), key=lambda f: f.name)
    return reading


def load_dfe_figures(data_dir: Path, la_code: str, measures: set[str] | None = None) -> list[DfeFigure]:
    """The figures of `read_dfe` alone."""
    return read_dfe(data_dir, la_code, measures).figures
