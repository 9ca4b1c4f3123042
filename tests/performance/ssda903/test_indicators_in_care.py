"""Children looked after on a date, placement moves, long-term stability, where children live, and starts.

Each case is a hand-made return whose answer was worked out before running it; the docstring says why.
The date is 31/03/2018 unless a test says otherwise: the 12 months ending then run from 01/04/2017, the 30
months from 01/10/2015 and the 24 months from 01/04/2016.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from performance.ssda903.indicators import compute
from tests.performance.ssda903.builders import ReturnBuilder, day

AS_AT = dt.date(2018, 3, 31)


def figures(builder: ReturnBuilder, as_at: dt.date = AS_AT, **kwargs):
    return compute(builder.build(), as_at=as_at, **kwargs)


# ------------------------------------------------------------------------------ children looked after


def test_a_child_in_care_on_the_date_is_counted():
    """One child in care since 01/01/2017 and still there: 1."""
    b = ReturnBuilder()
    b.child("A").episode("01/01/2017")
    assert figures(b)["children_looked_after"].value == 1


def test_a_child_whose_care_ends_on_the_date_is_not_looked_after_that_day():
    """A leaves care on 31/03/2018 itself: not looked after on 31/03/2018 (cpboard's rule, which keeps the
    DfE's start + in - out = end balance). B leaves on 01/04/2018, after the date: the episode is taken as
    open, so B is counted. Expected 1."""
    b = ReturnBuilder()
    b.child("A").episode("01/01/2017").ceased("31/03/2018")
    b.child("B").episode("01/01/2017").ceased("01/04/2018")
    figure = figures(b)["children_looked_after"]
    assert (figure.numerator, figure.value) == (1, 1)


def test_a_child_starting_on_the_date_is_counted_and_one_starting_after_is_not():
    """A starts on 31/03/2018 (counted); B starts on 01/04/2018 (not yet in care on the date). Expected 1."""
    b = ReturnBuilder()
    b.child("A").episode("31/03/2018")
    b.child("B").episode("01/04/2018")
    assert figures(b)["children_looked_after"].value == 1


def test_children_on_short_breaks_are_left_out():
    """A has only short breaks (V3): not counted. B had a care order, then short breaks only (V4) on the date:
    not counted. C had short breaks, then a care order from 01/01/2018: counted. Expected 1."""
    b = ReturnBuilder()
    b.child("A").episode("01/01/2017", ls="V3")
    b.child("B").episode("01/01/2016", ls="C2").ceased("01/06/2016").episode("01/02/2018", rne="S", ls="V4")
    b.child("C").episode("01/06/2017", ls="V3").episode("01/01/2018", rne="T", ls="C2")
    assert figures(b)["children_looked_after"].value == 1


def test_the_rate_per_10000_needs_a_population():
    """Three children in care; with no population there is no rate; with 20,000 children it is
    3 x 10,000 / 20,000 = 1.5."""
    b = ReturnBuilder()
    for ref in "ABC":
        b.child(ref).episode("01/01/2017")
    assert "children_looked_after_rate" not in figures(b)
    rate = figures(b, population=20_000)["children_looked_after_rate"]
    assert (rate.numerator, rate.denominator, rate.value, rate.unit) == (
        3,
        20_000,
        Decimal("1.5"),
        "rate_per_10k",
    )


# ----------------------------------------------------------------------------- three or more placements


def test_three_placements_in_the_12_months_count():
    """A: placed 01/01/2016, moved 01/06/2017 and 01/01/2018: three placements lived in during the 12 months
    (the first was the one A was in on 01/04/2017). B: one move, two placements. Expected 1 of 2 = 50.0."""
    b = ReturnBuilder()
    b.child("A").episode("01/01/2016").episode("01/06/2017").episode("01/01/2018")
    b.child("B").episode("01/01/2016").episode("01/06/2017")
    figure = figures(b)["placements_3_or_more"]
    assert (figure.numerator, figure.denominator, figure.value) == (1, 2, Decimal("50.0"))


def test_a_placement_left_on_the_first_day_of_the_12_months_does_not_count():
    """The 12 months run from 01/04/2017. A moved on 02/04/2017, so A lived in the first placement on
    01/04/2017 (day 1): three placements. B moved on 01/04/2017 itself, so B's first placement ended before
    the 12 months began (the day of a move belongs to the new placement): two. C's third placement began on
    31/03/2018, the last day of the 12 months: three. Expected A and C: 2 of 3 = 66.7."""
    b = ReturnBuilder()
    b.child("A").episode("01/01/2016").episode("02/04/2017").episode("01/01/2018")
    b.child("B").episode("01/01/2016").episode("01/04/2017").episode("01/01/2018")
    b.child("C").episode("01/01/2016").episode("01/06/2017").episode("31/03/2018")
    figure = figures(b)["placements_3_or_more"]
    assert (figure.numerator, figure.denominator, figure.value) == (2, 3, Decimal("66.7"))


def test_a_change_of_legal_status_or_the_same_recorded_placement_is_not_a_move():
    """A: a change of legal status only (RNE L) on 01/06/2017, then a move on 01/01/2018: two placements.
    B: a new episode on 01/06/2017 says P, but the placement type, URN and postcode are the same as before:
    not a move, so two placements again. C: the same, but without a URN, so the record cannot show it is the
    same place and the P is believed: three. Expected C only: 1 of 3."""
    b = ReturnBuilder()
    b.child("A").episode("01/01/2016").episode("01/06/2017", rne="L", ls="C1").episode("01/01/2018")
    same = {"place": "U4", "urn": "SC111111", "postcode": "AB1 2CD"}
    b.child("B").episode("01/01/2016", **same).episode("01/06/2017", rne="P", **same).episode("01/01/2018")
    b.child("C").episode("01/01/2016", postcode="AB1 2CD").episode("01/06/2017", postcode="AB1 2CD").episode(
        "01/01/2018"
    )
    assert figures(b)["placements_3_or_more"].numerator == 1


def test_temporary_placements_are_not_moves_unless_the_child_goes_somewhere_else():
    """A: placed 01/01/2016, on holiday (T2) from 01/05/2017, back to the same placement (same type, URN and
    postcode) on 15/05/2017, moved on 01/10/2017: two placements. B: placed 01/01/2016, a temporary stay
    (T4) from 01/05/2017, then a different placement on 05/05/2017 and another on 01/10/2017: three
    (the temporary stay itself is not one). Expected B only: 1 of 2."""
    home = {"place": "U4", "urn": "SC111111", "postcode": "AB1 2CD"}
    b = ReturnBuilder()
    b.child("A").episode("01/01/2016", **home).episode("01/05/2017", place="T2").episode(
        "15/05/2017", **home
    ).episode("01/10/2017", place="U5")
    b.child("B").episode("01/01/2016", **home).episode("01/05/2017", place="T4").episode(
        "05/05/2017", place="R1"
    ).episode("01/10/2017", place="U5")
    figure = figures(b)["placements_3_or_more"]
    assert (figure.numerator, figure.denominator) == (1, 2)


def test_being_placed_for_adoption_with_the_same_carers_is_not_a_move():
    """A: placed 01/01/2016, moved 01/06/2017, then placed for adoption with the same carers (RNE U, A4) on
    01/01/2018: two placements, as the DfE counts it. B: the same but the adoption placement is with new
    carers (RNE P): three. Expected B only: 1 of 2."""
    b = ReturnBuilder()
    b.child("A").episode("01/01/2016").episode("01/06/2017").episode("01/01/2018", rne="U", place="A4")
    b.child("B").episode("01/01/2016").episode("01/06/2017").episode("01/01/2018", rne="P", place="A4")
    assert figures(b)["placements_3_or_more"].numerator == 1


def test_a_one_day_placement_counts_and_placements_in_an_earlier_period_of_care_count_too():
    """A: placed 01/01/2016, one night elsewhere on 01/06/2017 (not coded temporary), then a third placement
    on 02/06/2017: three. B: left care on 01/06/2017, came back on 01/09/2017 and moved on 01/12/2017: the
    placement before leaving plus two after: three. C: left care on 01/06/2017 and is not in care on the date,
    so is in neither count. Expected 2 of 2."""
    b = ReturnBuilder()
    b.child("A").episode("01/01/2016").episode("01/06/2017", place="R1").episode("02/06/2017")
    b.child("B").episode("01/01/2016").ceased("01/06/2017", rec="E13").episode("01/09/2017", rne="S").episode(
        "01/12/2017"
    )
    b.child("C").episode("01/01/2016").episode("01/03/2017").episode("01/05/2017").ceased("01/06/2017")
    figure = figures(b)["placements_3_or_more"]
    assert (figure.numerator, figure.denominator) == (2, 2)


# ------------------------------------------------------------------------------- long-term stability


def test_long_term_stability_counts_children_in_the_same_placement_for_two_years():
    """A (aged 8) in care and in the same placement since 01/01/2015: stable. B (aged 8) in care since
    01/01/2015 but moved on 01/06/2016: in the group, not stable. Expected 1 of 2 = 50.0."""
    b = ReturnBuilder()
    b.child("A").episode("01/01/2015")
    b.child("B").episode("01/01/2015").episode("01/06/2016")
    figure = figures(b)["long_term_stability"]
    assert (figure.numerator, figure.denominator, figure.value) == (1, 2, Decimal("50.0"))


def test_exactly_two_and_a_half_years_in_care_and_exactly_two_years_in_the_placement():
    """The 30 months ending 31/03/2018 run from 01/10/2015: care that began then lasted every day of them,
    so A and B are in the group; C, whose care began on 02/10/2015, is not. The 24 months run from
    01/04/2016: A moved on 01/04/2016, so has been in the placement every day of them: stable. B moved on
    02/04/2016, a day short: not stable. Expected 1 of 2."""
    b = ReturnBuilder()
    b.child("A").episode("01/10/2015").episode("01/04/2016")
    b.child("B").episode("01/10/2015").episode("02/04/2016")
    b.child("C").episode("02/10/2015")
    figure = figures(b)["long_term_stability"]
    assert (figure.numerator, figure.denominator) == (1, 2)


def test_a_child_whose_16th_birthday_is_on_the_date_is_not_under_16():
    """A was born 31/03/2002, so is 16 on 31/03/2018: left out. B was born 01/04/2002, still 15: in the
    group and stable. C has no date of birth: left out (age unknown). Expected 1 of 1."""
    b = ReturnBuilder()
    b.child("A", dob="31/03/2002").episode("01/01/2014")
    b.child("B", dob="01/04/2002").episode("01/01/2014")
    b.child("C", dob=None).episode("01/01/2014")
    figure = figures(b)["long_term_stability"]
    assert (figure.numerator, figure.denominator) == (1, 1)


def test_placed_for_adoption_counts_the_placement_before_it():
    """A: fostered from 01/01/2015, placed for adoption with new carers on 01/01/2017: the adoptive
    placement and the one before it have lasted since 01/01/2015, over two years: stable. B: fostered from
    01/01/2015, moved 01/06/2016, placed for adoption 01/01/2017: the placement before adoption began
    01/06/2016, under two years: not stable. C: fostered from 01/01/2015 and placed for adoption with the
    same carers (RNE U) on 01/06/2017: the same placement throughout: stable. Expected 2 of 3."""
    b = ReturnBuilder()
    b.child("A").episode("01/01/2015").episode("01/01/2017", place="A4")
    b.child("B").episode("01/01/2015").episode("01/06/2016").episode("01/01/2017", place="A5")
    b.child("C").episode("01/01/2015").episode("01/06/2017", rne="U", place="A4")
    figure = figures(b)["long_term_stability"]
    assert (figure.numerator, figure.denominator) == (2, 3)


def test_a_holiday_or_a_change_of_legal_status_does_not_break_a_long_placement():
    """A: in one placement since 01/01/2015, on holiday (T2) in August 2017 and back to the same placement:
    stable. B: in one placement since 01/01/2015 with a change of legal status (L) on 01/01/2017: stable.
    C: in care since 01/01/2015, currently on a temporary placement (T1, hospital) since 01/03/2018, the
    placement before it since 01/01/2015: stable (the placement is kept for them). Expected 3 of 3."""
    home = {"place": "U4", "urn": "SC111111", "postcode": "AB1 2CD"}
    b = ReturnBuilder()
    b.child("A").episode("01/01/2015", **home).episode("01/08/2017", place="T2").episode("15/08/2017", **home)
    b.child("B").episode("01/01/2015").episode("01/01/2017", rne="L", ls="C1")
    b.child("C").episode("01/01/2015").episode("01/03/2018", place="T1")
    figure = figures(b)["long_term_stability"]
    assert (figure.numerator, figure.denominator) == (3, 3)


def test_a_break_in_care_restarts_the_two_and_a_half_years():
    """A was in care from 01/01/2014, went home on 01/01/2016 and came back on 01/02/2016: the current
    period of care began 01/02/2016, under 30 months ago, so A is not in the group. No one is: the value is
    empty, with a note."""
    b = ReturnBuilder()
    b.child("A").episode("01/01/2014").ceased("01/01/2016", rec="E4A").episode("01/02/2016", rne="S")
    figure = figures(b)["long_term_stability"]
    assert (figure.numerator, figure.denominator, figure.value) == (0, 0, None)
    assert "No children" in figure.note


# --------------------------------------------------------------------- where children live, and starts


def test_foster_care_and_placed_for_adoption_shares_on_the_date():
    """A fostered (U4), B placed for adoption (A4), C in a children's home (K2), D fostered but left on the
    date. Of 3 looked after: foster care 1 (33.3), placed for adoption 1 (33.3)."""
    b = ReturnBuilder()
    b.child("A").episode("01/01/2017", place="U4")
    b.child("B").episode("01/01/2017", place="A4")
    b.child("C").episode("01/01/2017", place="K2")
    b.child("D").episode("01/01/2017", place="U1").ceased("31/03/2018")
    result = figures(b)
    assert (result["foster_care"].numerator, result["foster_care"].value) == (1, Decimal("33.3"))
    assert (result["placed_for_adoption"].numerator, result["placed_for_adoption"].denominator) == (1, 3)


def test_starts_in_the_12_months():
    """A started 01/04/2017, the first day of the 12 months: a start. B started 31/03/2017: not. C started
    01/05/2017, went home and started again 01/09/2017: one child. D is only on short breaks (V3) from June:
    not a start. E had short breaks from 01/05/2017, then a care order straight after on 01/08/2017: a start.
    F's earliest episode in the extract (01/05/2017) is a change of placement (RNE P), so F's care began
    before the extract: not a start. Expected A, C and E: 3; with 10,000 children, a rate of 3.0."""
    b = ReturnBuilder()
    b.child("A").episode("01/04/2017")
    b.child("B").episode("31/03/2017")
    b.child("C").episode("01/05/2017").ceased("01/06/2017").episode("01/09/2017", rne="S")
    b.child("D").episode("01/06/2017", ls="V3")
    b.child("E").episode("01/05/2017", ls="V3").episode("01/08/2017", rne="T", ls="C2")
    b.child("F").episode("01/05/2017", rne="P")
    result = figures(b, population=10_000)
    assert result["starts"].value == 3
    assert result["starts_rate"].value == Decimal("3.0")


def test_an_extract_gives_the_figures_as_they_stood_on_an_earlier_date():
    """The same return asked about 30/06/2017: A (left 01/01/2018) was still in care then and B (started
    01/02/2018) had not started. Expected 1 child, A."""
    b = ReturnBuilder()
    b.child("A").episode("01/01/2016").ceased("01/01/2018")
    b.child("B").episode("01/02/2018")
    assert figures(b, as_at=day("30/06/2017"))["children_looked_after"].value == 1
    assert figures(b)["children_looked_after"].value == 1  # on 31/03/2018 it is B


def test_a_move_after_the_date_does_not_change_where_the_child_lived_on_it():
    """A was fostered from 01/01/2016 and placed for adoption on 01/01/2018. On 30/06/2017 A was still
    fostered: foster care 1 of 1, placed for adoption 0; on 31/03/2018 the other way round."""
    b = ReturnBuilder()
    b.child("A").episode("01/01/2016", place="U4").episode("01/01/2018", place="A4")
    earlier = figures(b, as_at=day("30/06/2017"))
    assert (earlier["foster_care"].numerator, earlier["placed_for_adoption"].numerator) == (1, 0)
    later = figures(b)
    assert (later["foster_care"].numerator, later["placed_for_adoption"].numerator) == (0, 1)


def test_rows_the_checks_would_name_do_not_stop_the_calculation():
    """A date the reader could not read stays text, and a field may be blank. A's start is unreadable and B
    has no reference: neither is counted. C has an unreadable date of birth: counted as looked after, but
    left out of the age-limited groups. An OC3 row with no date of birth is skipped. Expected 1 looked
    after, long-term stability group empty, no care leavers."""
    b = ReturnBuilder()
    b.child("A").episode("01/01/2014")
    b.tables["episodes"][-1]["DECOM"] = "31/02/2014"
    b.tables["episodes"].append({"CHILD": None, "DECOM": day("01/01/2014"), "LS": "C2", "RNE": "S"})
    b.child("C").episode("01/01/2014")
    b.tables["header"][-1]["DOB"] = "00/00/2010"
    b.tables["oc3"].append({"CHILD": "Z", "DOB": None, "IN_TOUCH": "YES", "ACTIV": "F2", "ACCOM": "U1"})
    result = figures(b)
    assert result["children_looked_after"].value == 1
    assert result["long_term_stability"].denominator == 0
    assert result["care_leavers_17_18"].value == 0
