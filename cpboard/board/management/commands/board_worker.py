"""`manage.py board_worker`: the background worker that builds board packs. Run one beside the web server
(`make run` does, for the demo); run as many as you like, on as many machines as share the database
(README "Background work").

It is django-tasks-db's worker (`db_worker`: takes one queued task at a time with SELECT ... FOR UPDATE SKIP
LOCKED, so two workers never take the same one) plus cpboard's recovery, which that worker lacks: every few
seconds a thread looks for builds whose worker stopped (killed, machine restarted) and queues them again or
fails them with a message (cpboard/board/services/builds.py). Ctrl+C or SIGTERM stops it once the build in
hand is finished; a second Ctrl+C stops it at once (the build is then retried by recovery)."""

from __future__ import annotations

import logging
import os
import socket
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from cpboard.board.services import builds

logger = logging.getLogger("cpboard.board.builds")


def _recovery_loop(every: float, stopping: threading.Event) -> None:
    while not stopping.wait(every):
        try:
            builds.recover_stale_builds()
        except Exception:  # the database away for a moment: the next round tries again
            logger.warning("Could not check for stopped pack builds", exc_info=True)
        finally:
            connection.close()


class Command(BaseCommand):
    help = "Build board packs in the background (run beside the web server; several may run at once)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds to wait between looks at the queue when it is empty (default: 1).",
        )
        parser.add_argument(
            "--worker-id",
            default=f"{socket.gethostname()[:40]}-{os.getpid()}",
            help="A name for this worker, unique among all workers (default: host name and process id).",
        )

    def handle(self, *args, interval: float, worker_id: str, verbosity: int, **options) -> None:
        every = max(1.0, settings.PACK_BUILD_STALE_SECONDS / 4)
        builds.recover_stale_builds()  # anything left by a worker that stopped before this one started
        connection.close()
        stopping = threading.Event()
        threading.Thread(
            target=_recovery_loop, args=(every, stopping), name="pack-build-recovery", daemon=True
        ).start()
        self.stdout.write(
            f"cpboard board worker {worker_id}: building board packs; checking for stopped builds every "
            f"{every:g} s. Ctrl+C stops it."
        )
        try:
            call_command(
                "db_worker",
                queue_name="*",
                interval=interval,
                reload=False,
                worker_id=worker_id[:64],
                verbosity=verbosity,
            )
        finally:
            stopping.set()
