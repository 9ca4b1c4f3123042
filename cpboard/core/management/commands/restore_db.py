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

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cpboard.core.backups import restore_backup, verify_backup


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
