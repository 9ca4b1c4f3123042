"""Sessions: 30 minutes idle and 12 hours in all end a session; deactivation ends it at once."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from cpboard.core.models import SecurityEvent
from tests.conftest import signed_in
from tests.security.support import password_sign_in, run_python

START = dt.datetime(2026, 1, 15, 8, 0, tzinfo=dt.UTC)


def is_signed_out(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_a_session_survives_activity_within_the_idle_limit(client, officer):
    with time_machine.travel(START, tick=False) as clock:
        signed_in(client, officer)
        for _ in range(4):
            clock.shift(dt.timedelta(minutes=29))
            assert client.get(reverse("core:home")).status_code == 200


@pytest.mark.django_db
def test_thirty_minutes_idle_signs_you_out(client, officer):
    with time_machine.travel(START, tick=False) as clock:
        signed_in(client, officer)
        assert client.get(reverse("core:home")).status_code == 200
        clock.shift(dt.timedelta(minutes=31))
        assert is_signed_out(client.get(reverse("core:home")))


@pytest.mark.django_db
def test_the_idle_limit_is_configurable(client, settings, officer):
    settings.SESSION_COOKIE_AGE = 10 * 60
    with time_machine.travel(START, tick=False) as clock:
        signed_in(client, officer)
        client.get(reverse("core:home"))
        clock.shift(dt.timedelta(minutes=11))
        assert is_signed_out(client.get(reverse("core:home")))


@pytest.mark.django_db
def test_twelve_hours_after_signing_in_you_are_signed_out_however_active(client, officer):
    with time_machine.travel(START, tick=False) as clock:
        password_sign_in(client, officer)
        signed_in(client, officer)
        for step in range(1, 29):  # a request every 25 minutes, for 11 hours 40 minutes
            clock.shift(dt.timedelta(minutes=25))
            assert client.get(reverse("core:home")).status_code == 200, (
                f"signed out after {step * 25} minutes"
            )
        clock.shift(dt.timedelta(minutes=25))  # 12 hours 5 minutes

        response = client.get(reverse("core:home"))

        assert is_signed_out(response)
        follow = client.get(response["Location"])
        assert "your session reached its time limit" in follow.text
        assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SESSION_EXPIRED, user=officer).exists()


@pytest.mark.django_db
def test_the_absolute_limit_is_configurable(client, settings, officer):
    settings.SESSION_ABSOLUTE_HOURS = 1
    with time_machine.travel(START, tick=False) as clock:
        signed_in(client, officer)
        client.get(reverse("core:home"))
        for _ in range(2):
            clock.shift(dt.timedelta(minutes=25))
            assert client.get(reverse("core:home")).status_code == 200
        clock.shift(dt.timedelta(minutes=25))
        assert is_signed_out(client.get(reverse("core:home")))


@pytest.mark.django_db
def test_deactivating_a_person_ends_their_session_on_their_next_request(client_as, admin_user, officer):
    officer_client = signed_in(Client(), officer)
    assert officer_client.get(reverse("core:home")).status_code == 200
    admin_client = client_as(admin_user)
    edit = admin_client.get(reverse("accounts:person-edit", args=[officer.pk]))
    data = {key: value for key, value in edit.context["form"].initial.items() if value is not None}
    data.update(version=officer.version, roles=["officer"])
    data.pop("is_active")

    response = admin_client.post(reverse("accounts:person-edit", args=[officer.pk]), data)

    assert response.status_code == 302
    officer.refresh_from_db()
    assert not officer.is_active
    assert is_signed_out(officer_client.get(reverse("core:home")))


@pytest.mark.django_db
def test_signing_in_gives_a_new_session_key(client, officer):
    session = client.session
    session["before"] = "anonymous"
    session.save()
    before = session.session_key

    password_sign_in(client, officer)

    assert client.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()


def test_session_limits_come_from_the_environment():
    result = run_python(
        "from django.conf import settings as s; print(s.SESSION_COOKIE_AGE, s.SESSION_ABSOLUTE_HOURS, "
        "s.SESSION_SAVE_EVERY_REQUEST)",
        env={"CPBOARD_SESSION_IDLE_MINUTES": "15", "CPBOARD_SESSION_ABSOLUTE_HOURS": "8"},
    )
    assert [float(v) for v in result.stdout.split()[:2]] == [900, 8], result.stderr
    assert result.stdout.split()[2] == "False"  # saved when it changes, or to refresh the idle timer
    defaults = run_python(
        "from django.conf import settings as s; print(s.SESSION_COOKIE_AGE, s.SESSION_ABSOLUTE_HOURS)", env={}
    )
    assert [float(v) for v in defaults.stdout.split()] == [1800, 12], defaults.stderr


@pytest.mark.django_db
def test_a_page_does_not_write_the_session_but_activity_refreshes_it_once_a_minute(client, officer):
    """The idle timer is refreshed at most once every SESSION_REFRESH_SECONDS (60), so most pages cost no
    session write; the idle timeout holds to within that minute."""
    with time_machine.travel(START, tick=False) as clock:
        signed_in(client, officer)
        client.get(reverse("core:home"))
        session = Session.objects.get()
        expires = session.expire_date
        clock.shift(dt.timedelta(seconds=30))
        client.get(reverse("core:home"))
        assert Session.objects.get().expire_date == expires  # not written
        clock.shift(dt.timedelta(seconds=31))
        client.get(reverse("core:home"))
        assert Session.objects.get().expire_date == expires + dt.timedelta(seconds=61)  # refreshed


@pytest.mark.django_db
def test_idle_for_the_limit_less_the_refresh_minute_still_signs_you_out_on_time(client, officer):
    """A request 59 s after a refresh does not refresh: the session still ends 30 minutes after the refresh."""
    with time_machine.travel(START, tick=False) as clock:
        signed_in(client, officer)
        client.get(reverse("core:home"))
        clock.shift(dt.timedelta(seconds=59))
        client.get(reverse("core:home"))
        clock.shift(dt.timedelta(minutes=29, seconds=2))  # 30 min 1 s after the last refresh
        assert is_signed_out(client.get(reverse("core:home")))
