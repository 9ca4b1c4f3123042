"""The demo surveys: two years, built from the pledge current each year, the 2026 one open and translated."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from pledge.demo import surveys as demo
from pledge.models import AgeBand, PledgeVersion, Survey, Translation
from pledge.services import answering, surveys
from tests.factories.accounts import UserFactory
from tests.factories.pledge import PledgeVersionFactory, PromiseFactory

pytestmark = pytest.mark.django_db

KEYS_2026 = ["social-worker", "have-a-say", "a-good-home", "school", "leaving-care", "worries"]


@pytest.fixture
def pledges():
    first = PledgeVersionFactory(number=1, status=PledgeVersion.Status.SUPERSEDED)
    for order, key in enumerate(KEYS_2026[:-1]):
        PromiseFactory(pledge_version=first, order=order, key=key)
    second = PledgeVersionFactory(number=2)
    for order, key in enumerate(KEYS_2026):
        PromiseFactory(pledge_version=second, order=order, key=key)
    return first, second


def test_the_demo_surveys_are_seeded_once(pledges):
    people = {"officer": UserFactory(username="officer")}
    demo.seed(io.StringIO(), people=people)
    demo.seed(io.StringIO(), people=people)
    first, second = pledges
    older, newer = Survey.objects.order_by("year")
    assert (older.year, older.pledge_version, newer.year, newer.pledge_version) == (2025, first, 2026, second)
    assert newer.previous == older
    assert surveys.status(older, today=dt.date(2026, 12, 1)) == surveys.Status.CLOSED
    assert surveys.status(newer, today=dt.date(2026, 12, 1)) == surveys.Status.OPEN
    assert newer.closes_on == dt.date(2026, 12, 31)
    assert newer.code_batches.get().codes.count() == demo.DEMO_CODES
    assert not older.questions.filter(key="worries").exists()
    assert newer.questions.get(key="social-worker").text == demo.PROMISE_QUESTIONS["social-worker"][0]
    # Every question the 8 to 11 and 11 to 17 children are asked in 2026 is in Arabic, and so is each welcome.
    for band in (AgeBand.YOUNGER, AgeBand.OLDER):
        version = newer.versions.get(age_band=band)
        for question in surveys.questions_for(version):
            assert answering.wording(question, "ar").translated, question.key
        assert answering.welcome(version, "ar") != version.welcome
    assert not Translation.objects.filter(question__survey=older).exists()


def test_without_a_pledge_there_are_no_demo_surveys():
    demo.seed(io.StringIO(), people={})
    assert not Survey.objects.exists()
