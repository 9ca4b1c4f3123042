"""Back up everything a restored system needs, as one file: the database (pg_dump, custom format), every file in
the upload storage, and a manifest of SHA-256 checksums (cpboard.core.backups).

    manage.py backup_db                 # var/backups/cpboard-20260131-020000.tar (CPBOARD_BACKUP_DIR)
    manage.py backup_db --output /secure/place/cpboard.tar

Copy the backups off the server (the council's job: see SECURITY.md). Restore with restore_db.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from cpboard.core.management.commands._postgres import connection_args, pg_program


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


class Command(BaseCommand):
    help = (
        "Back up the database and every uploaded file, with a checksum manifest, to one file in BACKUP_DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="Write the backup here instead of BACKUP_DIR.")

    def handle(self, *args, output: Path | None = None, **options):
        from cpboard.core.backups import create_backup

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
