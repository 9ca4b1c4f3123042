"""The pledge's journey (issue 10): an officer starts the next version of the pledge from the current one,
checks the reading age of a promise they rewrite, adds a commitment and publishes the version; the earlier
version stays readable. Then a Children in Care Council member signs in on a 320 px phone, lands on their own
page, reads the new promise and "you said, we did", and nothing scrolls sideways."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cpboard.core import roles
from pledge.models import Commitment, Finding, PledgeVersion, Principle
from tests.browser.conftest import go_to, sign_in
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.performance import OutcomeAreaFactory
from tests.factories.pledge import CommitmentFactory, FindingFactory, PledgeVersionFactory, PromiseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HARD = (
    "The authority undertakes comprehensive, individualised assessments of developmental requirements, "
    "systematically documented and communicated to professionals."
)
EASY = "We promise you will know who your social worker is."
PHONE = 320


def _pledge():
    safe = OutcomeAreaFactory(name="Staying safe")
    version = PledgeVersionFactory(number=1, status=PledgeVersion.Status.PUBLISHED)
    promise = PromiseFactory(
        pledge_version=version,
        key="social-worker",
        outcome_area=safe,
        child_text="We promise you will have a social worker.",
        principles=[Principle.SERVICES.value],
    )
    CommitmentFactory(promise=promise, text="You will have their phone number.", kind=Commitment.Kind.LOCAL)
    FindingFactory(
        you_said="Some of you did not know how to get an advocate.",
        we_did="We gave every child a card with the advocacy number.",
        status=Finding.Status.DONE,
    )


@pytest.fixture
def chromium(_chromium):
    """The session's browser: this journey opens two contexts, the officer's desktop and the member's phone."""
    return _chromium


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_an_officer_publishes_a_new_version_and_a_member_reads_it_on_a_phone(chromium, live_server, settings):
    settings.MFA_REQUIRED = False  # MFA has its own tests
    _pledge()
    UserFactory(username="pat-officer", first_name="Pat", roles=[roles.OFFICER])
    UserFactory(username="jay-member", first_name="Jay", roles=[roles.CICC_MEMBER])

    officer = chromium.new_context(locale="en-GB", timezone_id="Europe/London")
    officer.set_default_timeout(15_000)
    page = officer.new_page()
    sign_in(page, live_server, "pat-officer", PASSWORD)
    go_to(page, "Pledge")
    page.get_by_role("button", name="Start the next version of the pledge").click()
    assert page.get_by_role("heading", level=1).text_content().strip() == "The next version of the pledge"
    expect(page.get_by_text("Version 2 started as a copy of the current pledge.")).to_be_visible()

    # Rewrite the promise: the reading age says it is too hard, but never stops the officer.
    page.get_by_role("link", name="Change the promise 1").click()
    # As they type, the advice changes (the script); the button does the same without JavaScript.
    page.get_by_label("The promise, in children's words").fill(HARD)
    expect(page.locator(".cp-readings").get_by_text("Hard to read")).to_be_visible()
    page.get_by_role("button", name="Check reading age").click()
    expect(page.locator(".cp-readings").get_by_text("Hard to read")).to_be_visible()
    page.get_by_label("The promise, in children's words").fill(EASY)
    page.get_by_role("button", name="Check reading age").click()
    expect(page.locator(".cp-readings").get_by_text("Easy to read")).to_be_visible()
    page.get_by_label("Taking account of their views, wishes and feelings").check()
    page.get_by_role("button", name="Save promise").click()
    expect(page.get_by_text("Promise saved.")).to_be_visible()

    # Add a commitment with something children can check.
    page.get_by_role("link", name="Add a commitment to promise 1").click()
    page.get_by_label("What the promise means").fill("If you leave a message, someone will ring you back.")
    page.get_by_label("Local promise").check()
    page.get_by_label("Something that can be checked").fill("By the end of the next working day.")
    page.get_by_role("button", name="Save commitment").click()
    expect(page.get_by_text("Commitment added.")).to_be_visible()

    page.get_by_role("link", name="Check and publish version 2").click()
    page.get_by_role("button", name="Publish version 2").click()
    expect(page.get_by_text("Version 2 of the pledge is published.")).to_be_visible()
    expect(page.get_by_role("heading", name=f"1. {EASY}")).to_be_visible()
    # The earlier version stays readable.
    page.get_by_role("link", name="Every version of the pledge").click()
    page.get_by_role("link", name="Version 1: Our promise to you").click()
    expect(page.get_by_text("This is an earlier version of the pledge")).to_be_visible()
    expect(page.get_by_role("heading", name="1. We promise you will have a social worker.")).to_be_visible()
    officer.close()

    # A Children in Care Council member on a phone.
    phone = chromium.new_context(
        viewport={"width": PHONE, "height": 640}, locale="en-GB", timezone_id="Europe/London", has_touch=True
    )
    phone.set_default_timeout(15_000)
    page = phone.new_page()
    sign_in(page, live_server, "jay-member", PASSWORD)
    assert page.url.endswith(reverse("pledge:young-home"))
    assert page.get_by_role("heading", level=1).text_content().strip() == "Hello, Jay"
    assert _scroll_width(page) <= PHONE
    page.get_by_role("link", name="Our promise to you").click()
    expect(page.get_by_role("heading", name=EASY)).to_be_visible()
    expect(page.get_by_text("By the end of the next working day.")).to_be_visible()
    assert _scroll_width(page) <= PHONE
    page.go_back()
    page.get_by_role("link", name="You said, we did").click()
    expect(page.get_by_text("Some of you did not know how to get an advocate.")).to_be_visible()
    expect(page.get_by_text("We have done this")).to_be_visible()
    assert _scroll_width(page) <= PHONE
    # Nothing of the board's: the board's pledge page is refused.
    response = page.goto(live_server.url + reverse("pledge:pledge"))
    assert response.status == 403
    phone.close()
