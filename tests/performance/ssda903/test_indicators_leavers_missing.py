"""Care leavers from OC3 (a snapshot around each birthday) and children who went missing or were away.

The return is for 2017-18 (01/04/2017 to 31/03/2018); the date is 31/03/2018 unless a test says otherwise.
A care leaver's age is the age reached on their birthday in that year. Each answer was worked out before
running the test; the docstring says why.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from performance.ssda903.indicators import compute
from tests.performance.ssda903.builders import ReturnBuilder, day

AS_AT = dt.date(2018, 3, 31)


def figures(builder: ReturnBuilder, as_at: dt.date = AS_AT):
    return compute(builder.build(), as_at=as_at)


# ----------------------------------------------------------------------------------------- care leavers


def test_care_leavers_are_grouped_by_the_age_reached_on_their_birthday_in_the_year():
    """Born 01/06/2000: 17 on 01/06/2017 (17-18). Born 01/02/1999: 19 on 01/02/2018 (19-21). Born
    01/06/1996: 21 (19-21). Born 01/06/1995: 22, and born 01/06/2001: 16, are in neither. Expected 1 and 2."""
    b = ReturnBuilder()
    for ref, dob in (("A", "01/06/2000"), ("B", "01/02/1999"), ("C", "01/06/1996"), ("D", "01/06/1995")):
        b.child(ref, dob=dob).oc3()
    b.child("E", dob="01/06/2001").oc3()
    result = figures(b)
    assert result["care_leavers_17_18"].value == 1
    assert result["care_leavers_19_21"].value == 2


def test_in_touch_in_education_employment_or_training_and_suitable_accommodation():
    """Four care leavers aged 19 to 21: A in touch, full-time education (F2), suitable (U1); B in touch,
    part-time work (P4), unsuitable (U2); C not in touch (NO), not in education, employment or training
    (G5), accommodation not known (0); D refused contact (REFU), higher education (F1), with former foster
    carers, suitable (Z1). Expected: in touch 2 of 4 (50.0), in education, employment or training 3 of 4
    (75.0), suitable accommodation 2 of 4 (50.0), higher education 1 of 4 (25.0), activity not known 0."""
    b = ReturnBuilder()
    b.child("A", dob="01/06/1998").oc3("YES", "F2", "U1")
    b.child("B", dob="01/06/1998").oc3("YES", "P4", "U2")
    b.child("C", dob="01/06/1998").oc3("NO", "G5", "0")
    b.child("D", dob="01/06/1998").oc3("REFU", "F1", "Z1")
    result = figures(b)
    assert (
        result["care_leavers_19_21_in_touch"].numerator,
        result["care_leavers_19_21_in_touch"].denominator,
    ) == (
        2,
        4,
    )
    assert result["care_leavers_19_21_eet"].value == Decimal("75.0")
    assert result["care_leavers_19_21_accommodation"].value == Decimal("50.0")
    assert result["care_leavers_19_21_higher_education"].value == Decimal("25.0")
    assert result["care_leavers_19_21_activity_not_known"].numerator == 0


def test_care_leavers_who_died_or_whose_care_another_council_took_over_are_left_out():
    """Aged 17 to 18: A in touch and in education; B recorded as having died (DIED): left out; C's last
    episode in this return ended with E3 (care taken over by another council): left out, the other council
    reports them; D left care on 01/06/2017 for independent living (E5): counted, not in touch. Expected 2
    care leavers, 1 in touch (50.0), and a note naming the two left out."""
    b = ReturnBuilder()
    b.child("A", dob="01/06/2000").oc3("YES", "F2", "U1")
    b.child("B", dob="01/06/2000").oc3("DIED", None, None)
    b.child("C", dob="01/06/2000").episode("01/01/2016", ls="C2").ceased("01/06/2017", rec="E3").oc3()
    b.child("D", dob="01/06/2000").episode("01/01/2016", ls="C2").ceased("01/06/2017", rec="E5").oc3(
        "NO", "G5", "0"
    )
    figure = figures(b)["care_leavers_17_18_in_touch"]
    assert (figure.numerator, figure.denominator, figure.value) == (1, 2, Decimal("50.0"))
    assert "1 recorded as having died" in figure.note
    assert "1 whose care another council took over" in figure.note


def test_in_year_only_care_leavers_whose_birthday_has_passed_are_counted():
    """Asked about 31/12/2017: A (17 on 01/06/2017) is counted; B (17 on 01/02/2018) is not yet. C was born
    29/02/2000, so reaches 18 on 01/03/2018: not counted on 28/02/2018, counted on 01/03/2018."""
    b = ReturnBuilder()
    b.child("A", dob="01/06/2000").oc3()
    b.child("B", dob="01/02/2000").oc3()
    b.child("C", dob="29/02/2000").oc3()
    in_year = figures(b, as_at=day("31/12/2017"))["care_leavers_17_18"]
    assert in_year.value == 1
    assert "not counted yet" in in_year.note
    assert figures(b, as_at=day("28/02/2018"))["care_leavers_17_18"].value == 2
    assert figures(b, as_at=day("01/03/2018"))["care_leavers_17_18"].value == 3


# ------------------------------------------------------------------------------------- missing and away


def test_children_who_went_missing_and_missing_episodes_in_the_12_months():
    """A and B were looked after all year. A went missing twice (01/04/2017, the first day, and 10/10/2017)
    and was away without authorisation once (A, counted apart). B went missing on 31/03/2017, the day
    before the 12 months: not counted. Expected: missing 1 child of 2 (50.0) and 2 episodes; away 1 child
    (50.0) and 1 episode."""
    b = ReturnBuilder()
    b.child("A").episode("01/01/2016").missing("01/04/2017", "02/04/2017").missing("10/10/2017").missing(
        "01/12/2017", "02/12/2017", code="A"
    )
    b.child("B").episode("01/01/2016").missing("31/03/2017", "02/04/2017")
    result = figures(b)
    assert (result["missing_children"].numerator, result["missing_children"].denominator) == (1, 2)
    assert result["missing_children"].value == Decimal("50.0")
    assert result["missing_episodes"].value == 2
    assert (result["away_children"].value, result["away_episodes"].value) == (Decimal("50.0"), 1)


def test_missing_episodes_in_the_quarter_so_far():
    """Asked about 15/02/2018, the quarter runs from 01/01/2018. A went missing on 31/12/2017 (in the 12
    months, not the quarter), on 01/01/2018 and on 15/02/2018 (both in the quarter), and on 16/02/2018 (after
    the date). Expected: 2 in the quarter, 3 in the 12 months."""
    b = ReturnBuilder()
    b.child("A").episode("01/01/2016")
    for start in ("31/12/2017", "01/01/2018", "15/02/2018", "16/02/2018"):
        b.tables["missing"].append({"CHILD": "A", "MISSING": "M", "MIS_START": day(start), "MIS_END": None})
    result = figures(b, as_at=day("15/02/2018"))
    assert result["missing_episodes_quarter"].value == 2
    assert result["missing_episodes"].value == 3


def test_missing_episodes_count_only_for_children_looked_after_in_the_period():
    """A left care in 2016 and B is only on short breaks (V3): neither was looked after in the 12 months, so
    their missing records are not counted. C, looked after, went missing once. Expected 1 of 1 child."""
    b = ReturnBuilder()
    b.child("A").episode("01/01/2015").ceased("01/06/2016").missing("01/06/2017")
    b.child("B").episode("01/01/2017", ls="V3").missing("01/06/2017")
    b.child("C").episode("01/01/2017").missing("01/06/2017")
    result = figures(b)
    assert (result["missing_children"].numerator, result["missing_children"].denominator) == (1, 1)
    assert result["missing_episodes"].value == 1


def test_a_transfer_after_the_date_had_not_happened_on_it():
    """A (17 on 01/06/2017) left care on 01/02/2018 when another council took over (E3). Asked about
    31/12/2017, that had not happened yet: A was still looked after on and after the 17th birthday, so not
    a care leaver yet (left out for that reason, not the transfer). Asked about 31/03/2018, A is left out
    because another council took over."""
    b = ReturnBuilder()
    b.child("A", dob="01/06/2000").episode("01/01/2016").ceased("01/02/2018", rec="E3").oc3()
    before = figures(b, as_at=day("31/12/2017"))["care_leavers_17_18"]
    assert before.value == 0
    assert "1 still looked after on their 17th or 18th birthday" in before.note
    assert "another council" not in before.note
    after = figures(b)["care_leavers_17_18"]
    assert after.value == 0
    assert "1 whose care another council took over" in after.note


def test_the_first_and_last_day_of_the_year_decide_the_age_group():
    """Born 31/03/2001: 17 on 31/03/2018, the year's last day: 17-18. Born 01/04/2001: 16 on 01/04/2017:
    too young. Born 01/04/1996: 21 on 01/04/2017, the year's first day: 19-21. Born 31/03/1996: 22 on
    31/03/2018: too old. Expected 1 and 1."""
    b = ReturnBuilder()
    for ref, dob in (("A", "31/03/2001"), ("B", "01/04/2001"), ("C", "01/04/1996"), ("D", "31/03/1996")):
        b.child(ref, dob=dob).oc3()
    result = figures(b)
    assert result["care_leavers_17_18"].value == 1
    assert result["care_leavers_19_21"].value == 1
