"""What production refuses to start with, however the application is started.

Settings check these when they load, so `manage.py`, `cpboard serve`, `cpboard.wsgi` (gunicorn, with or without
our config) and `cpboard.asgi` all refuse alike: system checks alone would not do, because a WSGI server never
runs them. This module imports nothing from Django but the exception, so settings can use it.
"""

from __future__ import annotations

import sys
from typing import NoReturn

from django.core.exceptions import ImproperlyConfigured

# gunicorn's exit status for "the application cannot be loaded": its master stops instead of starting
# another worker that would fail the same way (any other status from a worker means "start a new one").
APP_LOAD_ERROR = 4
MIN_SECRET_KEY_LENGTH = 50
MIN_SECRET_KEY_UNIQUE_CHARACTERS = 5  # Django's deployment check (security.W009), held at start-up too


class RefusedToStart(ImproperlyConfigured):
    """Production settings that must not run; the message is one plain line for the console."""


def production_refusals(
    *, secret_key: str, debug: bool, allowed_hosts: list[str], mfa_required: bool, la_code: str
) -> list[str]:
    """Every reason the production settings must not run, in plain words (empty: they may)."""
    reasons = []
    if len(secret_key) < MIN_SECRET_KEY_LENGTH or len(set(secret_key)) < MIN_SECRET_KEY_UNIQUE_CHARACTERS:
        reasons.append(
            f"SECRET_KEY must be a random value of at least {MIN_SECRET_KEY_LENGTH} characters "
            "(for example from python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"
        )
    if not mfa_required:
        reasons.append(
            "multi-factor authentication is switched off (CPBOARD_MFA_REQUIRED=false): only a local demo may "
            "run without it"
        )
    if debug:
        reasons.append("CPBOARD_DEBUG is on: debug pages show settings and data to anyone")
    if not allowed_hosts:
        reasons.append("ALLOWED_HOSTS is not set: give the host name people use, e.g. cpboard.example.gov.uk")
    if not la_code:
        reasons.append(
            "CPBOARD_LA_CODE is not set: give the council's DfE local-authority code (e.g. 813), so its own "
            "published figures are loaded and never another council's"
        )
    return reasons


def refuse(reasons: list[str]) -> None:
    """Raise RefusedToStart with every reason on one line, if there are any."""
    if reasons:
        raise RefusedToStart("cpboard will not start in production: " + "; ".join(reasons) + ".")


def exit_refused(refusal: RefusedToStart, status: int = APP_LOAD_ERROR) -> NoReturn:
    """Print the one line on stderr and stop the process, without a traceback."""
    sys.stderr.write(f"{refusal}\n")
    sys.stderr.flush()
    sys.exit(status)
