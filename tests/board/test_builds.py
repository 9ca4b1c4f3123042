"""Building a pack in the background: two clicks give one build, a build runs to a draft version with its
progress recorded, a refusal or an error fails it with words a scrutiny officer can act on, and a build whose
worker stopped is queued again once and then failed, never left "generating". Real PostgreSQL transactions
(the heartbeat writes from its own connection), real tasks in django-tasks-db's queue."""

from __future__ import annotations

import datetime as dt
import logging
import threading

import pytest
from django import db
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cpboard.board.models import PackBuild, PackVersion
from cpboard.board.services import builds
from cpboard.core.locking import save_audited
from tests.board.builders import GATE_STAGE
from tests.factories.board import MeetingFactory

# Running a build needs real transactions (its heartbeat writes from its own thread and connection), and so do
# simultaneous clicks; the rest run in the usual rolled-back test transaction.
pytestmark = pytest.mark.django_db
committed = pytest.mark.django_db(transaction=True)

PEOPLE = 12
STOPPED = (
    "The build stopped unexpectedly (the worker may have restarted). Try again; if it keeps failing, contact"
)


@pytest.fixture(autouse=True)
def _test_builder(settings):
    settings.PACK_BUILDER = "tests.board.builders.build_in_steps"
    settings.PACK_BUILD_STALE_SECONDS = 120


def _tasks_for(build: PackBuild) -> list[DBTaskResult]:
    return [t for t in DBTaskResult.objects.all() if t.args_kwargs["args"] == [build.pk]]


def _age(build: PackBuild, seconds: int) -> PackBuild:
    """The build as if its last sign of life was `seconds` ago (by the database's clock)."""
    build.heartbeat_at = builds.database_now() - dt.timedelta(seconds=seconds)
    return save_audited(build, by=None, reason="Test: time passes")


def _run_queued(build: PackBuild) -> PackBuild:
    """What a worker does with the build's task."""
    builds.run_build(build.pk, task_id=build.task_id)
    build.refresh_from_db()
    return build


def test_asking_twice_gives_the_one_build_and_one_task(scrutiny_officer):
    meeting = MeetingFactory()

    first = builds.request_build(meeting, by=scrutiny_officer)
    second = builds.request_build(meeting, by=scrutiny_officer)

    assert first == second
    assert first.status == PackBuild.Status.QUEUED
    assert PackBuild.objects.count() == 1
    [task] = _tasks_for(first)
    assert str(task.id) == first.task_id
    assert task.task_path == "cpboard.board.tasks.build_board_pack"
    assert task.status == TaskResultStatus.READY


@committed
def test_simultaneous_clicks_build_once(scrutiny_officer):
    meeting = MeetingFactory()
    barrier = threading.Barrier(PEOPLE)
    outcomes: list = [None] * PEOPLE

    def click(n: int) -> None:
        try:
            barrier.wait()
            outcomes[n] = builds.request_build(meeting, by=scrutiny_officer)
        except Exception as error:  # noqa: BLE001 - every outcome is checked below
            outcomes[n] = error
        finally:
            db.connection.close()

    threads = [threading.Thread(target=click, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    build = PackBuild.objects.get()
    assert outcomes == [build] * PEOPLE
    assert len(_tasks_for(build)) == 1


@committed
def test_a_new_build_can_be_asked_for_once_the_last_one_ended(scrutiny_officer):
    meeting = MeetingFactory()
    first = _run_queued(builds.request_build(meeting, by=scrutiny_officer))

    second = builds.request_build(meeting, by=scrutiny_officer)

    assert first.status == PackBuild.Status.DONE
    assert second != first and second.status == PackBuild.Status.QUEUED


@committed
def test_a_build_runs_to_a_draft_version_recording_its_progress(scrutiny_officer):
    meeting = MeetingFactory()

    build = _run_queued(builds.request_build(meeting, by=scrutiny_officer))

    assert build.status == PackBuild.Status.DONE
    assert (build.progress, build.stage, build.attempts) == (100, "Ready", 1)
    version = PackVersion.objects.get(meeting=meeting)
    assert build.result == version and version.status == PackVersion.Status.DRAFT
    assert version.pdf.file.read().startswith(b"%PDF")
    assert build.started_at <= build.finished_at
    # Progress reached the database while the build ran, each step with its words, in order.
    stages = [
        h.stage for h in build.history.order_by("history_id") if h.history_change_reason == builds.PROGRESSED
    ]
    assert GATE_STAGE in stages
    assert stages == [s for s in ["Reading the agenda", GATE_STAGE, "Storing the pack"] if s in stages]
    reasons = {h.history_change_reason for h in build.history.all()}
    assert {builds.REQUESTED, builds.QUEUED, builds.STARTED, builds.FINISHED} <= reasons


@committed
def test_a_meeting_that_cannot_have_a_pack_fails_with_the_builders_words(settings, scrutiny_officer):
    settings.PACK_BUILDER = "tests.board.builders.build_refused"

    build = _run_queued(builds.request_build(MeetingFactory(), by=scrutiny_officer))

    assert build.status == PackBuild.Status.FAILED
    assert build.error == (
        "This meeting has no agenda items yet: add at least one item before generating the pack"
    )
    assert build.result is None and PackVersion.objects.count() == 0


@committed
def test_an_error_in_the_builder_fails_the_build_with_a_plain_message_and_logs_the_traceback(
    settings, scrutiny_officer, caplog
):
    settings.PACK_BUILDER = "tests.board.builders.build_broken"

    with caplog.at_level(logging.ERROR, logger="cpboard.board.builds"):
        build = _run_queued(builds.request_build(MeetingFactory(), by=scrutiny_officer))

    assert build.status == PackBuild.Status.FAILED
    assert build.error.startswith("Something went wrong while building the pack, so no pack was made. Try")
    assert "cpboard-help@thistledon.example" in build.error
    assert "Traceback" not in build.error and "cover.html" not in build.error
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert f"Pack build {build.pk} failed" in logged
    assert any(r.exc_info for r in caplog.records)


def test_a_running_build_whose_worker_stopped_is_queued_again_once_then_failed(scrutiny_officer):
    meeting = MeetingFactory()
    build = builds.request_build(meeting, by=scrutiny_officer)
    first_task = build.task_id
    builds._start(build.pk, build.task_id)  # a worker started it ... and then died
    build.refresh_from_db()
    assert builds.recover_stale_builds() == []  # its heartbeat is fresh: left alone

    _age(build, 121)
    [retried] = builds.recover_stale_builds()

    assert retried.status == PackBuild.Status.QUEUED and retried.attempts == 1
    assert retried.stage == builds.WAITING_AGAIN_STAGE
    assert retried.task_id != first_task
    assert DBTaskResult.objects.get(id=retried.task_id).status == TaskResultStatus.READY

    builds._start(retried.pk, retried.task_id)  # the second try dies too
    retried.refresh_from_db()
    _age(retried, 121)
    [failed] = builds.recover_stale_builds(meeting)

    assert failed.status == PackBuild.Status.FAILED and failed.attempts == 2
    assert failed.error.startswith(STOPPED)
    reasons = [h.history_change_reason for h in failed.history.order_by("history_id")]
    assert reasons.count(builds.RETRIED) == 1 and reasons[-1] == builds.GAVE_UP
    # and the meeting may be built again
    assert builds.request_build(meeting, by=scrutiny_officer).status == PackBuild.Status.QUEUED


@committed
def test_a_build_a_worker_took_but_never_started_is_queued_again(scrutiny_officer):
    build = builds.request_build(MeetingFactory(), by=scrutiny_officer)
    task = DBTaskResult.objects.get(id=build.task_id)
    task.claim("a-worker-that-died")  # claimed, then killed before it marked the build running
    task.started_at = builds.database_now() - dt.timedelta(seconds=300)
    task.save(update_fields=["started_at"])
    _age(build, 300)

    [retried] = builds.recover_stale_builds()

    assert retried.status == PackBuild.Status.QUEUED and retried.task_id != str(task.id)
    assert _run_queued(retried).status == PackBuild.Status.DONE


def test_a_build_no_worker_has_taken_waits_and_says_for_how_long(scrutiny_officer):
    meeting = MeetingFactory()
    build = builds.request_build(meeting, by=scrutiny_officer)
    assert builds.build_state(meeting).waiting_minutes == 0

    _age(build, 7 * 60 + 5)
    state = builds.build_state(meeting)

    assert state.build.status == PackBuild.Status.QUEUED  # a worker may yet come: not failed
    assert state.waiting_minutes == 7
    assert state.as_json()["active"] is True


def test_a_build_taken_over_after_looking_stopped_keeps_the_newer_try(scrutiny_officer):
    """A worker that was only frozen (not dead) finishes after recovery queued its build again: its late
    result does not overwrite the new try."""
    build = builds.request_build(MeetingFactory(), by=scrutiny_officer)
    _, claim = builds._start(build.pk, build.task_id)
    build.refresh_from_db()
    _age(build, 500)
    builds.recover_stale_builds()

    builds._finish(claim, error="late")

    build.refresh_from_db()
    assert build.status == PackBuild.Status.QUEUED and build.error == ""


@committed
def test_a_builder_that_cannot_be_loaded_fails_the_build_with_the_plain_message(settings, scrutiny_officer):
    settings.PACK_BUILDER = "tests.board.no_such_module.build_pack"

    build = _run_queued(builds.request_build(MeetingFactory(), by=scrutiny_officer))

    assert build.status == PackBuild.Status.FAILED
    assert build.error == builds.unexpected_message()
