"""A survey that is open today, with questions of every kind, for the children's-survey tests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from pledge.models import AgeBand, Question
from tests.factories.pledge import (
    ALL_BANDS,
    AccessCodeFactory,
    CodeBatchFactory,
    QuestionFactory,
    SurveyFactory,
    SurveyVersionFactory,
)


def open_survey(**kwargs):
    today = timezone.localdate()
    survey = SurveyFactory(
        opens_on=today - dt.timedelta(days=10), closes_on=today + dt.timedelta(days=10), **kwargs
    )
    for band in AgeBand:
        SurveyVersionFactory(survey=survey, age_band=band.value)
    QuestionFactory(
        survey=survey, order=10, key="social-worker", text="I know who my social worker is.", show_faces=True
    )
    QuestionFactory(
        survey=survey,
        order=20,
        key="advocate",
        kind=Question.Kind.YES_NO,
        text="Do you know how to get an advocate?",
        age_bands=["8-11", "11-17", "16-25"],
        is_core=False,
    )
    QuestionFactory(
        survey=survey,
        order=30,
        key="contact",
        kind=Question.Kind.CHOOSE_ONE,
        text="Who do you talk to most?",
        choices=["My carer", "My social worker", "A friend"],
        age_bands=list(ALL_BANDS),
    )
    QuestionFactory(
        survey=survey,
        order=40,
        key="anything-else",
        kind=Question.Kind.FREE_TEXT,
        text="Is there anything else you want to tell us?",
        is_closing=True,
    )
    return survey


def code_for(survey, *, band: str = "8-11", code: str = "KM7QPR3XTA"):
    return AccessCodeFactory(batch=CodeBatchFactory(survey=survey, age_band=band), code=code)
