"""An administrator resets a password: the old one stops working, and the administrator is shown once a
one-time link with which the person sets a new one. Both steps are logged; MFA still applies."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from cpboard.accounts.views import PASSWORD_RESET, PASSWORD_SET
from cpboard.core import roles
from cpboard.core.models import SecurityEvent
from tests.conftest import make_person, signed_in
from tests.factories.accounts import PASSWORD
from tests.security.support import password_sign_in

pytestmark = pytest.mark.django_db
Kind = SecurityEvent.Kind
NEW_PASSWORD = "violet-harbour-lantern-42"
START = dt.datetime(2026, 2, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def person(db):
    person = make_person(roles.OFFICER, username="forgetful")
    TOTPDevice.objects.create(user=person, name="phone", confirmed=True)
    return person


def reset(client, admin_user, person) -> str:
    """The administrator presses "Reset their password"; the link shown."""
    response = signed_in(client, admin_user).post(reverse("accounts:person-password-reset", args=[person.pk]))
    assert response.status_code == 200
    client.logout()
    shown = re.search(r'<code class="cp-secret">([^<]+)</code>', response.text)
    assert shown is not None
    return shown.group(1)


def set_password(client, link: str, password: str = NEW_PASSWORD, again: str | None = None):
    """Open the link as the person would (it moves the token into the session), then post the form."""
    opened = client.get(link, follow=True)
    return opened, client.post(
        opened.redirect_chain[-1][0] if opened.redirect_chain else link,
        {"new_password1": password, "new_password2": password if again is None else again},
    )


def test_reset_gives_a_one_time_link_and_the_old_password_stops_working(client, admin_user, person):
    link = reset(client, admin_user, person)

    person.refresh_from_db()
    assert link.startswith("http://testserver/account/set-password/")
    assert not person.check_password(PASSWORD)
    assert person.history.latest().history_change_reason == PASSWORD_RESET
    assert person.history.latest().history_user == admin_user
    event = SecurityEvent.objects.get(kind=Kind.PASSWORD_RESET_LINK)
    assert (event.user, event.subject) == (admin_user, person)
    assert link.split("/")[-2] not in event.detail  # the token is never logged
    # Shown once: not on the person's page afterwards
    assert link not in signed_in(client, admin_user).get(person.get_absolute_url()).text


def test_the_link_sets_the_password_once_signs_nobody_in_and_mfa_still_applies(client, admin_user, person):
    link = reset(client, admin_user, person)

    opened, response = set_password(client, link)

    assert opened.status_code == 200 and "Set your password" in opened.text
    assert (
        opened.redirect_chain and "set-password" in opened.redirect_chain[-1][0]
    )  # token out of the address
    assert response.status_code == 200 and "Your password has been set" in response.text
    assert "_auth_user_id" not in client.session  # not signed in by the link
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert person.history.latest().history_change_reason == PASSWORD_SET
    event = SecurityEvent.objects.get(kind=Kind.PASSWORD_SET)
    assert (event.user, event.subject) == (person, person)

    again = Client().get(link, follow=True)  # single use: the password it was signed over has changed
    assert "This link does not work" in again.text and "new_password1" not in again.text

    signing_in = password_sign_in(client, person, NEW_PASSWORD)
    assert signing_in.status_code == 302
    # The password alone opens nothing: every page sends them on to their authenticator.
    assert client.get(signing_in["Location"])["Location"] == reverse("accounts:mfa-verify")


def test_the_new_password_is_typed_twice_and_checked(client, admin_user, person):
    link = reset(client, admin_user, person)

    _, mismatch = set_password(client, link, again="something-else-entirely")
    assert "The two passwords are not the same" in mismatch.text
    _, short = set_password(client, link, password="short")
    assert "at least 12 characters" in short.text
    _, common = set_password(client, link, password="password1234")
    assert "too common" in common.text
    person.refresh_from_db()
    assert not person.check_password("short") and not person.has_usable_password()
    assert not SecurityEvent.objects.filter(kind=Kind.PASSWORD_SET).exists()


def test_a_newer_reset_kills_the_older_link(client, admin_user, person):
    first = reset(client, admin_user, person)
    second = reset(client, admin_user, person)
    assert "This link does not work" in Client().get(first, follow=True).text
    _, response = set_password(Client(), second)
    assert "Your password has been set" in response.text


def test_the_link_runs_out(client, admin_user, person, settings):
    with time_machine.travel(START, tick=False):
        link = reset(client, admin_user, person)
    with time_machine.travel(START + dt.timedelta(hours=settings.PASSWORD_LINK_HOURS, minutes=1), tick=False):
        assert "This link does not work" in Client().get(link, follow=True).text


def test_a_made_up_link_does_not_work(client, person):
    response = client.get(reverse("accounts:password-set", args=["MQ", "abc-123"]))
    assert response.status_code == 200 and "This link does not work" in response.text


def test_the_set_password_page_is_rate_limited(client, person):
    url = reverse("accounts:password-set", args=["MQ", "abc-123"])
    codes = [client.get(url, REMOTE_ADDR="203.0.113.80").status_code for _ in range(21)]
    assert codes[:20] == [200] * 20 and codes[20] == 429
    assert client.get(url, REMOTE_ADDR="198.51.100.81").status_code == 200


def test_a_deactivated_person_gets_no_link(client, admin_user, person):
    person.is_active = False
    person.save()
    response = signed_in(client, admin_user).post(reverse("accounts:person-password-reset", args=[person.pk]))
    assert response.status_code == 302
    assert not SecurityEvent.objects.filter(kind=Kind.PASSWORD_RESET_LINK).exists()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


@pytest.mark.parametrize("role", [r for r in roles.ROLES if r != roles.ADMINISTRATOR])
def test_only_administrators_reset_passwords(client, role, person):
    signed_in(client, make_person(role))
    response = client.post(reverse("accounts:person-password-reset", args=[person.pk]))
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_a_reset_ends_the_persons_sessions(admin_user, person):
    theirs = signed_in(Client(), person)
    assert theirs.get(reverse("core:home")).status_code == 200
    reset(Client(), admin_user, person)
    response = theirs.get(reverse("core:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
