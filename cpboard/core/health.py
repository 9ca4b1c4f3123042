"""Liveness and readiness probes for load balancers and process managers.

/healthz: the process is up and answering. Touches no database, session or sign-in; always "ok".
/readyz: the database answers and every migration this code has is applied; otherwise 503 and a short reason.

Both are public and are answered by HealthCheckMiddleware near the top of the middleware, so they skip the
host check (a balancer probing by IP address is not refused or logged as a bad host), sessions, sign-in and
the security log. Neither says anything a stranger could use (no versions, no database names). They are
exempt from the HTTPS redirect (SECURE_REDIRECT_EXEMPT), since balancers usually probe over plain HTTP.
"""

from __future__ import annotations

import functools

from django.contrib.auth.decorators import login_not_required
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import HttpRequest, HttpResponse

from cpboard.core.availability import RETRY_AFTER_SECONDS, unavailable_error


def _plain(text: str, *, status: int = 200) -> HttpResponse:
    response = HttpResponse(f"{text}\n", content_type="text/plain; charset=utf-8", status=status)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@login_not_required
def healthz(request: HttpRequest) -> HttpResponse:
    return _plain("ok")


@functools.cache
def _known_migrations() -> tuple[tuple[tuple[str, str], tuple[tuple[str, str], ...]], ...]:
    """Every migration on disk, with the ones a squashed migration replaces. Read once: code does not change
    while the process runs."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return tuple((key, tuple(graph.nodes[key].replaces or ())) for key in graph.nodes)


def unapplied_migrations() -> list[tuple[str, str]]:
    """Migrations on disk that the database has not recorded as applied (raises if it cannot be reached)."""
    applied = set(MigrationRecorder(connection).applied_migrations())
    return sorted(
        key
        for key, replaces in _known_migrations()
        if key not in applied and not (replaces and all(old in applied for old in replaces))
    )


def not_ready_reason() -> str | None:
    try:
        unapplied = unapplied_migrations()
    except Exception as error:
        if unavailable_error(error) is None:
            raise
        return "the database cannot be reached"
    if unapplied:
        return f"{len(unapplied)} database migration{'s' if len(unapplied) != 1 else ''} not applied"
    return None


@login_not_required
@transaction.non_atomic_requests
def readyz(request: HttpRequest) -> HttpResponse:
    reason = not_ready_reason()
    return _plain(f"not ready: {reason}", status=503) if reason else _plain("ok")


PROBES = {"/healthz": healthz, "/readyz": readyz}


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info)
        if probe is not None and request.method in {"GET", "HEAD"}:
            return probe(request)
        return self.get_response(request)
