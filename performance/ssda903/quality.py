"""The data-quality report on an SSDA903 return: what in the council's data needs fixing, counted per check.

Each check is blocking (no figures are worked out until it is fixed: the numbers would be wrong or cannot
be computed) or a warning (the figures are worked out, but the rows it names are worth correcting in the
case-management system). A finding carries the child references to fix; those are shown to officers once,
on the report page and in its download, and never stored: only `Report.counts()` is.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from performance.ssda903 import layouts
from performance.ssda903.episodes import Child, _text, build_children, first_day_of
from performance.ssda903.episodes import _date as _dated
from performance.ssda903.leavers import must_have_oc3
from performance.ssda903.tables import Return, Row


@dataclass(frozen=True)
class Check:
    title: str
    blocking: bool


CHECKS: dict[str, Check] = {
    # The files themselves
    "not_903": Check("Files that are not SSDA903 tables", True),
    "other_year": Check("Tables in another collection year's layout", True),
    "missing_table": Check("Tables the figures need that were not uploaded", True),
    "duplicate_table": Check("Tables uploaded twice", True),
    "truncated": Check("Files cut short", True),
    "misaligned": Check("Rows with more fields than the header", True),
    "unreadable": Check("Files that cannot be read", True),
    "too_large": Check("Returns too large to read", True),
    "xml_structure": Check("XML files whose children cannot be read", True),
    "empty_table": Check("Tables the figures need that have no rows", True),
    "stale_extract": Check("Returns whose dates do not fit the date of the extract", True),
    # Children and dates the figures cannot do without
    "duplicate_child": Check("Children in the header more than once", True),
    "unknown_child": Check("Episodes for children not in the header", True),
    "blank_key": Check("Child references, dates of birth or episode start dates left blank", True),
    "impossible_date": Check("Dates that are not real dates", True),
    "date_order": Check("Episodes that end before they start", True),
    # Field-level warnings
    "invalid_code": Check("Codes not valid for the collection year", False),
    "blank_required": Check("Other required fields left blank", False),
    "born_after": Check("Dates before the child's date of birth", False),
    "outside_year": Check("Dates after the end of the collection year", False),
    "overlap": Check("Overlapping episodes", False),
    "gap": Check("Gaps between episodes that should follow on", False),
    "oc2_missing": Check("Children in care for a year with no OC2 (health and wellbeing) row", False),
    "oc2_incomplete": Check("OC2 rows with health checks left blank", False),
    "oc3_missing": Check("Care leavers with no OC3 (care leaver) row", False),
    "oc3_incomplete": Check("Care leavers (OC3) in touch but with activity or accommodation blank", False),
    "missing_open": Check("Missing or away episodes with no end date", False),
    "missing_order": Check("Missing or away episodes that end before they start", False),
    "other_unknown_child": Check("Rows in other tables for children not in the header", False),
    # Notes on the upload
    "absent_table": Check("Tables not uploaded (read as having no rows)", False),
    "extra_columns": Check("Columns ignored", False),
    "extra_file": Check("Files in the zip that were ignored", False),
}


@dataclass
class Finding:
    check: str
    message: str
    count: int = 1
    children: list[str] = field(default_factory=list)  # child references to fix: never stored

    @property
    def blocking(self) -> bool:
        return CHECKS[self.check].blocking

    @property
    def title(self) -> str:
        return CHECKS[self.check].title


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)

    def add(self, check: str, message: str, *, count: int = 1, children: list[str] | None = None) -> None:
        if check not in CHECKS:
            raise ValueError(f"Unknown data-quality check {check!r}")
        self.findings.append(Finding(check, message, count, sorted(set(children or []))))

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.blocking]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.blocking]

    @property
    def ok(self) -> bool:
        return not self.blocking

    def counts(self) -> dict[str, int]:
        """What is stored: how many problems each check found. No child reference, no message text."""
        totals: dict[str, int] = defaultdict(int)
        for finding in self.findings:
            totals[finding.check] += finding.count
        return dict(totals)

    def child_rows(self) -> list[tuple[str, str, str]]:
        """(child reference, check title, message) for the officers' download."""
        return [(child, f.title, f.message) for f in self.findings for child in f.children]


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def check_return(ret: Return, *, as_at: dt.date, report: Report | None = None) -> Report:
    """Every field-level and cross-table check on a read return; adds to `report` (the reader's) if given."""
    report = report or Report()
    tables = layouts.tables_for(ret.collection_year)
    _fields(ret, tables, report)
    _births(ret, report)
    header_children = _header(ret, report)
    if header_children:  # with no header read, every row would be "unknown": the header's problem says why
        _children_known(ret, tables, header_children, report)
    _episodes(ret, report)
    _dates_in_year(ret, tables, report)
    _stale(ret, as_at, report)
    on = min(as_at, ret.year_end)  # the OC2 and OC3 checks look at the children as they stood on this day
    children = build_children(ret.rows("header"), ret.rows("episodes"), as_at=on)
    _oc2(ret, on, children, report)
    _oc3(ret, on, children, report)
    _missing(ret, report)
    return report


def _child(row: Row) -> str:
    return str(row.get("CHILD") or "(blank)")


def _fields(ret: Return, tables: dict[str, layouts.Table], report: Report) -> None:
    """Per table and column: dates that are not dates, codes outside the year's list, blank required fields."""
    keys = {"CHILD", "DECOM"}
    for key, table in tables.items():
        rows = ret.rows(key)
        if not rows:
            continue
        for column in table.columns:
            bad_dates, bad_codes, blanks = [], defaultdict(list), []
            for row in rows:
                value = row.get(column.name)
                if value is None:
                    if not column.blank:
                        blanks.append(_child(row))
                    continue
                if column.date and not isinstance(value, dt.date):
                    bad_dates.append(_child(row))
                elif (
                    column.codes
                    and value not in column.codes
                    or column.number
                    and not str(value).lstrip("-").isdigit()
                ):
                    bad_codes[str(value)].append(_child(row))
            where = f"{table.title}, {column.name}"
            if bad_dates:
                report.add(
                    "impossible_date",
                    f"{where}: {_plural(len(bad_dates), 'date')} not a real DD/MM/YYYY date.",
                    count=len(bad_dates),
                    children=bad_dates,
                )
            for code, children in sorted(bad_codes.items()):
                what = "whole number" if column.number else f"{layouts.year_label(ret.collection_year)} code"
                report.add(
                    "invalid_code",
                    f"{where}: “{code}” is not a valid {what} ({_plural(len(children), 'row')}).",
                    count=len(children),
                    children=children,
                )
            if blanks:
                key_field = column.name in keys or (key == "header" and column.name == "DOB")
                report.add(
                    "blank_key" if key_field else "blank_required",
                    f"{where}: left blank in {_plural(len(blanks), 'row')}.",
                    count=len(blanks),
                    children=blanks,
                )


def _births(ret: Return, report: Report) -> None:
    """A date of birth after the collection year ends cannot be right: no such child is in its return."""
    end = ret.year_end
    late = [_child(r) for r in ret.rows("header") if (d := _dated(r.get("DOB"))) and d > end]
    if late:
        report.add(
            "impossible_date",
            f"Header, DOB: {_plural(len(late), 'date')} of birth after {end:%d/%m/%Y}, the end of the "
            f"{layouts.year_label(ret.collection_year)} collection year.",
            count=len(late),
            children=late,
        )


def _header(ret: Return, report: Report) -> set[str]:
    seen: dict[str, int] = defaultdict(int)
    for row in ret.rows("header"):
        if row.get("CHILD"):
            seen[str(row["CHILD"])] += 1
    twice = [child for child, n in seen.items() if n > 1]
    if twice:
        report.add(
            "duplicate_child",
            f"{_plural(len(twice), 'child', 'children')} {'appears' if len(twice) == 1 else 'appear'} in the "
            "header more than once: each child has one header row.",
            count=len(twice),
            children=twice,
        )
    return set(seen)


def _children_known(ret: Return, tables, header_children: set[str], report: Report) -> None:
    for key, table in tables.items():
        if key == "header":
            continue
        unknown = [
            _child(r) for r in ret.rows(key) if r.get("CHILD") and str(r["CHILD"]) not in header_children
        ]
        if not unknown:
            continue
        if key == "episodes":
            report.add(
                "unknown_child",
                f"Episodes: {_plural(len(unknown), 'episode')} for {_plural(len(set(unknown)), 'child', 'children')} "
                "with no header row. Add them to the header, or remove the episodes.",
                count=len(unknown),
                children=unknown,
            )
        else:
            report.add(
                "other_unknown_child",
                f"{table.title}: {_plural(len(unknown), 'row')} for children with no header row.",
                count=len(unknown),
                children=unknown,
            )


def _episodes(ret: Return, report: Report) -> None:
    by_child: dict[str, list[Row]] = defaultdict(list)
    for row in ret.rows("episodes"):
        if _dated(row.get("DECOM")):
            by_child[_child(row)].append(row)
    backwards, overlaps, gaps, before_birth = [], [], [], []
    births = {_child(r): _dated(r.get("DOB")) for r in ret.rows("header")}
    for child, episodes in by_child.items():
        episodes.sort(key=lambda r: r["DECOM"])  # type: ignore[arg-type,return-value]
        born = births.get(child)
        for index, row in enumerate(episodes):
            start, end = row["DECOM"], _dated(row.get("DEC"))
            if end is not None and end < start:  # type: ignore[operator]
                backwards.append(child)
            if born is not None and start < born:  # type: ignore[operator]
                before_birth.append(child)
            if index + 1 < len(episodes):
                following = episodes[index + 1]["DECOM"]
                if end is None or following < end:  # type: ignore[operator]
                    overlaps.append(child)
                elif row.get("REC") == "X1" and following != end:
                    gaps.append(child)
    if backwards:
        report.add(
            "date_order",
            f"Episodes: {_plural(len(backwards), 'episode')} with an end date (DEC) before the start (DECOM).",
            count=len(backwards),
            children=backwards,
        )
    if before_birth:
        report.add(
            "born_after",
            f"Episodes: {_plural(len(before_birth), 'episode')} starting before the child's date of birth.",
            count=len(before_birth),
            children=before_birth,
        )
    if overlaps:
        report.add(
            "overlap",
            f"Episodes: {_plural(len(overlaps), 'episode')} still open, or ending after, when the child's next "
            "episode starts.",
            count=len(overlaps),
            children=overlaps,
        )
    if gaps:
        report.add(
            "gap",
            f"Episodes: {_plural(len(gaps), 'episode')} ending with reason X1 (the child stays in care) but the "
            "next episode starts on a different day.",
            count=len(gaps),
            children=gaps,
        )


_YEAR_DATES = {"episodes": ("DECOM", "DEC"), "reviews": ("REVIEW",), "missing": ("MIS_START", "MIS_END")}


def _dates_in_year(ret: Return, tables, report: Report) -> None:
    end = ret.year_end
    for key, columns in _YEAR_DATES.items():
        for column in columns:
            late = [_child(r) for r in ret.rows(key) if (d := _dated(r.get(column))) and d > end]
            if late:
                report.add(
                    "outside_year",
                    f"{tables[key].title}, {column}: {_plural(len(late), 'date')} after "
                    f"{end:%d/%m/%Y}, the end of the {layouts.year_label(ret.collection_year)} collection year.",
                    count=len(late),
                    children=late,
                )


_RECENT_DATES = {"episodes": ("DECOM", "DEC"), "reviews": ("REVIEW",)}


def _stale(ret: Return, as_at: dt.date, report: Report) -> None:
    """Every child in care has a review at least every six months, so a current extract has an episode or a
    review dated in the 12 months to its date. One without any is an older return (or the date of the extract
    is wrong): its still-open episodes would be counted as children in care on that date."""
    first = first_day_of(12, as_at)
    starts = [d for row in ret.rows("episodes") if (d := _dated(row.get("DECOM")))]
    if starts and min(starts) > as_at:
        report.add(
            "stale_extract",
            f"Every episode in the return begins after {as_at:%d/%m/%Y}, the date of the extract (the first on "
            f"{min(starts):%d/%m/%Y}), so no child would be counted. Check the date of the extract.",
        )
        return
    dates = [
        d
        for key, columns in _RECENT_DATES.items()
        for row in ret.rows(key)
        for column in columns
        if (d := _dated(row.get(column))) and d <= as_at
    ]
    if dates and not any(d >= first for d in dates):
        report.add(
            "stale_extract",
            f"No episode or review in the return is dated in the 12 months to {as_at:%d/%m/%Y}, the date of the "
            f"extract: the latest is {max(dates):%d/%m/%Y}. Check the date of the extract, or export the return "
            "again.",
        )


def _oc2(ret: Return, on: dt.date, children: dict[str, Child], report: Report) -> None:
    """Children looked after continuously for the 12 months to the as-at date (or the year end, if sooner)
    must have an OC2 row: the same children the health and wellbeing figures count (indicators'
    cohort_12_months: looked after on the date, short breaks left out). One with every health field blank is
    incomplete."""
    twelve_months = first_day_of(12, on)
    with_oc2 = {_text(r.get("CHILD")) for r in ret.rows("oc2")}  # matched as the figures match them
    missing = [
        ref
        for ref, child in children.items()
        if (period := child.period_on(on)) is not None
        and period.start <= twelve_months
        and ref not in with_oc2
    ]
    if missing:
        report.add(
            "oc2_missing",
            f"OC2: {_plural(len(missing), 'child', 'children')} looked after for the 12 months to "
            f"{on:%d/%m/%Y} with no OC2 row.",
            count=len(missing),
            children=missing,
        )
    blank = [
        _child(r)
        for r in ret.rows("oc2")
        if all(
            r.get(c) is None for c in ("HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT")
        )
    ]
    if blank:
        report.add(
            "oc2_incomplete",
            f"OC2: {_plural(len(blank), 'row')} with the health assessment, immunisations, dental and health "
            "check fields all blank.",
            count=len(blank),
            children=blank,
        )


def _oc3(ret: Return, on: dt.date, children: dict[str, Child], report: Report) -> None:
    """Young people whose episodes in the extract show they are care leavers with a 17th to 21st birthday in
    the collection year (by the as-at date, or the year end if sooner) must have an OC3 row: the rule and
    what the extract cannot show are in leavers.py, and the care-leaver figures count the same young people.
    One in touch (or not) with activity or accommodation blank is incomplete."""
    with_oc3 = {_text(r.get("CHILD")) for r in ret.rows("oc3")}  # matched as the figures match them
    missing = [
        ref for ref in must_have_oc3(children, year_start=ret.year_start, as_at=on) if ref not in with_oc3
    ]
    if missing:
        report.add(
            "oc3_missing",
            f"OC3: {_plural(len(missing), 'young person', 'young people')} with no OC3 row who must have one: "
            "the episodes show at least 13 weeks in care after their 14th birthday, some of it after their "
            f"16th, and a 17th to 21st birthday between {ret.year_start:%d/%m/%Y} and {on:%d/%m/%Y} after "
            "leaving care.",
            count=len(missing),
            children=missing,
        )
    incomplete = [
        _child(r)
        for r in ret.rows("oc3")
        if r.get("IN_TOUCH") in ("YES", "NO") and (r.get("ACTIV") is None or r.get("ACCOM") is None)
    ]
    if incomplete:
        report.add(
            "oc3_incomplete",
            f"OC3: {_plural(len(incomplete), 'care leaver')} recorded as in touch (or not) with activity "
            "or accommodation blank.",
            count=len(incomplete),
            children=incomplete,
        )


def _missing(ret: Return, report: Report) -> None:
    open_, backwards = [], []
    for row in ret.rows("missing"):
        start, end = _dated(row.get("MIS_START")), row.get("MIS_END")
        if end is None:
            open_.append(_child(row))
        elif start is not None and isinstance(end, dt.date) and end < start:
            backwards.append(_child(row))
    if open_:
        report.add(
            "missing_open",
            f"Missing: {_plural(len(open_), 'episode')} with no end date (MIS_END). If the child has come back, "
            "record when.",
            count=len(open_),
            children=open_,
        )
    if backwards:
        report.add(
            "missing_order",
            f"Missing: {_plural(len(backwards), 'episode')} ending before it starts.",
            count=len(backwards),
            children=backwards,
        )
