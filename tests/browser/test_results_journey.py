"""Pledge survey results in the browser (issue 10, "Done means"): a board member on a phone reads a survey's
results with small numbers suppressed; an officer checks a child's message, taking a name out, and only then
does the board member see it, in the officer's words and never the child's original ones.

The data: two years of answers (tests/pledge/results_data.py: realistic_surveys). In 2026 only three care
leavers answered, so board members get no age-band breakdown, and three children were "not sure" whether
they know how to get an advocate, shown to board members as "fewer than 5"."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect
from pypdf import PdfReader

from cpboard.core import roles
from pledge.models import Message
from tests.browser.conftest import go_to, sign_in
from tests.factories.accounts import PASSWORD, UserFactory
from tests.pledge.results_data import realistic_surveys

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 375, 812
CHILDS_WORDS = "My worker Kerry always rings me back, she is the best. (2026)"
OFFICERS_WORDS = "My worker always rings me back, she is the best."


def _person(username, role):
    person = UserFactory(username=username, roles=[role])
    return person, TOTPDevice.objects.create(user=person, name="Phone", confirmed=True)


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _table_for(page, heading: str):
    """The answers table under a question's heading."""
    return page.locator(".cp-results__question", has=page.get_by_role("heading", name=heading)).locator(
        "table.cp-results__options"
    )


def test_a_board_member_reads_results_with_small_numbers_suppressed(browser_page, live_server):
    realistic_surveys()
    member, device = _person("councillor-results", roles.BOARD_MEMBER)
    page = browser_page
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    sign_in(page, live_server, member.username, PASSWORD, totp_device=device)
    go_to(page, "Pledge", "Pledge survey results")  # on a phone the menu folds away behind a button
    assert page.get_by_role("heading", level=1).text_content().strip() == "Pledge survey results"
    page.get_by_role("link", name="Pledge survey 2026").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).text_content().strip() == "Pledge survey 2026: results"

    # Three children were "not sure": a board member reads "fewer than 5", and no percentage from it
    advocate = _table_for(page, "4. Do you know how to get an advocate?")
    not_sure = advocate.get_by_role("row", name="Not sure")
    assert not_sure.get_by_role("cell").nth(0).text_content().strip() == "fewer than 5"
    assert "not shown" in not_sure.get_by_role("cell").nth(1).text_content()
    assert "7%" not in advocate.text_content()
    # nor the next smallest, which would give it away (the total less the others)
    assert (
        advocate.get_by_role("row", name="No").get_by_role("cell").nth(0).text_content().strip()
        == "fewer than 5"
    )
    # the agree share, the comparison with 2025 and the chart with its words
    assert "Agreed: 68%" in page.locator("#question-advocate").text_content()
    assert "32 points higher than in 2025" in page.locator("#question-advocate").text_content()
    chart = page.get_by_role("img", name="The share of children who agreed, by question")
    assert chart.count() >= 1
    # three care leavers: no breakdown by age band at all for the board
    expect(page.get_by_text("Not shown by age band").first).to_be_visible()
    expect(page.get_by_role("table", name="By age band")).to_have_count(0)
    assert _page_width(page) <= WIDTH

    # the PDF for a board pack hides the same figures
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the results as a PDF for a board pack").click()
    text = " ".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    assert "fewer than 5" in text
    assert "Pledge survey 2026: what children told us" in text


def test_a_message_is_seen_by_the_board_only_after_an_officer_has_checked_it(browser_page, live_server):
    _, survey = realistic_surveys()
    officer, officer_device = _person("participation-officer", roles.OFFICER)
    member, member_device = _person("councillor-messages", roles.BOARD_MEMBER)
    results = live_server.url + reverse("pledge:results", args=[survey.pk])

    # Before: the board member sees no message from 2026
    board = browser_page.context.browser.new_context(
        locale="en-GB", viewport={"width": WIDTH, "height": HEIGHT}
    )
    board_page = board.new_page()
    sign_in(board_page, live_server, member.username, PASSWORD, totp_device=member_device)
    board_page.goto(results)
    expect(board_page.get_by_text("No messages have been approved for the board yet.")).to_be_visible()
    assert "Kerry" not in board_page.content()

    # The officer finds the message, sees the name flagged, takes it out and approves
    page = browser_page
    sign_in(page, live_server, officer.username, PASSWORD, totp_device=officer_device)
    go_to(page, "Pledge", "Children's messages")
    page.get_by_role("link", name=CHILDS_WORDS).click()
    assert page.get_by_role("heading", level=1).text_content().strip() == "Check a child's message"
    expect(page.locator("mark.cp-flag", has_text="Kerry")).to_be_visible()
    page.get_by_label("Approve it: the board will see the words below").check()
    page.get_by_label("If you approve it: the words the board will see").fill(OFFICERS_WORDS)
    page.get_by_role("button", name="Save decision").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Message approved.")).to_be_visible()
    assert Message.objects.get(shown_text=OFFICERS_WORDS).answer.text == CHILDS_WORDS

    # After: the board member reads the officer's words, never the child's original ones
    board_page.goto(results)
    messages = board_page.locator(".cp-messages")
    expect(messages.get_by_text(OFFICERS_WORDS)).to_be_visible()
    assert "Kerry" not in board_page.content()
    assert _page_width(board_page) <= WIDTH
    board.close()
