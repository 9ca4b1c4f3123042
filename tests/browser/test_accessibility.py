"""Every main page, as the role that uses it, checked with axe-core against WCAG 2.2 A and AA rules."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from cpboard.core import roles
from performance.models import Comparator
from tests.browser.conftest import sign_in
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.performance import (
    ComparatorFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    QuarterReturnFactory,
    TargetFactory,
    financial_year,
    quarter,
    released,
)

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def figures():
    indicator = IndicatorFactory(code="PS-A11Y", title="Three or more placements")
    for q in (1, 2, 3, 4):
        IndicatorValueFactory(
            indicator=indicator,
            period=quarter(2024, q),
            numerator=10 + q,
            denominator=120,
            value=Decimal(10 + q) * 100 / 120,
        )
    value = IndicatorValueFactory(indicator=indicator, period=quarter(2025, 1))
    TargetFactory(indicator=indicator, period=financial_year(2025))
    ComparatorFactory(indicator=indicator, period=financial_year(2024), area=Comparator.Area.ENGLAND)
    # submitted, so board members read it (a draft quarter is for officers); the year before signed off
    QuarterReturnFactory(period=quarter(2025, 1), status="submitted", commentary="Steady quarter.")
    released(*(quarter(2024, q) for q in (1, 2, 3, 4)))
    return indicator, value


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


@pytest.mark.parametrize(
    ("role", "pages"),
    [
        (roles.BOARD_MEMBER, ["core:home", "performance:dashboard", "indicator", "value"]),
        (
            roles.OFFICER,
            [
                "performance:quarter-list",
                "quarter",
                "quarter-import",
                "performance:indicator-list",
                "performance:dfe-load",
                "targets",
            ],
        ),
        (
            roles.ADMINISTRATOR,
            ["accounts:person-list", "accounts:person-create", "person", "accounts:security-log", "history"],
        ),
        (roles.SENIOR_OFFICER, ["quarter-check"]),
        (roles.CICC_MEMBER, ["core:home"]),
    ],
)
def test_main_pages_have_no_wcag_violations(a11y_page, live_server, figures, role, pages):
    indicator, value = figures
    person = UserFactory(username=f"a11y-{role}", roles=[role])
    urls = {
        "indicator": reverse("performance:indicator-detail", args=[indicator.code]),
        "value": reverse("performance:value-detail", args=[value.pk]),
        "quarter": reverse("performance:quarter-edit", args=[2025, 1]),
        "quarter-import": reverse("performance:quarter-import", args=[2025, 1]),
        "quarter-check": reverse("performance:quarter-check", args=[2025, 1]),
        "targets": reverse("performance:target-edit", args=[2025]),
        "history": reverse("core:record-history", args=["accounts", "user", person.pk]),
        "person": reverse("accounts:person-detail", args=[person.pk]),
    }
    page = a11y_page
    page.goto(live_server.url + reverse("accounts:login"))
    assert violations(page) == [], "sign-in page"
    sign_in(page, live_server, person.username, PASSWORD)
    found = {}
    for name in pages:
        response = page.goto(live_server.url + (urls.get(name) or reverse(name)))
        assert response.status == 200, name
        problems = violations(page)
        if problems:
            found[name] = problems
    assert found == {}


def test_a_form_with_errors_has_no_wcag_violations(a11y_page, live_server, figures):
    officer = UserFactory(username="a11y-officer-errors", roles=[roles.OFFICER])
    page = a11y_page
    sign_in(page, live_server, officer.username, PASSWORD)
    page.goto(live_server.url + reverse("performance:quarter-edit", args=[2025, 1]))
    page.get_by_label("Children in care", exact=False).first.fill("-4")
    page.get_by_role("button", name="Save draft").first.click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert violations(page) == []


def test_the_set_password_page_has_no_wcag_violations(a11y_page, live_server):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    person = UserFactory(username="a11y-new-password", roles=[roles.OFFICER])
    person.set_unusable_password()
    person.save()
    uidb64 = urlsafe_base64_encode(force_bytes(person.pk))
    link = reverse("accounts:password-set", args=[uidb64, default_token_generator.make_token(person)])
    page = a11y_page
    page.goto(live_server.url + link)
    assert violations(page) == [], "set-password form"
    page.get_by_label("New password", exact=True).fill("violet-harbour-lantern-42")
    page.get_by_label("Type the new password again").fill("something-else-entirely")
    page.get_by_role("button", name="Set password").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert violations(page) == [], "set-password form with errors"
    page.goto(live_server.url + reverse("accounts:password-set", args=[uidb64, "not-a-token"]))
    assert violations(page) == [], "link that does not work"


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
