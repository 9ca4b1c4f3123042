"""Brute force: five failed sign-ins for one username from one address pause that pair (django-axes)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.urls import reverse

from cpboard.accounts.views import LOCKED_OUT_MESSAGE
from cpboard.core.models import SecurityEvent
from tests.security.support import password_sign_in

START = dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC)


def fail(client, username: str, times: int, **extra):
    for _ in range(times):
        response = password_sign_in(client, username, "not-the-password", **extra)
    return response


@pytest.mark.django_db
def test_four_failures_still_let_the_right_password_in(client, officer):
    fail(client, officer.username, 4)
    response = password_sign_in(client, officer)
    assert response.status_code == 302
    assert not response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_five_failures_lock_the_username_from_that_address_even_with_the_right_password(client, officer):
    fifth = fail(client, officer.username, 5)
    assert fifth.status_code == 429
    assert LOCKED_OUT_MESSAGE in fifth.text

    response = password_sign_in(client, officer)

    assert response.status_code == 429
    assert LOCKED_OUT_MESSAGE in response.text
    assert "_auth_user_id" not in client.session
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.LOCKED_OUT, username=officer.username
    ).exists()


@pytest.mark.django_db
def test_the_lockout_is_for_that_username_and_address_together(client, officer, board_member):
    fail(client, officer.username, 5, REMOTE_ADDR="203.0.113.5")

    assert password_sign_in(client, board_member, REMOTE_ADDR="203.0.113.5").status_code == 302
    client.logout()
    assert password_sign_in(client, officer, REMOTE_ADDR="198.51.100.7").status_code == 302


@pytest.mark.django_db
def test_the_lockout_ends_after_the_cool_off_period(client, officer):
    with time_machine.travel(START, tick=False):
        fail(client, officer.username, 5)
    with time_machine.travel(START + dt.timedelta(minutes=61), tick=False):
        assert password_sign_in(client, officer).status_code == 302


@pytest.mark.django_db
def test_trying_again_during_the_lockout_starts_the_cool_off_again(client, officer):
    with time_machine.travel(START, tick=False):
        fail(client, officer.username, 5)
    with time_machine.travel(START + dt.timedelta(minutes=59), tick=False):
        assert password_sign_in(client, officer).status_code == 429
    with time_machine.travel(START + dt.timedelta(minutes=61), tick=False):
        assert password_sign_in(client, officer).status_code == 429
    with time_machine.travel(START + dt.timedelta(minutes=61 + 61), tick=False):
        assert password_sign_in(client, officer).status_code == 302


@pytest.mark.django_db
def test_the_cool_off_period_is_configurable(client, settings, officer):
    settings.AXES_COOLOFF_TIME = 0.25  # hours (CPBOARD_LOCKOUT_COOLOFF_HOURS)
    with time_machine.travel(START, tick=False):
        fail(client, officer.username, 5)
    with time_machine.travel(START + dt.timedelta(minutes=16), tick=False):
        assert password_sign_in(client, officer).status_code == 302


def _page_text(response, typed_username: str) -> str:
    """The page as a person reads it, without the per-request CSRF token or the username they typed."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.text)
    return text.replace(typed_username, "USERNAME")


@pytest.mark.django_db
def test_unknown_usernames_and_wrong_passwords_get_the_same_page(client, officer):
    wrong_password = password_sign_in(client, officer.username, "not-the-password")
    unknown_user = password_sign_in(client, "nobody-by-this-name", "not-the-password")

    assert wrong_password.status_code == unknown_user.status_code == 200
    assert "The username or password is not right" in wrong_password.text
    assert _page_text(wrong_password, officer.username) == _page_text(unknown_user, "nobody-by-this-name")


@pytest.mark.django_db
def test_a_deactivated_person_gets_the_same_page_as_a_wrong_password(client, officer):
    officer.is_active = False
    officer.save()
    deactivated = password_sign_in(client, officer)  # the right password
    unknown_user = password_sign_in(client, "nobody-by-this-name", "not-the-password")
    assert _page_text(deactivated, officer.username) == _page_text(unknown_user, "nobody-by-this-name")


@pytest.mark.django_db
def test_unknown_usernames_are_locked_out_the_same_way(client, officer):
    unknown = fail(client, "nobody-by-this-name", 5)
    known = fail(client, officer.username, 5)
    assert unknown.status_code == known.status_code == 429
    assert _page_text(unknown, "nobody-by-this-name") == _page_text(known, officer.username)


# --- Password spraying: many usernames from one address (cpboard.accounts.lockout)

SPRAYER = "203.0.113.66"


def spray(client, accounts, per_account: int, **extra) -> list[int]:
    """Try `per_account` wrong passwords on each account in turn; the status of every attempt."""
    codes = []
    for _ in range(per_account):
        for person in accounts:
            codes.append(password_sign_in(client, person.username, "Summer2026!", **extra).status_code)
    return codes


@pytest.fixture
def nine_accounts(db):
    from tests.factories.accounts import UserFactory

    return [UserFactory(username=f"sprayed-{n}") for n in range(9)]


@pytest.mark.django_db
def test_one_address_trying_many_usernames_is_refused_before_the_27th_try(client, nine_accounts):
    codes = spray(client, nine_accounts, 3, REMOTE_ADDR=SPRAYER)

    assert 429 in codes
    first_refused = codes.index(429) + 1
    assert first_refused == 21  # 20 failures (CPBOARD_LOCKOUT_FAILURES_PER_ADDRESS), then refused
    assert set(codes[first_refused - 1 :]) == {429}
    events = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ADDRESS_LOCKED_OUT)
    assert events.count() == 1  # logged once, not per refused attempt
    assert events.get().ip_address == SPRAYER
    # axes' own per-username lockout never fired: only 3 failures each
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOCKED_OUT).exists()


@pytest.mark.django_db
def test_a_paused_address_is_refused_even_with_the_right_password_and_says_try_later(
    client, nine_accounts, officer
):
    with time_machine.travel(START, tick=False):
        spray(client, nine_accounts, 3, REMOTE_ADDR=SPRAYER)
    with time_machine.travel(START + dt.timedelta(minutes=59), tick=False):
        response = password_sign_in(client, officer, REMOTE_ADDR=SPRAYER)
        assert response.status_code == 429
        assert LOCKED_OUT_MESSAGE in response.text and "Try again later" in response.text
        assert "_auth_user_id" not in client.session
    with time_machine.travel(START + dt.timedelta(minutes=61), tick=False):
        assert password_sign_in(client, officer, REMOTE_ADDR=SPRAYER).status_code == 302


@pytest.mark.django_db
def test_another_address_is_not_affected_by_a_paused_one(client, nine_accounts, officer):
    spray(client, nine_accounts, 3, REMOTE_ADDR=SPRAYER)
    assert password_sign_in(client, officer, REMOTE_ADDR="198.51.100.20").status_code == 302


@pytest.mark.django_db
def test_the_address_behind_trusted_proxies_is_the_one_paused(client, settings, nine_accounts, officer):
    settings.AXES_IPWARE_PROXY_COUNT = 1  # CPBOARD_PROXY_COUNT
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    spray(client, nine_accounts, 3, HTTP_X_FORWARDED_FOR=SPRAYER, **proxy)
    assert SecurityEvent.objects.get(kind=SecurityEvent.Kind.ADDRESS_LOCKED_OUT).ip_address == SPRAYER
    # Another person behind the same proxy is not refused.
    assert password_sign_in(client, officer, HTTP_X_FORWARDED_FOR="198.51.100.21", **proxy).status_code == 302


@pytest.mark.django_db
def test_the_per_address_limit_is_configurable(client, settings, nine_accounts):
    settings.LOCKOUT_FAILURES_PER_ADDRESS = 4  # CPBOARD_LOCKOUT_FAILURES_PER_ADDRESS
    codes = spray(client, nine_accounts, 1, REMOTE_ADDR=SPRAYER)
    assert codes.index(429) == 4


@pytest.mark.django_db
def test_behind_the_proxy_five_failures_lock_the_username_only_from_the_failing_address(
    client, settings, officer
):
    """django-axes counts per username and address with the same address as the log (CPBOARD_PROXY_COUNT),
    not the proxy's: otherwise anyone could lock a named person out for everyone behind the proxy."""
    settings.AXES_IPWARE_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    fifth = fail(client, officer.username, 5, HTTP_X_FORWARDED_FOR="203.0.113.50", **proxy)
    assert fifth.status_code == 429

    response = password_sign_in(client, officer, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)

    assert response.status_code == 302

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) <= {"203.0.113.50", "198.51.100.7"}


@pytest.mark.django_db
@pytest.mark.parametrize("forwarded", ["not-an-ip", "1.2.3.4, evil<b>", "999.1.1.1"])
def test_a_forwarded_address_that_is_not_an_address_is_ignored(client, settings, officer, forwarded):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    response = password_sign_in(
        client, officer, "wrong", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 200
    assert SecurityEvent.objects.get(kind=SecurityEvent.Kind.LOGIN_FAILED).ip_address == "10.0.0.1"


@pytest.mark.django_db
def test_behind_a_proxy_the_username_lockout_is_for_the_clients_address_not_the_proxys(
    client, settings, officer
):
    # Every request reaches the app from the balancer (REMOTE_ADDR); the client is the X-Forwarded-For hop.
    settings.AXES_IPWARE_PROXY_COUNT = 1  # CPBOARD_PROXY_COUNT
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    fifth = fail(client, officer.username, 5, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    assert fifth.status_code == 429
    assert password_sign_in(client, officer, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy).status_code == 429
    # The same person from their own address is not locked out by someone else's failures.
    response = password_sign_in(client, officer, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert response.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}
