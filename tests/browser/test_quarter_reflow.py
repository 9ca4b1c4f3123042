"""The quarter pages at 320 CSS px (WCAG 1.4.10 reflow): the officers' form, the sign-off page and a signed-off
quarter's table never make the page scroll sideways."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from cpboard.core import roles
from tests.browser.conftest import sign_in
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.performance import IndicatorFactory, IndicatorValueFactory, QuarterReturnFactory, quarter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 320, "height": 640}


@pytest.fixture
def narrow_page(_chromium, settings):
    settings.MFA_REQUIRED = False
    context = _chromium.new_context(viewport=NARROW, locale="en-GB")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def overflow(page) -> int:
    """How many CSS px the document is wider than the window (0 when nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize(
    ("role", "status", "url_name"),
    [
        (roles.OFFICER, "draft", "performance:quarter-edit"),
        (roles.SENIOR_OFFICER, "submitted", "performance:quarter-check"),
        (roles.OFFICER, "signed_off", "performance:quarter-edit"),
    ],
    ids=["quarter-form", "sign-off-page", "signed-off-quarter"],
)
def test_quarter_pages_do_not_scroll_sideways_at_320_px(narrow_page, live_server, role, status, url_name):
    indicator = IndicatorFactory(
        code="PS-REFLOW", title="Children in care with three or more placements in the year"
    )
    for q in (4,):
        IndicatorValueFactory(indicator=indicator, period=quarter(2024, q), value=Decimal("11.7"))
    IndicatorValueFactory(indicator=indicator, period=quarter(2025, 1))
    QuarterReturnFactory(period=quarter(2025, 1), status=status, commentary="Steady quarter.")
    person = UserFactory(username=f"reflow-{role}", roles=[role])
    sign_in(narrow_page, live_server, person.username, PASSWORD)

    response = narrow_page.goto(live_server.url + reverse(url_name, args=[2025, 1]))

    assert response.status == 200
    assert overflow(narrow_page) <= 0
