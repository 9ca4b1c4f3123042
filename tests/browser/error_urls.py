"""Test-only URLs (never in cpboard.urls): every real page, plus two views that fail the way production can,
so the browser tests see the pages handler500 really draws: the 503 page for a database that cannot be
reached and the styled 500 page for any other error. Used with settings.ROOT_URLCONF in tests/browser."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import utils
from django.urls import path

from cpboard.urls import handler403, handler404, handler500
from cpboard.urls import urlpatterns as site_urlpatterns

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


@login_not_required
def database_unavailable(request):
    raise utils.OperationalError("could not connect to server: Connection refused")


@login_not_required
def broken(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [
    *site_urlpatterns,
    path("test-only/database-unavailable/", database_unavailable, name="test-database-unavailable"),
    path("test-only/broken/", broken, name="test-broken"),
]
