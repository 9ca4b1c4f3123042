"""Back up everything a restored system needs, as one file: the database (pg_dump, custom format), every file in
the upload storage, and a manifest of SHA-256 checksums (cpboard.core.backups).

    manage.py backup_db                 # var/backups/cpboard-20260131-020000.tar (CPBOARD_BACKUP_DIR)
    manage.py backup_db --output /secure/place/cpboard.tar

Copy the backups off the server (the council's job: see SECURITY.md). Restore with restore_db.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from cpboard.core.backups import create_backup


class Command(BaseCommand):
    help = (
        "Back up the database and every uploaded file, with a checksum manifest, to one file in BACKUP_DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="Write the backup here instead of BACKUP_DIR.")

    def handle(self, *args, output: Path | None = None, **options):
        path, manifest = create_backup(output=output)
        size = path.stat().st_size
        if manifest["missing_files"]:
            self.stderr.write(
                self.style.WARNING(
                    f"{len(manifest['missing_files'])} files named by the database are missing from the upload "
                    f"storage and are not in this backup: {', '.join(manifest['missing_files'][:5])}"
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {manifest['database']} and {len(manifest['files'])} uploaded files to {path} "
                f"({size:,} bytes). Copy it off this server."
            )
        )
