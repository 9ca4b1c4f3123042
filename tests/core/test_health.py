"""Liveness (/healthz) and readiness (/readyz) for load balancers: public, no database for liveness, no host
check, no HTTPS redirect, nothing in the logs."""

from __future__ import annotations

import logging

import pytest
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from django.urls import reverse

from tests.core.test_availability import database_goes_away  # noqa: F401 - a fixture


def test_healthz_answers_ok_without_the_database_a_session_or_a_valid_host(settings, caplog):
    """No django_db mark: a query fails the test. A balancer probing by IP address is not refused."""
    settings.ALLOWED_HOSTS = ["cpboard.example.gov.uk"]
    client = Client()
    with caplog.at_level(logging.INFO):
        response = client.get("/healthz", HTTP_HOST="10.0.0.5")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")
    assert "sessionid" not in response.cookies
    assert caplog.records == []
    assert client.get("/account/sign-in/", HTTP_HOST="10.0.0.5").status_code == 400  # pages still check


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_the_probes_are_not_redirected_to_https(settings, path):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    assert client.get(path).status_code == 200
    assert client.get(reverse("accounts:login")).status_code == 301  # everything else is


@pytest.mark.django_db
def test_readyz_is_ok_when_the_database_answers_and_every_migration_is_applied(client):
    response = client.get("/readyz")
    assert (response.status_code, response.content) == (200, b"ok\n")


@pytest.mark.django_db
def test_readyz_is_503_while_a_migration_is_not_applied(client):
    MigrationRecorder.Migration.objects.filter(app="performance").order_by("-id")[:1].get().delete()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content == b"not ready: 1 database migration not applied\n"
    assert response["Retry-After"] == "30"


@pytest.mark.django_db
def test_readyz_is_503_while_the_database_cannot_be_reached(client, database_goes_away, caplog):  # noqa: F811
    database_goes_away()
    with caplog.at_level(logging.INFO):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content == b"not ready: the database cannot be reached\n"
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []  # probes every few seconds
    assert client.get("/healthz").status_code == 200  # the process itself is fine
