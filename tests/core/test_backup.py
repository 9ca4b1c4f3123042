"""The backup drill: back up the database, restore it into a fresh one, and prove every table came back."""

from __future__ import annotations

import re
from io import StringIO

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from cpboard.core.management.commands.restore_db import _psql
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


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_with_every_row(settings, tmp_path, drill_database):
    settings.BACKUP_DIR = tmp_path / "backups"
    person = UserFactory(username="drill-person", first_name="Before")
    person.first_name = "After"
    person.save()  # a second history row
    IndicatorValueFactory()

    out = StringIO()
    call_command("backup_db", stdout=out)
    backups = list((tmp_path / "backups").glob("*.dump"))
    assert len(backups) == 1
    assert re.fullmatch(rf"{connection.settings_dict['NAME']}-\d{{8}}-\d{{6}}\.dump", backups[0].name)
    assert oct(backups[0].stat().st_mode & 0o777) == oct(0o600)
    assert backups[0].read_bytes().startswith(b"PGDMP")  # pg_dump's custom format

    call_command("restore_db", str(backups[0]), "--database", drill_database, stdout=StringIO())

    live, restored = table_fingerprints(), fingerprints_of(drill_database)
    assert set(live) == set(restored)
    for table in (
        "accounts_user",
        "accounts_historicaluser",
        "performance_indicatorvalue",
        "performance_historicalindicatorvalue",
        "auth_group_permissions",
    ):
        assert live[table][0] > 0, f"{table} is empty, so the drill proves little"
    assert live == restored


@pytest.mark.django_db(transaction=True)
def test_restoring_over_a_database_with_tables_is_refused_without_force(settings, tmp_path, drill_database):
    settings.BACKUP_DIR = tmp_path
    call_command("backup_db", stdout=StringIO())
    backup = next(tmp_path.glob("*.dump"))
    call_command("restore_db", str(backup), "--database", drill_database, stdout=StringIO())
    UserFactory(username="made-after-the-backup")

    with pytest.raises(CommandError, match="already has tables"):
        call_command("restore_db", str(backup), "--database", drill_database, stdout=StringIO())

    call_command("restore_db", str(backup), "--database", drill_database, "--force", stdout=StringIO())
    assert fingerprints_of(drill_database)["accounts_user"] != table_fingerprints()["accounts_user"]


@pytest.mark.django_db
def test_restoring_a_missing_file_says_so(tmp_path):
    with pytest.raises(CommandError, match="There is no backup file"):
        call_command("restore_db", str(tmp_path / "nothing.dump"), "--database", "anything")
