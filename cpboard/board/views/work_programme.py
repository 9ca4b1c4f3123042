"""The work programme for a municipal year: which themes and reports come to which meeting."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from cpboard.board.forms.work_programme import WorkProgrammeItemForm
from cpboard.board.models import (
    Meeting,
    Section,
    WorkProgrammeItem,
    municipal_year_label,
    municipal_year_start,
)
from cpboard.board.services import meetings as service
from cpboard.core.locking import StaleEdit

FIRST_YEAR = 2000


def _year(request: HttpRequest) -> int:
    this_year = municipal_year_start(timezone.localdate())
    raw = request.GET.get("year", "")
    if not raw:
        return this_year
    if not raw.isdigit() or not FIRST_YEAR <= int(raw) <= this_year + 5:
        raise Http404("There is no work programme for that year.")
    return int(raw)


def _url(year: int) -> str:
    return f"{reverse('board:work-programme')}?year={year}"


@permission_required("board.view_workprogrammeitem", raise_exception=True)
def work_programme(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    items = list(WorkProgrammeItem.objects.filter(municipal_year=year).select_related("meeting", "presenter"))
    meetings = list(Meeting.objects.in_municipal_year(year).order_by("starts_at"))
    groups = []
    for meeting in meetings:
        groups.append(
            {
                "heading": f"Meeting on {timezone.localtime(meeting.starts_at):%d/%m/%Y}",
                "meeting": meeting,
                "items": [i for i in items if i.meeting_id == meeting.pk],
            }
        )
    by_month: dict = {}
    for item in items:
        if item.meeting_id is None:
            key = item.planned_month.replace(day=1) if item.planned_month else None
            by_month.setdefault(key, []).append(item)
    for month in sorted(k for k in by_month if k):
        groups.append(
            {"heading": f"{month:%B %Y} (no meeting set yet)", "meeting": None, "items": by_month[month]}
        )
    if None in by_month:
        groups.append({"heading": "Some time in the year", "meeting": None, "items": by_month[None]})
    this_year = municipal_year_start(timezone.localdate())
    return render(
        request,
        "board/work_programme.html",
        {
            "year": year,
            "year_label": municipal_year_label(year),
            "groups": groups,
            "sections": dict(Section.choices),
            "previous": (year - 1, municipal_year_label(year - 1)) if year > FIRST_YEAR else None,
            "next": (year + 1, municipal_year_label(year + 1)) if year < this_year + 5 else None,
            "can_add": request.user.has_perm("board.add_workprogrammeitem"),
            "can_change": request.user.has_perm("board.change_workprogrammeitem"),
            "can_delete": request.user.has_perm("board.delete_workprogrammeitem"),
        },
    )


@permission_required("board.add_workprogrammeitem", raise_exception=True)
def work_programme_create(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    form = WorkProgrammeItemForm(request.POST or None, year=year)
    if form.is_valid():
        planned = service.work_programme_save(form, by=request.user)
        messages.success(
            request, f"“{planned.title}” added to the {municipal_year_label(year)} work programme."
        )
        return redirect(_url(year))
    return render(
        request,
        "board/work_programme_form.html",
        {"form": form, "year": year, "year_label": municipal_year_label(year), "planned": None},
    )


@permission_required("board.change_workprogrammeitem", raise_exception=True)
def work_programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    planned = get_object_or_404(WorkProgrammeItem, pk=pk)
    year = planned.municipal_year
    form = WorkProgrammeItemForm(request.POST or None, instance=planned, year=year)
    conflict = None
    if form.is_valid():
        try:
            service.work_programme_save(form, by=request.user)
        except StaleEdit as stale:
            conflict = stale
            stale.mark(form)
        else:
            messages.success(request, "Work programme item saved.")
            return redirect(_url(year))
    return render(
        request,
        "board/work_programme_form.html",
        {
            "form": form,
            "year": year,
            "year_label": municipal_year_label(year),
            "planned": planned,
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )


@permission_required("board.delete_workprogrammeitem", raise_exception=True)
def work_programme_delete(request: HttpRequest, pk: int) -> HttpResponse:
    planned = get_object_or_404(WorkProgrammeItem, pk=pk)
    if request.method == "POST":
        year = planned.municipal_year
        service.work_programme_remove(planned, by=request.user)
        messages.success(request, f"“{planned.title}” removed from the work programme.")
        return redirect(_url(year))
    return render(
        request,
        "board/work_programme_delete.html",
        {"planned": planned, "year_label": municipal_year_label(planned.municipal_year)},
    )
