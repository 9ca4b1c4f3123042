"""Access codes: unguessable, no look-alike characters, single use, read back forgivingly, cancellable."""

from __future__ import annotations

import math

import pytest

from pledge.models import AccessCode
from pledge.services import codes
from tests.factories.pledge import AccessCodeFactory, SurveyFactory

pytestmark = pytest.mark.django_db


def test_a_code_carries_at_least_40_bits_and_no_look_alikes():
    assert codes.BITS >= 40
    assert codes.LENGTH * math.log2(len(codes.ALPHABET)) == codes.BITS
    for look_alike in "0O1IL":
        assert look_alike not in codes.ALPHABET
    assert len(set(codes.ALPHABET)) == len(codes.ALPHABET)


def test_a_batch_has_distinct_codes_that_follow_no_sequence(officer):
    batch = codes.make_batch(SurveyFactory(), label="Oak House", count=200, by=officer)
    made = list(batch.codes.values_list("code", flat=True))
    assert len(made) == len(set(made)) == 200
    assert all(len(c) == codes.LENGTH and set(c) <= set(codes.ALPHABET) for c in made)
    # Not sequential: no two codes share their first six characters (next to impossible by chance).
    assert len({c[:6] for c in made}) == 200
    assert batch.codes.first().history.first().history_change_reason == codes.CODE_MADE


def test_a_batch_has_a_sensible_size(officer):
    with pytest.raises(ValueError, match="between 1 and 500"):
        codes.make_batch(SurveyFactory(), label="Too many", count=codes.MAX_BATCH + 1, by=officer)


@pytest.mark.parametrize("typed", ["km7qp-r3xta", " KM7QP R3XTA ", "KM7QPR3XTA", "km7qp_r3xta"])
def test_a_typed_code_is_read_forgivingly(typed):
    AccessCodeFactory(code="KM7QPR3XTA")
    assert codes.find(typed).code.code == "KM7QPR3XTA"


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", codes.Problem.EMPTY),
        ("   ", codes.Problem.EMPTY),
        ("KM7QP", codes.Problem.MALFORMED),
        ("KM7QPR3XT0", codes.Problem.MALFORMED),  # a zero is never in a code
        ("<script>", codes.Problem.MALFORMED),
        ("ABCDEFGHJK", codes.Problem.UNKNOWN),
    ],
)
def test_a_code_that_cannot_be_used_says_why(typed, problem):
    assert codes.find(typed).problem == problem


def test_a_cancelled_or_used_code_is_refused(officer):
    voided = AccessCodeFactory(code="KM7QPR3XTA")
    codes.void(voided, reason="Slip lost", by=officer)
    assert codes.find("KM7QPR3XTA").problem == codes.Problem.VOIDED
    AccessCodeFactory(code="KM7QPR3XTB", status=AccessCode.Status.SUBMITTED)
    assert codes.find("KM7QPR3XTB").problem == codes.Problem.SUBMITTED


def test_a_code_whose_answers_were_sent_cannot_be_cancelled(officer):
    used = AccessCodeFactory(status=AccessCode.Status.SUBMITTED)
    with pytest.raises(ValueError, match="cannot be cancelled"):
        codes.void(used, reason="Mistake", by=officer)
    used.refresh_from_db()
    assert used.status == AccessCode.Status.SUBMITTED


def test_codes_are_printed_in_two_groups_of_five():
    assert codes.shown("KM7QPR3XTA") == "KM7QP-R3XTA"
