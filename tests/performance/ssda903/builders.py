"""Hand-made SSDA903 returns for the indicator tests, and a generated large one for timing.

A child's episodes are written in order and chained: each new episode closes the one before on its start date
(reason ceased X1), the way the 903 records a change. Dates are written DD/MM/YYYY, as in the files.

    b = ReturnBuilder()
    b.child("A", dob="01/01/2010").episode("01/01/2015", rne="S").episode("01/06/2016", rne="P").ceased(
        "01/01/2018", rec="E13"
    )
    ret = b.build()
"""

from __future__ import annotations

import datetime as dt
import random

from performance.ssda903.tables import Return, Row


def day(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d/%m/%Y").date()  # noqa: DTZ007 - a calendar day, no time


class ChildBuilder:
    def __init__(self, builder: ReturnBuilder, ref: str, dob: dt.date | None) -> None:
        self.builder = builder
        self.ref = ref
        self.dob = dob
        self.episodes: list[Row] = []

    def episode(
        self,
        start: str,
        *,
        rne: str | None = None,
        ls: str = "C2",
        place: str = "U4",
        urn: str | None = None,
        postcode: str | None = None,
    ) -> ChildBuilder:
        """A new episode from `start`; it closes the open one before it on that day (X1)."""
        if self.episodes and self.episodes[-1]["DEC"] is None:
            self.episodes[-1]["DEC"] = day(start)
            self.episodes[-1]["REC"] = "X1"
        row: Row = {
            "CHILD": self.ref,
            "DECOM": day(start),
            "RNE": rne or ("P" if self.episodes else "S"),
            "LS": ls,
            "CIN": "N1",
            "PLACE": place,
            "PLACE_PROVIDER": "PR1",
            "DEC": None,
            "REC": None,
            "REASON_PLACE_CHANGE": None,
            "HOME_POST": None,
            "PL_POST": postcode,
            "URN": urn,
        }
        self.episodes.append(row)
        self.builder.tables["episodes"].append(row)
        return self

    def ceased(self, end: str, *, rec: str = "E8") -> ChildBuilder:
        """The open episode ends on `end`: the child leaves care that day."""
        self.episodes[-1]["DEC"] = day(end)
        self.episodes[-1]["REC"] = rec
        return self

    def oc2(self, **items: str | None) -> ChildBuilder:
        """The child's OC2 record; items not given are "0" (not done), SDQ_SCORE blank."""
        row: Row = {
            "CHILD": self.ref,
            "DOB": self.dob,
            "SDQ_SCORE": None,
            "SDQ_REASON": None,
            "CONVICTED": "0",
            "HEALTH_CHECK": "0",
            "IMMUNISATIONS": "0",
            "TEETH_CHECK": "0",
            "HEALTH_ASSESSMENT": "0",
            "SUBSTANCE_MISUSE": "0",
            "INTERVENTION_RECEIVED": "0",
            "INTERVENTION_OFFERED": "0",
        }
        row.update(items)
        self.builder.tables["oc2"].append(row)
        return self

    def oc3(self, in_touch: str = "YES", activ: str | None = "F2", accom: str | None = "U1") -> ChildBuilder:
        self.builder.tables["oc3"].append(
            {"CHILD": self.ref, "DOB": self.dob, "IN_TOUCH": in_touch, "ACTIV": activ, "ACCOM": accom}
        )
        return self

    def missing(self, start: str, end: str | None = None, *, code: str = "M") -> ChildBuilder:
        self.builder.tables["missing"].append(
            {
                "CHILD": self.ref,
                "DOB": self.dob,
                "MISSING": code,
                "MIS_START": day(start),
                "MIS_END": day(end) if end else None,
            }
        )
        return self


class ReturnBuilder:
    def __init__(self, collection_year: int = 2018) -> None:
        self.collection_year = collection_year
        self.tables: dict[str, list[Row]] = {
            "header": [],
            "episodes": [],
            "oc2": [],
            "oc3": [],
            "missing": [],
        }

    def child(self, ref: str, *, dob: str | None = "01/01/2010", in_header: bool = True) -> ChildBuilder:
        born = day(dob) if dob else None
        if in_header:
            self.tables["header"].append(
                {"CHILD": ref, "SEX": "1", "DOB": born, "ETHNIC": "WBRI", "UPN": None, "MOTHER": None}
            )
        return ChildBuilder(self, ref, born)

    def build(self) -> Return:
        return Return(self.collection_year, {name: list(rows) for name, rows in self.tables.items()})


_PLACES = ("U1", "U2", "U3", "U4", "U5", "U6", "R1", "K2", "H5", "P1", "A4", "T2")
_LEGAL = ("C2", "C2", "C1", "E1", "J2", "V2", "V3")
_REC = ("E13", "E41", "E4A", "E8", "E3", "E17", "E11")


def generated_return(
    children: int = 2_000, episodes: int = 5_000, reviews: int = 12_000, *, seed: int = 903
) -> Return:
    """A made-up return of about the given size (collection year 2017-18), for timing the calculations.

    Every child is in the header, OC2 and previous permanence; episodes are spread over the children, each
    child's chained from a start between 2012 and 2017; about one child in five has left care.
    """
    rng = random.Random(seed)
    tables: dict[str, list[Row]] = {
        name: [] for name in ("header", "episodes", "oc2", "oc3", "missing", "reviews", "previous_permanence")
    }
    per_child = [1] * children
    for _ in range(max(episodes - children, 0)):
        per_child[rng.randrange(children)] += 1
    year_end = dt.date(2018, 3, 31)
    for number in range(children):
        ref = f"C{number:06d}"
        dob = dt.date(2000, 4, 1) + dt.timedelta(days=rng.randrange(17 * 365))
        tables["header"].append({"CHILD": ref, "SEX": "1", "DOB": dob, "ETHNIC": "WBRI", "UPN": None})
        start = max(dob, dt.date(2012, 1, 1)) + dt.timedelta(days=rng.randrange(1_500))
        start = min(start, year_end - dt.timedelta(days=per_child[number] * 3))
        for index in range(per_child[number]):
            room = max((year_end - start).days // max(per_child[number] - index, 1), 1)
            end: dt.date | None = start + dt.timedelta(days=rng.randrange(1, room + 1))
            last = index == per_child[number] - 1
            if last and rng.random() < 0.8:
                end = None
            tables["episodes"].append(
                {
                    "CHILD": ref,
                    "DECOM": start,
                    "RNE": "S" if index == 0 else rng.choice("PPPLTBU"),
                    "LS": rng.choice(_LEGAL),
                    "CIN": "N1",
                    "PLACE": rng.choice(_PLACES),
                    "PLACE_PROVIDER": "PR1",
                    "DEC": end,
                    "REC": None if end is None else ("X1" if not last else rng.choice(_REC)),
                    "REASON_PLACE_CHANGE": None,
                    "HOME_POST": "AB1 2CD",
                    "PL_POST": rng.choice(("AB1 2CD", "EF3 4GH", None)),
                    "URN": rng.choice(("SC123456", "XXXXXXX", None)),
                }
            )
            if end is None:
                break
            start = end
        tables["oc2"].append(
            {
                "CHILD": ref,
                "DOB": dob,
                "SDQ_SCORE": str(rng.randrange(41)) if rng.random() < 0.7 else None,
                "HEALTH_ASSESSMENT": rng.choice("01"),
                "IMMUNISATIONS": rng.choice("01"),
                "TEETH_CHECK": rng.choice("01"),
                "HEALTH_CHECK": rng.choice("01"),
                "SUBSTANCE_MISUSE": rng.choice("01"),
                "CONVICTED": rng.choice("01"),
            }
        )
        tables["previous_permanence"].append({"CHILD": ref, "DOB": dob, "PREV_PERM": "Z1"})
        if rng.random() < 0.05:
            tables["oc3"].append(
                {
                    "CHILD": ref,
                    "DOB": dob,
                    "IN_TOUCH": "YES",
                    "ACTIV": rng.choice(("F2", "G5")),
                    "ACCOM": "U1",
                }
            )
        if rng.random() < 0.05:
            missing_start = dt.date(2017, 4, 1) + dt.timedelta(days=rng.randrange(365))
            tables["missing"].append(
                {"CHILD": ref, "DOB": dob, "MISSING": rng.choice("MA"), "MIS_START": missing_start}
            )
    for _ in range(reviews):
        ref = f"C{rng.randrange(children):06d}"
        tables["reviews"].append(
            {
                "CHILD": ref,
                "REVIEW": dt.date(2017, 4, 1) + dt.timedelta(days=rng.randrange(365)),
                "REVIEW_CODE": "PN1",
            }
        )
    return Return(2018, tables)
