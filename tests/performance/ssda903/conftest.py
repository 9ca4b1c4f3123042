"""Shared pieces for the SSDA903 tests: the shipped fake return, small hand-made tables, and a small real
calculation with the shape of `performance.ssda903.indicators.compute`."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from performance.services.ssda903 import Calculations
from performance.ssda903.indicators import Method
from performance.ssda903.tables import Return

FAKE_DIR = Path(settings.BASE_DIR) / "data" / "ssda903"
FAKE_TABLES = (
    "header",
    "episodes",
    "uasc",
    "missing",
    "oc2",
    "oc3",
    "reviews",
    "ad1",
    "placed_for_adoption",
    "previous_permanence",
)
AS_AT = dt.date(2017, 12, 31)  # Q3 2017-18


def fake_files() -> list[tuple[str, bytes]]:
    return [(f"{name}.csv", (FAKE_DIR / f"{name}.csv").read_bytes()) for name in FAKE_TABLES]


def zipped(files: list[tuple[str, bytes]], name: str = "return.zip") -> tuple[str, bytes]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in files:
            archive.writestr(member, data)
    return name, buffer.getvalue()


def table_csv(columns: str, *rows: str, bom: bool = False) -> bytes:
    text = columns + "\n" + "".join(row + "\n" for row in rows)
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode()


HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"
EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"


def small_return(*, header_rows=None, episode_rows=None) -> list[tuple[str, bytes]]:
    """Two children: A1 in care since 2016 (two placements), B2 came into care in October 2017."""
    header_rows = header_rows or (
        "A1,1,01/02/2010,WBRI,A123456789012,,",
        "B2,2,15/06/2012,WBRI,B123456789012,,",
    )
    episode_rows = episode_rows or (
        "A1,01/05/2016,S,C2,N1,U1,PR1,01/09/2017,X1,CARPL,AB1 2CD,EF3 4GH,SC1",
        "A1,01/09/2017,P,C2,N1,U3,PR1,,,,AB1 2CD,IJ5 6KL,SC2",
        "B2,10/10/2017,S,V2,N2,U1,PR1,,,,MN7 8OP,QR9 0ST,SC3",
    )
    return [
        ("header.csv", table_csv(HEADER, *header_rows)),
        ("episodes.csv", table_csv(EPISODES, *episode_rows)),
    ]


@dataclass(frozen=True)
class Figure:
    key: str
    numerator: int | None
    denominator: int | None
    value: float | None
    unit: str
    note: str = ""


def _open_on(ret: Return, day: dt.date) -> set[str]:
    return {
        str(r["CHILD"])
        for r in ret.rows("episodes")
        if isinstance(r.get("DECOM"), dt.date)
        and r["DECOM"] <= day  # type: ignore[operator]
        and (r.get("DEC") is None or r["DEC"] > day)  # type: ignore[operator]
        and r.get("PLACE") != "V1"  # a short-break-only placement is not counted (hand-made rule)
    }


def small_compute(ret: Return, *, as_at: dt.date) -> dict[str, Figure]:
    """Children looked after at the date, and the share of them with 3 or more placements in 12 months."""
    looked_after = _open_on(ret, as_at)
    year_before = as_at.replace(year=as_at.year - 1)
    placements: dict[str, int] = {}
    for row in ret.rows("episodes"):
        child = str(row["CHILD"])
        start, end = row["DECOM"], row.get("DEC")
        if child in looked_after and (end is None or end > year_before) and start <= as_at:  # type: ignore[operator]
            placements[child] = placements.get(child, 0) + 1
    three = sum(1 for n in placements.values() if n >= 3)
    total = len(looked_after)
    return {
        "looked_after": Figure("looked_after", None, None, float(total), "count"),
        "three_placements": Figure(
            "three_placements", three, total, round(100 * three / total, 1) if total else None, "percent"
        ),
        "missing_children": Figure("missing_children", None, None, float(len(ret.rows("missing"))), "count"),
    }


CALCULATIONS = Calculations(
    compute=small_compute,
    catalogue_keys={"looked_after": "CIC-NUMBER", "three_placements": "PS-3PLUS"},
    methods={
        "looked_after": Method(
            "Children looked after at the date",
            "Every child with an episode open on the date.",
            "DfE, Children looked after in England including adoptions: methodology",
            ("A child who leaves care on the date is not counted.",),
        ),
        "three_placements": Method(
            "Three or more placements", "Placements in the 12 months.", "DfE methodology"
        ),
    },
)


@pytest.fixture
def calculations(monkeypatch):
    """Use the small calculation above wherever the service would use the real one."""
    monkeypatch.setattr("performance.services.ssda903.default_calculations", lambda: CALCULATIONS)
    return CALCULATIONS


@pytest.fixture
def catalogue(officer):
    from performance.services.catalogue import catalogue_load

    catalogue_load(by=officer)
