"""The worker for real: `manage.py board_worker` started as a subprocess against this test session's database
builds a requested pack; killed with SIGKILL in the middle of a build, the build is queued again and finished by
the next worker, or (out of tries, with no worker running) failed with a message when the meeting's progress is
next looked at. Never left "generating". How long each took is printed (pytest -s), not asserted."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from cpboard.board.models import PackBuild
from cpboard.board.services import builds
from tests.board import worker_process
from tests.board.builders import GATE_STAGE
from tests.board.worker_process import start_worker, stop
from tests.factories.board import MeetingFactory

STALE_SECONDS = 4  # the threshold, short for the test (120 by default)
WAIT_SECONDS = 240  # only a limit on waiting: two cores shared with other test sessions

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("board-worker")]


@pytest.fixture
def worker_env(tmp_path, settings):
    settings.PACK_BUILD_STALE_SECONDS = STALE_SECONDS
    return worker_process.worker_env(
        tmp_path / "uploads",
        CPBOARD_PACK_BUILDER="tests.board.builders.build_at_the_gate",
        CPBOARD_TEST_BUILD_GATE=str(tmp_path / "gate"),
        CPBOARD_PACK_BUILD_STALE_SECONDS=str(STALE_SECONDS),
        CPBOARD_PACK_BUILD_HEARTBEAT_SECONDS="1",
    )


def _wait_for(build: PackBuild, done, what: str, log: Path, *, workers=()) -> PackBuild:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        build.refresh_from_db()
        if done(build):
            return build
        for worker in workers:
            if worker.poll() is not None:
                pytest.fail(f"the worker exited ({worker.returncode}) before {what}:\n{log.read_text()}")
        time.sleep(0.2)
    pytest.fail(f"not {what} after {WAIT_SECONDS} s: {build.status} {build.stage!r}\n{log.read_text()}")


def _running_at_the_gate(build: PackBuild) -> bool:
    return build.status == PackBuild.Status.RUNNING and build.stage == GATE_STAGE


def test_a_worker_killed_mid_build_is_retried_by_the_next_worker(worker_env, tmp_path, scrutiny_officer):
    log = tmp_path / "worker.log"
    meeting = MeetingFactory()
    build = builds.request_build(meeting, by=scrutiny_officer)
    first = start_worker(worker_env, log)
    second = None
    try:
        _wait_for(build, _running_at_the_gate, "running", log, workers=[first])
        assert build.attempts == 1

        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        killed_at = time.monotonic()
        (tmp_path / "gate").touch()  # the next try goes through
        second = start_worker(worker_env, log)

        _wait_for(build, lambda b: b.status not in PackBuild.ACTIVE, "finished", log, workers=[second])
        took = time.monotonic() - killed_at
    finally:
        if first.poll() is None:
            first.kill()
        if second is not None:
            stop(second)

    assert build.status == PackBuild.Status.DONE, build.error
    assert build.attempts == 2 and build.result is not None
    reasons = [h.history_change_reason for h in build.history.order_by("history_id")]
    assert reasons.count(builds.RETRIED) == 1 and reasons[-1] == builds.FINISHED
    print(
        f"\nworker killed mid-build: retried and done {took:.1f} s later (stale threshold {STALE_SECONDS} s)"
    )


def test_a_worker_killed_on_the_last_try_fails_the_build_when_progress_is_next_looked_at(
    worker_env, tmp_path, scrutiny_officer, settings
):
    """No worker is left running: looking at the meeting's progress is what notices, and it says so."""
    settings.PACK_BUILD_ATTEMPTS = 1
    worker_env["CPBOARD_PACK_BUILD_ATTEMPTS"] = "1"
    log = tmp_path / "worker.log"
    meeting = MeetingFactory()
    build = builds.request_build(meeting, by=scrutiny_officer)
    worker = start_worker(worker_env, log)
    try:
        _wait_for(build, _running_at_the_gate, "running", log, workers=[worker])
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    killed_at = time.monotonic()

    def failed(build: PackBuild) -> bool:
        state = builds.build_state(meeting)  # what the meeting page does when it is viewed
        return state is not None and state.build.status == PackBuild.Status.FAILED

    _wait_for(build, failed, "failed", log)
    took = time.monotonic() - killed_at
    build.refresh_from_db()

    assert build.error == builds.stopped_message()
    assert build.error.startswith("The build stopped unexpectedly (the worker may have restarted). Try again")
    print(f"\nworker killed on the last try: failed with its message {took:.1f} s later")
