"""Building answered surveys for the results tests, the moderation tests, the browser journey and the bench:
the shared factories for the survey, questions and promises, and `pledge.demo.answers.record_children` for
many children's answers at once (through single-use codes, as children answer)."""

from __future__ import annotations

import datetime as dt
import random

from pledge.demo.answers import Child, record_children
from pledge.models import AgeBand, PledgeVersion, Question, Survey
from tests.factories.pledge import (
    PledgeVersionFactory,
    PromiseFactory,
    QuestionFactory,
    SurveyFactory,
    SurveyVersionFactory,
)


def make_survey(year: int = 2026, *, previous: Survey | None = None, bands=(AgeBand.YOUNGER, AgeBand.OLDER)):
    survey = SurveyFactory(year=year, title=f"Pledge survey {year}", previous=previous)
    for band in bands:
        SurveyVersionFactory(survey=survey, age_band=band)
    return survey


def question(survey: Survey, key: str, **kwargs) -> Question:
    kwargs.setdefault("age_bands", [AgeBand.YOUNGER.value, AgeBand.OLDER.value])
    return QuestionFactory(survey=survey, key=key, **kwargs)


def promise(
    key: str, text: str = "We promise you will know who your social worker is.", *, earlier: bool = False
):
    """A promise of the current pledge, or (`earlier`) of an earlier version, which may share its key."""
    if earlier:
        version = PledgeVersionFactory(status=PledgeVersion.Status.SUPERSEDED)
        return PromiseFactory(key=key, child_text=text, pledge_version=version)
    return PromiseFactory(key=key, child_text=text)


def answer(survey: Survey, per_band: dict[str, list[dict[Question, str]]], *, label: str = "Test answers"):
    """Each band's children, each a {question: value or free text} (free-text questions take the text)."""
    children = []
    for band, kids in per_band.items():
        for kid in kids:
            children.append(
                Child(
                    band,
                    {
                        q.pk: ("", value) if q.kind == Question.Kind.FREE_TEXT else (value, "")
                        for q, value in kid.items()
                    },
                )
            )
    return record_children(
        survey, children, label=label, rng=random.Random(label), submitted_on=dt.date(survey.year, 11, 20)
    )


def many(question_values: dict[Question, list[str]], count: int) -> list[dict[Question, str]]:
    """`count` children; child i gives each question the i-th value of its list (cycled)."""
    return [{q: values[i % len(values)] for q, values in question_values.items()} for i in range(count)]
