"""A quarter's journey in a real browser: an officer types figures (one wrong at first) and presses Submit
without saving first; a senior officer checks the quarter on its sign-off page and sends it back with a reason;
the officer reads the reason, changes the commentary and submits again; the senior officer signs off; the
officer finds the quarter locked; a board member sees the new figure's RAG and trend; a bad CSV import is
refused row by row."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cpboard.core import roles
from performance.models import Indicator, IndicatorValue, QuarterReturn
from tests.browser.conftest import sign_in as sign_in_with_password
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.performance import (
    IndicatorFactory,
    IndicatorValueFactory,
    QuarterReturnFactory,
    TargetFactory,
    financial_year,
    quarter,
    released,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser_page, settings):
    settings.MFA_REQUIRED = (
        False  # the same people sign in several times within one TOTP step; MFA has its own tests
    )
    return browser_page


def sign_in(page, live_server, username: str) -> None:
    sign_in_with_password(page, live_server, username, PASSWORD)
    assert reverse("accounts:login") not in page.url


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def test_a_quarter_goes_from_entry_to_sign_off_and_a_bad_import_saves_nothing(page, live_server, tmp_path):
    UserFactory(username="olive-officer", roles=[roles.OFFICER])
    UserFactory(username="sam-senior", first_name="Sam", last_name="Senior", roles=[roles.SENIOR_OFFICER])
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
    UserFactory(username="cllr-bea", first_name="Bea", roles=[roles.BOARD_MEMBER])
    TargetFactory(indicator=stability, period=financial_year(2025), value=Decimal("9.5"))
    IndicatorValueFactory(
        indicator=stability, period=quarter(2024, 4), numerator=14, denominator=120, value=Decimal("11.7")
    )
    released(quarter(2024, 4))  # last quarter, signed off, so the board compares with it
    QuarterReturnFactory(period=quarter(2025, 1))

    # An officer opens the quarter from the list and types one figure wrongly.
    sign_in(page, live_server, "olive-officer")
    page.goto(live_server.url + reverse("performance:quarter-list"))
    page.get_by_role("link", name="2025-26 Q1").click()
    page.get_by_label("Children who moved three or more times").fill("130")
    page.get_by_label("All children in care").fill("120")
    page.get_by_label("Number of children").fill("4")
    page.get_by_label("Commentary for the board").fill("Fewer moves this quarter.")
    page.get_by_role("button", name="Submit for sign-off").click()  # never saved first: Submit saves

    numerator = page.get_by_label("Children who moved three or more times")
    assert numerator.input_value() == "130"  # what was typed is kept, with the error beside it
    assert page.get_by_label("Commentary for the board").input_value() == "Fewer moves this quarter."
    error = page.locator(f"#id_i{stability.pk}-numerator-error")
    assert "cannot be more than" in error.inner_text()
    assert "Nothing has been saved or submitted" in page.locator(".govuk-error-summary").inner_text()
    assert not IndicatorValue.objects.filter(period=quarter(2025, 1)).exists()

    # Corrected and submitted: the one button saves the figures and submits them.
    numerator.fill("12")
    page.get_by_role("button", name="Submit for sign-off").click()
    assert "saved and submitted for sign-off" in page.locator(".govuk-notification-banner").inner_text()
    assert "Works out as 10%" in page.content().replace("<strong>", "").replace("</strong>", "")
    sign_out(page)

    # A senior officer checks the quarter on its sign-off page and sends it back, saying why.
    sign_in(page, live_server, "sam-senior")
    page.goto(live_server.url + reverse("performance:quarter-edit", args=[2025, 1]))
    page.get_by_role("button", name="Check and sign off 2025-26 Q1").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check 2025-26 Q1 figures before you sign off"
    row = page.get_by_role("row").filter(has_text="Three or more placements")
    assert "12 of 120 (10%)" in row.inner_text()
    assert "Down 1.7 points from 11.7% — better" in row.inner_text()
    assert "Fewer moves this quarter." in page.locator("main").inner_text()
    page.get_by_role(
        "button", name="Send back to officers"
    ).first.click()  # the link at the top jumps to the form
    page.get_by_label("Why are you sending the figures back?").fill("Say why placement moves fell.")
    page.locator("#send-back").get_by_role("button", name="Send back to officers").click()
    assert "sent back to officers" in page.locator(".govuk-notification-banner").first.inner_text()
    sign_out(page)

    # The officer reads who sent it back and why, answers in the commentary and submits again.
    sign_in(page, live_server, "olive-officer")
    page.goto(live_server.url + reverse("performance:quarter-edit", args=[2025, 1]))
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert (
        f"Sent back by Sam Senior on {today}: Say why placement moves fell."
        in page.locator("#sent-back").inner_text()
    )
    page.get_by_label("Commentary for the board").fill(
        "Fewer moves: two children settled in long-term foster homes."
    )
    page.get_by_role("button", name="Submit for sign-off").click()
    assert "saved and submitted for sign-off" in page.locator(".govuk-notification-banner").inner_text()
    sign_out(page)

    # The senior officer signs it off from the top of the sign-off page.
    sign_in(page, live_server, "sam-senior")
    page.goto(live_server.url + reverse("performance:quarter-check", args=[2025, 1]))
    assert "two children settled" in page.locator("main").inner_text()
    page.get_by_role("button", name="Sign off 2025-26 Q1").first.click()
    assert "signed off" in page.locator(".govuk-notification-banner").inner_text()
    sign_out(page)

    # The officer finds it locked, with a way to revise each figure.
    sign_in(page, live_server, "olive-officer")
    page.goto(live_server.url + reverse("performance:quarter-edit", args=[2025, 1]))
    assert "signed off and locked" in page.content()
    expect(page.get_by_role("button", name="Save draft")).to_have_count(0)
    figure = IndicatorValue.objects.get(indicator=stability, period=quarter(2025, 1))
    revise = page.locator(f'a[href="{reverse("performance:value-revise", args=[figure.pk])}"]')
    assert revise.inner_text().startswith("Revise a figure")
    assert (figure.numerator, figure.status) == (12, IndicatorValue.Status.PUBLISHED)
    assert QuarterReturn.objects.get(period=quarter(2025, 1)).status == QuarterReturn.Status.SIGNED_OFF
    sign_out(page)

    # A board member sees the new figure on the dashboard: its RAG, direction of travel and trend.
    sign_in(page, live_server, "cllr-bea")
    page.get_by_role("link", name="Performance").first.click()
    row = page.get_by_role("row").filter(has_text="Three or more placements")
    assert "10.0%" in row.inner_text() and "2025-26 Q1" in row.inner_text()
    assert "Amber" in row.get_by_role("strong").first.inner_text()  # 10.0% against 9.5%, lower is better
    assert "since 2024-25 Q4 — better" in row.inner_text()
    expect(row.locator("svg.cp-spark")).to_have_count(1)
    row.get_by_role("link", name="Three or more placements").click()
    assert "to 10.0% (30/06/2025)" in page.locator("svg.cp-chart__svg--wide desc").text_content()
    sign_out(page)
    sign_in(page, live_server, "olive-officer")

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
