"""The backup drill: back up the database and the uploaded files as one unit, restore both into a fresh
database and an empty upload storage, and prove every table and every file (by checksum) came back; a backup
whose dump or any file differs from its manifest restores nothing."""

from __future__ import annotations

import hashlib
import io
import json
import re
import tarfile
from io import StringIO
from pathlib import Path

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from cpboard.core.management.commands._postgres import _psql
from cpboard.core.storage import stored_names, upload_storage
from cpboard.core.uploads import store_upload
from tests.factories.accounts import UserFactory
from tests.factories.performance import IndicatorValueFactory
from tests.security.support import table_fingerprints


class _Connection:
    """Just enough of a Django connection for table_fingerprints, over psycopg2 to another database."""

    def __init__(self, raw):
        self.raw = raw
        self.ops = connection.ops

    def cursor(self):
        return self.raw.cursor()


def fingerprints_of(database: str) -> dict:
    config = connection.settings_dict
    params = {
        "dbname": database,
        "user": config["USER"],
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "password": config["PASSWORD"] or None,
    }
    raw = psycopg2.connect(**{k: v for k, v in params.items() if v is not None})
    try:
        return table_fingerprints(using_connection=_Connection(raw))
    finally:
        raw.close()


@pytest.fixture
def drill_database():
    name = f"{connection.settings_dict['NAME']}_restore_drill"
    yield name
    _psql(connection.settings_dict, "postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def files_in_storage() -> dict[str, str]:
    """{storage name: sha256 of its bytes} for every file in the upload storage."""
    result = {}
    for name in stored_names():
        with upload_storage.open(name, "rb") as handle:
            result[name] = hashlib.sha256(handle.read()).hexdigest()
    return result


def use_empty_upload_storage(settings, root: Path) -> None:
    uploads = settings.STORAGES["uploads"]
    settings.STORAGES = {
        **settings.STORAGES,
        "uploads": {**uploads, "OPTIONS": {**uploads["OPTIONS"], "location": str(root)}},
    }


def rewrite_member(backup: Path, name: str, data: bytes) -> None:
    """Replace one member's bytes inside the backup tar, leaving the manifest as it was."""
    with tarfile.open(backup) as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]  # type: ignore[union-attr]
    with tarfile.open(backup, "w") as tar:
        for member, content in members:
            if member.name == name:
                content = data
            member.size = len(content)
            tar.addfile(member, io.BytesIO(content))


def only_backup(folder: Path) -> Path:
    backups = list(folder.glob("*.tar"))
    assert len(backups) == 1
    return backups[0]


@pytest.fixture
def some_uploads(officer):
    return [
        store_upload(
            b"indicator,numerator\nHEALTH,9\n",
            name="q1.csv",
            kind="csv",
            purpose="performance-import",
            by=officer,
        ),
        store_upload(
            b"indicator,numerator\nHEALTH,10\n",
            name="q2.csv",
            kind="csv",
            purpose="performance-import",
            by=officer,
        ),
    ]


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_the_database_and_every_file(settings, tmp_path, drill_database, some_uploads):
    settings.BACKUP_DIR = tmp_path / "backups"
    person = UserFactory(username="drill-person", first_name="Before")
    person.first_name = "After"
    person.save()  # a second history row
    IndicatorValueFactory()
    files_before = files_in_storage()
    assert len(files_before) == 2

    out = StringIO()
    call_command("backup_db", stdout=out)
    backup = only_backup(tmp_path / "backups")
    assert re.fullmatch(rf"{connection.settings_dict['NAME']}-\d{{8}}-\d{{6}}\.tar", backup.name)
    assert oct(backup.stat().st_mode & 0o777) == oct(0o600)
    assert oct(backup.parent.stat().st_mode & 0o777) == oct(0o700)
    assert "2 uploaded files" in out.getvalue()
    with tarfile.open(backup) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        dump = tar.extractfile("database.dump").read()
    assert dump.startswith(b"PGDMP")  # pg_dump's custom format
    assert manifest["database"] == connection.settings_dict["NAME"]
    assert manifest["database_dump"]["sha256"] == hashlib.sha256(dump).hexdigest()
    assert {f["name"]: f["sha256"] for f in manifest["files"]} == files_before
    assert "core.0001_initial" in manifest["migrations"]
    assert manifest["created_at"] and manifest["app_version"]

    # The disaster: a new server with an empty upload storage.
    use_empty_upload_storage(settings, tmp_path / "restored-uploads")
    assert files_in_storage() == {}
    call_command("restore_db", str(backup), "--database", drill_database, stdout=StringIO())

    live, restored = table_fingerprints(), fingerprints_of(drill_database)
    assert set(live) == set(restored)
    for table in (
        "accounts_user",
        "accounts_historicaluser",
        "performance_indicatorvalue",
        "performance_historicalindicatorvalue",
        "auth_group_permissions",
        "core_storedfile",
    ):
        assert live[table][0] > 0, f"{table} is empty, so the drill proves little"
    assert live == restored
    assert files_in_storage() == files_before
    assert {stored.file.name for stored in some_uploads} == set(files_before)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("damaged", ["database.dump", "file"])
def test_a_backup_whose_dump_or_any_file_differs_restores_nothing_and_says_which(
    settings, tmp_path, drill_database, some_uploads, damaged
):
    settings.BACKUP_DIR = tmp_path
    call_command("backup_db", stdout=StringIO())
    backup = only_backup(tmp_path)
    member = "database.dump" if damaged == "database.dump" else f"files/{some_uploads[1].file.name}"
    with tarfile.open(backup) as tar:
        original = tar.extractfile(member).read()
    rewrite_member(backup, member, original[:-1] + bytes([original[-1] ^ 1]))  # one bit flipped
    use_empty_upload_storage(settings, tmp_path / "restored-uploads")

    with pytest.raises(CommandError, match=rf"{re.escape(member)} does not match its checksum"):
        call_command("restore_db", str(backup), "--database", drill_database, stdout=StringIO())
    with pytest.raises(CommandError, match=rf"{re.escape(member)} does not match its checksum"):
        call_command("restore_db", str(backup), "--verify-only", stdout=StringIO())

    assert files_in_storage() == {}  # no file written
    assert (
        _psql(
            connection.settings_dict,
            "postgres",
            f"SELECT 1 FROM pg_database WHERE datname = '{drill_database}'",
        )
        == ""
    )


@pytest.mark.django_db(transaction=True)
def test_a_backup_with_a_file_its_manifest_does_not_list_is_refused(
    settings, tmp_path, drill_database, some_uploads
):
    settings.BACKUP_DIR = tmp_path
    call_command("backup_db", stdout=StringIO())
    backup = only_backup(tmp_path)
    with tarfile.open(backup, "a") as tar:
        info = tarfile.TarInfo("files/performance-import/smuggled")
        info.size = 3
        tar.addfile(info, io.BytesIO(b"a,b"))

    with pytest.raises(CommandError, match="which its manifest does not list"):
        call_command("restore_db", str(backup), "--database", drill_database, stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_a_file_in_the_storage_that_differs_from_the_backup_is_not_overwritten_without_force(
    settings, tmp_path, drill_database, some_uploads
):
    settings.BACKUP_DIR = tmp_path
    call_command("backup_db", stdout=StringIO())
    backup = only_backup(tmp_path)
    name = some_uploads[0].file.name
    upload_storage.delete(name)
    upload_storage.save(name, io.BytesIO(b"changed since"))

    with pytest.raises(CommandError, match=rf"already has {re.escape(name)} with different contents"):
        call_command("restore_db", str(backup), "--database", drill_database, stdout=StringIO())

    call_command("restore_db", str(backup), "--database", drill_database, "--force", stdout=StringIO())
    with upload_storage.open(name) as handle:
        assert handle.read() == b"indicator,numerator\nHEALTH,9\n"


@pytest.mark.django_db(transaction=True)
def test_restoring_over_a_database_with_tables_is_refused_without_force(settings, tmp_path, drill_database):
    settings.BACKUP_DIR = tmp_path
    call_command("backup_db", stdout=StringIO())
    backup = only_backup(tmp_path)
    call_command("restore_db", str(backup), "--database", drill_database, stdout=StringIO())
    UserFactory(username="made-after-the-backup")

    with pytest.raises(CommandError, match="already has tables"):
        call_command("restore_db", str(backup), "--database", drill_database, stdout=StringIO())

    call_command("restore_db", str(backup), "--database", drill_database, "--force", stdout=StringIO())
    assert fingerprints_of(drill_database)["accounts_user"] != table_fingerprints()["accounts_user"]


@pytest.mark.django_db(transaction=True)
def test_an_older_database_only_dump_still_restores_with_a_warning(settings, tmp_path, drill_database):
    from cpboard.core.management.commands._postgres import backup_database

    dump = backup_database(output=tmp_path / "old.dump")
    err = StringIO()
    call_command("restore_db", str(dump), "--database", drill_database, stdout=StringIO(), stderr=err)
    assert "no uploaded files were restored" in err.getvalue()
    assert fingerprints_of(drill_database)["accounts_user"] == table_fingerprints()["accounts_user"]


@pytest.mark.django_db
def test_restoring_a_missing_file_says_so(tmp_path):
    with pytest.raises(CommandError, match="There is no backup file"):
        call_command("restore_db", str(tmp_path / "nothing.tar"), "--database", "anything")
