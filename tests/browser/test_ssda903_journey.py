"""The SSDA903 journey in a real browser: an officer uploads the council's return (every table at once), reads
the data-quality report, sees the computed draft figures with their provenance, opens the quarter and submits
it; a senior officer signs it off; a board member's explain-this-number page names the method."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cpboard.core import roles
from performance.models import Indicator, IndicatorValue, QuarterReturn
from tests.browser.conftest import sign_in as sign_in_with_password
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.performance import IndicatorFactory
from tests.performance.ssda903.conftest import FAKE_DIR, FAKE_TABLES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser_page, settings):
    settings.MFA_REQUIRED = False  # the same people sign in several times; MFA has its own tests
    return browser_page


def sign_in(page, live_server, username: str) -> None:
    sign_in_with_password(page, live_server, username, PASSWORD)
    assert reverse("accounts:login") not in page.url


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def test_an_officer_computes_a_quarter_from_the_return_and_the_board_reads_the_method(page, live_server):
    UserFactory(username="olive-officer", roles=[roles.OFFICER])
    UserFactory(username="sam-senior", roles=[roles.SENIOR_OFFICER])
    UserFactory(username="cllr-bea", roles=[roles.BOARD_MEMBER])
    IndicatorFactory(
        code="CIC-NUMBER",
        title="Children in care",
        unit=Indicator.Unit.COUNT,
        is_proportion=False,
        numerator_label="",
        denominator_label="",
    )
    IndicatorFactory(
        code="PS-3PLUS",
        title="Three or more placements",
        numerator_label="Children with three or more placements",
        denominator_label="Children in care",
    )

    sign_in(page, live_server, "olive-officer")
    page.goto(live_server.url + reverse("performance:quarter-list"))
    page.goto(live_server.url + reverse("performance:ssda903-upload"))
    assert page.get_by_role("heading", level=1).inner_text() == "Compute figures from the SSDA903 return"
    page.get_by_label("Date of the extract").fill("31/12/2017")
    page.get_by_label("The return's files").set_input_files(
        [str(FAKE_DIR / f"{name}.csv") for name in FAKE_TABLES]
    )
    page.get_by_label("Children aged 0 to 17 living in the area").fill("34,680")
    page.get_by_role("button", name="Check the return and compute the figures").click()

    # The data-quality report: counted warnings, the child references offered once as a download.
    report = page.locator("main").inner_text()
    assert "Data-quality report" in report
    assert "Codes not valid for the collection year" in report
    assert "“CUSTOD” is not a valid 2017-18 code (216 rows)" in report
    with page.expect_download() as download:
        page.get_by_role("link", name="child references to fix (CSV)").click()
    assert download.value.suggested_filename == "ssda903-records-to-fix.csv"

    # The computed figures, with where they came from.
    figures = page.locator("#computed-figures").inner_text()
    assert "Children in care" in figures and "1313" in figures.replace(",", "")
    assert "160 of 1,313" in figures  # three or more placements
    assert "378.6 per 10,000 (1,313 of 34,680 children aged 0 to 17)" in figures  # 1,313 x 10,000 / 34,680
    assert (
        "Computed from the SSDA903 extract of 31/12/2017, rates per 10,000 of 34,680 children aged 0 to 17 in "
        "the area (ONS mid-year estimate, given by the officer), files header.csv SHA-256"
        in page.locator("#provenance").inner_text()
    )

    # The quarter holds them as its draft; the officer submits it as usual.
    page.get_by_role("link", name="2017-18 Q3 figures").click()
    assert page.get_by_role("heading", level=1).inner_text() == "2017-18 Q3 figures"
    assert "Computed from the SSDA903 extract of 31/12/2017" in page.locator("main").inner_text()
    page.get_by_label("Commentary for the board").fill("Computed from the council's own return.")
    page.get_by_role("button", name="Submit for sign-off").click()
    assert "saved and submitted for sign-off" in page.locator(".govuk-notification-banner").inner_text()
    assert QuarterReturn.objects.get(period__year_start=2017, period__quarter=3).status == "submitted"
    sign_out(page)

    # A board member's explain-this-number page names the method.
    value = IndicatorValue.objects.get(indicator__code="CIC-NUMBER")
    sign_in(page, live_server, "cllr-bea")
    page.goto(live_server.url + value.get_absolute_url())
    method = page.locator("#method").inner_text()
    assert "Children looked after on the date" in method
    assert "short breaks" in method  # a rule the method chose, written beside it
    assert "Children looked after in England including adoptions" in method  # the DfE publication
    assert "Computed from the SSDA903 extract of 31/12/2017" in page.locator("main").inner_text()
