"""The reading-age advice officers see beside every text children read."""

from __future__ import annotations

import pytest

from pledge.models import AgeBand
from pledge.services import readability
from pledge.services.readability import Reading, check, reading_age

EASY = "We promise you will know your social worker. You can ring them."
HARD = (
    "The local authority undertakes to ensure that comprehensive, individualised assessments of educational "
    "requirements are systematically undertaken, documented and communicated to appropriate professionals."
)


def test_short_plain_words_read_as_young_and_fine_for_the_pledge():
    reading = check(EASY)
    assert reading.age is not None
    assert reading.age <= readability.CHILDREN
    assert not reading.too_hard
    assert reading.message.startswith(f"Reading age about {reading.age}: fine for children in care")


def test_long_official_sentences_are_flagged_as_too_hard_with_advice():
    reading = check(HARD)
    assert reading.age is not None
    assert reading.age > readability.CHILDREN
    assert reading.too_hard
    assert "harder than children in care" in reading.message
    assert reading.message.endswith("Try shorter sentences and shorter words.")


def test_the_aim_follows_the_age_band_of_the_survey():
    assert check(EASY, band=AgeBand.YOUNGEST).aim == 7
    assert check(EASY, band=AgeBand.YOUNGER).aim == 9
    assert check(EASY, band=AgeBand.OLDER).aim == 11
    assert check(EASY, band=AgeBand.CARE_LEAVERS).aim == 12
    assert "the 8 to 11 survey" in check(EASY, band="8-11").message
    assert "the care leavers' survey" in check(EASY, band="16-25").message


def test_the_same_words_can_suit_older_children_and_be_too_hard_for_younger_ones():
    text = "We will make sure you understand your pathway plan before you leave care."
    age = reading_age(text)
    assert age is not None and 9 < age <= 11  # about 10 (Flesch-Kincaid grade plus five)
    assert check(text, band=AgeBand.OLDER).too_hard is False
    assert check(text, band=AgeBand.YOUNGER).too_hard is True
    assert check(text).too_hard is True  # the pledge is for every child, so its aim is 9


@pytest.mark.parametrize("text", ["", "   ", None])
def test_nothing_to_measure_asks_for_words_rather_than_guessing(text):
    reading = check(text)
    assert reading.age is None
    assert not reading.too_hard
    assert (
        reading.message
        == "Write some words to see their reading age (aim for 9 or under for children in care)."
    )


def test_the_age_is_never_below_the_youngest_reader():
    assert reading_age("Hi. Yes. No.") == readability.YOUNGEST_AGE


def test_an_unknown_band_is_an_error_not_a_silent_default():
    with pytest.raises(ValueError, match="5-9"):
        check(EASY, band="5-9")


def test_the_verdict_is_at_the_aim_boundary():
    assert not Reading(age=9, aim=9, audience="x").too_hard
    assert Reading(age=10, aim=9, audience="x").too_hard
    assert Reading(age=10, aim=9, audience="the 8 to 11 survey").message == (
        "Reading age about 10: harder than the 8 to 11 survey (aim for 9 or under). "
        "Try shorter sentences and shorter words."
    )
