"""Multi-factor authentication: every staff and councillor account proves a second factor before any data."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.checks import run_checks
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from cpboard.core import roles
from cpboard.core.models import SecurityEvent
from tests.conftest import make_person
from tests.security.support import password_sign_in, production_env, run_manage, totp_code

STAFF_ROLES = [slug for slug, role in roles.ROLES.items() if role.needs_mfa]
NOON = dt.datetime(2026, 1, 15, 12, 0, 5, tzinfo=dt.UTC)


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)


@pytest.mark.django_db
@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_without_an_authenticator_must_set_one_up_before_any_page(client, role):
    person = make_person(role)
    assert password_sign_in(client, person).status_code == 302
    for url in (reverse("core:home"), reverse("accounts:person-list"), reverse("performance:dashboard")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:mfa-setup")


@pytest.mark.django_db
def test_staff_with_an_authenticator_must_enter_a_code_before_any_page(client, board_member):
    confirmed_device(board_member)
    password_sign_in(client, board_member)
    response = client.get(reverse("performance:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:mfa-verify")


@pytest.mark.django_db
def test_children_in_care_council_members_sign_in_without_an_authenticator(client, cicc_member):
    password_sign_in(client, cicc_member)
    response = client.get(reverse("core:home"), follow=True)  # a member's home is their own page
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("pledge:young-home")
    assert f"Hello, {cicc_member.first_name}" in response.text


@pytest.mark.django_db
def test_setting_up_an_authenticator_with_a_real_code_shows_single_use_backup_codes(client, officer):
    password_sign_in(client, officer)
    page = client.get(reverse("accounts:mfa-setup"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=officer, confirmed=False)

    response = client.post(reverse("accounts:mfa-setup"), {"code": totp_code(device)})

    assert response.status_code == 200
    assert "Your authenticator is set up" in response.text
    device.refresh_from_db()
    assert device.confirmed
    codes = list(StaticDevice.objects.get(user=officer).token_set.values_list("token", flat=True))
    assert len(codes) == 10
    assert all(code in response.text for code in codes)
    assert client.get(reverse("core:home")).status_code == 200
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.MFA_SET_UP, user=officer).exists()


@pytest.mark.django_db
def test_a_wrong_code_at_set_up_is_refused(client, officer):
    password_sign_in(client, officer)
    client.get(reverse("accounts:mfa-setup"))
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("accounts:mfa-setup"), {"code": wrong})

    assert "That code is not right" in response.text
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(reverse("core:home"))["Location"] == reverse("accounts:mfa-setup")


@pytest.mark.django_db
def test_a_real_code_lets_staff_in(client, officer):
    device = confirmed_device(officer)
    password_sign_in(client, officer)
    response = client.post(reverse("accounts:mfa-verify"), {"code": totp_code(device)})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


@pytest.mark.django_db
def test_the_same_totp_code_cannot_be_used_twice(client, officer):
    device = confirmed_device(officer)
    with time_machine.travel(NOON, tick=False):
        code = totp_code(device)
        password_sign_in(client, officer)
        first = client.post(reverse("accounts:mfa-verify"), {"code": code})
        assert first.status_code == 302
        client.post(reverse("accounts:logout"))

        password_sign_in(client, officer)
        second = client.post(reverse("accounts:mfa-verify"), {"code": code})

        assert second.status_code == 200
        assert "has already been used" in second.text
        assert client.get(reverse("core:home"))["Location"] == reverse("accounts:mfa-verify")


@pytest.mark.django_db
def test_a_wrong_code_is_refused_and_recorded(client, officer):
    device = confirmed_device(officer)
    password_sign_in(client, officer)
    wrong = f"{(int(totp_code(device)) + 500_000) % 1_000_000:06d}"
    response = client.post(reverse("accounts:mfa-verify"), {"code": wrong})
    assert response.status_code == 200
    assert "That code is not right" in response.text
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.MFA_FAILED, user=officer).count() == 1


@pytest.mark.django_db
def test_guessing_codes_is_slowed_down(client, officer):
    device = confirmed_device(officer)
    with time_machine.travel(NOON, tick=False):
        password_sign_in(client, officer)
        wrong = f"{(int(totp_code(device)) + 500_000) % 1_000_000:06d}"
        client.post(reverse("accounts:mfa-verify"), {"code": wrong})
        # Straight after a wrong guess even the right code waits: django-otp's throttle.
        response = client.post(reverse("accounts:mfa-verify"), {"code": totp_code(device)})
        assert "too many wrong codes" in response.text
    with time_machine.travel(NOON + dt.timedelta(seconds=30), tick=False):
        response = client.post(reverse("accounts:mfa-verify"), {"code": totp_code(device)})
        assert response.status_code == 302


@pytest.mark.django_db
def test_a_backup_code_works_once_only(client, officer):
    confirmed_device(officer)
    backup = StaticDevice.objects.create(user=officer, name="Backup codes", confirmed=True)
    backup.token_set.create(token="a1b2c3d4")
    backup.token_set.create(token="e5f6a7b8")

    password_sign_in(client, officer)
    response = client.post(reverse("accounts:mfa-verify"), {"code": "A1B2 C3D4"}, follow=True)
    assert response.status_code == 200
    assert "You have 1 left" in response.text
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.BACKUP_CODE_USED, user=officer).exists()
    client.post(reverse("accounts:logout"))

    password_sign_in(client, officer)
    response = client.post(reverse("accounts:mfa-verify"), {"code": "a1b2c3d4"})
    assert response.status_code == 200
    assert "That code is not right" in response.text


@pytest.mark.django_db
def test_the_session_key_changes_when_the_second_factor_is_proven(client, officer):
    device = confirmed_device(officer)
    password_sign_in(client, officer)
    before = client.session.session_key
    client.post(reverse("accounts:mfa-verify"), {"code": totp_code(device)})
    assert client.session.session_key != before


@pytest.mark.django_db
def test_an_administrator_resets_a_lost_authenticator_and_it_is_logged(
    client, client_as, admin_user, officer
):
    confirmed_device(officer)
    StaticDevice.objects.create(user=officer, name="Backup codes", confirmed=True).token_set.create(
        token="a1b2c3d4"
    )
    admin_client = client_as(admin_user)

    response = admin_client.post(reverse("accounts:person-mfa-reset", args=[officer.pk]))

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticDevice.objects.filter(user=officer).exists()
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.MFA_RESET)
    assert (event.user, event.subject) == (admin_user, officer)


@pytest.mark.django_db
def test_after_a_reset_the_person_sets_up_a_new_authenticator(client, client_as, admin_user, officer):
    confirmed_device(officer)
    client_as(admin_user).post(reverse("accounts:person-mfa-reset", args=[officer.pk]))
    client.logout()
    password_sign_in(client, officer)
    assert client.get(reverse("core:home"))["Location"] == reverse("accounts:mfa-setup")


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in roles.ROLES if r != roles.ADMINISTRATOR])
def test_only_administrators_can_reset_an_authenticator(client_as, officer, role):
    confirmed_device(officer)
    response = client_as(make_person(role, username="someone-else")).post(
        reverse("accounts:person-mfa-reset", args=[officer.pk])
    )
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=officer).exists()
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.MFA_RESET).exists()


@pytest.mark.django_db
def test_a_local_demo_can_switch_mfa_off(client, settings, officer):
    settings.MFA_REQUIRED = False
    password_sign_in(client, officer)
    assert client.get(reverse("core:home")).status_code == 200


def test_production_mode_will_not_start_with_mfa_switched_off(settings):
    settings.PRODUCTION = True
    settings.MFA_REQUIRED = False
    assert "cpboard.E001" in {message.id for message in run_checks()}
    settings.MFA_REQUIRED = True
    assert "cpboard.E001" not in {message.id for message in run_checks()}


def test_the_production_server_refuses_to_run_with_mfa_switched_off():
    """Refused when the settings load, so every way of starting refuses, not only commands that run system
    checks: tests/core/test_serve.py starts gunicorn itself with MFA off and sees it stop."""
    refused = run_manage("check", env=production_env(CPBOARD_MFA_REQUIRED="false"))
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines() == [
        "cpboard will not start in production: multi-factor authentication is switched off "
        "(CPBOARD_MFA_REQUIRED=false): only a local demo may run without it."
    ]

    allowed = run_manage("check", env=production_env())
    assert allowed.returncode == 0, allowed.stderr
