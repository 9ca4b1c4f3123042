"""WCAG 1.4.10 Reflow: at 320 CSS pixels wide (1280 px at 400% zoom) no page scrolls sideways. Wide data
tables may scroll inside their own labelled, focusable region (the exception for data tables); the page
itself must not. Every page of the accessibility check (tests/browser/pages.py) is measured."""

from __future__ import annotations

import pytest

from tests.browser.pages import PAGES, STATUS, Visits, make_figures

WIDTH = 320

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def narrow_page(_chromium, settings):
    settings.MFA_REQUIRED = False
    context = _chromium.new_context(
        viewport={"width": WIDTH, "height": 640}, bypass_csp=True, locale="en-GB", timezone_id="Europe/London"
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


# The innermost elements that reach past the right edge, so a failure says what to fix.
TOO_WIDE = """(width) => [...document.querySelectorAll('body *')]
  .filter(el => !el.closest('.cp-table-scroll') && el.getBoundingClientRect().right > width + 1 && ![...el.children].some(
    child => child.getBoundingClientRect().right > width + 1))
  .slice(0, 3).map(el => el.tagName.toLowerCase() + (el.className ? '.' + [...el.classList].join('.') : ''))"""


@pytest.mark.parametrize(("role", "pages"), PAGES, ids=[role for role, _ in PAGES])
def test_no_page_scrolls_sideways_at_320_css_pixels(narrow_page, live_server, settings, role, pages):
    visits = Visits(narrow_page, live_server, make_figures(), role, settings)
    too_wide = {}
    for name in pages:
        response = visits.open(name)
        assert response.status == STATUS.get(name, 200), name
        if (width := page_width(narrow_page)) > WIDTH:
            too_wide[name] = f"{width} px: {', '.join(narrow_page.evaluate(TOO_WIDE, WIDTH))}"
    assert too_wide == {}, f"pages wider than {WIDTH} px (scrolling sideways): {too_wide}"


def test_the_measure_catches_a_page_too_wide(narrow_page, live_server):
    """Guards the check: a 500 px wide box makes the page scroll sideways."""
    narrow_page.goto(live_server.url + "/account/sign-in/")
    assert page_width(narrow_page) <= WIDTH
    narrow_page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<div style=\"width:500px\">x</div>')"
    )
    assert page_width(narrow_page) > WIDTH
