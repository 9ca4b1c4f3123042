"""Reading an SSDA903 return into memory: the CSV tables councils hold, and the DfE's XML form, uploaded as
several files or one zip. Nothing here writes anywhere: the rows live in the returned `Return` only.

Each CSV file is recognised by its header row (file names vary from one case-management system to the next),
against the columns of the collection year's layout (`layouts`). A byte-order mark, DD/MM/YYYY dates and blank
fields are handled here; whatever cannot be read is reported as a `quality.Finding`, never raised.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from performance.ssda903 import layouts
from performance.ssda903.quality import Report
from performance.ssda903.tables import Return, Row, Value

REQUIRED = ("header", "episodes")  # without these there is nothing to compute
# The most a return's CSV and XML files may hold altogether, once unzipped. The rows are read into memory, at
# about forty times their size on disk (bench/ssda903.py: a 3.9 MB return with 20,000 episodes peaks at 220 MB
# resident), so 5 MB keeps one upload within the 300 MB bound. A large council's return is about 1 MB.
# The upload check lets a 5 MB zip expand to 200 MB; a plain upload is already held to 5 MB.
MAX_RETURN_BYTES = 5 * 1024 * 1024
# Files a zip tool adds beside the ones chosen: macOS's resource forks and folder settings, Windows' thumbnails
ZIP_CLUTTER = ("__MACOSX/",)


@dataclass(frozen=True)
class SourceFile:
    """One uploaded file (or zip member): its name, SHA-256, size and which table it held."""

    name: str
    sha256: str
    size: int
    table: str = ""  # "" when it was not recognised; "xml" for the DfE XML form


@dataclass
class ReadResult:
    ret: Return
    files: list[SourceFile] = field(default_factory=list)
    report: Report = field(default_factory=Report)
    explained: set[str] = field(
        default_factory=set
    )  # required tables whose absence a finding already explains


EARLIEST_YEAR = 1900  # a year before it ("0212" for "2012") is a typing slip, not a date in a child's care


def parse_date(text: str) -> Value:
    """DD/MM/YYYY (one-digit day or month too) as a date; anything else stays text, for the checks to name."""
    parts = text.split("/")
    if (
        len(parts) == 3
        and all(p.isdigit() for p in parts)
        and len(parts[2]) == 4
        and int(parts[2]) >= EARLIEST_YEAR
    ):
        try:
            return dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            return text
    return text


def typed(table: layouts.Table, raw: dict[str, str]) -> Row:
    dates = table.date_names
    row: Row = {}
    for name, text in raw.items():
        text = text.strip() if text else ""
        if not text:
            row[name] = None
        elif name in dates:
            row[name] = parse_date(text)
        elif name == "CHILD":
            # One form of each child's reference for every check and figure: "c1" in one table and "C1" in
            # another are the same child (case-management systems differ in the case they export).
            row[name] = text.upper()
        else:
            row[name] = text
    return row


def identify(
    columns: Iterable[str], year: int, *, shown_as: list[str] | None = None
) -> tuple[layouts.Table | None, str]:
    """Which table these columns (upper case) are, or None and a sentence saying why not (naming what is
    missing). `shown_as`: the columns as the file wrote them, for the message."""
    given = [c for c in columns if c]
    got = set(given)
    this_year = layouts.tables_for(year)
    for table in this_year.values():
        if set(table.names) <= got:
            return table, ""
    for table in layouts.all_tables(year).values():
        if table.key not in this_year and set(table.names) <= got:
            return None, (
                f"is the {table.title} table, which the return has only from collection year "
                f"{layouts.year_label(table.from_year)}, not in {layouts.year_label(year)}"
            )
    best, best_overlap = None, 0
    for table in this_year.values():
        overlap = len(set(table.names) & got)
        if overlap > best_overlap:
            best, best_overlap = table, overlap
    if best is not None and best_overlap >= max(2, len(best.names) // 2):
        missing = [n for n in best.names if n not in got]
        return None, (
            f"looks like the {best.title} table of another layout: it has no "
            + ", ".join(missing)
            + f" column{'s' if len(missing) > 1 else ''}, which {layouts.year_label(year)}'s layout has"
        )
    named = [c for c in (shown_as or given) if c]
    shown = ", ".join(named[:8]) + (", …" if len(named) > 8 else "")
    lacks = (
        "it has no CHILD column, which every table of the return has"
        if "CHILD" not in got
        else (
            "it lacks the columns that tell the tables apart (the episodes table, for example, has CHILD, DECOM, "
            "RNE, LS, CIN, PLACE …)"
        )
    )
    return (
        None,
        f"is not an SSDA903 table: its columns ({shown or 'none'}) match none of the return's tables, and {lacks}",
    )


def _csv(name: str, data: bytes, year: int, result: ReadResult) -> str:
    report = result.report
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.add("unreadable", f"{name} is not UTF-8 text: save it as “CSV UTF-8” and upload it again.")
        return ""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error:
        report.add("unreadable", _open_quote(name, 1))
        return ""
    if not header:
        report.add("not_903", f"{name} is empty: it has no header row.")
        return ""
    if len(header) == 1 and (separator := next((s for s in ";\t" if s in header[0]), "")):
        word = "semicolons" if separator == ";" else "tabs"
        report.add(
            "not_903",
            f"{name} is separated by {word}, not commas: save it as “CSV UTF-8 (comma delimited)” and upload "
            "it again.",
        )
        return ""
    columns = [c.strip().upper() for c in header]
    table, why = identify(columns, year, shown_as=[c.strip() for c in header])
    if table is None:
        kind = "other_year" if "collection year" in why and "only from" in why else "not_903"
        if "another layout" in why:
            kind = "other_year"
        report.add(kind, f"{name} {why}.")
        return ""
    if table.key in result.ret.tables:
        report.add("duplicate_table", f"{name} is a second {table.title} table: upload each table once.")
        return table.key
    extra = [c for c in columns if c and c not in table.names]
    if extra:
        report.add(
            "extra_columns",
            f"{name}: the column{'s' if len(extra) > 1 else ''} {', '.join(extra)} "
            f"{'are' if len(extra) > 1 else 'is'} not part of the {table.title} table and {'were' if len(extra) > 1 else 'was'} ignored.",
        )
    wanted = [(i, c) for i, c in enumerate(columns) if c in table.names]
    rows: list[Row] = []
    width = len(columns)
    cut = False
    too_many: list[int] = []
    number = 1
    while True:
        try:
            cells = next(reader, None)
        except csv.Error:
            report.add("unreadable", _open_quote(name, number + 1))
            cut = True
            break
        if cells is None:
            break
        number += 1
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue
        if len(cells) < width:
            report.add(
                "truncated",
                f"{name} stops part-way through row {number} (it has {len(cells)} of {width} columns): "
                "the file looks cut short. Export it again.",
            )
            cut = True
            break
        if len(cells) > width and any(cell.strip() for cell in cells[width:]):
            too_many.append(number)
        rows.append(typed(table, {c: cells[i] for i, c in wanted}))
    if too_many:
        if len(too_many) == 1:
            which = f"row {too_many[0]} has"
        elif len(too_many) <= 10:
            which = "rows " + ", ".join(map(str, too_many[:-1])) + f" and {too_many[-1]} have"
        else:
            which = f"{len(too_many)} rows (the first is row {too_many[0]}) have"
        report.add(
            "misaligned",
            f"{name}: {which} more fields than the header, so the fields after the extra one are in the wrong "
            "columns (a comma inside a field that is not in quotes does this).",
            count=len(too_many),
        )
    result.ret.tables[table.key] = rows
    if not cut and text and not text.endswith(("\n", "\r")) and rows and _last_cut(text, width):
        report.add("truncated", f"{name} ends part-way through its last row: the file looks cut short.")
    return table.key


def _open_quote(name: str, row: int) -> str:
    return (
        f"{name} cannot be read from row {row} on: a quotation mark there is not closed, so the rest of the file "
        "runs together into one field. Remove the stray quotation mark, or export the file again."
    )


def _last_cut(text: str, width: int) -> bool:
    """The last line has fewer fields than the header (a file cut short mid-row, without its newline)."""
    last = text.rsplit("\n", 1)[-1]
    return len(next(csv.reader([last]), [])) < width


# The DfE's XML form, as the shipped fake_903.xml has it and data-to-insight's validator reads it
# (`lac_validator/ingress.py`): one CHILD element per child, a HEADER holding the header row and the child's
# one-row tables (UASC, OC2, OC3, AD1, placed for adoption, previous permanence) and repeating AREVIEW and
# AMISSING elements, then one EPISODE element per episode (its placement code is PL, PLACE in the CSV tables).
# Neither describes social worker episodes in the XML form, so from 2023-24 that table comes as a CSV file.
_XML_HEADER = ("SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")
_XML_NESTED = {
    "AREVIEW": "reviews",
    "AMISSING": "missing",
    "AD_PLACED": "placed_for_adoption",
    "PERMANENCE": "previous_permanence",
    "OC2": "oc2",
}


def _xml(name: str, data: bytes, year: int, result: ReadResult) -> None:
    report = result.report
    # The XML form is the whole return: when it cannot be read, its finding already says why there is no
    # header or episodes table (the tables it did hold are checked for rows as any others are).
    result.explained.update(REQUIRED)
    head = data[:4096].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data.upper():
        report.add(
            "unreadable", f"{name} declares a document type or entities, which a 903 XML file never does."
        )
        return
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        report.add(
            "truncated",
            f"{name} is not complete XML (it breaks at line {error.position[0]}): the file looks cut short. "
            "Export it again.",
        )
        return
    if root.tag != "EXPSSDA903":
        report.add("not_903", f"{name} is XML but not the DfE's 903 form: it does not start with EXPSSDA903.")
        return
    tables = layouts.tables_for(year)
    out: dict[str, list[Row]] = {key: [] for key in tables if key != "social_worker"}
    headless = 0
    for child in root.iter("CHILD"):
        header = child.find("HEADER")
        if header is None:
            headless += 1
            continue
        ref = (header.findtext("CHILDID") or "").strip()
        dob = (header.findtext("DOB") or "").strip()
        base = {"CHILD": ref, "DOB": dob}
        out["header"].append(
            typed(tables["header"], {"CHILD": ref, **{f: header.findtext(f) or "" for f in _XML_HEADER}})
        )
        if (header.findtext("UASC") or "").strip() == "1":
            out["uasc"].append(
                typed(
                    tables["uasc"],
                    {**base, "SEX": header.findtext("SEX") or "", "DUC": header.findtext("DUC") or ""},
                )
            )
        if header.find("IN_TOUCH") is not None:
            out["oc3"].append(
                typed(
                    tables["oc3"],
                    {**base, **{f: header.findtext(f) or "" for f in ("IN_TOUCH", "ACTIV", "ACCOM")}},
                )
            )
        if header.find("DATE_INT") is not None:
            ad1 = tables["ad1"]
            out["ad1"].append(typed(ad1, {**base, **{f: header.findtext(f) or "" for f in ad1.names[2:]}}))
        for tag, key in _XML_NESTED.items():
            table = tables[key]
            for element in list(header.iter(tag)) + list(child.findall(tag)):
                raw = {**base, **{f: element.findtext(f) or "" for f in table.names if f not in base}}
                out[key].append(typed(table, raw))
        episodes = tables["episodes"]
        for element in child.findall("EPISODE"):
            raw = {f: element.findtext(f) or "" for f in episodes.names}
            raw["CHILD"] = ref
            raw["PLACE"] = element.findtext("PL") or element.findtext("PLACE") or ""
            out["episodes"].append(typed(episodes, raw))
    read_episodes = len(out["episodes"]) + sum(
        len(child.findall("EPISODE")) for child in root.iter("CHILD") if child.find("HEADER") is None
    )
    astray = sum(1 for _ in root.iter("EPISODE")) - read_episodes
    if astray:
        report.add(
            "xml_structure",
            f"{name}: {astray} EPISODE element{'s are' if astray > 1 else ' is'} not directly inside a CHILD, "
            "where the DfE's form puts them, so "
            f"{'they were' if astray > 1 else 'it was'} not read. Export the return again.",
            count=astray,
        )
    if headless:
        report.add(
            "xml_structure",
            f"{name}: {headless} CHILD element{'s have' if headless > 1 else ' has'} no HEADER (where the "
            "child's reference and date of birth go), so "
            f"{'their' if headless > 1 else 'its'} episodes and other records cannot be read.",
            count=headless,
        )
    if not out["header"] and not headless:
        report.add(
            "xml_structure",
            f"{name} starts as the DfE's 903 form but holds no CHILD element with a HEADER: there are no "
            "children in it to read. Export the return again.",
        )
    if out["header"]:
        result.explained.difference_update(REQUIRED)  # read: its tables speak for themselves
    for key, rows in out.items():
        if key in result.ret.tables:
            report.add(
                "duplicate_table", f"{name} holds the {tables[key].title} table, which another file has too."
            )
        else:
            result.ret.tables[key] = rows


def _members(name: str, data: bytes, result: ReadResult) -> list[tuple[str, bytes]]:
    """The files to read: a zip's CSV and XML members (already checked by the upload check), or the file."""
    if not data.startswith(b"PK\x03\x04"):
        return [(name, data)]
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.infolist():
            if member.is_dir():
                continue
            inner = PurePosixPath(member.filename).name
            if member.filename.startswith(ZIP_CLUTTER) or inner.startswith("._"):
                result.report.add(
                    "extra_file",
                    f"{name} holds {inner}, which the zip tool added (it is not one of the return's tables); "
                    "it was ignored.",
                )
                continue
            if PurePosixPath(inner).suffix.lower() not in (".csv", ".xml"):
                result.report.add(
                    "extra_file", f"{name} holds {inner}, which is not a CSV or XML file; it was ignored."
                )
                continue
            found.append((f"{name}: {inner}", archive.read(member)))
    return found


def _expanded_size(data: bytes) -> int:
    """How many bytes the file holds for the reader: a zip's CSV and XML members as they unzip (the upload
    check has made sure no member inflates past the size it claims), or the file itself."""
    if not data.startswith(b"PK\x03\x04"):
        return len(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sum(
            m.file_size
            for m in archive.infolist()
            if PurePosixPath(m.filename).suffix.lower() in (".csv", ".xml")
        )


def read_return(uploads: list[tuple[str, bytes]], *, year: int) -> ReadResult:
    """Read every uploaded file (name, bytes) of one collection year's return into memory."""
    result = ReadResult(ret=Return(collection_year=year))
    for name, data in uploads:
        result.files.append(
            SourceFile(name=PurePosixPath(name).name, sha256=hashlib.sha256(data).hexdigest(), size=len(data))
        )
    total = sum(_expanded_size(data) for _name, data in uploads)
    if total > MAX_RETURN_BYTES:
        result.report.add(
            "too_large",
            f"The return's files hold {total / 1024 / 1024:.1f} MB of tables (a zip counted as it unzips); one "
            f"return may hold at most {MAX_RETURN_BYTES // 1024 // 1024} MB (a large council's is about 1 MB), so "
            "nothing was read. Check that the extract holds one collection year, and upload it again.",
        )
        return result
    for index, (name, data) in enumerate(uploads):
        for member, body in _members(name, data, result):
            if member.lower().endswith(".xml") or body.lstrip()[:5] == b"<?xml":
                _xml(member, body, year, result)
                table = "xml"
            else:
                table = _csv(member, body, year, result)
            if member != name:
                continue
            last = result.files[index]
            result.files[index] = SourceFile(last.name, last.sha256, last.size, table)
    tables = layouts.tables_for(year)
    for key in REQUIRED:
        if key in result.explained:
            continue
        if key in result.ret.tables and not result.ret.tables[key]:
            result.report.add(
                "empty_table",
                f"The {tables[key].title} table has no rows: the figures cannot be worked out without it. "
                "Export it again, with every child of the collection year.",
            )
        elif key not in result.ret.tables:
            result.report.add(
                "missing_table",
                f"There is no {tables[key].title} table: the figures cannot be worked out without it. "
                f"Upload the file whose columns are {', '.join(tables[key].names)}.",
            )
    for key, layout in tables.items():
        if key not in result.ret.tables and key not in REQUIRED:
            result.report.add(
                "absent_table",
                f"There is no {layout.title} table, so it was read as having no rows.",
            )
            result.ret.tables[key] = []
    return result
