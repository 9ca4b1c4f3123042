"""Every main page, as the role that uses it, checked with axe-core against WCAG 2.2 A and AA rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cpboard.core import roles
from tests.browser.conftest import sign_in
from tests.browser.pages import PAGES, STATUS, Visits, make_figures
from tests.factories.accounts import PASSWORD, UserFactory

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def figures():
    return make_figures()


def violations(page) -> list[str]:
    page.add_script_tag(content=AXE)
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".map(v => v.id + ': ' + v.help + ' — ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))",
        TAGS,
    )
    return result


@pytest.fixture
def a11y_page(_chromium, settings):
    settings.MFA_REQUIRED = False
    # The app's CSP (rightly) blocks injected scripts; only this test context bypasses it, to load axe.
    context = _chromium.new_context(bypass_csp=True, locale="en-GB")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(("role", "pages"), PAGES, ids=[role for role, _ in PAGES])
def test_main_pages_have_no_wcag_violations(a11y_page, live_server, figures, settings, role, pages):
    """Every page in tests/browser/pages.py, error pages included."""
    visits = Visits(a11y_page, live_server, figures, role, settings)
    found = {}
    for name in pages:
        response = visits.open(name)
        assert response.status == STATUS.get(name, 200), name
        problems = violations(a11y_page)
        if problems:
            found[name] = problems
    assert found == {}


def test_a_form_with_errors_has_no_wcag_violations(a11y_page, live_server, figures):
    officer = UserFactory(username="a11y-officer-errors", roles=[roles.OFFICER])
    page = a11y_page
    sign_in(page, live_server, officer.username, PASSWORD)
    page.goto(live_server.url + reverse("performance:quarter-edit", args=[2025, 1]))
    page.get_by_label("Children in care", exact=False).first.fill("-4")
    page.get_by_role("button", name="Save draft").first.click()  # each outcome area has one
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert violations(page) == []


def test_the_checker_itself_catches_a_real_problem(a11y_page, live_server):
    """Guards the harness: an unlabelled input and an image without alt text must be reported."""
    page = a11y_page
    page.goto(live_server.url + reverse("accounts:login"))
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        ' \'<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text">\')'
    )
    found = " ".join(violations(page))
    assert "image-alt" in found
    assert "label" in found
