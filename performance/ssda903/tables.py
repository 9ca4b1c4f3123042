"""The shape the reader hands to the checks and the indicator calculations (the one interface between them).

A `Return` holds each 903 table as a list of rows; a row is a dict keyed by the 903 column name in upper case
(CHILD, DECOM, RNE, ...). Values are already typed: dates (DD/MM/YYYY in the files) are `datetime.date`,
blank fields are `None`, and everything else is a stripped `str` (codes stay text: "01" is not 1). A date
that could not be read stays a `str`, so the checks can name it; the calculations only run on a return
whose blocking problems are fixed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

Value = dt.date | str | None
Row = dict[str, Value]

TABLES = (
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
    "social_worker",  # from collection year 2023-24
)


@dataclass
class Return:
    collection_year: int  # the year the collection ends: 2018 for 1 April 2017 to 31 March 2018
    tables: dict[str, list[Row]] = field(default_factory=dict)

    def rows(self, table: str) -> list[Row]:
        return self.tables.get(table, [])

    @property
    def year_start(self) -> dt.date:
        return dt.date(self.collection_year - 1, 4, 1)

    @property
    def year_end(self) -> dt.date:
        return dt.date(self.collection_year, 3, 31)
