"""CSRF: every URL refuses a POST without the form's token, and nothing in the database changes."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import make_person, signed_in
from tests.security.support import password_sign_in, table_fingerprints
from tests.url_table import URLS

NOT_COMPARED = ("django_session",)  # the session's expiry moves on every request, by design


def _client_for(name: str) -> Client:
    case = URLS[name]
    client = Client(enforce_csrf_checks=True)
    if not case.public:
        signed_in(client, make_person(sorted(case.allowed)[0], username="csrf-victim"))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(URLS))
def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(name):
    case = URLS[name]
    client = _client_for(name)
    kwargs = case.kwargs() if case.kwargs else {}
    data = case.data(kwargs) if case.data else {"anything": "forged"}
    before = table_fingerprints(exclude=NOT_COMPARED)

    response = client.post(reverse(name, kwargs=kwargs), data)

    assert response.status_code == 403
    assert "Your form could not be sent" in response.text
    assert table_fingerprints(exclude=NOT_COMPARED) == before


@pytest.mark.django_db
def test_the_same_post_with_the_token_goes_through(officer):
    """The control for the test above: with the token from the page, signing out works."""
    client = signed_in(Client(enforce_csrf_checks=True), officer)
    page = client.get(reverse("core:home"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302


@pytest.mark.django_db
def test_signing_in_without_the_token_is_refused(officer):
    client = Client(enforce_csrf_checks=True)
    response = password_sign_in(client, officer)
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
