"""The preloaded indicator catalogue: plain data, no Django.

Each entry in INDICATORS is one indicator a corporate parenting board can follow. Keys:

* ``code``: short stable slug (never reuse or rename; data is keyed on it);
* ``title``, ``definition`` (plain English), ``cohort`` (exactly which children are counted);
* ``unit``: one of UNITS; ``polarity``: "higher" / "lower" is better, or "neither" for context figures;
* ``outcome_area``: a slug from OUTCOME_AREAS;
* ``frequency``: "quarterly" (tracked locally every quarter) or "annual" (comes once a year, mostly from DfE);
* ``source``: where the local figure comes from;
* ``is_proportion``: entered as numerator / denominator, the value derived as a percentage; then
  ``numerator_label`` and ``denominator_label`` say what is counted (both "" otherwise);
* ``tolerance``: the width of the amber band around a target, in the indicator's unit;
* ``questions``: prompts for members (see domain.md §2.3.2 and §2.9);
* ``dfe_measure``: the key in ``performance.dfe.MEASURES`` giving published comparators, or None.

DfE comparators match the cohort of the DfE statistic (mostly the position at 31 March). A quarterly local
figure is the same measure taken at the end of the quarter, so only the year-end figure strictly compares.
"""

OUTCOME_AREAS = [
    ("being-healthy", "Being healthy"),
    ("staying-safe", "Staying safe"),
    ("enjoying-achieving", "Enjoying and achieving"),
    ("positive-contribution", "Making a positive contribution"),
    ("economic-wellbeing", "Achieving economic well-being"),
]

UNITS = ("percent", "rate_per_10k", "count", "days", "score", "ratio")
POLARITIES = ("higher", "lower", "neither")
FREQUENCIES = ("quarterly", "annual")

_IN_CARE_12M = "Children in care who had been looked after continuously for 12 months or more at 31 March"
_AT_31_MARCH = "All children in care on the last day of the period (31 March for the DfE comparison)"
_UNDER_5 = "Children aged 0 to 4 at 31 March who had been looked after continuously for 12 months or more"
_SDQ_COHORT = "Children aged 5 to 16 at 31 March, looked after continuously for 12+ months, with an SDQ score"
_AGED_10_17 = "Children aged 10 to 17 at 31 March, looked after continuously for 12 months or more"
_LONG_TERM = "Children under 16 at the end of the period, looked after continuously for 2.5 years or more"
_KS2_COHORT = "Pupils at the end of Key Stage 2, looked after continuously for 12 months or more at 31 March"
_KS4_COHORT = "Pupils at the end of Key Stage 4, looked after continuously for 12 months or more at 31 March"
_CARE_LEAVERS_19_21 = (
    "Care leavers aged 19, 20 or 21 who spent at least 13 weeks in care after turning 14, some of it after "
    "turning 16; each is counted around their birthday in the year"
)
_CARE_LEAVERS_17_18 = (
    "Care leavers aged 17 or 18 who spent at least 13 weeks in care after turning 14, some of it after "
    "turning 16; each is counted around their birthday in the year"
)

# Recurring prompts, phrased once so every indicator asks them the same way.
_Q_TREND = "Is this better or worse than last year, and is the change part of a trend or a one-off?"
_Q_COMPARE = "How do we compare with England, our region and our statistical neighbours, and why?"
_Q_LOCAL_PEERS = "How does this compare with other children in our area who are not in care?"
_Q_OUT_OF_AREA = "Is the picture different for children placed outside our area?"
_Q_SMALL = "With so few children counted, how many lie behind the percentage, and what are their stories?"


def _indicator(
    code: str,
    title: str,
    definition: str,
    *,
    unit: str,
    polarity: str,
    outcome_area: str,
    cohort: str,
    frequency: str,
    source: str,
    tolerance: float,
    questions: list[str],
    dfe_measure: str | None = None,
    numerator_label: str = "",
    denominator_label: str = "",
) -> dict:
    return {
        "code": code,
        "title": title,
        "definition": definition,
        "unit": unit,
        "polarity": polarity,
        "outcome_area": outcome_area,
        "cohort": cohort,
        "frequency": frequency,
        "source": source,
        "is_proportion": bool(numerator_label),
        "numerator_label": numerator_label,
        "denominator_label": denominator_label,
        "tolerance": tolerance,
        "questions": questions,
        "dfe_measure": dfe_measure,
    }


# fmt: off
INDICATORS = [
    # ------------------------------------------------------------------------------------------ Being healthy
    _indicator(
        "HEALTH-ASSESS",
        "Annual health assessment",
        "The share of children in care for a year or more whose yearly health assessment took place on time. "
        "It shows whether health partners are keeping track of each child's physical and emotional health.",
        unit="percent", polarity="higher", outcome_area="being-healthy", cohort=_IN_CARE_12M,
        frequency="quarterly", source="SSDA903 return", tolerance=3.0,
        numerator_label="Children whose health assessment is up to date",
        denominator_label="Children in care for 12 months or more",
        questions=[
            _Q_COMPARE,
            "What is being done for young people who decline their health assessment?",
            "Are assessments for children placed in other areas being completed as quickly as local ones?",
        ],
        dfe_measure="health_assessment",
    ),
    _indicator(
        "HEALTH-INITIAL",
        "Initial health assessments on time",
        "The share of children entering care whose first health assessment was completed within 20 working "
        "days. A late first assessment means health needs can go unnoticed at an unsettled time.",
        unit="percent", polarity="higher", outcome_area="being-healthy",
        cohort="Children who started to be looked after during the period", frequency="quarterly",
        source="Local case records", tolerance=5.0,
        numerator_label="Initial health assessments completed within 20 working days",
        denominator_label="Children who entered care in the period",
        questions=[
            _Q_TREND,
            "Where assessments are late, is the delay in making the request, in getting consent, or in the "
            "health service's capacity?",
            "Do the designated doctor and nurse agree with this picture?",
        ],
    ),
    _indicator(
        "DENTAL",
        "Dental checks",
        "The share of children in care for a year or more who saw a dentist for a check-up during the year.",
        unit="percent", polarity="higher", outcome_area="being-healthy", cohort=_IN_CARE_12M,
        frequency="quarterly", source="SSDA903 return", tolerance=3.0,
        numerator_label="Children who had a dental check in the year",
        denominator_label="Children in care for 12 months or more",
        questions=[
            _Q_COMPARE,
            "Can carers find NHS dentists willing to see children who may only be in the area for a while?",
            _Q_OUT_OF_AREA,
        ],
        dfe_measure="dental_check",
    ),
    _indicator(
        "IMMUNISATIONS",
        "Immunisations up to date",
        "The share of children in care for a year or more who have had every vaccination due at their age.",
        unit="percent", polarity="higher", outcome_area="being-healthy", cohort=_IN_CARE_12M,
        frequency="quarterly", source="SSDA903 return", tolerance=3.0,
        numerator_label="Children with immunisations up to date",
        denominator_label="Children in care for 12 months or more",
        questions=[
            _Q_COMPARE,
            "Are vaccination records received promptly when a child comes into care or moves placement?",
            _Q_LOCAL_PEERS,
        ],
        dfe_measure="immunisations",
    ),
    _indicator(
        "DEV-CHECK-U5",
        "Development checks for under-fives",
        "The share of children aged under five, in care for a year or more, whose developmental reviews are "
        "up to date. Early checks catch delays in speech, movement and learning while help works best.",
        unit="percent", polarity="higher", outcome_area="being-healthy",
        cohort=_UNDER_5,
        frequency="annual", source="SSDA903 return", tolerance=5.0,
        numerator_label="Children aged under 5 with development checks up to date",
        denominator_label="Children aged under 5 in care for 12 months or more",
        questions=[
            _Q_SMALL,
            "When a check finds a delay, how quickly does the child get help?",
            _Q_COMPARE,
        ],
        dfe_measure="development_assessment_under_5",
    ),
    _indicator(
        "SDQ-AVG",
        "Emotional wellbeing: average SDQ score",
        "The average Strengths and Difficulties Questionnaire score, filled in by carers, for children "
        "aged 5 to 16. Scores run from 0 to 40; higher means more emotional or behavioural difficulty.",
        unit="score", polarity="lower", outcome_area="being-healthy",
        cohort=_SDQ_COHORT,
        frequency="annual", source="SSDA903 return", tolerance=1.0,
        questions=[
            _Q_TREND,
            "What share of eligible children actually have a score, and are the missing ones likely to be "
            "the children who are struggling most?",
            "How do high scores lead to support from mental health services, and how long do children wait?",
        ],
        dfe_measure="sdq_average_score",
    ),
    _indicator(
        "SDQ-CONCERN",
        "SDQ score a cause for concern",
        "Of the children aged 5 to 16 with an SDQ score, the share scoring 17 or more, the level that "
        "suggests significant emotional or behavioural difficulty.",
        unit="percent", polarity="lower", outcome_area="being-healthy",
        cohort=_SDQ_COHORT,
        frequency="annual", source="SSDA903 return", tolerance=3.0,
        numerator_label="Children whose SDQ score is 17 or more",
        denominator_label="Children aged 5 to 16 with an SDQ score",
        questions=[
            "What help is offered to each child whose score gives cause for concern, and how soon?",
            _Q_COMPARE,
            "Are scores repeated so we can see whether children feel better over time in our care?",
        ],
        dfe_measure="sdq_cause_for_concern",
    ),
    _indicator(
        "SUBSTANCE",
        "Substance misuse identified",
        "The share of children in care for a year or more who were found to have a problem with drugs or "
        "alcohol during the year. A low figure is only reassuring if workers are asking the right questions.",
        unit="percent", polarity="lower", outcome_area="being-healthy", cohort=_IN_CARE_12M,
        frequency="annual", source="SSDA903 return", tolerance=1.0,
        numerator_label="Children identified as having a substance misuse problem",
        denominator_label="Children in care for 12 months or more",
        questions=[
            "Could a low number mean problems are not being spotted rather than not happening?",
            "How many of the young people identified accepted help, and did it make a difference?",
            _Q_SMALL,
        ],
        dfe_measure="substance_misuse_identified",
    ),
    # ------------------------------------------------------------------------------------------- Staying safe
    _indicator(
        "CIC-NUMBER",
        "Children in care",
        "How many children the council is looking after on the last day of the period. It is a measure of "
        "demand and context, not of good or bad performance.",
        unit="count", polarity="neither", outcome_area="staying-safe", cohort=_AT_31_MARCH,
        frequency="quarterly", source="SSDA903 return", tolerance=5.0,
        questions=[
            "What is driving any rise or fall: more children coming in, fewer leaving, or both?",
            "How many are disabled, from minority ethnic groups, or unaccompanied asylum-seeking children?",
            "How many are placed outside our area, and why?",
        ],
        dfe_measure="cla_count",
    ),
    _indicator(
        "CIC-RATE",
        "Children in care per 10,000 children",
        "The number of children in care for every 10,000 children under 18 living in the area, which lets "
        "councils of different sizes be compared.",
        unit="rate_per_10k", polarity="neither", outcome_area="staying-safe", cohort=_AT_31_MARCH,
        frequency="quarterly", source="SSDA903 return", tolerance=3.0,
        questions=[
            _Q_COMPARE,
            "Do early help services keep families together safely where they can?",
            "Is the rate moving because of local needs or because of changes in practice or thresholds?",
        ],
        dfe_measure="cla_rate_per_10k",
    ),
    _indicator(
        "CIC-STARTS-RATE",
        "Children starting care per 10,000 children",
        "The number of children who came into care during the year for every 10,000 children under 18 in "
        "the area. It is context for planning, not a figure to set a target on.",
        unit="rate_per_10k", polarity="neither", outcome_area="staying-safe",
        cohort="Children who started to be looked after during the year", frequency="annual",
        source="SSDA903 return", tolerance=3.0,
        questions=[
            "Which age groups are coming into care, and has that mix changed?",
            "How many children come back into care after returning home?",
            _Q_COMPARE,
        ],
        dfe_measure="cla_starts_rate_per_10k",
    ),
    _indicator(
        "PS-3PLUS",
        "Placement stability: three or more placements in the year",
        "The share of children in care who have lived in three or more different placements during the last "
        "twelve months. Frequent moves disrupt schooling, friendships and trust in adults.",
        unit="percent", polarity="lower", outcome_area="staying-safe", cohort=_AT_31_MARCH,
        frequency="quarterly", source="SSDA903 return", tolerance=2.0,
        numerator_label="Children with 3 or more placements in the last 12 months",
        denominator_label="Children in care at the end of the period",
        questions=[
            _Q_COMPARE,
            "Were the moves planned and in the child's interest, or did placements break down?",
            "Do we have enough local foster carers, especially for teenagers and brothers and sisters?",
            "Stability is only good news if children are happy where they live: what do they tell us?",
        ],
        dfe_measure="placement_3plus_in_year",
    ),
    _indicator(
        "PS-LONG-TERM",
        "Long-term placement stability",
        "Of the children under 16 who have been in care for two and a half years or more, the share who have "
        "lived with the same carers for at least two years.",
        unit="percent", polarity="higher", outcome_area="staying-safe",
        cohort=_LONG_TERM,
        frequency="quarterly", source="SSDA903 return", tolerance=3.0,
        numerator_label="Children living with the same carers for 2 years or more",
        denominator_label="Children under 16 in care for 2.5 years or more",
        questions=[
            _Q_TREND,
            "For children who moved, was it a planned step such as adoption or joining brothers and sisters?",
            "What support do long-term carers get to help placements last?",
        ],
        dfe_measure="placement_same_carer_2_years",
    ),
    _indicator(
        "PLACED-OUTSIDE",
        "Children placed outside the council's area",
        "The share of children in care who live outside the council's boundary. Some need specialist "
        "placements far away, but distance can weaken links with family, school and local services.",
        unit="percent", polarity="lower", outcome_area="staying-safe", cohort=_AT_31_MARCH,
        frequency="quarterly", source="SSDA903 return", tolerance=3.0,
        numerator_label="Children placed outside the council's boundary",
        denominator_label="Children in care at the end of the period",
        questions=[
            "Why are these children placed away, and how many are more than 20 miles from home?",
            "How often do social workers visit them, and do they get the same health and school support?",
            "Do we know these placements are safe, and do the children have someone they trust to talk to?",
        ],
    ),
    _indicator(
        "NEWPL-OUT-20MI",
        "New placements outside the area and over 20 miles from home",
        "Of all the new placements made in the year, the share that were outside the council's boundary and "
        "more than 20 miles from the child's home.",
        unit="percent", polarity="lower", outcome_area="staying-safe",
        cohort="New placements that started during the year ending 31 March", frequency="annual",
        source="SSDA903 return", tolerance=3.0,
        numerator_label="New placements outside the boundary and over 20 miles from home",
        denominator_label="New placements in the year",
        questions=[
            _Q_COMPARE,
            "What gaps in local provision does this show, and what does our sufficiency plan do about them?",
            _Q_OUT_OF_AREA,
        ],
        dfe_measure="new_placements_outside_over_20_miles",
    ),
    _indicator(
        "FOSTER",
        "Children living in foster care",
        "The share of children in care who live with foster carers, whether approved by the council, by an "
        "agency, or family and friends approved as carers.",
        unit="percent", polarity="higher", outcome_area="staying-safe", cohort=_AT_31_MARCH,
        frequency="quarterly", source="SSDA903 return", tolerance=3.0,
        numerator_label="Children placed with foster carers",
        denominator_label="Children in care at the end of the period",
        questions=[
            _Q_TREND,
            "How many live with the council's own carers rather than agency carers, and at what cost?",
            "Are we recruiting enough carers to match the ages and needs of children coming into care?",
        ],
    ),
    _indicator(
        "ADOPT-PLACED",
        "Children placed for adoption",
        "The share of children in care who are living with their prospective adoptive family while the "
        "adoption goes through court.",
        unit="percent", polarity="neither", outcome_area="staying-safe", cohort=_AT_31_MARCH,
        frequency="quarterly", source="SSDA903 return", tolerance=2.0,
        numerator_label="Children placed for adoption",
        denominator_label="Children in care at the end of the period",
        questions=[
            "How many children have an adoption plan but are still waiting for a family?",
            "How long does it take from the decision that a child should be adopted to finding a match?",
            _Q_TREND,
        ],
    ),
    _indicator(
        "ADOPT-DAYS",
        "Time from entering care to moving in with an adoptive family",
        "The average number of days between a child coming into care and being placed with the family who "
        "go on to adopt them, for children adopted in the year.",
        unit="days", polarity="lower", outcome_area="staying-safe",
        cohort="Children adopted from care during the year ending 31 March", frequency="annual",
        source="SSDA903 return", tolerance=30.0,
        questions=[
            "Which stage takes longest: the court decision, finding a family, or matching?",
            _Q_SMALL,
            "Are brothers and sisters, older children and disabled children waiting longer than others?",
        ],
        dfe_measure="adoption_days_care_to_placement",
    ),
    _indicator(
        "MISSING-EPISODES",
        "Missing from care episodes",
        "The number of times children in care went missing from their placement during the period. Each "
        "episode is a safeguarding risk, so patterns by child and by placement matter as much as the total.",
        unit="count", polarity="lower", outcome_area="staying-safe",
        cohort="Children in care at any time during the period", frequency="quarterly",
        source="Local case records", tolerance=5.0,
        questions=[
            "How many different children do the episodes involve, and are a few going missing repeatedly?",
            "Are some placements or homes linked to more episodes than others?",
            "Has the way episodes are recorded changed, which could explain a rise or fall?",
        ],
    ),
    _indicator(
        "RETURN-INTERVIEWS",
        "Return interviews after going missing",
        "The share of missing episodes followed by an interview with someone independent of the placement "
        "within 72 hours of the child coming back.",
        unit="percent", polarity="higher", outcome_area="staying-safe",
        cohort="Missing episodes that ended during the period", frequency="quarterly",
        source="Local case records", tolerance=5.0,
        numerator_label="Episodes followed by a return interview within 72 hours",
        denominator_label="Missing episodes that ended in the period",
        questions=[
            "What are children telling us about why they went missing, and what has changed as a result?",
            "Why were some interviews not offered or not taken up?",
        ],
    ),
    _indicator(
        "REVIEWS-ON-TIME",
        "Reviews held on time",
        "The share of children's care plan reviews, chaired by an independent reviewing officer, that took "
        "place within the required timescales.",
        unit="percent", polarity="higher", outcome_area="staying-safe",
        cohort="Children in care whose review fell due during the period", frequency="quarterly",
        source="Local case records", tolerance=3.0,
        numerator_label="Reviews held within timescale",
        denominator_label="Reviews due in the period",
        questions=[
            _Q_TREND,
            "When reviews run late, what is the reason, and what does the independent reviewing officer say?",
            "Do reviews lead to actions that are carried out?",
        ],
    ),
    _indicator(
        "SW-VISITS",
        "Social worker visits on time",
        "The share of statutory social worker visits to children in care that happened within the required "
        "interval, including seeing the child alone where appropriate.",
        unit="percent", polarity="higher", outcome_area="staying-safe",
        cohort="Children in care at any time during the period", frequency="quarterly",
        source="Local case records", tolerance=3.0,
        numerator_label="Visits completed on time",
        denominator_label="Visits due in the period",
        questions=[
            _Q_OUT_OF_AREA,
            "Are social worker caseloads and vacancies affecting how often children are seen?",
        ],
    ),
    _indicator(
        "SW-CHANGES",
        "Three or more social workers in the year",
        "The share of children in care who had three or more different social workers during the year. "
        "Children say that changing worker again and again makes it hard to trust anyone.",
        unit="percent", polarity="lower", outcome_area="staying-safe", cohort=_AT_31_MARCH,
        frequency="annual", source="Local case records", tolerance=3.0,
        numerator_label="Children with 3 or more social workers in the year",
        denominator_label="Children in care at 31 March",
        questions=[
            _Q_COMPARE,
            "How much do staff turnover, agency workers and team changes contribute?",
            "What do children say about changes of worker?",
        ],
        dfe_measure="social_worker_3plus_in_year",
    ),
    # --------------------------------------------------------------------------------- Enjoying and achieving
    _indicator(
        "PEP",
        "Personal education plans up to date",
        "The share of school-age children in care with a personal education plan reviewed within the last "
        "term. The plan sets out the help each child needs to make progress at school.",
        unit="percent", polarity="higher", outcome_area="enjoying-achieving",
        cohort="Children of compulsory school age in care at the end of the period", frequency="quarterly",
        source="Virtual school records", tolerance=3.0,
        numerator_label="Children with an up-to-date personal education plan",
        denominator_label="School-age children in care",
        questions=[
            "How good are the plans, not just how many: what does the virtual school's quality check find?",
            "Are plans in place quickly when a child enters care or changes school?",
            _Q_OUT_OF_AREA,
        ],
    ),
    _indicator(
        "KS2-RWM",
        "Key Stage 2: reading, writing and maths",
        "The share of children in care at the end of primary school who reached the expected standard in all "
        "three of reading, writing and maths.",
        unit="percent", polarity="higher", outcome_area="enjoying-achieving",
        cohort=_KS2_COHORT,
        frequency="annual", source="DfE KS2 statistics", tolerance=5.0,
        numerator_label="Pupils reaching the expected standard in reading, writing and maths",
        denominator_label="Pupils in care at the end of Key Stage 2",
        questions=[
            _Q_LOCAL_PEERS,
            "How much progress have these children made since they came into care?",
            _Q_SMALL,
            "How do results compare with what each child was predicted to achieve, and with their potential?",
        ],
        dfe_measure="ks2_rwm_expected",
    ),
    _indicator(
        "KS4-ATT8",
        "Key Stage 4: average Attainment 8 score",
        "The average Attainment 8 score of children in care taking GCSEs, which adds up their grades across "
        "eight subjects with English and maths counted twice.",
        unit="score", polarity="higher", outcome_area="enjoying-achieving",
        cohort=_KS4_COHORT,
        frequency="annual", source="DfE KS4 statistics", tolerance=2.0,
        questions=[
            _Q_LOCAL_PEERS,
            "Is one group of high achievers masking children who did poorly?",
            "Do children placed outside our area do as well as those placed locally?",
            "How do results compare with what each child was predicted to achieve, and with their potential?",
        ],
        dfe_measure="ks4_attainment8",
    ),
    _indicator(
        "KS4-EM4",
        "Key Stage 4: grade 4 or above in English and maths",
        "The share of children in care taking GCSEs who achieved at least a grade 4 (a standard pass) "
        "in both English and maths.",
        unit="percent", polarity="higher", outcome_area="enjoying-achieving",
        cohort=_KS4_COHORT,
        frequency="annual", source="DfE KS4 statistics", tolerance=5.0,
        numerator_label="Pupils with grade 4 or above in English and maths",
        denominator_label="Pupils in care at the end of Key Stage 4",
        questions=[
            _Q_SMALL,
            _Q_LOCAL_PEERS,
            "What happens next for those who did not pass: resits, college places, support?",
        ],
        dfe_measure="ks4_english_maths_4plus",
    ),
    _indicator(
        "ABSENCE",
        "School absence",
        "The share of possible school sessions (half days) that children in care missed, for any reason.",
        unit="percent", polarity="lower", outcome_area="enjoying-achieving",
        cohort="Pupils who had been looked after continuously for 12 months or more at 31 March",
        frequency="annual", source="DfE school absence statistics", tolerance=1.0,
        numerator_label="Sessions missed",
        denominator_label="Possible sessions",
        questions=[
            _Q_LOCAL_PEERS,
            "How much of the absence is unauthorised, and what is behind it?",
            _Q_TREND,
        ],
        dfe_measure="absence_overall",
    ),
    _indicator(
        "PERSISTENT-ABSENCE",
        "Persistent absence",
        "The share of children in care who missed one in ten or more of their possible school sessions.",
        unit="percent", polarity="lower", outcome_area="enjoying-achieving",
        cohort="Pupils who had been looked after continuously for 12 months or more at 31 March",
        frequency="annual", source="DfE school absence statistics", tolerance=2.0,
        numerator_label="Pupils missing 10% or more of sessions",
        denominator_label="Pupils in care",
        questions=[
            _Q_COMPARE,
            "Which children are persistently absent, and what is the virtual school doing about it?",
            "Are any children on part-time timetables or out of school altogether?",
        ],
        dfe_measure="absence_persistent",
    ),
    _indicator(
        "EXCL-SUSPENSION",
        "Suspensions from school",
        "The share of children in care who were suspended (temporarily excluded) from school at least once "
        "during the school year.",
        unit="percent", polarity="lower", outcome_area="enjoying-achieving",
        cohort="Pupils who had been looked after continuously for 12 months or more at 31 March",
        frequency="annual", source="DfE exclusions statistics", tolerance=2.0,
        numerator_label="Pupils with one or more suspensions",
        denominator_label="Pupils in care",
        questions=[
            _Q_LOCAL_PEERS,
            "Are we aware of children being sent home informally without a recorded suspension?",
            "What support do schools get from the virtual school before suspending a child in care?",
        ],
    ),
    _indicator(
        "EXCL-PERMANENT",
        "Permanent exclusions",
        "The number of children in care permanently excluded from school during the school year.",
        unit="count", polarity="lower", outcome_area="enjoying-achieving",
        cohort="Pupils who had been looked after continuously for 12 months or more at 31 March",
        frequency="annual", source="DfE exclusions statistics", tolerance=1.0,
        questions=[
            "Was everything tried to keep each child in school, and how quickly did they get a new place?",
            _Q_TREND,
        ],
    ),
    _indicator(
        "SCHOOL-MOVES",
        "Mid-year school moves",
        "The share of school-age children in care who changed school partway through the school year, "
        "which is when a move is most disruptive to learning.",
        unit="percent", polarity="lower", outcome_area="enjoying-achieving",
        cohort="Children of school age in care at 31 March", frequency="annual",
        source="DfE children looked after statistics", tolerance=2.0,
        numerator_label="Children with one or more mid-year school moves",
        denominator_label="School-age children in care at 31 March",
        questions=[
            "Were the moves caused by placement changes, and could the child have stayed at the same school?",
            _Q_COMPARE,
        ],
        dfe_measure="school_moves_midyear_in_year",
    ),
    # ------------------------------------------------------------------------- Making a positive contribution
    _indicator(
        "OFFENDING",
        "Convictions and youth cautions",
        "The share of children aged 10 to 17, in care for a year or more, who were convicted of an "
        "offence or given a youth caution or youth conditional caution during the year.",
        unit="percent", polarity="lower", outcome_area="positive-contribution",
        cohort=_AGED_10_17,
        frequency="annual", source="SSDA903 return", tolerance=1.0,
        numerator_label="Children convicted or cautioned in the year",
        denominator_label="Children aged 10 to 17 in care for 12 months or more",
        questions=[
            _Q_LOCAL_PEERS,
            "Are children in children's homes charged for behaviour a family would deal with at home?",
            _Q_SMALL,
        ],
        dfe_measure="convictions_10_to_17",
    ),
    _indicator(
        "REVIEW-PARTICIPATION",
        "Children taking part in their reviews",
        "The share of children aged four and over whose views were shared at their care review, whether they "
        "attended, spoke through an advocate, or sent their views another way.",
        unit="percent", polarity="higher", outcome_area="positive-contribution",
        cohort="Children aged 4 and over whose review was held during the period", frequency="quarterly",
        source="Local case records", tolerance=3.0,
        numerator_label="Reviews where the child's views were put across",
        denominator_label="Reviews held for children aged 4 and over",
        questions=[
            "Do children feel listened to in their reviews, and what would make taking part easier?",
            "How many used an advocate, and is advocacy easy to get?",
        ],
    ),
    # -------------------------------------------------------------------------- Achieving economic well-being
    _indicator(
        "CL1718-EET",
        "Care leavers aged 17 to 18 in education, employment or training",
        "The share of care leavers aged 17 or 18 who are studying, working or training.",
        unit="percent", polarity="higher", outcome_area="economic-wellbeing", cohort=_CARE_LEAVERS_17_18,
        frequency="quarterly", source="SSDA903 return", tolerance=3.0,
        numerator_label="Care leavers aged 17 to 18 in education, employment or training",
        denominator_label="Care leavers aged 17 to 18",
        questions=[
            _Q_COMPARE,
            "What stops the others, and what help with costs, transport and mentoring is on offer?",
        ],
        dfe_measure="care_leavers_17_18_eet",
    ),
    _indicator(
        "CL1718-ACCOM",
        "Care leavers aged 17 to 18 in suitable accommodation",
        "The share of care leavers aged 17 or 18 whose home is judged suitable for their needs.",
        unit="percent", polarity="higher", outcome_area="economic-wellbeing", cohort=_CARE_LEAVERS_17_18,
        frequency="quarterly", source="SSDA903 return", tolerance=3.0,
        numerator_label="Care leavers aged 17 to 18 in suitable accommodation",
        denominator_label="Care leavers aged 17 to 18",
        questions=[
            "Are any young people in bed and breakfast or other emergency housing, and for how long?",
            "Could more young people stay with their foster carers after 18?",
        ],
        dfe_measure="care_leavers_17_18_suitable_accommodation",
    ),
    _indicator(
        "CL1921-EET",
        "Care leavers aged 19 to 21 in education, employment or training",
        "The share of care leavers aged 19 to 21 who are in study, work, training or an apprenticeship.",
        unit="percent", polarity="higher", outcome_area="economic-wellbeing", cohort=_CARE_LEAVERS_19_21,
        frequency="quarterly", source="SSDA903 return", tolerance=3.0,
        numerator_label="Care leavers aged 19 to 21 in education, employment or training",
        denominator_label="Care leavers aged 19 to 21",
        questions=[
            _Q_COMPARE,
            "How does this compare with other young people of the same age in our area?",
            "How many apprenticeships and work placements do the council and partners offer care leavers?",
        ],
        dfe_measure="care_leavers_19_21_eet",
    ),
    _indicator(
        "CL1921-ACCOM",
        "Care leavers aged 19 to 21 in suitable accommodation",
        "The share of care leavers aged 19 to 21 whose home is judged suitable for their needs.",
        unit="percent", polarity="higher", outcome_area="economic-wellbeing", cohort=_CARE_LEAVERS_19_21,
        frequency="quarterly", source="SSDA903 return", tolerance=3.0,
        numerator_label="Care leavers aged 19 to 21 in suitable accommodation",
        denominator_label="Care leavers aged 19 to 21",
        questions=[
            _Q_COMPARE,
            "Is there enough affordable housing, and do care leavers get priority from housing services?",
            "What happens to young people whose housing is judged unsuitable?",
        ],
        dfe_measure="care_leavers_19_21_suitable_accommodation",
    ),
    _indicator(
        "CL1921-HE",
        "Care leavers aged 19 to 21 in higher education",
        "The share of care leavers aged 19 to 21 who are studying at university or at a similar level.",
        unit="percent", polarity="higher", outcome_area="economic-wellbeing", cohort=_CARE_LEAVERS_19_21,
        frequency="annual", source="SSDA903 return", tolerance=2.0,
        numerator_label="Care leavers aged 19 to 21 in higher education",
        denominator_label="Care leavers aged 19 to 21",
        questions=[
            "What money and practical help, such as the bursary and holiday housing, do students get?",
            _Q_SMALL,
        ],
        dfe_measure="care_leavers_19_21_higher_education",
    ),
    _indicator(
        "CL-IN-TOUCH",
        "Care leavers the council is in touch with",
        "The share of care leavers aged 19 to 21 with whom the council has had contact around their "
        "birthday. Losing touch means losing the chance to help.",
        unit="percent", polarity="higher", outcome_area="economic-wellbeing", cohort=_CARE_LEAVERS_19_21,
        frequency="quarterly", source="SSDA903 return", tolerance=3.0,
        numerator_label="Care leavers the council is in touch with",
        denominator_label="Care leavers aged 19 to 21",
        questions=[
            _Q_COMPARE,
            "Are young people who left care early, or lived far away, more likely to drift out of touch?",
            "Could gaps in recording, rather than real loss of contact, explain part of the figure?",
        ],
    ),
    _indicator(
        "CL-NOT-KNOWN",
        "Care leavers whose activity is not known",
        "The share of care leavers aged 19 to 21 for whom the council does not know whether they are in "
        "education, work or training, usually because it is no longer in touch with them.",
        unit="percent", polarity="lower", outcome_area="economic-wellbeing", cohort=_CARE_LEAVERS_19_21,
        frequency="annual", source="SSDA903 return", tolerance=2.0,
        numerator_label="Care leavers whose activity is not known",
        denominator_label="Care leavers aged 19 to 21",
        questions=[
            _Q_COMPARE,
            "How many of these young people refused contact, and how many did we simply lose?",
        ],
        dfe_measure="care_leavers_19_21_activity_not_known",
    ),
    _indicator(
        "PATHWAY-PLANS",
        "Pathway plans up to date",
        "The share of young people eligible for leaving care support whose pathway plan has been reviewed in "
        "the last six months. The plan sets out how they will be helped towards independent adult life.",
        unit="percent", polarity="higher", outcome_area="economic-wellbeing",
        cohort="Young people aged 16 to 21 (or older if still supported) entitled to a pathway plan",
        frequency="quarterly", source="Local case records", tolerance=3.0,
        numerator_label="Young people with a pathway plan reviewed in the last 6 months",
        denominator_label="Young people entitled to a pathway plan",
        questions=[
            "Are young people involved in writing their own plan, and do they have a copy?",
            "Are young people leaving care when they are ready, not just because they have turned 18?",
        ],
    ),
]
# fmt: on
