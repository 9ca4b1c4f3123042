"""Building a meeting's pack in the background: requesting a build, running it in a worker, and making sure a
build whose worker died ends as retried or visibly failed, never "generating" for ever.

* `request_build(meeting, by=...)` (the generate button) returns the meeting's active build if it has one;
  otherwise it saves a queued PackBuild and enqueues `cpboard.board.tasks.build_board_pack` in the same
  transaction. PackBuild's partial unique constraint (one queued or running build per meeting) settles two
  simultaneous clicks: the second insert waits for the first, loses, and is given the first build.
* `run_build(build_id, task_id=...)` (in build_worker.py, named here too; the task runs it in `manage.py
  board_worker`) marks the build running, counts the attempt and calls the pack builder (settings.PACK_BUILDER:
  `build_pack(build, *, progress)`). While it runs, a heartbeat thread writes each `progress(percent, stage)`
  and a heartbeat at least every
  PACK_BUILD_HEARTBEAT_SECONDS, on its own database connection, so progress is seen even if the builder
  works inside a transaction, and a long step (one big render) never looks like a dead worker. The builder's
  `PackNotReady(message)` fails the build with that message; any other error fails it with a general message
  (the traceback goes to the log, never to the page).
* `recover_stale_builds()` (the worker's loop, every few seconds, and every view of the build's progress)
  finds running builds with no heartbeat for PACK_BUILD_STALE_SECONDS, and queued builds whose task a worker
  claimed but never started, and queues them again, or fails them once they have had PACK_BUILD_ATTEMPTS
  tries. Times are the database's clock, so workers on several machines agree whatever their own clocks say.

Every write goes through save_audited with a named reason; nothing here runs in a web request but the request
and the recovery check."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from cpboard.board import tasks
from cpboard.board.models import Meeting, PackBuild
from cpboard.board.services.build_worker import (  # noqa: F401 - the worker's side, named here too
    FAILED,
    FINISHED,
    GAVE_UP,
    HEARTBEAT,
    PROGRESSED,
    QUEUED,
    READY_STAGE,
    REQUESTED,
    RETRIED,
    STARTED,
    STARTING_STAGE,
    WAITING_AGAIN_STAGE,
    _finish,
    _locked,
    _start,
    builder,
    database_now,
    run_build,
    stale_seconds,
    stopped_message,
    unexpected_message,
)
from cpboard.core.locking import StaleEdit, save_audited

logger = logging.getLogger("cpboard.board.builds")


# --- Asking for a pack ------------------------------------------------------------------------------------


def active_build(meeting: Meeting) -> PackBuild | None:
    return PackBuild.objects.filter(meeting=meeting, status__in=PackBuild.ACTIVE).first()


def latest_build(meeting: Meeting) -> PackBuild | None:
    return (
        PackBuild.objects.filter(meeting=meeting)
        .select_related("result")
        .order_by("-requested_at", "-pk")
        .first()
    )


def _enqueue(build: PackBuild) -> str:
    return str(tasks.build_board_pack.enqueue(build.pk).id)


@transaction.atomic
def request_build(meeting: Meeting, *, by) -> PackBuild:
    """The meeting's active build, or a new queued one with its task enqueued (in one transaction)."""
    existing = active_build(meeting)
    if existing is not None:
        return existing
    build = PackBuild(meeting=meeting, requested_by=by, heartbeat_at=database_now())
    try:
        save_audited(build, by=by, reason=REQUESTED)
    except StaleEdit:
        # Another click's build was committed while ours waited on the one-active-build constraint.
        winner = active_build(meeting)
        if winner is None:  # it finished in the moment between: ask again, once
            save_audited(build, by=by, reason=REQUESTED)
        else:
            return winner
    build.task_id = _enqueue(build)
    save_audited(build, by=by, reason=QUEUED)
    return build


# --- Builds whose worker stopped ----------------------------------------------------------------------------


def _task_abandoned(build: PackBuild, stale_before: dt.datetime) -> bool:
    """A queued build whose task a worker took (or that is gone) but which never started, for too long."""
    if build.heartbeat_at is not None and build.heartbeat_at >= stale_before:
        return False
    if not build.task_id:
        return True
    try:
        result = tasks.build_board_pack.get_result(build.task_id)
    except TaskResultDoesNotExist:
        return True
    if result.status == TaskResultStatus.READY:
        return False  # still waiting for a worker: said on the page, not failed
    taken = result.started_at or result.finished_at
    return taken is None or taken < stale_before


def _is_stale(build: PackBuild, stale_before: dt.datetime) -> bool:
    if build.status == PackBuild.Status.RUNNING:
        return build.heartbeat_at is None or build.heartbeat_at < stale_before
    if build.status == PackBuild.Status.QUEUED:
        return _task_abandoned(build, stale_before)
    return False


def _recover(build_id: int, stale_before: dt.datetime) -> PackBuild | None:
    with transaction.atomic():
        # skip_locked: a build someone is writing (a heartbeat, another recovery) is alive or being seen to.
        build = _locked(build_id, skip_locked=True)
        if build is None or not _is_stale(build, stale_before):
            return None
        if build.attempts >= settings.PACK_BUILD_ATTEMPTS:
            build.status, build.error = PackBuild.Status.FAILED, stopped_message()
            build.finished_at = database_now()
            save_audited(build, by=None, reason=GAVE_UP, locked=True)
            logger.warning("Pack build %s failed: its worker stopped %s time(s)", build_id, build.attempts)
        else:
            build.status, build.progress, build.stage = PackBuild.Status.QUEUED, 0, WAITING_AGAIN_STAGE
            build.heartbeat_at, build.started_at = database_now(), None
            build.task_id = _enqueue(build)
            save_audited(build, by=None, reason=RETRIED, locked=True)
            logger.warning("Pack build %s queued again: its worker stopped", build_id)
        return build


def recover_stale_builds(meeting: Meeting | None = None) -> list[PackBuild]:
    """Queue again (or fail, after PACK_BUILD_ATTEMPTS tries) every build whose worker has stopped; for one
    meeting, or all. Safe to run from many processes at once: each build is seen to by one of them."""
    active = PackBuild.objects.filter(status__in=PackBuild.ACTIVE)
    if meeting is not None:
        active = active.filter(meeting=meeting)
    stale_before = database_now() - dt.timedelta(seconds=stale_seconds())
    candidates = [b.pk for b in active if _is_stale(b, stale_before)]
    return [build for pk in candidates if (build := _recover(pk, stale_before)) is not None]


# --- What the page says ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuildState:
    """A build as the progress region says it."""

    build: PackBuild
    waiting_minutes: int  # queued with no worker taking it for this long (0: not worth saying)

    @property
    def active(self) -> bool:
        return self.build.status in PackBuild.ACTIVE

    @property
    def failed(self) -> bool:
        return self.build.status == PackBuild.Status.FAILED

    @property
    def message(self) -> str:
        build = self.build
        if build.status == PackBuild.Status.QUEUED:
            said = (
                "The worker generating the pack stopped, so it will start again as soon as a worker is free."
                if build.attempts
                else "Waiting for a worker to start generating the pack."
            )
            if self.waiting_minutes:
                said += (
                    f" No worker has picked this up for {self.waiting_minutes} minute"
                    f"{'' if self.waiting_minutes == 1 else 's'}: the service that generates packs may not be "
                    f"running. Ask {settings.HELP_CONTACT} ({settings.HELP_EMAIL}) to check it; the pack is "
                    "generated as soon as it runs."
                )
            return said
        if build.status == PackBuild.Status.RUNNING:
            stage = build.stage.rstrip(". ")
            return (
                f"Generating the pack: {build.progress}% done. {stage}."
                if stage
                else (f"Generating the pack: {build.progress}% done.")
            )
        if build.status == PackBuild.Status.DONE:
            when = timezone.localtime(build.finished_at) if build.finished_at else None
            at = f" at {when:%H:%M} on {when:%d/%m/%Y}" if when else ""
            if build.result is not None:
                return f"Version {build.result.number} of the pack was generated{at}."
            return f"The pack was generated{at}."
        return f"The pack was not generated. {build.error}"

    def as_json(self) -> dict[str, Any]:
        return {
            "status": self.build.status,
            "active": self.active,
            "failed": self.failed,
            "progress": self.build.progress,
            "stage": self.build.stage,
            "message": self.message,
        }


def build_state(meeting: Meeting) -> BuildState | None:
    """The meeting's latest build after recovering any whose worker stopped, for the progress region. Only an
    active build can have a stopped worker, and a meeting's active build is always its latest (no new one is
    asked for while one is active): so a page with no build running costs one query."""
    build = latest_build(meeting)
    if build is None:
        return None
    if build.status in PackBuild.ACTIVE and recover_stale_builds(meeting):
        build = latest_build(meeting)
        assert build is not None
    waiting = 0
    if build.status == PackBuild.Status.QUEUED and build.heartbeat_at is not None:
        waited = (database_now() - build.heartbeat_at).total_seconds()
        if waited >= stale_seconds():
            waiting = max(1, int(waited // 60))
    return BuildState(build=build, waiting_minutes=waiting)
