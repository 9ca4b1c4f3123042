"""Helpers for the security tests: real sign-ins, real TOTP codes, database fingerprints, production mode."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.db import connection
from django.urls import reverse
from django_otp.oath import totp

from tests.factories.accounts import PASSWORD

REPO = Path(__file__).resolve().parents[2]


def password_sign_in(client, user_or_username, password: str = PASSWORD, **extra):
    """Post the sign-in form as a person would. Returns the response."""
    username = getattr(user_or_username, "username", user_or_username)
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, **extra)


def totp_code(device, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app would show now for this django-otp TOTPDevice."""
    code = totp(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift + steps_ahead
    )
    return f"{code:0{device.digits}d}"


def table_fingerprints(*, using_connection=None, exclude: tuple[str, ...] = ()) -> dict[str, tuple[int, str]]:
    """{table: (row count, md5 of every row as text, in order)} for every table in the public schema."""
    conn = using_connection or connection
    with conn.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cursor.fetchall() if row[0] not in exclude]
        result = {}
        for table in tables:
            quoted = conn.ops.quote_name(table)
            cursor.execute(
                f"SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM {quoted} t"
            )
            result[table] = tuple(cursor.fetchone())
    return result


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run Python with the project's settings under the given environment (for production-mode checks)."""
    full_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cpboard.settings", "PYTHONPATH": str(REPO), **env}
    full_env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests; never in a deployment
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **env}
    full_env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests; never in a deployment
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production_env(**extra: str) -> dict[str, str]:
    import secrets

    return {
        "CPBOARD_ENVIRONMENT": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "cpboard.example.gov.uk,testserver",
        "CPBOARD_LA_CODE": "813",
        **extra,
    }
