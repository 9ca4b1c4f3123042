"""State that every app server must share lives in PostgreSQL, not in a process's memory: sessions, lockouts
and rate limits survive clearing every cache (as a second server, with its own empty memory, would see them).
The one cache is Django's database cache, shared by every server, used only through cpboard.core.shared_cache
(docs/several-servers.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from cpboard.accounts.views import LOCKED_OUT_MESSAGE
from cpboard.core.models import RateLimitWindow
from cpboard.core.ratelimit import hit
from tests.conftest import signed_in
from tests.security.support import password_sign_in

REPO = Path(__file__).resolve().parents[2]
# The database cache's settings, and the one module that uses it.
SHARED_CACHE_FILES = {"cpboard/settings.py", "cpboard/core/shared_cache.py"}


def forget_everything_in_memory() -> None:
    for cache in caches.all(initialized_only=True):
        cache.clear()


def test_sessions_and_lockouts_are_configured_to_live_in_the_database():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"


@pytest.mark.django_db
def test_a_lockout_holds_on_another_server(officer):
    first_server = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_sign_in(first_server, officer.username, "not-the-password")
    forget_everything_in_memory()

    other_server = Client()  # no cookies, nothing in memory: only the database is shared
    response = password_sign_in(other_server, officer)

    assert response.status_code == 429
    assert LOCKED_OUT_MESSAGE in response.text


@pytest.mark.django_db
def test_a_session_holds_on_another_server(officer):
    client = signed_in(Client(), officer)
    forget_everything_in_memory()
    assert client.get(reverse("core:home")).status_code == 200


@pytest.mark.django_db
def test_rate_limits_are_counted_in_the_database():
    assert hit("shared-test", limit=1, window_seconds=60)
    forget_everything_in_memory()
    assert not hit("shared-test", limit=1, window_seconds=60)
    assert RateLimitWindow.objects.count() == 1


def test_the_cache_is_the_database_cache_every_server_shares():
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert set(settings.CACHES) == {"default"}


def test_nothing_of_ours_keeps_state_in_djangos_per_process_cache():
    pattern = re.compile(r"django\.core\.cache\b|\bfrom django\.core import cache\b|\bcache_page\b")
    offenders = []
    for folder in ("cpboard", "performance", "pledge", "visits", "training"):
        for path in (REPO / folder).rglob("*.py"):
            if "migrations" in path.parts or path.relative_to(REPO).as_posix() in SHARED_CACHE_FILES:
                continue
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if pattern.search(line):
                    offenders.append(f"{path.relative_to(REPO)}:{number}")
    assert offenders == [], "Shared state belongs in the database (see docs/several-servers.md)"
