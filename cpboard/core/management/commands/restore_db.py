"""Restore a backup made by backup_db: the database into a named database, the files into the upload storage.

    manage.py restore_db var/backups/cpboard-20260131-020000.tar --database cpboard_restored
    manage.py restore_db backup.tar --database cpboard --force     # replace a database that has tables
    manage.py restore_db backup.tar --verify-only                   # check every checksum, restore nothing

Every checksum in the backup's manifest is checked first; if the dump or any file differs, nothing is restored
and the message names it (cpboard.core.backups). The database is created if it does not exist. A database
that already has tables is left alone unless --force is given (then its objects are dropped and replaced by
the backup's); so is a file already in the upload storage with different contents. Files already there with
the same contents are left as they are. Restoring into the database the site is using needs the site stopped
first. An older database-only .dump (from before backups held the files) is still restored, with a warning.
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


class Command(BaseCommand):
    help = (
        "Restore a backup_db backup: verify every checksum, then the database into a named database "
        "(refuses one with tables unless --force) and the files into the upload storage."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="The .tar file made by backup_db (or an older .dump).")
        parser.add_argument("--database", help="The database to restore into (created if missing).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the contents of a database that has tables, and upload files that differ.",
        )
        parser.add_argument(
            "--verify-only",
            action="store_true",
            help="Check the backup against its manifest; restore nothing.",
        )

    def handle(self, *args, backup: Path, database: str | None, force: bool = False, **options):
        from cpboard.core.backups import restore_backup, verify_backup

        if options["verify_only"]:
            manifest = verify_backup(backup)
            self.stdout.write(
                self.style.SUCCESS(
                    f"{backup} is intact: the database dump of {manifest['database']} and "
                    f"{len(manifest['files'])} files match their checksums (made {manifest['created_at']})."
                )
            )
            return
        if not database:
            raise CommandError("Say which database to restore into with --database NAME.")
        report = restore_backup(backup, database=database, force=force)
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {backup} into the database {database}; {report.files_restored} files written to "
                f"the upload storage, {report.files_already_there} already there and identical."
            )
        )
