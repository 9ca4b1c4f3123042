"""Meetings: the list by municipal year, arranging one, its page, its details and attendance."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from cpboard.board.forms.meetings import AttendanceForm, MeetingCreateForm, MeetingForm
from cpboard.board.models import AgendaItem, Meeting, Section, municipal_year_label
from cpboard.board.services import meetings as service
from cpboard.board.services.questions import is_overdue, matters_arising
from cpboard.core.locking import StaleEdit


def meeting_for(request: HttpRequest, pk: int) -> Meeting:
    """The meeting, if the person may read meetings (404 for an id that does not exist)."""
    return get_object_or_404(Meeting.objects.visible_to(request.user).select_related("board"), pk=pk)


@permission_required("board.view_meeting", raise_exception=True)
def meeting_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    meetings = list(Meeting.objects.visible_to(request.user).select_related("board").order_by("starts_at"))
    upcoming = [m for m in meetings if m.starts_at >= now]
    past: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in reversed([m for m in meetings if m.starts_at < now]):
        past[meeting.municipal_year].append(meeting)
    years = [
        {"label": municipal_year_label(year), "start": year, "meetings": rows}
        for year, rows in sorted(past.items(), reverse=True)
    ]
    return render(
        request,
        "board/meeting_list.html",
        {"upcoming": upcoming, "years": years, "can_add": request.user.has_perm("board.add_meeting")},
    )


@permission_required("board.add_meeting", raise_exception=True)
def meeting_create(request: HttpRequest) -> HttpResponse:
    form = MeetingCreateForm(request.POST or None)
    if form.is_valid():
        board = service.current_board(by=request.user)
        meeting = service.create_meeting(
            board, starts_at=form.starts_at(), place=form.cleaned_data["place"], by=request.user
        )
        messages.success(
            request, "Meeting arranged. Its agenda has the standing items and the work programme's."
        )
        return redirect(meeting)
    return render(request, "board/meeting_create.html", {"form": form})


@permission_required("board.view_meeting", raise_exception=True)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    items = service.agenda(meeting)
    decisions = list(meeting.decisions.select_related("plan_action", "item"))
    questions = list(
        meeting.questions_raised.select_related("asked_by", "to_answer", "answer_by", "answered_at", "item")
    )
    arising = list(matters_arising(meeting))
    by_item = defaultdict(list)
    for decision in decisions:
        by_item[("decision", decision.item_id)].append(decision)
    for question in questions:
        by_item[("question", question.item_id)].append(question)
    names = _option_names(items)
    rows = [
        {
            "item": item,
            "number": number,
            "standing": item.kind in AgendaItem.STANDING,
            "section_label": Section(item.section).label if item.section else "",
            "options": _options_text(item, names),
            "decisions": by_item[("decision", item.pk)],
            "questions": by_item[("question", item.pk)],
            "arising": arising if item.kind == AgendaItem.Kind.MATTERS_ARISING else None,
        }
        for number, item in enumerate(items, start=1)
    ]
    day = timezone.localtime(meeting.starts_at).date()
    members = service.members_on(meeting.board, day)
    attendance = {a.person_id: a for a in meeting.attendance.select_related("person", "substitute")}
    user = request.user
    return render(
        request,
        "board/meeting_detail.html",
        {
            "meeting": meeting,
            "rows": rows,
            "members": [(m, attendance.get(m.person_id)) for m in members],
            "others": [a for pid, a in attendance.items() if pid not in {m.person_id for m in members}],
            "quorum": service.quorum_for(meeting),
            "general_decisions": by_item[("decision", None)],
            "general_questions": by_item[("question", None)],
            "overdue": {q.pk for q in [*questions, *arising] if is_overdue(q)},
            "approved_at": meeting.minutes_approved_at,
            "can_edit": user.has_perm("board.change_meeting"),
            "can_edit_agenda": user.has_perm("board.change_agendaitem"),
            "can_add_item": user.has_perm("board.add_agendaitem"),
            "can_remove_item": user.has_perm("board.delete_agendaitem"),
            "can_attend": user.has_perm("board.change_attendance"),
            "can_decide": user.has_perm("board.add_decision"),
            "can_ask": user.has_perm("board.add_question"),
            "can_answer": user.has_perm("board.change_question"),
        },
    )


def _option_names(items: list[AgendaItem]) -> dict[tuple[str, str], str]:
    """The outcome areas' and surveys' names the items' options refer to, in two queries at most."""
    from performance.models import OutcomeArea
    from pledge.models import Survey

    slugs = {
        i.section_options.get("area") for i in items if i.section == Section.SCORECARD and i.section_options
    }
    surveys = {i.section_options.get("survey") for i in items if (i.section_options or {}).get("survey")}
    names: dict[tuple[str, str], str] = {}
    if slugs - {None, ""}:
        names |= {("area", a.slug): a.name for a in OutcomeArea.objects.filter(slug__in=slugs)}
    if surveys:
        names |= {
            ("survey", str(s.pk)): f"{s.title} ({s.year})" for s in Survey.objects.filter(pk__in=surveys)
        }
    return names


def _options_text(item: AgendaItem, names: dict[tuple[str, str], str]) -> str:
    options = item.section_options or {}
    if item.section == Section.SCORECARD:
        slug = options.get("area", "")
        if not slug:
            return "All outcome areas"
        return names.get(("area", slug), "An outcome area no longer in the catalogue")
    if options.get("survey"):
        return names.get(("survey", str(options["survey"])), "A survey no longer kept")
    return ""


@permission_required("board.change_meeting", raise_exception=True)
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    conflict = None
    if form.is_valid():
        try:
            service.meeting_save(form, by=request.user)
        except StaleEdit as stale:
            conflict = stale
            stale.mark(form)
        else:
            messages.success(request, "Meeting details saved.")
            return redirect(meeting)
    return render(
        request,
        "board/meeting_form.html",
        {"form": form, "meeting": meeting, "conflict": conflict},
        status=409 if conflict else 200,
    )


@permission_required("board.change_attendance", raise_exception=True)
def attendance_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    day = timezone.localtime(meeting.starts_at).date()
    members = service.members_on(meeting.board, day)
    existing = {a.person_id: a for a in meeting.attendance.all()}
    form = AttendanceForm(request.POST or None, members=members, existing=existing)
    conflict = None
    if form.is_valid():
        try:
            changed = service.attendance_save(meeting, form.entries(), by=request.user)
        except StaleEdit as stale:
            conflict = stale
            stale.mark(form, field_for=form.status_name)
        else:
            messages.success(request, f"Attendance saved ({changed} changed).")
            return redirect(f"{meeting.get_absolute_url()}#attendance")
    return render(
        request,
        "board/attendance_form.html",
        {"form": form, "meeting": meeting, "conflict": conflict, "members": members},
        status=409 if conflict else 200,
    )
