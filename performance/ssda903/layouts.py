"""The SSDA903 tables' columns and codes, per collection year: which columns each table has, which are dates,
which may be blank, and which codes are valid.

Written from two public descriptions of the return (both read, neither copied):
* data-to-insight's validator, csc-validator-be-903, `lac_validator/config.py`: the columns of each CSV
  table (the same in every year it accepts), used there, as here, to tell which CSV file is which;
* Social Finance Digital Labs' liia-tools, `liiatools/spec/s903/SSDA903_schema_2017.yml`, `_2021.yml` and
  `_2024.yml`: each column's type, whether it may be blank, and each coded column's codes. A schema named
  for a year applies from the collection year ending in that year until the next one: 2017's to 2016-17 ..
  2019-20, 2021's to 2020-21 .. 2022-23, 2024's from 2023-24 (the year the social worker table began).

A collection year is named by the year it ends: 2018 is 1 April 2017 to 31 March 2018.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

FIRST_YEAR = 2017  # the earliest collection year these layouts describe (2016-17)


@dataclass(frozen=True)
class Column:
    name: str
    date: bool = False
    blank: bool = False  # may be blank
    codes: frozenset[str] = field(default_factory=frozenset)  # empty: any text
    number: bool = False  # a whole number (SDQ_SCORE, NB_ADOPTR)


@dataclass(frozen=True)
class Table:
    key: str  # performance.ssda903.tables.TABLES
    title: str  # how the report names it
    columns: tuple[Column, ...]
    from_year: int = FIRST_YEAR  # the first collection year that has it

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @functools.cached_property
    def date_names(self) -> frozenset[str]:
        return frozenset(c.name for c in self.columns if c.date)


def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())


YES_NO = _codes("0 1")
SEX = _codes("1 2")
ETHNIC = _codes(
    "WBRI WIRI WOTH WIRT WROM MWBC MWBA MWAS MOTH AIND APKN ABAN AOTH BCRB BAFR BOTH CHNE OOTH REFU NOBT"
)
RNE = _codes("S L P T B U")
LS = _codes("C1 C2 D1 E1 V2 V3 V4 L1 L2 L3 J1 J2 J3")
CIN = _codes("N1 N2 N3 N4 N5 N6 N7 N8")
PLACE = _codes("A3 A4 A5 A6 H5 K1 K2 P1 P2 P3 R1 R2 R3 R5 S1 T0 T1 T2 T3 T4 U1 U2 U3 U4 U5 U6 Z1")
PLACE_PROVIDER = _codes("PR0 PR1 PR2 PR3 PR4 PR5")
_REC_COMMON = "X1 E11 E12 E2 E3 E4A E4B E13 E41 E5 E6 E7 E9 E14 E15 E16 E17 E8"
REC_2017 = _codes(_REC_COMMON + " E43 E44")
REC_2021 = _codes(_REC_COMMON + " E45 E46 E47 E48")
_REASON_COMMON = "CARPL CLOSE ALLEG STAND APPRR CREQB CREQO CHILD LAREQ PLACE OTHER"
REASON_2017 = _codes(_REASON_COMMON)
REASON_2021 = _codes(_REASON_COMMON + " CUSTOD")
ACTIV_2017 = _codes("F1 P1 F2 P2 F3 P3 G4 G5 G6 0")
ACTIV_2024 = _codes("F1 P1 F2 P2 F4 P4 F5 P5 G4 G5 G6 0")
IN_TOUCH = _codes("YES NO DIED REFU NREQ RHOM")
ACCOM = _codes(
    "B1 B2 C1 C2 D1 D2 E1 E2 G1 G2 H1 H2 K1 K2 R1 R2 S1 S2 T1 T2 U1 U2 V1 V2 W1 W2 X1 X2 Y1 Y2 Z1 Z2 0"
)
SDQ_REASON = _codes("SDQ1 SDQ2 SDQ3 SDQ4 SDQ5")
REVIEW_CODE = _codes("PN0 PN1 PN2 PN3 PN4 PN5 PN6 PN7")
MISSING = _codes("M A")
PREV_PERM = _codes("P1 P2 P3 P4 Z1")
SEX_ADOPTR = _codes("M1 F1 MM FF MF")
LS_ADOPTR = _codes("L0 L11 L12 L2 L3 L4")
REASON_PLACED_CEASED = _codes("RD1 RD2 RD3 RD4")
SW_REASON = _codes("MANAGE FCONTA LEFTRL ORGRST TSPROC ABSENC CHCHAN PCCHAN SWDIED OTHERS")

CHILD = Column("CHILD")
DOB = Column("DOB", date=True)


def _tables(year: int) -> tuple[Table, ...]:
    rec = REC_2017 if year < 2021 else REC_2021
    reason = REASON_2017 if year < 2021 else REASON_2021
    activ = ACTIV_2017 if year < 2024 else ACTIV_2024
    return (
        Table(
            "header",
            "Header",
            (
                CHILD,
                Column("SEX", codes=SEX),
                DOB,
                Column("ETHNIC", codes=ETHNIC),
                Column("UPN"),
                Column("MOTHER", blank=True, codes=YES_NO),
                Column("MC_DOB", date=True, blank=True),
            ),
        ),
        Table(
            "episodes",
            "Episodes",
            (
                CHILD,
                Column("DECOM", date=True),
                Column("RNE", codes=RNE),
                Column("LS", codes=LS),
                Column("CIN", codes=CIN),
                Column("PLACE", codes=PLACE),
                Column("PLACE_PROVIDER", blank=True, codes=PLACE_PROVIDER),
                Column("DEC", date=True, blank=True),
                Column("REC", blank=True, codes=rec),
                Column("REASON_PLACE_CHANGE", blank=True, codes=reason),
                Column("HOME_POST", blank=True),
                Column("PL_POST", blank=True),
                Column("URN", blank=True),
            ),
        ),
        Table(
            "uasc",
            "Unaccompanied asylum-seeking children",
            (CHILD, Column("SEX", codes=SEX), DOB, Column("DUC", date=True, blank=True)),
        ),
        Table(
            "missing",
            "Missing",
            (
                CHILD,
                DOB,
                Column("MISSING", codes=MISSING),
                Column("MIS_START", date=True),
                Column("MIS_END", date=True, blank=True),
            ),
        ),
        Table(
            "oc2",
            "Outcomes for children in care for a year (OC2)",
            (
                CHILD,
                DOB,
                Column("SDQ_SCORE", blank=True, number=True),
                Column("SDQ_REASON", blank=True, codes=SDQ_REASON),
                *(
                    Column(name, blank=True, codes=YES_NO)
                    for name in (
                        "CONVICTED",
                        "HEALTH_CHECK",
                        "IMMUNISATIONS",
                        "TEETH_CHECK",
                        "HEALTH_ASSESSMENT",
                        "SUBSTANCE_MISUSE",
                        "INTERVENTION_RECEIVED",
                        "INTERVENTION_OFFERED",
                    )
                ),
            ),
        ),
        Table(
            "oc3",
            "Care leavers (OC3)",
            (
                CHILD,
                DOB,
                Column("IN_TOUCH", codes=IN_TOUCH),
                Column("ACTIV", blank=True, codes=activ),
                Column("ACCOM", blank=True, codes=ACCOM),
            ),
        ),
        Table(
            "reviews",
            "Reviews",
            (CHILD, DOB, Column("REVIEW", date=True), Column("REVIEW_CODE", codes=REVIEW_CODE)),
        ),
        Table(
            "ad1",
            "Adoption (AD1)",
            (
                CHILD,
                DOB,
                Column("DATE_INT", date=True),
                Column("DATE_MATCH", date=True),
                Column("FOSTER_CARE", codes=YES_NO),
                Column("NB_ADOPTR", number=True),
                Column("SEX_ADOPTR", codes=SEX_ADOPTR),
                Column("LS_ADOPTR", codes=LS_ADOPTR),
            ),
        ),
        Table(
            "placed_for_adoption",
            "Placed for adoption",
            (
                CHILD,
                DOB,
                Column("DATE_PLACED", date=True),
                Column("DATE_PLACED_CEASED", date=True, blank=True),
                Column("REASON_PLACED_CEASED", blank=True, codes=REASON_PLACED_CEASED),
            ),
        ),
        Table(
            "previous_permanence",
            "Previous permanence",
            (
                CHILD,
                DOB,
                Column("PREV_PERM", codes=PREV_PERM),
                Column("LA_PERM", blank=True),
                Column("DATE_PERM", blank=True),  # the DfE allows a partial date here, so it stays text
            ),
        ),
        Table(
            "social_worker",
            "Social worker episodes",
            (
                CHILD,
                DOB,
                Column("SW_ID"),
                Column("SW_DECOM", date=True),
                Column("SW_DEC", date=True, blank=True),
                Column("SW_REASON", blank=True, codes=SW_REASON),
            ),
            from_year=2024,
        ),
    )


_CACHE: dict[int, dict[str, Table]] = {}


def tables_for(year: int) -> dict[str, Table]:
    """Every table of the given collection year's return, by key (the social worker table from 2023-24)."""
    if year not in _CACHE:
        layout_year = max(year, FIRST_YEAR)  # an earlier year is read with the first layout described
        _CACHE[year] = {t.key: t for t in _tables(layout_year) if t.from_year <= layout_year}
    return _CACHE[year]


def all_tables(year: int) -> dict[str, Table]:
    """Every table any year has (to recognise one that belongs to another collection year)."""
    return {t.key: t for t in _tables(max(year, FIRST_YEAR))}


def year_label(year: int) -> str:
    return f"{year - 1}-{year % 100:02d}"
