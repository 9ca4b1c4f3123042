"""A quarter's journey in a real browser: an officer enters figures (one wrong at first), saves and submits;
a senior officer signs off; the officer finds the quarter locked; a bad CSV import is refused row by row."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse

from cpboard.core import roles
from performance.models import Indicator, IndicatorValue, QuarterReturn
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.performance import IndicatorFactory, QuarterReturnFactory, quarter

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(settings, transactional_db):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is not installed at {CHROMIUM}, and CI must run the browser tests.")
        pytest.skip(f"Chromium is not installed at {CHROMIUM}.")
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    settings.MFA_REQUIRED = False
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.set_default_timeout(15_000)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


def sign_in(page, live_server, username: str) -> None:
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert reverse("accounts:login") not in page.url


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def test_a_quarter_goes_from_entry_to_sign_off_and_a_bad_import_saves_nothing(page, live_server, tmp_path):
    UserFactory(username="olive-officer", roles=[roles.OFFICER])
    UserFactory(username="sam-senior", roles=[roles.SENIOR_OFFICER])
    stability = IndicatorFactory(
        code="PS-1",
        title="Three or more placements",
        numerator_label="Children who moved three or more times",
        denominator_label="All children in care",
    )
    missing = IndicatorFactory(
        code="MISS-1",
        title="Missing from placement",
        unit=Indicator.Unit.COUNT,
        is_proportion=False,
        numerator_label="",
        denominator_label="",
    )
    QuarterReturnFactory(period=quarter(2025, 1))

    # An officer opens the quarter from the list and types one figure wrongly.
    sign_in(page, live_server, "olive-officer")
    page.goto(live_server.url + reverse("performance:quarter-list"))
    page.get_by_role("link", name="2025-26 Q1").click()
    page.get_by_label("Children who moved three or more times").fill("130")
    page.get_by_label("All children in care").fill("120")
    page.get_by_label("Number of children").fill("4")
    page.get_by_label("Commentary for the board").fill("Fewer moves this quarter.")
    page.get_by_role("button", name="Save draft").click()

    numerator = page.get_by_label("Children who moved three or more times")
    assert numerator.input_value() == "130"
    error = page.locator(f"#id_i{stability.pk}-numerator-error")
    assert "cannot be more than" in error.inner_text()
    assert page.locator(".govuk-error-summary").is_visible()
    assert not IndicatorValue.objects.exists()

    # Corrected, saved and submitted.
    numerator.fill("12")
    page.get_by_role("button", name="Save draft").click()
    assert "figures saved as a draft" in page.locator(".govuk-notification-banner").inner_text()
    assert "Works out as 10%" in page.content().replace("<strong>", "").replace("</strong>", "")
    page.get_by_role("button", name="Submit for sign-off").click()
    assert "submitted for sign-off" in page.locator(".govuk-notification-banner").inner_text()
    sign_out(page)

    # A senior officer signs it off.
    sign_in(page, live_server, "sam-senior")
    page.goto(live_server.url + reverse("performance:quarter-edit", args=[2025, 1]))
    page.get_by_role("button", name="Sign off 2025-26 Q1").click()
    assert "signed off" in page.locator(".govuk-notification-banner").inner_text()
    sign_out(page)

    # The officer finds it locked, with a way to revise each figure.
    sign_in(page, live_server, "olive-officer")
    page.goto(live_server.url + reverse("performance:quarter-edit", args=[2025, 1]))
    assert "signed off and locked" in page.content()
    assert page.get_by_role("button", name="Save draft").count() == 0
    figure = IndicatorValue.objects.get(indicator=stability)
    revise = page.locator(f'a[href="{reverse("performance:value-revise", args=[figure.pk])}"]')
    assert revise.inner_text().startswith("Revise a figure")
    assert (figure.numerator, figure.status) == (12, IndicatorValue.Status.PUBLISHED)
    assert QuarterReturn.objects.get().status == QuarterReturn.Status.SIGNED_OFF

    # A bad import into a draft quarter is refused with its rows' reasons, and nothing is saved.
    QuarterReturnFactory(period=quarter(2025, 2))
    bad = tmp_path / "q2.csv"
    bad.write_text(
        "indicator_code,indicator_title,what_to_enter,quarter,numerator,denominator,value\n"
        "PS-1,,,,5,50,\n"
        "MISS-1,,,,,,-3\n"
        "NOPE-1,,,,,,2\n",
        encoding="utf-8",
    )
    page.goto(live_server.url + reverse("performance:quarter-import", args=[2025, 2]))
    page.get_by_label("Upload a file").set_input_files(str(bad))
    page.get_by_role("button", name="Check and import figures").click()

    problems = page.locator("#import-problems").inner_text()
    assert "cannot be less than 0" in problems
    assert "There is no indicator with the code “NOPE-1”" in problems
    rows = page.locator("#import-problems tbody tr")
    assert [rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())] == ["3", "4"]
    assert "Nothing has been imported" in page.locator("#id_file-error").inner_text()
    assert not IndicatorValue.objects.filter(period=quarter(2025, 2)).exists()
    assert IndicatorValue.objects.filter(indicator=missing).count() == 1
