"""A database that cannot be reached: a styled 503 page with Retry-After, drawn without the database, and one
line in the log per request. (tests/core/test_serve.py does the same against a real gunicorn and a database
that really goes away and comes back.)"""

from __future__ import annotations

import logging
import socket

import psycopg2
import pytest
from django.db import connection, transaction, utils
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import RequestFactory
from django.urls import reverse

from cpboard.core import availability, health, views
from cpboard.db import DatabaseUnavailable
from tests.security.support import password_sign_in

REFUSED = 'connection to server at "db.internal" (10.0.0.9), port 5432 failed: Connection refused'


@pytest.fixture
def database_goes_away(monkeypatch):
    """Call it and every connection attempt from then on is refused, as when PostgreSQL is down."""

    def refused(self):
        raise utils.OperationalError(f"{REFUSED}\n\tIs the server running on that host?")

    return lambda: monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refused)


def errors_logged(caplog) -> list[tuple[str, str]]:
    return [
        (record.name, record.getMessage()) for record in caplog.records if record.levelno >= logging.ERROR
    ]


@pytest.mark.django_db
def test_a_signed_in_page_answers_503_when_the_session_cannot_be_loaded(
    client_as, officer, database_goes_away, caplog
):
    client = client_as(officer)
    client.raise_request_exception = False
    database_goes_away()  # fails first in middleware loading the session, before any view
    with caplog.at_level(logging.ERROR):
        response = client.get(reverse("core:home"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "Sorry, the service is unavailable" in page
    assert "Thistledon Council" in page and "govuk-heading-l" in page  # the site's own layout
    assert "Traceback" not in page and "db.internal" not in page
    assert officer.get_full_name() not in page
    # One line, though the session fails twice (again on the way out); no traceback from django.request.
    assert errors_logged(caplog) == [
        ("cpboard.availability", f"Database unavailable (503): GET /: {REFUSED}")
    ]


@pytest.mark.django_db
def test_a_view_that_cannot_reach_the_database_answers_503_too(client, database_goes_away, caplog):
    client.raise_request_exception = False
    database_goes_away()
    with caplog.at_level(logging.ERROR):  # signing in: the view's own transaction is the first to connect
        response = password_sign_in(client, "someone")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert errors_logged(caplog) == [
        ("cpboard.availability", f"Database unavailable (503): POST /account/sign-in/: {REFUSED}")
    ]


def test_the_503_and_500_pages_are_drawn_without_the_database():
    """No django_db mark: any query here fails the test."""
    request = RequestFactory().get("/performance/")
    response = availability.unavailable_response(request, DatabaseUnavailable("cannot reach the database"))
    assert response.status_code == 503
    assert "Sorry, the service is unavailable" in response.content.decode()
    assert "Sorry, there is a problem" in views.server_error(request).content.decode()


@pytest.mark.django_db(transaction=True)
def test_only_a_database_that_cannot_be_reached_counts_as_unavailable():
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    with pytest.raises(psycopg2.OperationalError) as refused:
        psycopg2.connect(host="127.0.0.1", port=closed_port, dbname="x", connect_timeout=3)
    assert availability.unavailable_error(refused.value) is refused.value
    assert availability.unavailable_error(DatabaseUnavailable("no server")) is not None
    assert availability.unavailable_error(utils.InterfaceError("connection already closed")) is not None

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 1")
        with pytest.raises(utils.OperationalError) as cancelled:
            cursor.execute("SELECT pg_sleep(1)")
    assert cancelled.value.__cause__.pgcode == "57014"  # a working server cancelled a slow query
    assert availability.unavailable_error(cancelled.value) is None  # a real error: it stays a 500
    assert availability.unavailable_error(ValueError("not a database error")) is None


def test_the_log_filter_knows_the_probe_paths():
    assert set(health.PROBES) == availability.PROBE_PATHS
