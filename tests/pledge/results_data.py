"""Building answered surveys for the results tests, the moderation tests, the browser journey and the bench:
the shared factories for the survey, questions and promises, and `pledge.demo.answers.record_children` for
many children's answers at once (through single-use codes, as children answer)."""

from __future__ import annotations

import datetime as dt
import random
from typing import cast

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
    return cast(Question, QuestionFactory(survey=survey, key=key, **kwargs))


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


# A small council's two surveys, in realistic words, for the browser pages, the journey and screenshots.
QUESTIONS = [
    ("social-worker", "scale", "I know who my social worker is and how to contact them.", "worker"),
    ("call-back", "scale", "When I leave a message, someone calls me back the next day.", "worker"),
    ("listened-to", "scale", "I am listened to when decisions are made about my life.", "voice"),
    ("advocate", "yes-no", "Do you know how to get an advocate?", "voice"),
    ("safe-home", "scale", "I feel safe where I live.", "home"),
    ("family-contact", "scale", "I see my family and friends as much as I want to.", "family"),
    ("best-thing", "choose-one", "What helps you most?", ""),
    ("anything-else", "free-text", "Is there anything else you want to tell us?", ""),
]
PROMISES = {
    "worker": "We promise you will have a social worker who you know and who keeps in touch.",
    "voice": "We promise to listen to you and tell you why when the answer is no.",
    "home": "We promise to find you a safe home that suits you.",
    "family": "We promise to help you stay in touch with the people who matter to you.",
}
CHOICES = ["My carers", "My social worker", "My friends", "School or college"]


def realistic_surveys(*, small_band: bool = True) -> tuple[Survey, Survey]:
    """2025 (closed) and 2026 (with 2025 as its previous survey). In 2026 the care leavers' group is small
    (`small_band`), so board members see no age-band breakdown; the advocate question has only three "not
    sure" answers, shown to the board as "fewer than 5"."""

    promises = {key: promise(key, text) for key, text in PROMISES.items()}
    bands = (AgeBand.YOUNGER, AgeBand.OLDER, AgeBand.CARE_LEAVERS)
    surveys = []
    previous = None
    for year in (2025, 2026):
        survey = make_survey(year, previous=previous, bands=bands)
        qs: dict[str, Question] = {}
        for order, (key, kind, text, about) in enumerate(QUESTIONS):
            qs[key] = cast(
                Question,
                QuestionFactory(
                    survey=survey,
                    key=key,
                    order=order,
                    kind=kind,
                    text=text,
                    promise=promises.get(about),
                    choices=CHOICES if kind == "choose-one" else [],
                    age_bands=[b.value for b in bands],
                    is_closing=kind == "free-text",
                ),
            )
        better = year == 2026
        values = {
            qs["social-worker"]: ["5", "5", "4", "4", "3", "5", "2", "4"],
            qs["call-back"]: ["4", "3", "2", "5", "1", "3", "4", "2"]
            if not better
            else ["4", "4", "3", "5", "2", "4", "5", "3"],
            qs["listened-to"]: ["3", "2", "4", "1", "3", "2", "5", "3"]
            if not better
            else ["4", "3", "4", "2", "5", "3", "4", "4"],
            qs["advocate"]: ["no", "yes", "no", "no", "yes", "no", "yes", "no"]
            if not better
            else ["yes", "yes", "no", "yes", "no", "yes", "yes", "yes"],
            qs["safe-home"]: ["5", "5", "4", "5", "4", "5", "3", "5"],
            qs["family-contact"]: ["2", "3", "4", "1", "3", "2", "4", "3"],
            qs["best-thing"]: ["0", "1", "2", "3", "0", "0", "2", "1"],
        }
        younger, older = many(values, 16), many(values, 22)
        leavers = many(values, 3 if (better and small_band) else 9)
        if better:
            for kid in older[:3]:
                kid[qs["advocate"]] = "not-sure"
        notes = [
            "My foster carers are kind and always make time for me.",
            "I have had three social workers this year and I have to start again each time.",
            "My worker Kerry always rings me back, she is the best.",
            "Please can I see my little brother more.",
            "I did not know I could have an advocate <b>until now</b>.",
            "I feel safe where I live now.",
        ]
        for kid, note in zip(older, notes, strict=False):
            kid[qs["anything-else"]] = f"{note}" if not better else f"{note} (2026)"
        answer(
            survey,
            {AgeBand.YOUNGER: younger, AgeBand.OLDER: older, AgeBand.CARE_LEAVERS: leavers},
            label=f"Sessions {year}",
        )
        surveys.append(survey)
        previous = survey
    return surveys[0], surveys[1]
