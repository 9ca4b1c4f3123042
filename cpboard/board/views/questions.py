"""The questions and challenge log, raising a question at a meeting, and recording its answer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from cpboard.accounts.models import person_of
from cpboard.board.forms.questions import AnswerForm, QuestionForm
from cpboard.board.models import Question
from cpboard.board.services import questions as service
from cpboard.board.views.meetings import meeting_for
from cpboard.core.locking import StaleEdit


def question_for(request: HttpRequest, pk: int) -> Question:
    return get_object_or_404(
        Question.objects.select_related(
            "meeting", "item", "asked_by", "to_answer", "answer_by", "answered_at"
        ),
        pk=pk,
    )


def may_answer(user, question: Question) -> bool:
    """Scrutiny officers record any answer; the person who must answer may record their own."""
    if user.has_perm("board.change_question"):
        return True
    person = person_of(user)
    return bool(
        user.has_perm("board.view_question") and person is not None and person.pk == question.to_answer_id
    )


@permission_required("board.view_question", raise_exception=True)
def question_log(request: HttpRequest) -> HttpResponse:
    chosen = request.GET.get("show", "")
    if chosen not in service.FILTERS:
        chosen = ""
    questions = list(service.log(chosen))
    return render(
        request,
        "board/question_log.html",
        {
            "questions": questions,
            "filters": service.FILTERS,
            "chosen": chosen,
            "overdue": {q.pk for q in questions if service.is_overdue(q)},
        },
    )


@permission_required("board.add_question", raise_exception=True)
def question_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    initial = {}
    if (item := request.GET.get("item", "")).isdigit():
        initial["item"] = meeting.items.filter(pk=item).first()
    form = QuestionForm(request.POST or None, meeting=meeting, initial=initial)
    form.instance.meeting = meeting
    if form.is_valid():
        question = service.question_save(form, by=request.user)
        messages.success(request, "Question recorded. It stays under matters arising until it is answered.")
        return redirect(question.meeting)
    return render(request, "board/question_form.html", {"form": form, "meeting": meeting})


@permission_required("board.view_question", raise_exception=True)
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_for(request, pk)
    return render(
        request,
        "board/question_detail.html",
        {
            "question": question,
            "meeting": question.meeting,
            "overdue": service.is_overdue(question),
            "can_answer": may_answer(request.user, question),
        },
    )


@permission_required("board.view_question", raise_exception=True)
def question_answer(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_for(request, pk)
    if not may_answer(request.user, question):
        raise PermissionDenied("Only the person who must answer, or a scrutiny officer, records the answer.")
    form = AnswerForm(request.POST or None, instance=question)
    conflict = None
    if form.is_valid():
        try:
            service.answer_save(form, by=request.user)
        except StaleEdit as stale:
            conflict = stale
            stale.mark(form, on="answer")
        else:
            messages.success(request, "Answer recorded.")
            return redirect(question)
    return render(
        request,
        "board/answer_form.html",
        {"form": form, "question": question, "meeting": question.meeting, "conflict": conflict},
        status=409 if conflict else 200,
    )
