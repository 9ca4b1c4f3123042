"""The agenda: adding, changing, moving and removing items, and each item's minutes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cpboard.board.forms.meetings import AgendaItemForm, MinutesForm
from cpboard.board.models import AgendaItem
from cpboard.board.services import meetings as service
from cpboard.board.views.meetings import meeting_for
from cpboard.core.locking import StaleEdit, posted_version


def item_for(request: HttpRequest, pk: int) -> AgendaItem:
    return get_object_or_404(
        AgendaItem.objects.filter(meeting__in=_meetings(request)).select_related("meeting", "meeting__board"),
        pk=pk,
    )


def _meetings(request):
    from cpboard.board.models import Meeting

    return Meeting.objects.visible_to(request.user)


def _agenda_url(item: AgendaItem) -> str:
    return f"{item.meeting.get_absolute_url()}#item-{item.pk}"


def _form_page(request, template, form, meeting, item, conflict):
    return render(
        request,
        template,
        {"form": form, "meeting": meeting, "item": item, "conflict": conflict},
        status=409 if conflict else 200,
    )


@permission_required("board.add_agendaitem", raise_exception=True)
def item_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    form = AgendaItemForm(request.POST or None)
    if form.is_valid():
        item = service.item_save(form, meeting=meeting, by=request.user)
        messages.success(request, f"“{item.title}” added to the end of the agenda.")
        return redirect(_agenda_url(item))
    return _form_page(request, "board/item_form.html", form, meeting, None, None)


@permission_required("board.change_agendaitem", raise_exception=True)
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_for(request, pk)
    form = AgendaItemForm(request.POST or None, instance=item)
    conflict = None
    if form.is_valid():
        try:
            service.item_save(form, meeting=item.meeting, by=request.user)
        except StaleEdit as stale:
            conflict = stale
            stale.mark(form)
        else:
            messages.success(request, "Agenda item saved.")
            return redirect(_agenda_url(item))
    return _form_page(request, "board/item_form.html", form, item.meeting, item, conflict)


@require_POST
@permission_required("board.change_agendaitem", raise_exception=True)
def item_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_for(request, pk)
    up = request.POST.get("direction") == "up"
    try:
        service.item_move(item, up=up, version=posted_version(request.POST), by=request.user)
    except StaleEdit:
        messages.error(
            request, "Someone changed the agenda while you were looking at it. Here it is as it is now."
        )
        return redirect(_agenda_url(item))
    messages.success(request, f"“{item.title}” moved {'up' if up else 'down'}.")
    return redirect(_agenda_url(item))


@permission_required("board.delete_agendaitem", raise_exception=True)
def item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_for(request, pk)
    standing = item.kind in AgendaItem.STANDING
    if request.method == "POST" and not standing:
        service.item_remove(item, by=request.user)
        messages.success(request, f"“{item.title}” removed from the agenda.")
        return redirect(item.meeting)
    return render(
        request,
        "board/item_remove.html",
        {"item": item, "meeting": item.meeting, "standing": standing},
        status=400 if request.method == "POST" else 200,
    )


@permission_required("board.change_agendaitem", raise_exception=True)
def item_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_for(request, pk)
    form = MinutesForm(request.POST or None, instance=item)
    conflict = None
    if form.is_valid():
        try:
            service.minutes_save(form, by=request.user)
        except StaleEdit as stale:
            conflict = stale
            stale.mark(form, on="minutes")
        else:
            messages.success(request, f"Minutes of “{item.title}” saved.")
            return redirect(_agenda_url(item))
    return _form_page(request, "board/minutes_form.html", form, item.meeting, item, conflict)
