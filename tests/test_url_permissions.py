"""Every URL in the project against every role: anonymous -> sign in, wrong role -> refused, right role -> page."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cpboard.core import roles
from tests.conftest import make_person, signed_in
from tests.url_table import URLS


def _named_urls(resolver=None, namespace: str = "") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            if ns == "admin":
                continue  # Django's admin site: covered by test_django_admin_is_for_administrators_only
            names |= _named_urls(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


@pytest.mark.django_db
def test_django_admin_sends_anonymous_people_to_our_sign_in(client):
    response = client.get("/django-admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))


def test_every_url_is_in_the_permission_table():
    assert _named_urls() == set(URLS), (
        "Add new URLs to tests/url_table.py with the roles allowed to use them."
    )


def _request(client, name):
    case = URLS[name]
    kwargs = case.kwargs() if case.kwargs else {}
    url = reverse(name, kwargs=kwargs)
    data = case.data(kwargs) if case.data else {}
    return case, getattr(client, case.method)(url, data)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(URLS))
def test_anonymous_people_are_sent_to_sign_in(client, name):
    case, response = _request(client, name)
    if case.public:
        assert response.status_code in case.ok
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(roles.ROLES))
@pytest.mark.parametrize("name", sorted(URLS))
def test_each_role_gets_exactly_what_the_table_allows(client, name, role):
    person = make_person(role)
    signed_in(client, person)
    case, response = _request(client, name)
    if role in case.allowed:
        assert response.status_code in case.ok, f"{role} should be able to use {name}"
        if response.status_code == 302 and not case.signs_out:
            assert not response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == case.denied, f"{role} must not be able to use {name}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(roles.ROLES))
def test_django_admin_is_for_administrators_only(client, role):
    signed_in(client, make_person(role))
    response = client.get("/django-admin/", follow=True)
    assert response.status_code == (200 if role == roles.ADMINISTRATOR else 403)
