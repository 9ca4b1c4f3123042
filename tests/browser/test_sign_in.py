"""Each role signs in, in a real browser, and lands on its home page: staff with a real authenticator code,
Children in Care Council members with a password only."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from cpboard.core import roles
from tests.browser.conftest import key_from_setup_page, sign_in, totp_now
from tests.conftest import make_person
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.browser


def live_server_url(page) -> str:
    scheme, _, rest = page.url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"


def assert_home(page, person, role_slug):
    expect(page).to_have_url(live_server_url(page) + reverse("core:home"))
    expect(page.locator("h1")).to_have_text(f"Welcome, {person.first_name}")
    expect(page.locator("main")).to_contain_text(f"You are signed in as: {roles.ROLES[role_slug].name}")


@pytest.mark.parametrize(
    "role", [roles.BOARD_MEMBER, roles.SENIOR_OFFICER, roles.SCRUTINY_OFFICER, roles.ADMINISTRATOR]
)
def test_staff_sign_in_with_their_authenticator_code(browser_page, live_server, role):
    person = make_person(role, first_name="Alys")
    device = TOTPDevice.objects.create(user=person, name="Phone", confirmed=True)

    sign_in(browser_page, live_server, person.username, PASSWORD, totp_device=device)

    assert_home(browser_page, person, role)


def test_an_officer_sets_up_an_authenticator_on_first_sign_in(browser_page, live_server):
    person = make_person(roles.OFFICER, first_name="Priya")

    sign_in(browser_page, live_server, person.username, PASSWORD)
    assert browser_page.url.endswith(reverse("accounts:mfa-setup"))
    assert browser_page.locator("h1").inner_text() == "Set up your authenticator app"
    browser_page.get_by_label("Code").fill(totp_now(key_from_setup_page(browser_page)))
    browser_page.get_by_role("button", name="Continue").click()

    expect(browser_page.locator("h1")).to_have_text("Your authenticator is set up")
    expect(browser_page.locator(".cp-backup-codes li")).to_have_count(10)
    browser_page.get_by_role("link", name="I have kept my codes").click()
    assert_home(browser_page, person, roles.OFFICER)


def test_a_children_in_care_council_member_signs_in_without_an_authenticator(browser_page, live_server):
    person = make_person(roles.CICC_MEMBER, first_name="Jay")

    sign_in(browser_page, live_server, person.username, PASSWORD)

    # Their home is their own page: the pledge, their survey and "you said, we did".
    expect(browser_page).to_have_url(live_server_url(browser_page) + reverse("pledge:young-home"))
    expect(browser_page.locator("h1")).to_have_text("Hello, Jay")


def test_a_wrong_password_is_shown_next_to_the_form(browser_page, live_server):
    person = make_person(roles.OFFICER)

    sign_in(browser_page, live_server, person.username, "not-the-password")

    assert browser_page.url.endswith(reverse("accounts:login"))
    expect(browser_page.locator(".govuk-error-summary")).to_contain_text(
        "The username or password is not right"
    )
