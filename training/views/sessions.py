"""Officers: sessions with their attendance, and single records of training done elsewhere."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from cpboard.accounts.models import Person
from cpboard.core.locking import StaleEdit
from training.forms.records import RecordForm, SessionForm
from training.models import Session, TrainingRecord
from training.services import records as record_service


@permission_required("training.view_session", raise_exception=True)
def session_list(request: HttpRequest) -> HttpResponse:
    sessions = (
        Session.objects.select_related("course")
        .annotate(attended=Count("records"))
        .order_by("-held_on", "course__name", "pk")
    )
    page = Paginator(sessions, 50).get_page(request.GET.get("page"))
    return render(request, "training/session_list.html", {"page": page})


def _session_form(request, form, session, conflict):
    return render(
        request,
        "training/session_form.html",
        {"form": form, "session": session, "conflict": conflict},
        status=409 if conflict else 200,
    )


def _saved(request, session: Session) -> HttpResponse:
    count = session.records.count()
    messages.success(
        request, f"{session} saved with {count} {'person' if count == 1 else 'people'} attending."
    )
    return redirect(session)


@permission_required("training.add_session", raise_exception=True)
def session_create(request: HttpRequest) -> HttpResponse:
    form = SessionForm(request.POST or None)
    conflict = None
    if form.is_valid():
        try:
            session = record_service.session_save(form=form, by=request.user)
        except StaleEdit as stale:  # someone recorded one of these people at this session a moment ago
            stale.mark(form, on="attendees")
            conflict = stale
        else:
            return _saved(request, session)
    return _session_form(request, form, None, conflict)


@permission_required("training.change_session", raise_exception=True)
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    form = SessionForm(request.POST or None, instance=session)
    conflict = None
    if form.is_valid():
        try:
            session = record_service.session_save(form=form, by=request.user)
        except StaleEdit as stale:
            stale.mark(form)
            conflict = stale
        else:
            return _saved(request, session)
    return _session_form(request, form, session, conflict)


@permission_required("training.view_session", raise_exception=True)
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    records = session.records.select_related("person").order_by("person__sort_name", "person__display_name")
    return render(request, "training/session_detail.html", {"session": session, "records": records})


@permission_required("training.add_trainingrecord", raise_exception=True)
def record_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    if (person_id := request.GET.get("person", "")).isdigit():
        initial["person"] = Person.objects.filter(pk=person_id).first()
    form = RecordForm(request.POST or None, request.FILES or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            record = record_service.record_save(form=form, by=request.user, certificate=form.certificate)
        except StaleEdit as stale:  # the same record was saved a moment ago
            stale.mark(form, on="completed_on")
            conflict = stale
        else:
            messages.success(request, f"Recorded: {record}.")
            return redirect("training:person", record.person_id)
    return render(
        request,
        "training/record_form.html",
        {"form": form, "conflict": conflict},
        status=409 if conflict else 200,
    )


@permission_required("training.change_trainingrecord", raise_exception=True)
def record_edit(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(TrainingRecord.objects.select_related("person", "course"), pk=pk)
    if record.session_id:
        messages.info(request, "This record belongs to a session: change it on the session’s page.")
        return redirect("training:session-detail", record.session_id)
    form = RecordForm(request.POST or None, request.FILES or None, instance=record)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            record = record_service.record_save(form=form, by=request.user, certificate=form.certificate)
        except StaleEdit as stale:
            stale.mark(form)
            conflict = stale
        else:
            messages.success(request, f"Corrected: {record}.")
            return redirect("training:person", record.person_id)
    return render(
        request,
        "training/record_form.html",
        {"form": form, "conflict": conflict, "record": record},
        status=409 if conflict else 200,
    )


@permission_required("training.delete_trainingrecord", raise_exception=True)
def record_delete(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(TrainingRecord.objects.select_related("person", "course"), pk=pk)
    error = ""
    if request.method == "POST":
        try:
            record_service.record_delete(record=record, by=request.user)
        except ValidationError as refused:
            error = refused.messages[0]
        else:
            messages.success(request, f"Removed: {record}.")
            return redirect("training:person", record.person_id)
    return render(
        request,
        "training/record_confirm_delete.html",
        {"record": record, "error": error},
        status=400 if error else 200,
    )
