"""Shared fixtures: one person per role, and a client signed in with a verified second factor."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from cpboard.core import roles
from tests.factories.accounts import UserFactory

ROLE_SLUGS = list(roles.ROLES)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def upload_root(settings, tmp_path):
    """Every test's uploads go to its own folder (the local upload storage, as configured), never var/uploads."""
    root = tmp_path / "uploads"
    uploads = settings.STORAGES["uploads"]
    settings.STORAGES = {
        **settings.STORAGES,
        "uploads": {**uploads, "OPTIONS": {**uploads.get("OPTIONS", {}), "location": str(root)}},
    }
    return root


def signed_in(client: Client, user) -> Client:
    """Sign in as a person who has passed MFA (a confirmed authenticator, verified in this session)."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="Test authenticator", confirmed=True
    )
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def make_person(slug: str | None, **kwargs):
    return UserFactory(
        username=kwargs.pop("username", f"test-{slug or 'norole'}"), roles=[slug] if slug else [], **kwargs
    )


@pytest.fixture
def board_member(db):
    return make_person(roles.BOARD_MEMBER)


@pytest.fixture
def officer(db):
    return make_person(roles.OFFICER)


@pytest.fixture
def senior_officer(db):
    return UserFactory(username="test-senior", roles=[roles.OFFICER, roles.SENIOR_OFFICER])


@pytest.fixture
def scrutiny_officer(db):
    return make_person(roles.SCRUTINY_OFFICER)


@pytest.fixture
def cicc_member(db):
    return make_person(roles.CICC_MEMBER)


@pytest.fixture
def admin_user(db):
    return make_person(roles.ADMINISTRATOR)


@pytest.fixture
def person_with_role(db):
    """Factory fixture: person_with_role("officer") -> a signed-in-able person with that role."""
    return make_person


@pytest.fixture
def client_as(client):
    """client_as(user) -> the test client, signed in as that person with MFA passed."""

    def _client_as(user):
        return signed_in(client, user)

    return _client_as
