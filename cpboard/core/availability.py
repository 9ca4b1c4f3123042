"""When the database cannot be reached: a styled 503 page with Retry-After, one line in the log, and the
next request tries again (nothing is cached about the failure, so the service recovers when the database
does, without a restart).

Where the failure shows up depends on the request: in middleware that loads the session or the signed-in
person (LoginRequiredMiddleware, before any view), in the view (the ATOMIC_REQUESTS transaction opens the
connection), or after it (the session is saved on the way out). Django turns an exception at any of those
points into a call to handler500 (cpboard.core.views.server_error) while it is handling the exception, so
that one place asks `unavailable_error(sys.exc_info()[1])` and answers 503, whichever it was. The page is
drawn without the database: no request context, so no context processor looks up the person or session.
"""

from __future__ import annotations

import logging
from typing import Any

import psycopg2
from django.conf import settings
from django.db import utils
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("cpboard.availability")

RETRY_AFTER_SECONDS = 30
PROBE_PATHS = {"/healthz", "/readyz"}  # cpboard/core/health.py
# SQLSTATEs from a server that is there but cannot serve us: shutting down, crashed, starting up, full.
# Others (a deadlock, a cancelled query) are real errors in a working database and stay 500s.
_UNAVAILABLE_SQLSTATES = {"57P01", "57P02", "57P03", "53300"}


def unavailable_error(error: BaseException | None) -> BaseException | None:
    """The error itself if it (or what caused it) says the database cannot be reached, otherwise None."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, utils.InterfaceError | psycopg2.InterfaceError):
            return error
        if isinstance(error, utils.OperationalError | psycopg2.OperationalError):
            cause = error.__cause__ if isinstance(error.__cause__, psycopg2.Error) else error
            code = getattr(cause, "pgcode", None)  # None: no server answered (or our DatabaseUnavailable)
            if code is None or code.startswith("08") or code in _UNAVAILABLE_SQLSTATES:
                return error
            return None
        error = error.__cause__ or error.__context__
    return None


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def site_context() -> dict[str, Any]:
    """What base.html shows, from settings alone (the council context processor also builds navigation,
    which needs the signed-in person, which needs the database)."""
    return {
        "council_name": settings.COUNCIL_NAME,
        "board_name": settings.BOARD_NAME,
        "protective_marking": settings.PROTECTIVE_MARKING,
    }


def standalone_page(template: str, *, status: int, context: dict[str, Any] | None = None) -> HttpResponse:
    """A page in the site's layout that touches no database: rendered without the request, so no context
    processor runs, and no user, session or messages are looked up. It may be answered from outside the
    middleware that adds these headers to other pages, so it carries them itself."""
    response = HttpResponse(render_to_string(template, {**site_context(), **(context or {})}), status=status)
    response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
    response["X-Frame-Options"] = "DENY"
    return response


_LOGGED = "_cpboard_database_unavailable_logged"


def unavailable_response(request: HttpRequest, error: BaseException) -> HttpResponse:
    # One line per request: a failed session load fails again when SessionMiddleware looks at the session
    # on the way out, and Django calls handler500 a second time.
    if not getattr(request, _LOGGED, False):
        setattr(request, _LOGGED, True)
        logger.error(
            "Database unavailable (503): %s %s: %s", request.method, request.path, _first_line(error)
        )
    response = standalone_page("503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class OutageLogFilter(logging.Filter):
    """For django.request: drop the traceback logged for a database that cannot be reached (unavailable_response
    has logged one line for that request; a traceback per request would bury it), and the "Service
    Unavailable" line for each probe of /readyz while it is down (a balancer probes every few seconds)."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if unavailable_error(error) is not None:
            return False
        request = getattr(record, "request", None)
        return getattr(request, "path_info", None) not in PROBE_PATHS
