"""A small fixed-window rate limiter, shared by every web worker because the count lives in the database.

    if not hit(f"pledge-code:{client_ip(request)}", limit=10, window_seconds=600):
        ... refuse: "Too many tries. Wait 10 minutes and try again."

or, for a whole view (POSTs only by default):

    @rate_limited("pledge-code", limit=10, window_seconds=600)
    def survey_code_entry(request): ...

A window starts at a multiple of `window_seconds` since the epoch; the count for (key, window) is
incremented in one INSERT ... ON CONFLICT statement, so two requests at once cannot both slip under the
limit. Old windows are removed by `manage.py purge_expired`.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib

from django.db import connection
from django.shortcuts import render
from django.utils import timezone

RATE_LIMITED_MESSAGE = "You have tried too many times. Wait {wait} and try again."


def window_start(window_seconds: int, *, now: dt.datetime | None = None) -> dt.datetime:
    now = now or timezone.now()
    epoch = int(now.timestamp())
    return dt.datetime.fromtimestamp(epoch - epoch % window_seconds, tz=dt.UTC)


def _table() -> str:
    from cpboard.core.models import RateLimitWindow

    return connection.ops.quote_name(RateLimitWindow._meta.db_table)


def _stored_key(key: str) -> str:
    """Keys may carry IP addresses or codes people typed: keep a digest, never the raw text."""
    return hashlib.sha256(key.encode()).hexdigest()


def hit(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt for `key`. True if it is within the limit, False once the limit is exceeded."""
    if limit < 1 or window_seconds < 1:
        raise ValueError("limit and window_seconds must be at least 1.")
    start = window_start(window_seconds)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table()} (key, window_start, count) VALUES (%s, %s, 1) "  # noqa: S608 - table name only
            "ON CONFLICT (key, window_start) DO UPDATE SET count = EXCLUDED.count + "
            f"{_table()}.count RETURNING count",
            [_stored_key(key), start],
        )
        (count,) = cursor.fetchone()
    return count <= limit


def attempts(key: str, *, window_seconds: int) -> int:
    """How many hits `key` has had in the current window (without counting one)."""
    from cpboard.core.models import RateLimitWindow

    row = RateLimitWindow.objects.filter(
        key=_stored_key(key), window_start=window_start(window_seconds)
    ).first()
    return row.count if row else 0


def reset(key: str) -> None:
    from cpboard.core.models import RateLimitWindow

    RateLimitWindow.objects.filter(key=_stored_key(key)).delete()


def _wait_words(window_seconds: int) -> str:
    minutes = max(1, round(window_seconds / 60))
    return "a minute" if minutes == 1 else f"{minutes} minutes"


def rate_limited(name: str, *, limit: int, window_seconds: int, methods: tuple[str, ...] = ("POST",)):
    """View decorator: each client IP gets `limit` requests per window (for the given methods); beyond
    that, a plain-English page with status 429. The key is the name plus the client's IP address."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                from cpboard.core.security_log import client_ip

                if not hit(f"{name}:{client_ip(request)}", limit=limit, window_seconds=window_seconds):
                    return render(
                        request,
                        "core/rate_limited.html",
                        {"message": RATE_LIMITED_MESSAGE.format(wait=_wait_words(window_seconds))},
                        status=429,
                    )
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
