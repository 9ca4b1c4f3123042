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


def open_survey(*, opens_on: dt.date | None = None, closes_on: dt.date | None = None, **kwargs):
    """Open today unless other dates are given."""
    today = timezone.localdate()
    survey = SurveyFactory(
        opens_on=opens_on or today - dt.timedelta(days=10),
        closes_on=closes_on or today + dt.timedelta(days=10),
        **kwargs,
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


ARABIC = {
    "social-worker": ("أعرف من هو الأخصائي الاجتماعي الخاص بي.", "", []),
    "advocate": ("هل تعرف كيف تحصل على مناصر؟", "", []),
    "contact": ("مع من تتحدث أكثر؟", "", ["الشخص الذي يرعاني", "الأخصائي الاجتماعي", "صديق"]),
    "anything-else": ("هل هناك شيء آخر تريد أن تخبرنا به؟", "", []),
}


def translate(survey) -> None:
    """Arabic for every question of `survey` (made by open_survey) and each band's welcome."""
    from pledge.models import Translation

    for question in survey.questions.all():
        text, hint, choices = ARABIC[question.key]
        Translation.objects.create(question=question, language="ar", text=text, hint=hint, choices=choices)
    for version in survey.versions.all():
        Translation.objects.create(survey_version=version, language="ar", text="شكرًا لمساعدتنا.")
