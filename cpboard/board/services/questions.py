"""The questions and challenge log: what members asked, who must answer by which meeting, and the answers.
A question stays under "matters arising" on every later agenda until it is answered."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from cpboard.board.models import Meeting, Question
from cpboard.core.locking import save_versioned

RAISED = "Question raised"
CHANGED = "Question changed"
ANSWERED = "Answer recorded"

FILTERS = {
    "open": "Open",
    "answered": "Answered",
    "overdue": "Overdue (the meeting it was due by has passed)",
}


def matters_arising(meeting: Meeting) -> QuerySet[Question]:
    """Questions raised at earlier meetings that were still open when this meeting began: not yet answered,
    or answered at this meeting or since."""
    day = timezone.localtime(meeting.starts_at).date()
    return (
        Question.objects.filter(meeting__starts_at__lt=meeting.starts_at)
        .exclude(status=Question.Status.WITHDRAWN)
        .filter(
            Q(status=Question.Status.OPEN)
            | Q(answered_at__starts_at__gte=meeting.starts_at)
            | Q(answered_at__isnull=True, answered_on__gte=day)
        )
        .select_related("meeting", "item", "asked_by", "to_answer", "answer_by")
        .order_by("meeting__starts_at", "pk")
    )


def overdue(queryset: QuerySet[Question] | None = None, *, now=None) -> QuerySet[Question]:
    now = now or timezone.now()
    queryset = Question.objects.all() if queryset is None else queryset
    return queryset.filter(status=Question.Status.OPEN, answer_by__starts_at__lt=now)


def log(filter_name: str = "") -> QuerySet[Question]:
    questions = Question.objects.select_related(
        "meeting", "item", "asked_by", "to_answer", "answer_by", "answered_at"
    )
    if filter_name == "open":
        return questions.open()
    if filter_name == "answered":
        return questions.filter(status=Question.Status.ANSWERED)
    if filter_name == "overdue":
        return overdue(questions)
    return questions


def question_save(form, *, by) -> Question:
    return save_versioned(form, by=by, reason=CHANGED if form.instance.pk else RAISED)


def answer_save(form, *, by) -> Question:
    """Record the answer: the question is answered (and leaves matters arising after that meeting)."""
    form.instance.status = Question.Status.ANSWERED
    return save_versioned(form, by=by, reason=ANSWERED)


def is_overdue(question: Question, *, now=None) -> bool:
    now = now or timezone.now()
    return bool(
        question.status == Question.Status.OPEN and question.answer_by and question.answer_by.starts_at < now
    )
