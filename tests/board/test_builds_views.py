"""The generate button and the build's progress on the meeting page: a POST queues one build however often it
is pressed, the page says how the build is going without JavaScript (and gives the JSON the script polls), a
failure is shown in words, and a build whose worker stopped is noticed when the page is looked at."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cpboard.board.models import PackBuild
from cpboard.board.services import builds
from cpboard.core.locking import save_audited
from tests.conftest import signed_in
from tests.factories.board import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db

REFRESH = "Refresh this page to see how it is going"


@pytest.fixture
def meeting():
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting)
    return meeting


def _generate(client, meeting):
    return client.post(reverse("board:pack-generate", args=[meeting.pk]), follow=True)


def _page(client, meeting) -> str:
    return client.get(meeting.get_absolute_url()).content.decode()


def _running(build: PackBuild, *, progress: int, stage: str, seconds_ago: int = 0) -> PackBuild:
    build.status, build.attempts, build.progress, build.stage = PackBuild.Status.RUNNING, 1, progress, stage
    build.heartbeat_at = builds.database_now() - dt.timedelta(seconds=seconds_ago)
    return save_audited(build, by=None, reason="Test: a worker is building it")


def test_generating_queues_a_build_and_the_meeting_page_says_so_without_javascript(
    client_as, scrutiny_officer, meeting
):
    client = client_as(scrutiny_officer)

    response = _generate(client, meeting)

    assert response.redirect_chain == [(f"{meeting.get_absolute_url()}#pack-build", 302)]
    page = response.content.decode()
    assert "Generating the pack: a worker builds it in the background." in page
    assert "Waiting for a worker to start generating the pack." in page
    # a link to the page's own address plus #pack-build would only scroll: each drawing's link has a new query
    links = re.findall(rf'href="(/board/meetings/{meeting.pk}/\?refreshed=\d+#pack-build)">{REFRESH}', page)
    assert len(links) == 1 and response.redirect_chain[-1][0] == f"/board/meetings/{meeting.pk}/#pack-build"
    again = client.get(reverse("board:meeting", args=[meeting.pk])).content.decode()
    assert links[0] not in again and "?refreshed=" in again
    assert 'aria-live="polite"' in page and 'data-build-active="true"' in page
    assert "js/build-progress.js" in page
    assert (
        f'<form method="post" action="/board/meetings/{meeting.pk}/pack/generate/" data-build-form hidden>'
        in page
    )
    build = PackBuild.objects.get()
    assert build.requested_by == scrutiny_officer and build.status == PackBuild.Status.QUEUED


def test_pressing_generate_again_gives_the_same_build(client_as, scrutiny_officer, meeting):
    client = client_as(scrutiny_officer)
    _generate(client, meeting)

    again = _generate(client, meeting).content.decode()

    assert "The pack for this meeting is already being generated: its progress is shown below." in again
    assert PackBuild.objects.count() == 1


def test_progress_shows_the_workers_step_on_the_meeting_page(client_as, scrutiny_officer, meeting):
    build = builds.request_build(meeting, by=scrutiny_officer)
    _running(build, progress=45, stage="Rendering the performance scorecard")
    client = client_as(scrutiny_officer)

    page = _page(client, meeting)
    state = client.get(reverse("board:build-status", args=[meeting.pk])).json()

    assert "Generating the pack: 45% done. Rendering the performance scorecard." in page
    assert '<progress class="cp-build__bar" max="100" value="45"' in page
    assert REFRESH in page
    assert state == {
        "status": "running",
        "active": True,
        "failed": False,
        "progress": 45,
        "stage": "Rendering the performance scorecard",
        "message": "Generating the pack: 45% done. Rendering the performance scorecard.",
    }


def test_a_failed_build_says_why_and_offers_the_button_again(client_as, scrutiny_officer, meeting):
    build = builds.request_build(meeting, by=scrutiny_officer)
    build.status, build.error = PackBuild.Status.FAILED, "This meeting has no agenda items yet: add one."
    save_audited(build, by=None, reason="Test: failed")

    page = _page(client_as(scrutiny_officer), meeting)

    assert "The pack was not generated. This meeting has no agenda items yet: add one." in page
    assert "cp-build__status--failed" in page
    assert "data-build-form>" in page and "data-build-refresh hidden>" in page  # the button, no refresh link
    assert "Generate the pack</button>" in page


def test_looking_at_the_page_fails_a_build_whose_worker_stopped_on_its_last_try(
    client_as, scrutiny_officer, meeting, settings
):
    settings.PACK_BUILD_ATTEMPTS = 1
    build = builds.request_build(meeting, by=scrutiny_officer)
    _running(build, progress=50, stage="Rendering", seconds_ago=settings.PACK_BUILD_STALE_SECONDS + 1)

    page = _page(client_as(scrutiny_officer), meeting)

    assert (
        "The pack was not generated. The build stopped unexpectedly (the worker may have restarted)." in page
    )
    build.refresh_from_db()
    assert build.status == PackBuild.Status.FAILED


def test_a_build_no_worker_takes_says_so_after_a_while(client_as, scrutiny_officer, meeting, settings):
    build = builds.request_build(meeting, by=scrutiny_officer)
    build.heartbeat_at = builds.database_now() - dt.timedelta(minutes=3, seconds=5)
    save_audited(build, by=None, reason="Test: time passes")

    state = client_as(scrutiny_officer).get(reverse("board:build-status", args=[meeting.pk])).json()

    assert state["active"] and state["status"] == "queued"
    assert (
        "No worker has picked this up for 3 minutes: the service that generates packs may not be running."
        in (state["message"])
    )


def test_the_status_answers_in_a_few_queries(client_as, scrutiny_officer, meeting):
    build = builds.request_build(meeting, by=scrutiny_officer)
    _running(build, progress=10, stage="Reading the agenda")
    client = client_as(scrutiny_officer)
    url = reverse("board:build-status", args=[meeting.pk])
    client.get(url)

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200

    assert len(queries) <= 12, [q["sql"] for q in queries]


def test_generating_is_a_post_with_a_csrf_token(scrutiny_officer, meeting):
    client = signed_in(Client(enforce_csrf_checks=True), scrutiny_officer)
    url = reverse("board:pack-generate", args=[meeting.pk])

    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403
    assert PackBuild.objects.count() == 0


def test_board_members_neither_generate_nor_see_builds(client_as, board_member, scrutiny_officer, meeting):
    builds.request_build(meeting, by=scrutiny_officer)
    client = client_as(board_member)

    assert client.post(reverse("board:pack-generate", args=[meeting.pk])).status_code == 403
    assert client.get(reverse("board:build-status", args=[meeting.pk])).status_code == 403
    page = _page(client, meeting)
    assert "data-build-status-url" not in page and "Waiting for a worker" not in page


def test_a_cancelled_meeting_offers_no_button_and_generating_it_is_refused(
    client_as, scrutiny_officer, meeting
):
    meeting.status = "cancelled"
    meeting.save()
    client = client_as(scrutiny_officer)
    page = _page(client, meeting)
    assert "This meeting is cancelled, so it has no pack to generate." in page
    assert "Generate the pack</button>" not in page

    response = _generate(client, meeting)

    assert not PackBuild.objects.exists()
    assert "This meeting is cancelled, so it has no pack." in response.content.decode()


def test_a_build_for_a_meeting_cancelled_while_it_waited_fails_with_words(scrutiny_officer, meeting):
    from cpboard.board.services.packs import CANCELLED, PackNotReady, build_pack

    build = builds.request_build(meeting, by=scrutiny_officer)
    meeting.status = "cancelled"
    meeting.save()
    with pytest.raises(PackNotReady, match="This meeting is cancelled"):
        build_pack(build, progress=lambda percent, stage: None)
    assert CANCELLED.startswith("This meeting is cancelled")


def test_with_no_build_running_the_progress_region_costs_one_query(scrutiny_officer, meeting):
    build = builds.request_build(meeting, by=scrutiny_officer)
    build.status = PackBuild.Status.FAILED
    save_audited(build, by=None, reason="Test: it ended")
    with CaptureQueriesContext(connection) as queries:
        state = builds.build_state(meeting)
    assert state is not None and state.build == build
    assert len(queries) == 1, [q["sql"] for q in queries]  # no stale-build sweep for a build that has ended
