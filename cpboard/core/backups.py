"""Backups that restore everything: one tar file per backup holding the database dump, every file in the upload
storage and a manifest with the SHA-256 of each, so a restored system has the files its records point at.

    cpboard-20260131-020000.tar          (CPBOARD_BACKUP_DIR, mode 0600, folder 0700)
      database.dump                      pg_dump custom format
      files/performance-import/<uuid>    every file in storages["uploads"], by its storage name
      manifest.json                      format, created_at, database, app version, applied migrations,
                                         the dump's and every file's sha256 and size

`create_backup` (manage.py backup_db) dumps the database first and then copies the files, so a file uploaded
meanwhile is an unreferenced extra, never a record without its file. Files that the database names but the
storage lacks at backup time are listed under "missing_files" and reported.

`restore_backup` (manage.py restore_db) checks everything before it changes anything: the manifest, every
member's checksum and size, that the tar holds nothing else and no unsafe name, that the target database has no
tables (unless force) and that no file already in the storage differs from the backup's (unless force). Only
then does it restore the database (pg_restore in one transaction) and the files (each read back and checked).
The checksums find corruption and truncation; they are not a signature, so keep backups where only the app's
operators can write (SECURITY.md, "Backups").
"""

from __future__ import annotations

import hashlib
import json
import os
import tarfile
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from cpboard.core.management.commands._postgres import backup_database, refuse_if_not_empty, restore_database
from cpboard.core.storage import sha256_of, stored_names, upload_storage

FORMAT = "cpboard-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
FILES = "files/"
CHUNK = 1024 * 1024


@dataclass
class RestoreReport:
    database: str
    files_restored: int = 0
    files_already_there: int = 0
    warnings: list[str] = field(default_factory=list)


def _sha256_stream(handle: IO[bytes], copy_to: IO[bytes] | None = None) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if copy_to is not None:
            copy_to.write(chunk)
    return digest.hexdigest(), size


def _app_version() -> str:
    try:
        return metadata.version("cpboard")
    except metadata.PackageNotFoundError:
        return "unknown"


def _applied_migrations() -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def _referenced_names() -> set[str]:
    from cpboard.core.models import StoredFile

    return {str(name) for name in StoredFile.objects.exclude(file="").values_list("file", flat=True)}


def _add(tar: tarfile.TarFile, arcname: str, handle: IO[bytes], size: int) -> None:
    info = tarfile.TarInfo(arcname)
    info.size, info.mode, info.mtime = size, 0o600, int(timezone.now().timestamp())
    tar.addfile(info, handle)


def default_backup_path(database: str) -> Path:
    backup_dir = Path(settings.BACKUP_DIR)
    backup_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    backup_dir.chmod(0o700)
    return backup_dir / f"{database}-{timezone.now():%Y%m%d-%H%M%S}.tar"


def create_backup(*, output: Path | None = None, config: dict | None = None) -> tuple[Path, dict[str, Any]]:
    """Write one backup (database + upload files + manifest). Returns its path and manifest."""
    config = config or connection.settings_dict
    output = Path(output) if output else default_backup_path(config["NAME"])
    if output.exists():
        raise CommandError(f"{output} already exists. Choose another name, or move the old backup first.")
    partial = output.with_name(output.name + ".partial")
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".backup-") as work:
        dump = Path(work) / DUMP
        backup_database(output=dump, config=config)
        with dump.open("rb") as handle:
            dump_sha, dump_size = _sha256_stream(handle)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w") as tar:
                with dump.open("rb") as handle:
                    _add(tar, DUMP, handle, dump_size)
                files = []
                for name in stored_names():
                    # Spooled, so the checksum and size are of exactly the bytes that go into the tar.
                    with (
                        tempfile.SpooledTemporaryFile(max_size=8 * CHUNK, dir=work) as copy,
                        upload_storage.open(name, "rb") as source,
                    ):
                        sha, size = _sha256_stream(source, copy_to=copy)
                        copy.seek(0)
                        _add(tar, FILES + name, copy, size)
                    files.append({"name": name, "sha256": sha, "size": size})
                names = {str(f["name"]) for f in files}
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created_at": timezone.now().isoformat(),
                    "database": config["NAME"],
                    "app_version": _app_version(),
                    "migrations": _applied_migrations(),
                    "upload_storage": type(upload_storage.backend).__module__
                    + "."
                    + type(upload_storage.backend).__qualname__,
                    "database_dump": {"name": DUMP, "sha256": dump_sha, "size": dump_size},
                    "files": files,
                    "missing_files": sorted(_referenced_names() - names),
                }
                body = json.dumps(manifest, indent=2).encode()
                with tempfile.SpooledTemporaryFile() as handle:
                    handle.write(body)
                    handle.seek(0)
                    _add(tar, MANIFEST, handle, len(body))
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    partial.rename(output)
    return output, manifest


def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and "\\" not in name


def read_manifest(tar: tarfile.TarFile, backup: Path) -> dict[str, Any]:
    try:
        member = tar.getmember(MANIFEST)
        handle = tar.extractfile(member)
        assert handle is not None
        manifest = json.loads(handle.read())
    except (KeyError, AssertionError, ValueError):
        raise CommandError(
            f"{backup} has no readable {MANIFEST}, so it is not a cpboard backup. Nothing was restored."
        )
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise CommandError(
            f"{backup} is not a cpboard backup of a format this version reads. Nothing was restored."
        )
    return manifest


def _open_backup(backup: Path) -> tarfile.TarFile:
    if not backup.is_file():
        raise CommandError(f"There is no backup file at {backup}.")
    try:
        return tarfile.open(backup, mode="r:")
    except tarfile.TarError as error:
        raise CommandError(f"{backup} is not a readable backup ({error}). Nothing was restored.")


def verify_backup(backup: Path) -> dict[str, Any]:
    """Check the whole backup against its manifest; raise CommandError naming the first thing that differs."""
    backup = Path(backup)
    with _open_backup(backup) as tar:
        manifest = read_manifest(tar, backup)
        expected = {DUMP: manifest["database_dump"]} | {FILES + f["name"]: f for f in manifest["files"]}
        seen: set[str] = set()
        for member in tar.getmembers():
            if member.name == MANIFEST:
                continue
            if member.name in seen or not member.isfile() or not _safe_member_name(member.name):
                raise CommandError(
                    f"{backup} holds an unexpected entry {member.name!r}. Nothing was restored."
                )
            if member.name not in expected:
                raise CommandError(
                    f"{backup} holds {member.name}, which its manifest does not list. Nothing was restored."
                )
            seen.add(member.name)
            handle = tar.extractfile(member)
            assert handle is not None
            sha, size = _sha256_stream(handle)
            if sha != expected[member.name]["sha256"] or size != expected[member.name]["size"]:
                raise CommandError(
                    f"The backup's copy of {member.name} does not match its checksum in the manifest: it is "
                    "damaged or was changed. Nothing was restored."
                )
        for name in expected.keys() - seen:
            raise CommandError(f"The backup lacks {name}, which its manifest lists. Nothing was restored.")
    return manifest


def _is_plain_dump(backup: Path) -> bool:
    with backup.open("rb") as handle:
        return handle.read(5) == b"PGDMP"


def restore_backup(
    backup: Path, *, database: str, force: bool = False, config: dict | None = None
) -> RestoreReport:
    config = config or connection.settings_dict
    backup = Path(backup)
    report = RestoreReport(database=database)
    if backup.is_file() and _is_plain_dump(backup):  # made by backup_db before backups held the files
        restore_database(backup, database=database, force=force, config=config)
        report.warnings.append(
            "This is a database-only backup from an older version: no uploaded files were restored."
        )
        return report

    manifest = verify_backup(backup)
    refuse_if_not_empty(config, database, force=force)
    to_write = []
    for entry in manifest["files"]:
        name = entry["name"]
        if upload_storage.exists(name):
            if sha256_of(name)[0] == entry["sha256"]:
                report.files_already_there += 1
                continue
            if not force:
                raise CommandError(
                    f"The upload storage already has {name} with different contents, so nothing was restored. "
                    "Restore into an empty upload storage, or add --force to replace it."
                )
        to_write.append(entry)
    if unknown := sorted(set(manifest["migrations"]) - _code_migrations()):
        report.warnings.append(
            f"The backup was made by a newer cpboard ({manifest['app_version']}) with migrations this code lacks "
            f"({', '.join(unknown[:3])}...): install that version before using the restored database."
        )

    with _open_backup(backup) as tar, tempfile.TemporaryDirectory(prefix="cpboard-restore-") as work:
        dump = Path(work) / DUMP
        source = tar.extractfile(DUMP)
        assert source is not None
        with dump.open("wb") as copy:
            sha, _ = _sha256_stream(source, copy_to=copy)
        if sha != manifest["database_dump"]["sha256"]:  # changed since it was verified
            raise CommandError(f"{DUMP} changed while it was being restored. Nothing was restored.")
        restore_database(dump, database=database, force=force, config=config)
        for entry in to_write:
            name = entry["name"]
            handle = tar.extractfile(FILES + name)
            assert handle is not None
            if upload_storage.exists(name):
                upload_storage.delete(name)
            saved = upload_storage.save(name, File(handle, name=PurePosixPath(name).name))
            if saved != name or sha256_of(saved)[0] != entry["sha256"]:
                raise CommandError(
                    f"{name} did not come back intact in the upload storage (saved as {saved}). The database is "
                    "restored; run the restore again with --force to finish the files."
                )
            report.files_restored += 1
    return report


def _code_migrations() -> set[str]:
    from django.db.migrations.loader import MigrationLoader

    return {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
