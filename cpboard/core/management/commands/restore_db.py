"""Restore a backup made by backup_db into a named database.

    manage.py restore_db var/backups/cpboard-20260131-020000.dump --database cpboard_restored
    manage.py restore_db backup.dump --database cpboard --force     # replace a database that has tables

The database is created if it does not exist. A database that already has tables is left alone unless
--force is given (then its objects are dropped and replaced by the backup's). Restoring into the database
the site is using needs the site stopped first.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from cpboard.core.management.commands._postgres import connection_args, pg_program


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


def restore_database(backup: Path, *, database: str, force: bool = False, config: dict | None = None) -> None:
    config = config or connection.settings_dict
    backup = Path(backup)
    if not backup.is_file():
        raise CommandError(f"There is no backup file at {backup}.")
    if _database_exists(config, database):
        if _table_count(config, database) and not force:
            raise CommandError(
                f"The database {database} already has tables, so nothing was restored. "
                "Restore into a new database name, or add --force to replace its contents."
            )
    else:
        _psql(config, "postgres", f"CREATE DATABASE {_quote_identifier(database)}")
    args, env = connection_args(config, database=database)
    command = [pg_program("pg_restore"), "--no-owner", "--exit-on-error", "--single-transaction", *args]
    if force:
        command += ["--clean", "--if-exists"]
    result = subprocess.run([*command, str(backup)], env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise CommandError(f"pg_restore failed: {result.stderr.strip()}")


class Command(BaseCommand):
    help = "Restore a backup_db file into a named database (refuses a database with tables unless --force)."

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="The .dump file made by backup_db.")
        parser.add_argument(
            "--database", required=True, help="The database to restore into (created if missing)."
        )
        parser.add_argument(
            "--force", action="store_true", help="Replace the contents of a database that has tables."
        )

    def handle(self, *args, backup: Path, database: str, force: bool = False, **options):
        restore_database(backup, database=database, force=force)
        self.stdout.write(self.style.SUCCESS(f"Restored {backup} into the database {database}."))
