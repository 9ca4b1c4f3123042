"""Generating a meeting's pack: the button (a POST that queues a build for the worker, never builds in the
request) and the build's progress as JSON for static/js/build-progress.js. Without JavaScript the meeting
page shows the same progress and a link to refresh it (templates/board/_build_progress.html)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from cpboard.board.models import Meeting
from cpboard.board.services import builds
from cpboard.board.services.packs import CANCELLED
from cpboard.board.views.meetings import meeting_for

QUEUED = "Generating the pack: a worker builds it in the background. Its progress is shown below."
ALREADY = "The pack for this meeting is already being generated: its progress is shown below."


@require_POST
@permission_required("board.generate_pack", raise_exception=True)
def pack_generate(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    if meeting.status == Meeting.Status.CANCELLED:
        messages.error(request, f"{CANCELLED}.")
        return redirect(f"{meeting.get_absolute_url()}#pack-build")
    before = builds.active_build(meeting)
    build = builds.request_build(meeting, by=request.user)
    if before == build:
        messages.info(request, ALREADY)
    else:
        messages.success(request, QUEUED)
    return redirect(f"{meeting.get_absolute_url()}#pack-build")


@require_GET
@permission_required("board.generate_pack", raise_exception=True)
def build_status(request: HttpRequest, pk: int) -> JsonResponse:
    """The meeting's latest build (after recovering one whose worker stopped), as the progress region shows
    it; `{"status": "none"}` when the meeting has never had one."""
    state = builds.build_state(meeting_for(request, pk))
    return JsonResponse(state.as_json() if state is not None else {"status": "none", "active": False})
