"""Browser tests: Playwright's sync API driving Debian's Chromium, headless, one fresh context per test.

    def test_something(browser_page, live_server, officer):
        sign_in(browser_page, live_server, officer.username, PASSWORD, totp_device=device_for(officer))

Skipped only where Chromium is not installed and this is not CI (CI=true makes a missing browser a failure).
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest
from django.urls import reverse
from django_otp.oath import totp

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HERE = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def _chromium():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is not installed at {CHROMIUM}, and CI must run the browser tests.")
        pytest.skip(f"Chromium is not installed at {CHROMIUM}: run 'make browser' to install it.")
    from playwright.sync_api import expect, sync_playwright

    # Playwright's sync API keeps an event loop running; Django's ORM must still be usable from the test.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # expect() retries until the page shows what it asserts. A click returns once the next page has begun to
    # load, so a one-off check such as is_visible() can read a half-drawn page on a busy machine; give expect()
    # the same patience as every other action.
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_page(_chromium, transactional_db):
    """A page in a brand-new browser context (no cookies or storage shared between tests)."""
    context = _chromium.new_context(locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def totp_now(key: bytes) -> str:
    return f"{totp(key):06d}"


def key_from_setup_page(page) -> bytes:
    """The secret the set-up page shows for typing into an app by hand, as the app would decode it."""
    typed = page.locator("code.cp-secret").text_content().replace(" ", "")
    return base64.b32decode(typed + "=" * (-len(typed) % 8))


def sign_in(page, live_server, username: str, password: str, totp_device=None) -> None:
    """Fill the sign-in form; with a TOTP device, also enter its current code on the next page."""
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if totp_device is not None:
        assert page.url.endswith(reverse("accounts:mfa-verify")), f"expected the code page, got {page.url}"
        page.get_by_label("Code").fill(totp_now(totp_device.bin_key))
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()


def go_to(page, section: str, name: str | None = None) -> None:
    """Open a page as a person would: the section in the header's menu (unfolding it on a phone), then, for a
    page other than the section's first, its link in the section's sub-navigation."""
    toggle = page.get_by_role("button", name="Menu")
    if toggle.is_visible():
        toggle.click()
    page.get_by_role("navigation", name="Menu").get_by_role("link", name=section).click()
    if name is not None:
        page.get_by_role("navigation", name=section).get_by_role("link", name=name).click()
    page.wait_for_load_state()
