"""What a worker does with a pack build: mark it running, count the attempt, call the pack builder with a
`progress` callback, and end it done (with its PackVersion) or failed (with a message a scrutiny officer can act
on). Run by the task in cpboard/board/tasks.py; asking for builds and recovering stopped ones is in builds.py,
which also says the whole design.

While the builder runs, a heartbeat thread writes each progress step and a heartbeat at least every
PACK_BUILD_HEARTBEAT_SECONDS, on its own database connection, so progress is seen even if the builder works
inside a transaction, and a long step (one big render) never looks like a dead worker."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.db import connection, transaction
from django.utils.module_loading import import_string

from cpboard.board.models import PackBuild, PackVersion
from cpboard.core.locking import save_audited

logger = logging.getLogger("cpboard.board.builds")


# Reasons in the build's history.
REQUESTED = "Pack requested"
QUEUED = "Pack queued for a worker"
STARTED = "Pack build started by a worker"
PROGRESSED = "Pack build progress"
HEARTBEAT = "Pack build still running"
FINISHED = "Pack built"
FAILED = "Pack build failed"
RETRIED = "Pack build queued again: its worker stopped"
GAVE_UP = "Pack build failed: its worker stopped"

STARTING_STAGE = "Starting"
WAITING_AGAIN_STAGE = "Waiting for a worker to start again (the last one stopped)"
READY_STAGE = "Ready"


def stopped_message() -> str:
    return (
        "The build stopped unexpectedly (the worker may have restarted). Try again; if it keeps failing, "
        f"contact {settings.HELP_CONTACT} ({settings.HELP_EMAIL})."
    )


def unexpected_message() -> str:
    return (
        "Something went wrong while building the pack, so no pack was made. Try again; if it keeps "
        f"failing, contact {settings.HELP_CONTACT} ({settings.HELP_EMAIL})."
    )


Progress = Callable[[int, str], None]


def database_now() -> dt.datetime:
    """The database server's clock: the one clock every worker and web server shares."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        return cursor.fetchone()[0]


def stale_seconds() -> int:
    return int(settings.PACK_BUILD_STALE_SECONDS)


@dataclass(frozen=True)
class _Claim:
    """Which try of which build this worker is running: a later write is made only while it still is."""

    build_id: int
    attempt: int

    def holds(self, build: PackBuild) -> bool:
        return build.status == PackBuild.Status.RUNNING and build.attempts == self.attempt


def _locked(build_id: int, *, skip_locked: bool = False) -> PackBuild | None:
    return PackBuild.objects.select_for_update(skip_locked=skip_locked).filter(pk=build_id).first()


class _Heartbeat(threading.Thread):
    """Writes each progress step as it is reported, and a heartbeat at least every `interval` seconds, from
    its own thread and database connection, until stopped."""

    def __init__(self, claim: _Claim, interval: float) -> None:
        super().__init__(name=f"pack-build-{claim.build_id}-heartbeat", daemon=True)
        self.claim = claim
        self.interval = interval
        self._steps: list[tuple[int, str]] = []
        self._guard = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()

    def progress(self, percent: int, stage: str) -> None:
        """The builder's `progress` callback: handed to the thread, which writes it straight away."""
        with self._guard:
            self._steps.append((max(0, min(100, int(percent))), str(stage)[:200]))
        self._wake.set()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        self.join()

    def run(self) -> None:
        try:
            while True:
                self._wake.wait(self.interval)
                self._wake.clear()
                stopping = self._stopping.is_set()
                with self._guard:
                    steps, self._steps = self._steps, []
                for step in steps:
                    self._write(step)
                if not steps and not stopping:
                    self._write(None)
                if stopping:
                    return
        finally:
            connection.close()

    def _write(self, latest: tuple[int, str] | None) -> None:
        try:
            with transaction.atomic():
                build = _locked(self.claim.build_id)
                if build is None or not self.claim.holds(build):
                    return
                build.heartbeat_at = database_now()
                if latest is not None:
                    build.progress, build.stage = latest
                save_audited(build, by=None, reason=PROGRESSED if latest else HEARTBEAT, locked=True)
        except Exception:  # a database blip: the next beat tries again; a long silence is recovered
            logger.warning("Pack build %s: could not record its progress", self.claim.build_id, exc_info=True)
            connection.close()


def builder() -> tuple[Callable[..., PackVersion], tuple[type[BaseException], ...]]:
    """The pack builder named by settings.PACK_BUILDER, and the refusal its module raises (PackNotReady)."""
    build_pack = import_string(settings.PACK_BUILDER)
    module = import_module(settings.PACK_BUILDER.rpartition(".")[0])
    not_ready = getattr(module, "PackNotReady", None)
    return build_pack, (not_ready,) if isinstance(not_ready, type) else ()


def _start(build_id: int, task_id: str) -> tuple[PackBuild, _Claim] | None:
    with transaction.atomic():
        build = _locked(build_id)
        if build is None or build.status != PackBuild.Status.QUEUED:
            logger.info("Pack build %s is no longer waiting for a worker: nothing to do", build_id)
            return None
        if task_id and build.task_id and build.task_id != task_id:
            logger.info("Pack build %s was queued again under another task: that one runs it", build_id)
            return None
        now = database_now()
        build.status = PackBuild.Status.RUNNING
        build.attempts += 1
        build.progress, build.stage = 0, STARTING_STAGE
        build.started_at = build.heartbeat_at = now
        build.finished_at, build.error = None, ""
        save_audited(build, by=None, reason=STARTED, locked=True)
        return build, _Claim(build.pk, build.attempts)


def _finish(claim: _Claim, *, result: PackVersion | None = None, error: str = "") -> None:
    with transaction.atomic():
        build = _locked(claim.build_id)
        if build is None or not claim.holds(build):
            logger.warning(
                "Pack build %s was taken over while this worker ran it (it looked stopped): result not kept",
                claim.build_id,
            )
            return
        build.finished_at = build.heartbeat_at = database_now()
        if result is not None:
            build.status, build.result = PackBuild.Status.DONE, result
            build.progress, build.stage = 100, READY_STAGE
            save_audited(build, by=None, reason=FINISHED, locked=True)
        else:
            build.status, build.error = PackBuild.Status.FAILED, error
            save_audited(build, by=None, reason=FAILED, locked=True)


def run_build(build_id: int, *, task_id: str = "") -> None:
    """Build the pack for a queued build (called by the worker's task). Never raises for the builder's errors:
    the build ends done or failed with a message. A worker that dies here leaves a running build without a
    heartbeat, which recover_stale_builds queues again or fails."""
    started = _start(build_id, task_id)
    if started is None:
        return
    build, claim = started
    heartbeat = _Heartbeat(claim, float(settings.PACK_BUILD_HEARTBEAT_SECONDS))
    heartbeat.start()
    refusals: tuple[type[BaseException], ...] = ()
    try:
        build_pack, refusals = builder()
        version = build_pack(build, progress=heartbeat.progress)
    except Exception as error:
        heartbeat.stop()
        if refusals and isinstance(error, refusals):
            logger.info("Pack build %s refused: %s", build_id, error)
            _finish(claim, error=str(error))
        else:
            logger.exception("Pack build %s failed", build_id)
            _finish(claim, error=unexpected_message())
        return
    except BaseException:  # the worker is being stopped: the build is recovered (retried) by its heartbeat
        heartbeat.stop()
        raise
    heartbeat.stop()
    _finish(claim, result=version)
