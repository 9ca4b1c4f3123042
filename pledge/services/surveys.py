"""Building a year's survey from the current pledge, and changing it safely once answers have arrived.

    survey = create_from_pledge(title="Pledge survey 2026", year=2026, opens_on=..., closes_on=..., by=officer)
    questions_for(survey.versions.get(age_band="8-11"))   # the pages that band's children see, in order

A question with answers is never deleted, only retired (it stops being asked; its answers stay in the results).
Changing a question's words after answers arrived raises its `wording_version`, and each answer keeps the
wording it answered, so the results can say which words the children saw.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from cpboard.core.locking import delete_audited, lock, save_audited, save_versioned
from pledge.models import AgeBand, PledgeVersion, Question, Survey, SurveyVersion

CREATED = "Survey made from the pledge"
VERSION_MADE = "Age band version made"
QUESTION_MADE = "Question made from the pledge"
QUESTION_ADDED = "Question added"
QUESTION_CHANGED = "Question changed"
REWORDED = "Question reworded after answers arrived"
RETIRED = "Question retired"
RESTORED = "Question asked again"
REMOVED = "Question removed before any answers"

ALL_BANDS = [band.value for band in AgeBand]
OLDER_BANDS = [AgeBand.YOUNGER.value, AgeBand.OLDER.value, AgeBand.CARE_LEAVERS.value]
CORE_PROMISES = 3  # the first promises are asked in every band, so results compare across ages

WELCOME = {
    AgeBand.YOUNGEST: (
        "Thank you for helping us. A grown-up you trust can read the questions with you. "
        "There are no right or wrong answers."
    ),
    AgeBand.YOUNGER: "Thank you for helping us. Tell us what it is really like for you. There are no wrong answers.",
    AgeBand.OLDER: (
        "We made promises to every child in our care. Tell us honestly how well we keep them, "
        "so we can put things right."
    ),
    AgeBand.CARE_LEAVERS: (
        "You have left care or are getting ready to. Tell us how well we kept our promises to you, "
        "and what we should change."
    ),
}
CLOSING_TEXT = "Is there anything else you want to tell us?"
CLOSING_HINT = "You could tell us about something good, or something we should change."


class Status:
    DRAFT = "draft"
    NOT_OPEN = "not-open"
    OPEN = "open"
    CLOSED = "closed"

    LABELS = {
        DRAFT: "Being built",
        NOT_OPEN: "Ready, not open yet",
        OPEN: "Open",
        CLOSED: "Closed",
    }


def status(survey: Survey, *, today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    if not survey.is_ready or survey.opens_on is None or survey.closes_on is None:
        return Status.DRAFT
    if today < survey.opens_on:
        return Status.NOT_OPEN
    if today > survey.closes_on:
        return Status.CLOSED
    return Status.OPEN


def open_surveys(*, today: dt.date | None = None):
    today = today or timezone.localdate()
    return Survey.objects.filter(is_ready=True, opens_on__lte=today, closes_on__gte=today)


@transaction.atomic
def create_from_pledge(
    *,
    title: str,
    year: int,
    opens_on: dt.date | None,
    closes_on: dt.date | None,
    by,
    pledge: PledgeVersion | None = None,
) -> Survey:
    """A new survey with a version for every age band, a question for each of the pledge's promises (the
    current pledge unless another is given) and the closing "anything else?" question. Not ready until an
    officer says so."""
    pledge = pledge or PledgeVersion.objects.current()
    if pledge is None:
        raise ValueError("There is no published pledge to build a survey from. Publish the pledge first.")
    previous = Survey.objects.filter(year__lt=year).order_by("-year").first()
    survey = save_audited(
        Survey(
            title=title,
            year=year,
            pledge_version=pledge,
            previous=previous,
            opens_on=opens_on,
            closes_on=closes_on,
        ),
        by=by,
        reason=CREATED,
    )
    for band in AgeBand:
        save_audited(
            SurveyVersion(survey=survey, age_band=band.value, welcome=WELCOME[band]),
            by=by,
            reason=VERSION_MADE,
        )
    order = 0
    for order, promise in enumerate(pledge.promises.all(), start=1):
        core = order <= CORE_PROMISES
        save_audited(
            Question(
                survey=survey,
                order=order * 10,
                key=promise.key[:60],
                promise=promise,
                kind=Question.Kind.SCALE,
                text=promise.child_text[:300],
                hint="How true is this for you?",
                show_faces=True,
                age_bands=list(ALL_BANDS if core else OLDER_BANDS),
                is_core=core,
            ),
            by=by,
            reason=QUESTION_MADE,
        )
    save_audited(
        Question(
            survey=survey,
            order=(order + 1) * 10,
            key="anything-else",
            kind=Question.Kind.FREE_TEXT,
            text=CLOSING_TEXT,
            hint=CLOSING_HINT,
            age_bands=list(ALL_BANDS),
            is_core=True,
            is_closing=True,
        ),
        by=by,
        reason=QUESTION_MADE,
    )
    return survey


def questions_for(version: SurveyVersion) -> list[Question]:
    """The questions a band's children are asked, in order, the closing question last."""
    questions = [
        q
        for q in version.survey.questions.filter(retired=False).prefetch_related("translations")
        if version.age_band in q.age_bands
    ]
    return sorted(questions, key=lambda q: (q.is_closing, q.order, q.pk))


def has_answers(question: Question) -> bool:
    return question.pk is not None and question.answers.exists()


WORDING_FIELDS = ("text", "hint", "choices")


@transaction.atomic
def save_question(form, *, by) -> Question:
    """Save an officer's question form (checking nobody changed it meanwhile). Once the question has answers,
    new words raise its wording version."""
    question = form.instance
    if question.pk is None:
        return save_versioned(form, by=by, reason=QUESTION_ADDED)
    reason = QUESTION_CHANGED
    if set(form.changed_data) & set(WORDING_FIELDS) and has_answers(question):
        question.wording_version += 1
        reason = REWORDED
    return save_versioned(form, by=by, reason=reason)


@transaction.atomic
def set_retired(question: Question, *, retired: bool, by) -> Question:
    locked = lock(question)
    locked.retired = retired
    return save_audited(locked, by=by, reason=RETIRED if retired else RESTORED, locked=True)


@transaction.atomic
def remove(question: Question, *, by) -> None:
    """Delete a question nobody has answered yet; one with answers can only be retired."""
    locked = lock(question)
    if has_answers(locked):
        raise ValueError("Children have answered this question, so it cannot be removed. Retire it instead.")
    delete_audited(locked, by=by, reason=REMOVED)
