"""The DfE statistics the catalogue can be compared with: which file, which rows, which column. Plain data."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

FINANCIAL_YEAR = "financial_year"  # a year ending 31 March; time_period 2025 or 202425 -> year_start 2024
ACADEMIC_YEAR = "academic_year"  # September to July; time_period 202324 -> year_start 2023

AREA_LA = "la"
AREA_REGION = "region"
AREA_ENGLAND = "england"
AREA_NEIGHBOURS = "statistical_neighbours"
AREA_ORDER = (AREA_LA, AREA_REGION, AREA_ENGLAND, AREA_NEIGHBOURS)

# The DfE's "k": a published value that rounds to zero. It is a figure, not a gap: read as 0 with this as its
# reason (so a stored figure can say what it is), shown "less than 0.5%" (presentation.UnitWords.below_half)
# and rated and compared as 0, the DfE's own value at its precision: any true value from 0 to 0.49 rates
# the same against a target of 0.5 or more, and a target finer than the DfE publishes cannot be checked.
ROUNDS_TO_ZERO = "Published as less than half of one unit (DfE symbol k)"

NEIGHBOURS_FILE = "sn_model_2025_wide.csv"
MIN_NEIGHBOURS_PUBLISHED = 5

_CLA_12M = "CLA 12 months at 31 March"  # social_care_group in the KS2, KS4 and absence files
_HEALTH = "Health assessments: Children looked after all ages"
_SDQ = "Ages 5 to 16 years with SDQ score"
_LONG_TERM = "Children looked after continuously for at least 2.5 years on 31 March aged under 16 years"

_F_NUMBERS = "cla_number_and_rate_per_10k_children.csv"
_F_STABILITY = "la_cla_placement_stability.csv"
_F_NEW_PLACEMENTS = "la_cla_during_year_new_placements.csv"
_F_SCHOOL_MOVES = "la_cla_school_moves.csv"
_F_SOCIAL_WORKERS = "la_cla_swcount.csv"
_F_OUTCOMES = "la_conviction_health_outcome_cla.csv"
_F_LEAVERS_ACTIVITY = "la_care_leavers_activity.csv"
_F_LEAVERS_ACCOMMODATION = "la_care_leavers_accommodation_suitability.csv"
_F_ADOPTION = "national_cla_adopted_average_time_between_adoption_process_stages.csv"


@dataclass(frozen=True)
class Measure:
    """Where one DfE statistic lives: its file, the breakdown values picking its rows, the value column."""

    title: str
    file: str
    filters: dict[str, str]
    column: str
    unit: str  # "percent" | "rate_per_10k" | "count" | "score" | "days"
    period_kind: str = FINANCIAL_YEAR
    neighbours_median: bool = True  # False for counts: a median of other councils' counts means nothing
    value_format: str = "number"  # or "years_months": "01:07" = 1 year 7 months, converted to days
    max_value: Decimal | None = None  # the highest plausible value, when the unit's own limit is not enough

    @property
    def plausible_range(self) -> tuple[Decimal, Decimal | None]:
        """(lowest, highest or None) a published value can be; anything outside means a damaged file."""
        if self.max_value is not None:
            return Decimal(0), self.max_value
        if self.unit == "percent":
            return Decimal(0), Decimal(100)
        if self.unit == "rate_per_10k":
            return Decimal(0), Decimal(10000)
        return Decimal(0), None  # counts, days, scores without a stated maximum


MEASURES: dict[str, Measure] = {
    # ----- Children in care: numbers and rates (year ending 31 March) -----
    # Number of children looked after on 31 March. National and regional counts are rounded to the nearest 10.
    "cla_count": Measure(
        title="Children looked after at 31 March (number)",
        file=_F_NUMBERS,
        filters={"population_type": "Children looked after on 31 March each year"},
        column="children_count",
        unit="count",
        neighbours_median=False,
    ),
    # Children looked after on 31 March per 10,000 children under 18 (ONS mid-year estimate); whole numbers.
    "cla_rate_per_10k": Measure(
        title="Children looked after at 31 March per 10,000 under-18s",
        file=_F_NUMBERS,
        filters={"population_type": "Children looked after on 31 March each year"},
        column="rate_per_10000",
        unit="rate_per_10k",
    ),
    # Children who started to be looked after during the year, per 10,000 children under 18.
    "cla_starts_rate_per_10k": Measure(
        title="Children starting to be looked after in the year per 10,000 under-18s",
        file=_F_NUMBERS,
        filters={"population_type": "Children starting to be looked after each year"},
        column="rate_per_10000",
        unit="rate_per_10k",
    ),
    # ----- Placements -----
    # % of children looked after on 31 March who had 3 or more placements during the year.
    "placement_3plus_in_year": Measure(
        title="Children looked after at 31 March with 3 or more placements in the year",
        file=_F_STABILITY,
        filters={
            "cla_group": "CLA on 31 March",
            "placement_stability": "With 3 or more placements during the year",
        },
        column="children_percent",
        unit="percent",
    ),
    # % of children looked after on 31 March, and for the 2 years before, with 3+ placements in those 2 years.
    "placement_3plus_over_2_years": Measure(
        title="Children looked after for 2 years at 31 March with 3 or more placements over the 2 years",
        file=_F_STABILITY,
        filters={
            "cla_group": "CLA 2 years on 31 March",
            "placement_stability": "With 3 or more placements during the previous 2 years",
        },
        column="children_percent",
        unit="percent",
    ),
    # % of under-16s looked after continuously for 2.5 years or more at 31 March who had lived with the same
    # carer for at least 2 years (long-term stability).
    "placement_same_carer_2_years": Measure(
        title="Under-16s in care 2.5+ years living with the same carer for 2+ years",
        file=_F_STABILITY,
        filters={
            "cla_group": _LONG_TERM,
            "placement_stability": "Living with the same carer for at least 2 years",
        },
        column="children_percent",
        unit="percent",
    ),
    # % of NEW placements made during the year that were outside the council's boundary AND more than 20 miles
    # from the child's home (denominator: all new placements in the year, including distance not recorded).
    "new_placements_outside_over_20_miles": Measure(
        title="New placements in the year outside the council's area and over 20 miles from home",
        file=_F_NEW_PLACEMENTS,
        filters={
            "characteristic": "Location of new placements during the year",
            "breakdown": "Placed outside LA boundary more than 20 miles from home",
        },
        column="children_percent",
        unit="percent",
    ),
    # ----- School moves and social workers (year ending 31 March) -----
    # % of school-age children looked after on 31 March with one or more school moves during the year.
    "school_moves_in_year": Measure(
        title="Children looked after at 31 March with a school move in the year",
        file=_F_SCHOOL_MOVES,
        filters={
            "cla_group": "CLA on 31 March",
            "move_measure": "Any moves",
            "school_stability": "With one or more moves during the year",
        },
        column="percentage",
        unit="percent",
    ),
    # % of school-age children looked after on 31 March with one or more mid-year (in-term) school moves.
    "school_moves_midyear_in_year": Measure(
        title="Children looked after at 31 March with a mid-year school move in the year",
        file=_F_SCHOOL_MOVES,
        filters={
            "cla_group": "CLA on 31 March",
            "move_measure": "Mid-year moves",
            "school_stability": "With one or more mid-year moves during the year",
        },
        column="percentage",
        unit="percent",
    ),
    # % of children looked after on 31 March who had 3 or more social workers during the year (2024 only).
    "social_worker_3plus_in_year": Measure(
        title="Children looked after at 31 March with 3 or more social workers in the year",
        file=_F_SOCIAL_WORKERS,
        filters={"cla_group": "CLA on 31 March", "sw_stability": "3 or more social workers during the year"},
        column="percentage",
        unit="percent",
    ),
    # ----- Health and wellbeing: children looked after continuously for 12+ months at 31 March -----
    # % who had their annual health assessment during the year.
    "health_assessment": Measure(
        title="Children in care 12+ months with their annual health assessment",
        file=_F_OUTCOMES,
        filters={"characteristic": _HEALTH, "breakdown": "Had their annual health assessment"},
        column="children_percent",
        unit="percent",
    ),
    # % whose immunisations were up to date.
    "immunisations": Measure(
        title="Children in care 12+ months with immunisations up to date",
        file=_F_OUTCOMES,
        filters={"characteristic": _HEALTH, "breakdown": "Had their immunisations up to date"},
        column="children_percent",
        unit="percent",
    ),
    # % who had their teeth checked by a dentist during the year.
    "dental_check": Measure(
        title="Children in care 12+ months who had a dental check",
        file=_F_OUTCOMES,
        filters={"characteristic": _HEALTH, "breakdown": "Had their teeth checked by a dentist"},
        column="children_percent",
        unit="percent",
    ),
    # % of those aged 0 to 4 whose development assessments were up to date.
    "development_assessment_under_5": Measure(
        title="Children aged 0 to 4 in care 12+ months with development assessments up to date",
        file=_F_OUTCOMES,
        filters={
            "characteristic": "Development assessments: Children looked after ages 0 to 4 years",
            "breakdown": "Development assessments up to date",
        },
        column="children_percent",
        unit="percent",
    ),
    # Mean SDQ total difficulties score (0 to 40, higher = more difficulty) of 5-16s with a score.
    # NB the DfE puts this average in the children_count column (children_percent is "z").
    "sdq_average_score": Measure(
        title="Average SDQ score, children aged 5 to 16 in care 12+ months",
        file=_F_OUTCOMES,
        filters={"characteristic": _SDQ, "breakdown": "SDQ average score"},
        column="children_count",
        unit="score",
        max_value=Decimal(40),
    ),
    # % of 5-16s WITH a score whose score is a cause for concern (17+). Denominator: scores received.
    "sdq_cause_for_concern": Measure(
        title="Children aged 5 to 16 in care 12+ months whose SDQ score is a cause for concern",
        file=_F_OUTCOMES,
        filters={"characteristic": _SDQ, "breakdown": "SDQ score is a cause for concern"},
        column="children_percent",
        unit="percent",
    ),
    # % of 5-16s for whom an SDQ score was received (completion rate).
    "sdq_received": Measure(
        title="Children aged 5 to 16 in care 12+ months with an SDQ score received",
        file=_F_OUTCOMES,
        filters={"characteristic": _SDQ, "breakdown": "SDQ score was received"},
        column="children_percent",
        unit="percent",
    ),
    # % (all ages) identified as having a substance misuse problem during the year.
    "substance_misuse_identified": Measure(
        title="Children in care 12+ months identified as having a substance misuse problem",
        file=_F_OUTCOMES,
        filters={
            "characteristic": "Substance misuse: Children looked after all ages",
            "breakdown": "Identified as having a substance misuse problem",
        },
        column="children_percent",
        unit="percent",
    ),
    # % of those aged 10 to 17 convicted, or given a youth caution or youth conditional caution, in the year.
    "convictions_10_to_17": Measure(
        title="Children aged 10 to 17 in care 12+ months convicted or cautioned in the year",
        file=_F_OUTCOMES,
        filters={
            "characteristic": "Convictions: Children looked after Ages 10 to 17 years",
            "breakdown": (
                "Convicted or subject to youth cautions, or youth conditional cautions during the year"
            ),
        },
        column="children_percent",
        unit="percent",
    ),
    # ----- Care leavers: activity and accommodation around their birthday, year ending 31 March -----
    # % of care leavers aged 17-18 in education, employment or training (denominator: all that age).
    "care_leavers_17_18_eet": Measure(
        title="Care leavers aged 17 to 18 in education, employment or training",
        file=_F_LEAVERS_ACTIVITY,
        filters={
            "care_leaver_age": "17 to 18 years",
            "breakdown": "Total in education, employment or training",
        },
        column="care_leaver_percent",
        unit="percent",
    ),
    # % of care leavers aged 19-21 in education, employment or training.
    "care_leavers_19_21_eet": Measure(
        title="Care leavers aged 19 to 21 in education, employment or training",
        file=_F_LEAVERS_ACTIVITY,
        filters={
            "care_leaver_age": "19 to 21 years",
            "breakdown": "Total in education, employment or training",
        },
        column="care_leaver_percent",
        unit="percent",
    ),
    # % of care leavers aged 19-21 in higher education (studies beyond A level).
    "care_leavers_19_21_higher_education": Measure(
        title="Care leavers aged 19 to 21 in higher education",
        file=_F_LEAVERS_ACTIVITY,
        filters={
            "care_leaver_age": "19 to 21 years",
            "breakdown": "Higher education i.e. studies beyond A level",
        },
        column="care_leaver_percent",
        unit="percent",
    ),
    # % of care leavers aged 19-21 whose activity is not known to the council (includes "not in touch").
    "care_leavers_19_21_activity_not_known": Measure(
        title="Care leavers aged 19 to 21 whose activity is not known",
        file=_F_LEAVERS_ACTIVITY,
        filters={"care_leaver_age": "19 to 21 years", "breakdown": "Total information not known"},
        column="care_leaver_percent",
        unit="percent",
    ),
    # % of care leavers aged 17-18 whose accommodation was considered suitable.
    "care_leavers_17_18_suitable_accommodation": Measure(
        title="Care leavers aged 17 to 18 in suitable accommodation",
        file=_F_LEAVERS_ACCOMMODATION,
        filters={"care_leaver_age": "17 to 18 years", "breakdown": "Accommodation considered suitable"},
        column="care_leaver_percent",
        unit="percent",
    ),
    # % of care leavers aged 19-21 whose accommodation was considered suitable.
    "care_leavers_19_21_suitable_accommodation": Measure(
        title="Care leavers aged 19 to 21 in suitable accommodation",
        file=_F_LEAVERS_ACCOMMODATION,
        filters={"care_leaver_age": "19 to 21 years", "breakdown": "Accommodation considered suitable"},
        column="care_leaver_percent",
        unit="percent",
    ),
    # ----- Education: academic years; pupils looked after continuously for 12+ months at 31 March -----
    # % of the KS2 cohort reaching the expected standard in reading, writing and maths combined.
    # No KS2 tests in 2019/20 and 2020/21 ("x").
    "ks2_rwm_expected": Measure(
        title="Key Stage 2: expected standard in reading, writing and maths",
        file="ks2_la.csv",
        filters={"social_care_group": _CLA_12M},
        column="pt_rwm_met_expected_standard",
        unit="percent",
        period_kind=ACADEMIC_YEAR,
    ),
    # Average Attainment 8 score of the KS4 cohort (2019/20 and 2020/21 were teacher-assessed grades).
    "ks4_attainment8": Measure(
        title="Key Stage 4: average Attainment 8 score",
        file="ks4_la.csv",
        filters={"social_care_group": _CLA_12M},
        column="avg_att8",
        unit="score",
        max_value=Decimal(90),
        period_kind=ACADEMIC_YEAR,
    ),
    # % of the KS4 cohort achieving grade 4 or above in both English and maths (a "standard pass").
    "ks4_english_maths_4plus": Measure(
        title="Key Stage 4: grade 4 or above in English and maths",
        file="ks4_la.csv",
        filters={"social_care_group": _CLA_12M},
        column="pt_l2basics_94",
        unit="percent",
        period_kind=ACADEMIC_YEAR,
    ),
    # Overall absence: % of possible sessions missed (authorised + unauthorised), all school types.
    # 2019/20 not published ("x", COVID).
    "absence_overall": Measure(
        title="Overall absence rate (% of sessions missed)",
        file="absence_la.csv",
        filters={
            "social_care_group": _CLA_12M,
            "phase_type_grouping": "Total",
            "absence_terms": "six half terms",
        },
        column="pt_overall",
        unit="percent",
        period_kind=ACADEMIC_YEAR,
    ),
    # Persistent absence: % of pupils missing 10% or more of their possible sessions, all school types.
    "absence_persistent": Measure(
        title="Persistent absence (pupils missing 10% or more of sessions)",
        file="absence_la.csv",
        filters={
            "social_care_group": _CLA_12M,
            "phase_type_grouping": "Total",
            "absence_terms": "six half terms",
        },
        column="pt_pupils_pa_10_exact",
        unit="percent",
        period_kind=ACADEMIC_YEAR,
    ),
    # ----- Adoption: England only (the file has no local authority rows) -----
    # Average time from entering care to being placed for adoption, children adopted in the year ending
    # 31 March, all ages. Published as "YY:MM" (years:months); converted to days at 365.25 / 12 a month.
    "adoption_days_care_to_placement": Measure(
        title="Average days from entering care to being placed for adoption (England)",
        file=_F_ADOPTION,
        filters={
            "cla_group": "Age on starting final period of care",
            "stage_of_adoption_process": (
                "4. Total average time between entry into care and date placed for adoption"
            ),
            "age_start_poc": "Total",
        },
        column="number",
        unit="days",
        neighbours_median=False,
        value_format="years_months",
    ),
}
