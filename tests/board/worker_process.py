"""A real `manage.py board_worker` process against this test session's database, for the tests that need the
worker itself rather than a call to its builder: the worker-kill tests and the pack's browser journey."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.db import connection

REPO = Path(__file__).resolve().parents[2]


def database_env() -> dict[str, str]:
    """This session's test database for a subprocess: DATABASE_URL without a host, and libpq's PGHOST and
    PGPORT naming the embedded server's socket (a socket directory does not fit in a URL's host)."""
    connection.ensure_connection()  # the embedded server's socket and port are filled in on connecting
    config = connection.settings_dict
    user = quote(config.get("USER") or "postgres", safe="")
    password = f":{quote(config['PASSWORD'], safe='')}" if config.get("PASSWORD") else ""
    return {
        "DATABASE_URL": f"postgres://{user}{password}@/{quote(config['NAME'], safe='')}",
        "PGHOST": str(config.get("HOST") or "localhost"),
        "PGPORT": str(config.get("PORT") or 5432),
    }


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("a") as out:
        return subprocess.Popen(
            [sys.executable, "manage.py", "board_worker", "--interval", "0.2"],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


def worker_env(uploads: Path, **extra: str) -> dict[str, str]:
    """The environment of a worker that shares this test's database and upload folder."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cpboard.settings",
        **database_env(),
        "CPBOARD_UPLOAD_ROOT": str(uploads),
        "CPBOARD_LOG_LEVEL": "INFO",
        **extra,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env
