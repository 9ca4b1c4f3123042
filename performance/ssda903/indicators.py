"""The board's indicators, computed from the council's own SSDA903 return as they stood on any date.

`compute(ret, as_at=...)` returns one `Figure` (numerator, denominator, value, unit, note) per stable key.
The rules follow the Department for Education's published definitions for the children looked after
statistics, named in `METHODS` with each indicator:

* *Children looked after in England including adoptions: methodology* (DfE, Explore education statistics),
  which defines the counts at 31 March, placement stability, the 12-month cohort's health and wellbeing
  measures, care leavers, and children who went missing;
* the *SSDA903 guide* for the collection year (DfE, "Children looked after return"), which defines the
  codes: legal status, placement type, reason for a new episode, the OC2 and OC3 items and missing codes;
  and the DfE's *SSDA903 validation rules*, which say who counts as looked after continuously for 12
  months (every day from 1 April to 31 March).

The DfE works at 31 March. cpboard takes the same rules at any date (`as_at`), so a monthly extract gives the
figures for the quarter so far; where a rule speaks of "the year" cpboard uses the 12 months ending on
`as_at` (01/04/2017 to 31/03/2018 for 31/03/2018, the DfE's own year). Where the methodology is silent,
the rule cpboard chose is written in the Method's `choices` and in episodes.py, and tested on a hand-made
case in tests/performance/ssda903/test_indicators*.py.

Only counts leave this module: no child reference, date of birth or postcode is in a Figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from performance.ssda903.episodes import (
    ADOPTION_PLACEMENTS,
    FOSTER_PLACEMENTS,
    Child,
    _date,
    _text,
    age_on,
    build_children,
    first_day_of,
    year_before,
)
from performance.ssda903.leavers import (
    ADOPTED,
    AGE_GROUPS,
    CARE_TAKEN_OVER,
    DIED,
    age_group,
    must_have_oc3,
    still_in_care,
)
from performance.ssda903.tables import Return, Row, Value

METHODOLOGY = "Children looked after in England including adoptions: methodology (Department for Education)"
GUIDE = "Children looked after return (SSDA903): guide for the collection year (Department for Education)"

ONE_PLACE = Decimal("0.1")


@dataclass(frozen=True)
class Figure:
    """One computed indicator: what was counted, out of what, and the value shown to the board."""

    key: str
    numerator: int | None  # for an average score, the sum of the scores
    denominator: int | None  # None for a plain count (or a rate, where it is the population)
    value: Decimal | None  # None when there is no one to count
    unit: str  # one of performance.reference.catalogue.UNITS
    note: str = ""


@dataclass(frozen=True)
class Method:
    """How a figure is worked out, for the "explain this number" page."""

    title: str
    rule: str  # the rule in plain words
    source: str  # the DfE publication the rule follows
    choices: tuple[str, ...] = ()  # what cpboard decided where the publication is silent


# Which computed figure feeds which indicator in the performance catalogue (performance/reference/catalogue.py).
CATALOGUE_KEYS: dict[str, str] = {
    "children_looked_after": "CIC-NUMBER",
    "children_looked_after_rate": "CIC-RATE",
    "starts_rate": "CIC-STARTS-RATE",
    "placements_3_or_more": "PS-3PLUS",
    "long_term_stability": "PS-LONG-TERM",
    "foster_care": "FOSTER",
    "placed_for_adoption": "ADOPT-PLACED",
    "health_assessments": "HEALTH-ASSESS",
    "immunisations": "IMMUNISATIONS",
    "dental_checks": "DENTAL",
    "development_checks_under_5": "DEV-CHECK-U5",
    "substance_misuse": "SUBSTANCE",
    "convictions_10_to_17": "OFFENDING",
    "sdq_average": "SDQ-AVG",
    "sdq_concern": "SDQ-CONCERN",
    "care_leavers_17_18_eet": "CL1718-EET",
    "care_leavers_17_18_accommodation": "CL1718-ACCOM",
    "care_leavers_19_21_in_touch": "CL-IN-TOUCH",
    "care_leavers_19_21_eet": "CL1921-EET",
    "care_leavers_19_21_accommodation": "CL1921-ACCOM",
    "care_leavers_19_21_higher_education": "CL1921-HE",
    "care_leavers_19_21_activity_not_known": "CL-NOT-KNOWN",
    "missing_episodes_quarter": "MISSING-EPISODES",
}

_DAYS = (
    "A child is looked after on a date if an episode began on or before it and had not ceased before it; "
    "a child whose care ended on the date itself is not counted as looked after that day (the DfE's count "
    "at 31 March leaves out children who ceased on 31 March, so the number at the start of the year plus "
    "those who started less those who ceased gives the number at the end)."
)
_SHORT_BREAKS = (
    "Short breaks (legal status V3 or V4), which the DfE leaves out, are left out altogether: a child on "
    "short breaks on the date is not counted even after earlier full-time care, and short breaks between "
    "two spells of full-time care are a break in care."
)
_POPULATION = (
    "The population is the officer's, typed with the extract: the Office for National Statistics' mid-year "
    "estimate of the children aged 0 to 17 in the council's area, for the June in the extract's collection "
    "year (mid-2026 for 2026-27), or the latest published until that one is out. With no population the "
    "rates are not worked out, and the extract's page says so."
)
_FUTURE = (
    "Episodes that began after the date are ignored, so an extract gives the figures as they stood then."
)
_HISTORY = (
    "A return holds the episodes open during its year. Where a child's earlier episodes are not in the "
    "extract, time in care and in a placement is counted from the earliest episode it holds."
)
_TEMPORARY = (
    "Temporary placements (placement types T0 to T4) are not placements: they are never a move, and going "
    "back to the same placement afterwards continues it. Moving from a temporary placement elsewhere is a move."
)
_MOVES = (
    "A change of legal status only (reason for new episode L) is not a move, nor is a new episode whose "
    "placement type, Ofsted URN and placement postcode are all recorded and unchanged. Being placed for "
    "adoption with the same carers (reason B or U into placement A3 to A6) is not a move, as the DfE does "
    "not count it. Any other change of placement counts, however short the placement: the 903 guide asks "
    "for a stay of seven days or less to be coded temporary (T4), so one that is not was a real move."
)
_IN_YEAR_COHORT = (
    "The DfE's cohort is children looked after for at least 12 months at 31 March; its validation rules for "
    "the 903 take that as looked after on every day from 1 April to 31 March. For any other date cpboard "
    "uses the 12 months ending on it: looked after without a break from the day after the same date a year "
    "earlier (01/01/2017 for 31/12/2017) up to and including the date. The OC2 items are those the extract "
    "holds for the collection year so far; a child in the cohort with no OC2 record counts as not having "
    "had the check."
)
_OC3 = (
    "The OC3 record is a snapshot once a year, taken around each care leaver's 17th to 21st birthday; ages "
    "are the age reached on the birthday in the collection year. In an in-year extract only care leavers "
    "whose birthday has passed by the date are counted."
)
_OC3_CHOICES = (
    "The group is every young person with an OC3 record in the age group, and every young person the "
    "extract's own episodes show must have one: looked after (short breaks left out) for at least 13 weeks "
    "in all after their 14th birthday, at least one day of it after their 16th, as the DfE's SSDA903 guide "
    "defines a care leaver. The data-quality report lists the same young people where their record is "
    "missing; each is counted here as not in touch, with activity and accommodation not known. Care before "
    "the extract's earliest episode is not counted, so a care leaver who left care years ago (most of those "
    "aged 19 to 21) is only found through their OC3 record.",
    "A 17- or 18-year-old still looked after on their birthday, or after it, is not a care leaver yet and is "
    "left out. One whose care ended on the birthday itself had left care that day and is counted.",
    "Care leavers recorded as having died (DIED) are left out of the group, and so are young people whose "
    "last episode ended in adoption (E11 or E12) or in death (E2).",
    "Care leavers whose care was taken over by another council (their last episode in this return ended "
    "with reason E3) are left out: the council that looked after them last reports them.",
)


def _method(title: str, rule: str, *choices: str, source: str = METHODOLOGY) -> Method:
    return Method(title=title, rule=rule, source=source, choices=tuple(choices))


METHODS: dict[str, Method] = {
    "children_looked_after": _method(
        "Children looked after on the date",
        "The number of children the council was looking after on the date, leaving out children whose "
        "only care is a series of short breaks.",
        _DAYS,
        _SHORT_BREAKS,
        _FUTURE,
    ),
    "children_looked_after_rate": _method(
        "Children looked after per 10,000 children",
        "The number of children looked after on the date for every 10,000 children under 18 living in the "
        "area: the population figure the officer gives with the extract, the Office for National "
        "Statistics' mid-year estimate of the area's children aged 0 to 17, as the DfE uses.",
        _DAYS,
        _SHORT_BREAKS,
        _POPULATION,
    ),
    "starts": _method(
        "Children who started to be looked after",
        "Children who started to be looked after during the 12 months ending on the date (short breaks "
        "left out).",
        _SHORT_BREAKS,
        "A start is a period of care whose first episode has the reason S (started to be looked after), or "
        "which follows straight on from short breaks. Where the earliest episode the extract holds for a "
        "child has another reason, the child's care began before the extract: not a start.",
        "A child who started more than once in the 12 months is counted once.",
    ),
    "starts_rate": _method(
        "Children starting care per 10,000 children",
        "Children who started to be looked after in the 12 months ending on the date, for every 10,000 "
        "children under 18 living in the area (the officer's population figure, as for the rate of children "
        "looked after).",
        _SHORT_BREAKS,
        _POPULATION,
    ),
    "placements_3_or_more": _method(
        "Three or more placements in the last 12 months",
        "Of the children looked after on the date, the share who lived in three or more placements during "
        "the 12 months ending on it, counting the placement they were already in when the 12 months began.",
        _DAYS,
        _TEMPORARY,
        _MOVES,
        "A placement counts if the child lived there on at least one day of the 12 months: one the child "
        "left on the first day of the 12 months does not count.",
        _HISTORY,
    ),
    "long_term_stability": _method(
        "Long-term placement stability",
        "Of the children under 16 on the date who had been looked after without a break for at least two "
        "and a half years, the share who had lived in the same placement for at least two years, or who are "
        "placed for adoption and whose adoptive placement and the placement before it together have lasted "
        "at least two years.",
        "Under 16 means not yet 16 on the date: a child whose 16th birthday is that day is left out.",
        "Two and a half years means the 30 calendar months ending on the date, counted the way the DfE counts "
        "the 12-month cohort (every day from 1 April to 31 March): for 31/03/2018, care that began on or "
        "before 01/10/2015, and a placement that began on or before 01/04/2016.",
        _TEMPORARY,
        _MOVES,
        _HISTORY,
    ),
    "foster_care": _method(
        "Children living in foster care",
        "Of the children looked after on the date, the share placed with foster carers (placement types U1 "
        "to U6) on that day.",
        _DAYS,
        _SHORT_BREAKS,
    ),
    "placed_for_adoption": _method(
        "Children placed for adoption",
        "Of the children looked after on the date, the share placed for adoption (placement types A3 to A6).",
        _DAYS,
        _SHORT_BREAKS,
    ),
    "cohort_12_months": _method(
        "Children looked after for 12 months or more",
        "Children looked after on the date whose care had lasted at least 12 months without a break: the "
        "group the health, wellbeing and offending measures are worked out for.",
        _IN_YEAR_COHORT,
        _SHORT_BREAKS,
        _HISTORY,
    ),
    "health_assessments": _method(
        "Health assessments up to date",
        "Of the children looked after for 12 months or more, the share whose health assessments are up to "
        "date (OC2 item HEALTH_ASSESSMENT recorded as 1).",
        _IN_YEAR_COHORT,
    ),
    "immunisations": _method(
        "Immunisations up to date",
        "Of the children looked after for 12 months or more, the share whose immunisations are up to date "
        "(OC2 item IMMUNISATIONS recorded as 1).",
        _IN_YEAR_COHORT,
    ),
    "dental_checks": _method(
        "Dental checks",
        "Of the children looked after for 12 months or more, the share who had their teeth checked by a "
        "dentist (OC2 item TEETH_CHECK recorded as 1).",
        _IN_YEAR_COHORT,
    ),
    "development_checks_under_5": _method(
        "Development checks for children under five",
        "Of the children under five on the date looked after for 12 months or more, the share whose "
        "development assessments are up to date (OC2 item HEALTH_CHECK recorded as 1).",
        _IN_YEAR_COHORT,
    ),
    "substance_misuse": _method(
        "Substance misuse identified",
        "Of the children looked after for 12 months or more, the share identified as having a substance "
        "misuse problem during the year (OC2 item SUBSTANCE_MISUSE recorded as 1).",
        _IN_YEAR_COHORT,
    ),
    "convictions_10_to_17": _method(
        "Convictions, youth cautions and youth conditional cautions",
        "Of the children aged 10 to 17 on the date looked after for 12 months or more, the share convicted "
        "or given a youth caution or youth conditional caution during the year (OC2 item CONVICTED as 1).",
        _IN_YEAR_COHORT,
    ),
    "sdq_average": _method(
        "Average SDQ score",
        "The average Strengths and Difficulties Questionnaire score (0 to 40; higher means more difficulty) "
        "of the children aged 5 to 16 on the date, looked after for 12 months or more, who have a score.",
        _IN_YEAR_COHORT,
        "Aged 5 to 16 means at least 5 and not yet 17 on the date. A score outside 0 to 40 is not a score.",
    ),
    "sdq_with_score": _method(
        "Children with an SDQ score",
        "Of the children aged 5 to 16 on the date looked after for 12 months or more, the share who have an "
        "SDQ score recorded. An average from few scores says little about the others.",
        _IN_YEAR_COHORT,
    ),
    "sdq_concern": _method(
        "SDQ score a cause for concern",
        "Of the children aged 5 to 16 with an SDQ score, the share scoring 17 or more.",
        _IN_YEAR_COHORT,
    ),
}


def _care_leaver_methods() -> dict[str, Method]:
    methods: dict[str, Method] = {}
    for ages, words in (("17_18", "17 or 18"), ("19_21", "19, 20 or 21")):
        group = f"care leavers aged {words}"
        methods[f"care_leavers_{ages}"] = _method(
            f"Care leavers aged {words}",
            f"The number of {group} recorded in the return (OC3).",
            _OC3,
            *_OC3_CHOICES,
        )
        methods[f"care_leavers_{ages}_in_touch"] = _method(
            f"Care leavers aged {words}: in touch",
            f"Of the {group}, the share the council was in touch with around their birthday (IN_TOUCH YES).",
            _OC3,
            *_OC3_CHOICES,
        )
        methods[f"care_leavers_{ages}_eet"] = _method(
            f"Care leavers aged {words}: in education, employment or training",
            f"Of the {group}, the share in education, training or work, full or part time (main activity "
            "codes beginning F or P). Those not in touch count in the group but not as in education, "
            "employment or training.",
            _OC3,
            *_OC3_CHOICES,
        )
        methods[f"care_leavers_{ages}_accommodation"] = _method(
            f"Care leavers aged {words}: in suitable accommodation",
            f"Of the {group}, the share whose accommodation was judged suitable (accommodation codes ending "
            "in 1). Those whose accommodation is not known count in the group but not as suitable.",
            _OC3,
            *_OC3_CHOICES,
        )
    methods["care_leavers_19_21_higher_education"] = _method(
        "Care leavers aged 19, 20 or 21: in higher education",
        "Of the care leavers aged 19, 20 or 21, the share in higher education, full or part time (main "
        "activity F1 or P1).",
        _OC3,
        *_OC3_CHOICES,
    )
    methods["care_leavers_19_21_activity_not_known"] = _method(
        "Care leavers aged 19, 20 or 21: activity not known",
        "Of the care leavers aged 19, 20 or 21, the share whose main activity is not recorded as any of "
        "education, employment, training or not in education, employment or training.",
        _OC3,
        *_OC3_CHOICES,
    )
    return methods


def _missing_methods() -> dict[str, Method]:
    lookup = (
        "Only episodes that began in the period count, and only for children looked after at some time in "
        "it (short breaks left out). An episode still going on counts."
    )
    return {
        "missing_children": _method(
            "Children who went missing",
            "Of the children looked after at any time in the 12 months ending on the date, the share who "
            "went missing from their placement at least once (missing code M).",
            lookup,
        ),
        "missing_episodes": _method(
            "Missing episodes",
            "The number of times children looked after went missing from their placement (code M) in the 12 "
            "months ending on the date.",
            lookup,
        ),
        "away_children": _method(
            "Children away from placement without authorisation",
            "Of the children looked after at any time in the 12 months ending on the date, the share who were "
            "away from their placement without permission at least once (code A, counted apart from missing).",
            lookup,
        ),
        "away_episodes": _method(
            "Episodes away from placement without authorisation",
            "The number of times children looked after were away from their placement without permission "
            "(code A) in the 12 months ending on the date.",
            lookup,
        ),
        "missing_episodes_quarter": _method(
            "Missing episodes in the quarter",
            "The number of times children looked after went missing (code M) from the first day of the "
            "financial quarter (April, July, October or January) to the date.",
            lookup,
        ),
        "away_episodes_quarter": _method(
            "Episodes away without authorisation in the quarter",
            "The number of times children looked after were away from their placement without permission "
            "(code A) from the first day of the financial quarter to the date.",
            lookup,
        ),
    }


METHODS |= _care_leaver_methods()
METHODS |= _missing_methods()

EET_ACTIVITIES = frozenset({f"{mode}{level}" for mode in "FP" for level in "12345"})
NEET_ACTIVITIES = frozenset({"G4", "G5", "G6"})
KNOWN_ACTIVITIES = EET_ACTIVITIES | NEET_ACTIVITIES
HIGHER_EDUCATION = frozenset({"F1", "P1"})


def _round(value: Decimal) -> Decimal:
    return value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def _share(key: str, numerator: int, denominator: int, note: str = "") -> Figure:
    value = _round(Decimal(numerator * 100) / denominator) if denominator else None
    if not denominator:
        note = " ".join(part for part in (note, "No children were in the group on this date.") if part)
    return Figure(key, numerator, denominator, value, "percent", note)


def _count(key: str, number: int, note: str = "") -> Figure:
    return Figure(key, number, None, Decimal(number), "count", note)


def _rate(key: str, number: int, population: int) -> Figure:
    note = f"For every 10,000 of the {population:,} children aged 0 to 17 in the area the officer gave."
    return Figure(
        key, number, population, _round(Decimal(number * 10_000) / population), "rate_per_10k", note
    )


def _quarter_start(day: dt.date) -> dt.date:
    """The first day of the financial quarter holding `day`: 1 April, 1 July, 1 October or 1 January."""
    first_month = ((day.month - 1) // 3) * 3 + 1
    return dt.date(day.year, first_month, 1)


def _by_child(rows: Iterable[Row]) -> dict[str, Row]:
    return {_text(row.get("CHILD")): row for row in rows if _text(row.get("CHILD"))}


def _sdq_score(value: Value) -> int | None:
    text = _text(value)
    if not text.isdigit():
        return None
    score = int(text)
    return score if 0 <= score <= 40 else None


def compute(ret: Return, *, as_at: dt.date, population: int | None = None) -> dict[str, Figure]:
    """Every indicator as it stood on `as_at`, keyed as in METHODS (see each Method for the rule).

    `population` is the number of children under 18 living in the area; the rates per 10,000 are only given
    when it is. The episodes are grouped by child once and every figure is read from that grouping, so the
    time taken grows with the number of rows and nothing else.
    """
    children = build_children(ret.rows("header"), ret.rows("episodes"), as_at=as_at)
    figures: dict[str, Figure] = {}
    for figure in (
        *_in_care(children, as_at, population),
        *_cohort_12_months(children, _by_child(ret.rows("oc2")), as_at),
        *_care_leavers(ret, children, as_at),
        *_missing(ret.rows("missing"), children, as_at),
    ):
        figures[figure.key] = figure
    return figures


def _in_care(children: dict[str, Child], as_at: dt.date, population: int | None) -> list[Figure]:
    window_start = year_before(as_at)
    thirty_months = first_day_of(30, as_at)
    two_years = first_day_of(24, as_at)
    looked_after = 0
    three_or_more = 0
    long_term_cohort = 0
    long_term_stable = 0
    fostered = 0
    adoption = 0
    starts = 0
    for child in children.values():
        if any(period.started and window_start <= period.start <= as_at for period in child.periods):
            starts += 1
        period = child.period_on(as_at)
        if period is None:
            continue
        looked_after += 1
        place_now = period.episodes[-1].place
        fostered += place_now in FOSTER_PLACEMENTS
        adoption += place_now in ADOPTION_PLACEMENTS
        placements = sum(
            1 for each in child.periods for spell in each.spells if spell.covers_any_of(window_start, as_at)
        )
        three_or_more += placements >= 3
        if child.dob is None or age_on(child.dob, as_at) >= 16 or period.start > thirty_months:
            continue
        long_term_cohort += 1
        spells = period.spells
        if not spells:
            continue
        current = spells[-1]
        if current.start <= two_years:
            long_term_stable += 1
        elif current.episodes[-1].place in ADOPTION_PLACEMENTS and len(spells) > 1:
            long_term_stable += spells[-2].start <= two_years
    figures = [
        _count("children_looked_after", looked_after),
        _count("starts", starts),
        _share("placements_3_or_more", three_or_more, looked_after),
        _share("long_term_stability", long_term_stable, long_term_cohort),
        _share("foster_care", fostered, looked_after),
        _share("placed_for_adoption", adoption, looked_after),
    ]
    if population:
        figures.append(_rate("children_looked_after_rate", looked_after, population))
        figures.append(_rate("starts_rate", starts, population))
    return figures


def _cohort_12_months(children: dict[str, Child], oc2: dict[str, Row], as_at: dt.date) -> list[Figure]:
    twelve_months = first_day_of(12, as_at)
    note = (
        f"Children looked after on {as_at:%d/%m/%Y} whose care began on or before {twelve_months:%d/%m/%Y}."
    )
    cohort = 0
    counts = {"HEALTH_ASSESSMENT": 0, "IMMUNISATIONS": 0, "TEETH_CHECK": 0, "SUBSTANCE_MISUSE": 0}
    under_5 = under_5_checked = aged_10_17 = convicted = 0
    sdq_group = sdq_scored = sdq_total = sdq_concern = 0
    for ref, child in children.items():
        period = child.period_on(as_at)
        if period is None or period.start > twelve_months:
            continue
        cohort += 1
        row = oc2.get(ref, {})
        for item in counts:
            counts[item] += _text(row.get(item)) == "1"
        dob = child.dob or _date(row.get("DOB"))
        if dob is None:
            continue
        age = age_on(dob, as_at)
        if age < 5:
            under_5 += 1
            under_5_checked += _text(row.get("HEALTH_CHECK")) == "1"
        if 10 <= age <= 17:
            aged_10_17 += 1
            convicted += _text(row.get("CONVICTED")) == "1"
        if 5 <= age <= 16:
            sdq_group += 1
            score = _sdq_score(row.get("SDQ_SCORE"))
            if score is not None:
                sdq_scored += 1
                sdq_total += score
                sdq_concern += score >= 17
    average = _round(Decimal(sdq_total) / sdq_scored) if sdq_scored else None
    return [
        _count("cohort_12_months", cohort, note),
        _share("health_assessments", counts["HEALTH_ASSESSMENT"], cohort, note),
        _share("immunisations", counts["IMMUNISATIONS"], cohort, note),
        _share("dental_checks", counts["TEETH_CHECK"], cohort, note),
        _share("substance_misuse", counts["SUBSTANCE_MISUSE"], cohort, note),
        _share("development_checks_under_5", under_5_checked, under_5, note),
        _share("convictions_10_to_17", convicted, aged_10_17, note),
        Figure(
            "sdq_average",
            sdq_total,
            sdq_scored,
            average,
            "score",
            note if sdq_scored else f"{note} No child aged 5 to 16 in the group has a score.",
        ),
        _share("sdq_with_score", sdq_scored, sdq_group, note),
        _share("sdq_concern", sdq_concern, sdq_scored, note),
    ]


def _care_leavers(ret: Return, children: dict[str, Child], as_at: dt.date) -> list[Figure]:
    """The care leavers of `leavers` (performance/ssda903/leavers.py): every OC3 record in an age group, and
    every young person the episodes show must have one and has none (counted as not known)."""
    on = min(as_at, ret.year_end)
    tallies = {
        name: dict.fromkeys(("all", "touch", "eet", "accom", "he", "unknown"), 0) for name in AGE_GROUPS
    }
    died = transferred = adopted = in_care = not_yet = 0
    recorded: set[str] = set()
    for row in ret.rows("oc3"):
        ref = _text(row.get("CHILD"))
        recorded.add(ref)
        child = children.get(ref)
        dob = (child.dob if child else None) or _date(row.get("DOB"))
        if dob is None:
            continue
        name, birthday = age_group(dob, ret.year_start)
        if name is None:
            continue
        if birthday > on:
            not_yet += 1
            continue
        if _text(row.get("IN_TOUCH")) == "DIED" or (child is not None and child.last_rec == DIED):
            died += 1
            continue
        if child is not None and child.last_rec == CARE_TAKEN_OVER:
            transferred += 1
            continue
        if child is not None and child.last_rec in ADOPTED:
            adopted += 1
            continue
        if child is not None and still_in_care(child, birthday.year - dob.year, birthday):
            in_care += 1
            continue
        tally = tallies[name]
        activity = _text(row.get("ACTIV"))
        accommodation = _text(row.get("ACCOM"))
        tally["all"] += 1
        tally["touch"] += _text(row.get("IN_TOUCH")) == "YES"
        tally["eet"] += activity in EET_ACTIVITIES
        tally["he"] += activity in HIGHER_EDUCATION
        tally["unknown"] += activity not in KNOWN_ACTIVITIES
        tally["accom"] += len(accommodation) == 2 and accommodation[0].isalpha() and accommodation[1] == "1"
    unrecorded = 0
    for ref, name in must_have_oc3(children, year_start=ret.year_start, as_at=on).items():
        if ref in recorded:
            continue
        unrecorded += 1  # in the group, not in touch, activity and accommodation not known
        tallies[name]["all"] += 1
        tallies[name]["unknown"] += 1
    left_out = []
    if died:
        left_out.append(f"{died} recorded as having died")
    if transferred:
        left_out.append(f"{transferred} whose care another council took over")
    if adopted:
        left_out.append(f"{adopted} who were adopted")
    if in_care:
        left_out.append(f"{in_care} still looked after on their 17th or 18th birthday")
    note = (
        f"Counted around each care leaver's birthday in the collection year ending {ret.year_end:%d/%m/%Y}."
    )
    if not_yet:
        note += f" {not_yet} whose birthday falls after {on:%d/%m/%Y} are not counted yet."
    if unrecorded:
        note += (
            f" {unrecorded} who must have an OC3 record and have none are counted as not in touch, with "
            "activity and accommodation not known."
        )
    if left_out:
        note += " Left out: " + " and ".join(left_out) + "."
    figures = []
    for name, tally in tallies.items():
        figures += [
            _count(f"care_leavers_{name}", tally["all"], note),
            _share(f"care_leavers_{name}_in_touch", tally["touch"], tally["all"], note),
            _share(f"care_leavers_{name}_eet", tally["eet"], tally["all"], note),
            _share(f"care_leavers_{name}_accommodation", tally["accom"], tally["all"], note),
        ]
    figures += [
        _share("care_leavers_19_21_higher_education", tallies["19_21"]["he"], tallies["19_21"]["all"], note),
        _share(
            "care_leavers_19_21_activity_not_known",
            tallies["19_21"]["unknown"],
            tallies["19_21"]["all"],
            note,
        ),
    ]
    return figures


def _missing(rows: Iterable[Row], children: dict[str, Child], as_at: dt.date) -> list[Figure]:
    year_start = year_before(as_at)
    quarter_start = _quarter_start(as_at)
    in_care_year = {
        ref
        for ref, child in children.items()
        if any(p.covers_any_of(year_start, as_at) for p in child.periods)
    }
    in_care_quarter = {
        ref
        for ref in in_care_year
        if any(p.covers_any_of(quarter_start, as_at) for p in children[ref].periods)
    }
    episodes = {"M": 0, "A": 0}
    quarter = {"M": 0, "A": 0}
    who: dict[str, set[str]] = {"M": set(), "A": set()}
    for row in rows:
        code = _text(row.get("MISSING"))
        start = _date(row.get("MIS_START"))
        ref = _text(row.get("CHILD"))
        if (
            code not in episodes
            or start is None
            or not year_start <= start <= as_at
            or ref not in in_care_year
        ):
            continue
        episodes[code] += 1
        who[code].add(ref)
        if start >= quarter_start and ref in in_care_quarter:
            quarter[code] += 1
    year_note = f"From {year_start:%d/%m/%Y} to {as_at:%d/%m/%Y}."
    quarter_note = f"From {quarter_start:%d/%m/%Y} to {as_at:%d/%m/%Y}."
    return [
        _share("missing_children", len(who["M"]), len(in_care_year), year_note),
        _count("missing_episodes", episodes["M"], year_note),
        _share("away_children", len(who["A"]), len(in_care_year), year_note),
        _count("away_episodes", episodes["A"], year_note),
        _count("missing_episodes_quarter", quarter["M"], quarter_note),
        _count("away_episodes_quarter", quarter["A"], quarter_note),
    ]
