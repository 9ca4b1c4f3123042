"""The 12-month cohort (looked after for 12 months or more on the date) and its OC2 health and wellbeing measures.

The date is 31/03/2018 unless a test says otherwise, so care must have lasted every day from 01/04/2017
(the DfE's validation rules: looked after on every day from 1 April to 31 March).
Each answer was worked out before running the test; the docstring says why.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from performance.ssda903.indicators import compute
from tests.performance.ssda903.builders import ReturnBuilder, day

AS_AT = dt.date(2018, 3, 31)


def figures(builder: ReturnBuilder, as_at: dt.date = AS_AT):
    return compute(builder.build(), as_at=as_at)


def test_the_cohort_is_children_in_care_for_12_months_on_the_date():
    """A began 01/04/2017, so was looked after every day of the 12 months: in. B began 02/04/2017: a day
    short, out. C began in 2015 but left care on the date itself: out. D began in 2015 on short breaks only
    (V3): out. Expected 1."""
    b = ReturnBuilder()
    b.child("A").episode("01/04/2017")
    b.child("B").episode("02/04/2017")
    b.child("C").episode("01/01/2015").ceased("31/03/2018")
    b.child("D").episode("01/01/2015", ls="V3")
    figure = figures(b)["cohort_12_months"]
    assert figure.value == 1
    assert "01/04/2017" in figure.note


def test_in_year_the_12_months_end_on_the_date():
    """Asked about 31/12/2017, care must have begun on or before 01/01/2017: A (began 01/01/2017) is in,
    B (began 02/01/2017) is not. Expected 1."""
    b = ReturnBuilder()
    b.child("A").episode("01/01/2017")
    b.child("B").episode("02/01/2017")
    assert figures(b, as_at=day("31/12/2017"))["cohort_12_months"].value == 1


def test_health_assessments_immunisations_and_dental_checks():
    """Cohort of three: A has all three up to date; B has only immunisations; C has no OC2 record at all and
    so counts as not done. D has everything done but is not in the cohort (began 01/06/2017). Expected:
    health assessments 1 of 3 (33.3), immunisations 2 of 3 (66.7), dental checks 1 of 3 (33.3)."""
    b = ReturnBuilder()
    b.child("A").episode("01/01/2016").oc2(HEALTH_ASSESSMENT="1", IMMUNISATIONS="1", TEETH_CHECK="1")
    b.child("B").episode("01/01/2016").oc2(IMMUNISATIONS="1")
    b.child("C").episode("01/01/2016")
    b.child("D").episode("01/06/2017").oc2(HEALTH_ASSESSMENT="1", IMMUNISATIONS="1", TEETH_CHECK="1")
    result = figures(b)
    assert (result["health_assessments"].numerator, result["health_assessments"].denominator) == (1, 3)
    assert result["health_assessments"].value == Decimal("33.3")
    assert result["immunisations"].value == Decimal("66.7")
    assert result["dental_checks"].numerator == 1


def test_sdq_average_and_share_with_a_score_for_ages_5_to_16():
    """In the cohort: P is 5 on the date (born 31/03/2013), score 10; Q is 16 (born 01/04/2001), score 20;
    R is 10 with no score; S is 4 (born 01/04/2013), score 30: too young; T is 17 on the date (born
    31/03/2001), score 40: too old; U is 12 with a score of 41, which is not a score. Group of 5 to 16:
    P, Q, R, U = 4; scored P and Q: average (10 + 20) / 2 = 15.0, with a score 2 of 4 = 50.0, a score of 17
    or more (Q) 1 of 2 = 50.0."""
    b = ReturnBuilder()
    b.child("P", dob="31/03/2013").episode("01/01/2016").oc2(SDQ_SCORE="10")
    b.child("Q", dob="01/04/2001").episode("01/01/2016").oc2(SDQ_SCORE="20")
    b.child("R", dob="01/01/2008").episode("01/01/2016").oc2(SDQ_REASON="SDQ1")
    b.child("S", dob="01/04/2013").episode("01/01/2016").oc2(SDQ_SCORE="30")
    b.child("T", dob="31/03/2001").episode("01/01/2016").oc2(SDQ_SCORE="40")
    b.child("U", dob="01/01/2006").episode("01/01/2016").oc2(SDQ_SCORE="41")
    result = figures(b)
    average = result["sdq_average"]
    assert (average.numerator, average.denominator, average.value, average.unit) == (
        30,
        2,
        Decimal("15.0"),
        "score",
    )
    assert (result["sdq_with_score"].numerator, result["sdq_with_score"].denominator) == (2, 4)
    assert result["sdq_concern"].value == Decimal("50.0")


def test_no_sdq_scores_gives_no_average():
    """One child aged 8 in the cohort without a score: no average (None), and a note saying why."""
    b = ReturnBuilder()
    b.child("A", dob="01/01/2010").episode("01/01/2016").oc2()
    average = figures(b)["sdq_average"]
    assert average.value is None
    assert "score" in average.note


def test_development_checks_under_5_convictions_10_to_17_and_substance_misuse():
    """A is 4 (born 01/04/2013) with development checks done; B is 5 on the date (born 31/03/2013) with them
    done too, but is not under five. C is 10 on the date (born 31/03/2008), convicted; D is 18 (born
    31/03/2000), convicted, but too old. C and D have a substance misuse problem identified. Expected:
    development checks 1 of 1; convictions 1 of 1 (C only; A and B are too young, D too old); substance
    misuse 2 of 4 = 50.0."""
    b = ReturnBuilder()
    b.child("A", dob="01/04/2013").episode("01/01/2016").oc2(HEALTH_CHECK="1")
    b.child("B", dob="31/03/2013").episode("01/01/2016").oc2(HEALTH_CHECK="1")
    b.child("C", dob="31/03/2008").episode("01/01/2016").oc2(CONVICTED="1", SUBSTANCE_MISUSE="1")
    b.child("D", dob="31/03/2000").episode("01/01/2016").oc2(CONVICTED="1", SUBSTANCE_MISUSE="1")
    result = figures(b)
    assert (
        result["development_checks_under_5"].numerator,
        result["development_checks_under_5"].denominator,
    ) == (
        1,
        1,
    )
    assert (result["convictions_10_to_17"].numerator, result["convictions_10_to_17"].denominator) == (1, 1)
    assert result["substance_misuse"].value == Decimal("50.0")
