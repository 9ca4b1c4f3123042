"""The demo children's answers: about 60 children a survey across the age bands, messages checked in 2025
and some waiting in 2026, the same every time, and nothing added by a second run."""

from __future__ import annotations

import io

import pytest
from django.db.models import F

from pledge.demo import answers
from pledge.models import AccessCode, AgeBand, CodeBatch, Message, Question, SurveyResponse
from tests.pledge.results_data import make_survey, question

pytestmark = pytest.mark.django_db

BANDS = [band.value for band in AgeBand]


@pytest.fixture
def surveys():
    made = []
    previous = None
    for year in (2025, 2026):
        survey = make_survey(year, previous=previous, bands=list(AgeBand))
        question(survey, "social-worker", text="I know who my social worker is.", age_bands=BANDS)
        question(
            survey,
            "advocate",
            kind=Question.Kind.YES_NO,
            text="Do you know how to get an advocate?",
            age_bands=BANDS[1:],
        )
        question(
            survey, "helps", kind=Question.Kind.CHOOSE_ONE, choices=["Carers", "Friends"], age_bands=BANDS
        )
        question(survey, "anything-else", kind=Question.Kind.FREE_TEXT, is_closing=True, age_bands=BANDS)
        made.append(survey)
        previous = survey
    return made


def _snapshot():
    return sorted(
        SurveyResponse.objects.values_list(
            "survey__year",
            "survey_version__age_band",
            "answers__question__key",
            "answers__value",
            "answers__text",
        )
    )


def test_about_sixty_children_answer_each_survey_across_the_age_bands(surveys, officer):
    out = io.StringIO()
    answers.seed(out, people={"officer": officer})
    for survey in surveys:
        responses = SurveyResponse.objects.filter(survey=survey, submitted_on__isnull=False)
        assert 55 <= responses.count() <= 65
        assert set(responses.values_list("survey_version__age_band", flat=True)) == set(BANDS)
        assert not responses.exclude(access_code__isnull=False).exists()  # codes, never accounts
    assert "children answered Pledge survey 2025" in out.getvalue()


def test_messages_are_checked_in_2025_and_some_wait_in_2026(surveys, officer):
    answers.seed(io.StringIO(), people={"officer": officer})
    old = Message.objects.filter(answer__response__survey=surveys[0])
    assert not old.filter(status=Message.Status.WAITING).exists()
    assert old.filter(status=Message.Status.WITHHELD).count() == 2
    edited = old.filter(status=Message.Status.APPROVED).exclude(shown_text=F("answer__text"))
    assert edited.exists()  # a name or a place taken out
    new = Message.objects.filter(answer__response__survey=surveys[1])
    assert new.filter(status=Message.Status.WAITING).exists()
    assert new.filter(status=Message.Status.APPROVED).exists()
    # the board's words never name anyone the child did
    for message in Message.objects.filter(status=Message.Status.APPROVED):
        assert "Kerry" not in message.shown_text and "07700" not in message.shown_text


def test_the_answers_are_the_same_every_time_and_a_second_run_adds_nothing(surveys, officer):
    answers.seed(io.StringIO(), people={"officer": officer})
    first = _snapshot()
    answers.seed(io.StringIO(), people={"officer": officer})
    assert _snapshot() == first
    SurveyResponse.objects.all().delete()
    Message.objects.all().delete()
    AccessCode.objects.all().delete()
    CodeBatch.objects.all().delete()
    answers.seed(io.StringIO(), people={"officer": officer})
    assert _snapshot() == first


def test_without_surveys_it_says_so(db, officer):
    out = io.StringIO()
    answers.seed(out, people={"officer": officer})
    assert "no demo surveys" in out.getvalue()
