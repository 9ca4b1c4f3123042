"""The security log: each kind of event is recorded with who, what, when and from where; administrators read it."""

from __future__ import annotations

import pytest
from django.db import models
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from cpboard.core import roles
from cpboard.core.models import SecurityEvent
from cpboard.core.uploads import store_upload
from tests.conftest import make_person, signed_in
from tests.security.support import password_sign_in, totp_code

Kind = SecurityEvent.Kind
ADDRESS = "203.0.113.9"


def only_event(kind: str) -> SecurityEvent:
    events = list(SecurityEvent.objects.filter(kind=kind))
    assert len(events) == 1, f"expected one {kind} event, found {len(events)}"
    return events[0]


@pytest.mark.django_db
def test_signing_in_and_out_is_recorded_with_the_address(officer):
    client = Client(REMOTE_ADDR=ADDRESS)
    password_sign_in(client, officer)
    client.post(reverse("accounts:logout"))
    for kind in (Kind.LOGIN, Kind.LOGOUT):
        event = only_event(kind)
        assert (event.user, event.username, event.ip_address) == (officer, officer.username, ADDRESS)
        assert event.at is not None


@pytest.mark.django_db
def test_failed_sign_ins_and_lockouts_are_recorded_with_the_username_typed(officer):
    client = Client(REMOTE_ADDR=ADDRESS)
    for _ in range(5):
        password_sign_in(client, "no-such-person", "guess")
    assert (
        SecurityEvent.objects.filter(
            kind=Kind.LOGIN_FAILED, username="no-such-person", ip_address=ADDRESS
        ).count()
        == 5
    )
    event = only_event(Kind.LOCKED_OUT)
    assert (event.username, event.ip_address, event.user) == ("no-such-person", ADDRESS, None)
    assert not SecurityEvent.objects.filter(detail__icontains="guess").exists()  # never the password


@pytest.mark.django_db
def test_authenticator_set_up_failures_backup_codes_and_resets_are_recorded(
    client, client_as, officer, admin_user
):
    password_sign_in(client, officer)
    client.get(reverse("accounts:mfa-setup"))
    device = TOTPDevice.objects.get(user=officer)
    client.post(reverse("accounts:mfa-setup"), {"code": totp_code(device)})
    assert only_event(Kind.MFA_SET_UP).user == officer
    backup_code = officer.staticdevice_set.get().token_set.first().token
    client.post(reverse("accounts:logout"))

    password_sign_in(client, officer)
    client.post(
        reverse("accounts:mfa-verify"), {"code": "000000" if totp_code(device) != "000000" else "111111"}
    )
    assert only_event(Kind.MFA_FAILED).user == officer
    client.post(reverse("accounts:mfa-verify"), {"code": backup_code})
    assert only_event(Kind.BACKUP_CODE_USED).user == officer

    client_as(admin_user).post(reverse("accounts:person-mfa-reset", args=[officer.pk]))
    event = only_event(Kind.MFA_RESET)
    assert (event.user, event.subject) == (admin_user, officer)


@pytest.mark.django_db
def test_role_changes_and_deactivation_are_recorded(client_as, admin_user):
    person = make_person(roles.BOARD_MEMBER, username="councillor")
    client = client_as(admin_user)
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "username": person.username,
        "organisation": "",
        "job_title": "",
        "roles": ["officer"],
        "version": person.version,
    }
    SecurityEvent.objects.all().delete()  # the fixtures' own set-up gave roles too

    client.post(reverse("accounts:person-edit", args=[person.pk]), data)

    added, removed = only_event(Kind.ROLE_ADDED), only_event(Kind.ROLE_REMOVED)
    assert (added.user, added.subject, added.detail) == (admin_user, person, "Officer")
    assert (removed.user, removed.subject, removed.detail) == (admin_user, person, "Board member")
    event = only_event(Kind.DEACTIVATED)  # "Can sign in" was left unticked
    assert (event.user, event.subject) == (admin_user, person)

    person.refresh_from_db()
    client.post(
        reverse("accounts:person-edit", args=[person.pk]),
        {**data, "is_active": "on", "version": person.version},
    )
    assert only_event(Kind.REACTIVATED).subject == person


@pytest.mark.django_db
def test_exports_downloads_and_refused_pages_are_recorded(client_as, officer, board_member):
    officer_client = client_as(officer)
    officer_client.get(reverse("performance:dashboard-export", args=["csv"]))
    assert only_event(Kind.EXPORT).user == officer
    stored = store_upload(b"a,b\n", name="q1.csv", kind="csv", purpose="performance-import", by=officer)
    officer_client.get(reverse("core:file-download", args=[stored.uuid]))
    assert only_event(Kind.DOWNLOAD).detail == "performance-import: q1.csv"

    Client().logout()
    client_as(board_member).get(reverse("accounts:person-list"))
    event = only_event(Kind.ACCESS_REFUSED)
    assert (event.user, event.detail) == (board_member, reverse("accounts:person-list"))


@pytest.mark.django_db
def test_the_log_holds_no_free_text():
    """Only short fixed descriptions: no text field a report's or survey's words could be copied into."""
    text_fields = [f.name for f in SecurityEvent._meta.fields if isinstance(f, models.TextField)]
    assert text_fields == []
    assert SecurityEvent._meta.get_field("detail").max_length == 255


@pytest.mark.django_db
def test_administrators_read_the_log_and_can_filter_it(client_as, admin_user, officer):
    password_sign_in(Client(REMOTE_ADDR=ADDRESS), officer)
    password_sign_in(Client(REMOTE_ADDR=ADDRESS), "no-such-person", "guess")
    client = client_as(admin_user)

    everything = client.get(reverse("accounts:security-log"))
    failures = client.get(reverse("accounts:security-log"), {"kind": Kind.LOGIN_FAILED})

    assert everything.status_code == 200
    assert "Signed in" in everything.text
    assert ADDRESS in everything.text
    assert "no-such-person" in failures.text
    assert officer.get_full_name() not in failures.text


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in roles.ROLES if r != roles.ADMINISTRATOR])
def test_only_administrators_read_the_log(client, role):
    signed_in(client, make_person(role))
    assert client.get(reverse("accounts:security-log")).status_code == 403
