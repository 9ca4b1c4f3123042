"""Generating a pack in a real browser: the scrutiny officer presses the button, the page says the pack is
waiting for a worker, and (with JavaScript) the progress region follows the worker's steps and says when the
new version is ready, without the page being reloaded; then the button is back."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cpboard.board.models import PackBuild
from cpboard.board.services import builds
from cpboard.core import roles
from cpboard.core.locking import save_audited
from tests.browser.conftest import sign_in
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.board import AgendaItemFactory, MeetingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_progress_region_follows_the_build_without_a_reload(browser_page, live_server, settings):
    settings.MFA_REQUIRED = False
    settings.PACK_BUILDER = "tests.board.builders.build_in_steps"
    page = browser_page
    UserFactory(username="sam-scrutiny", roles=[roles.SCRUTINY_OFFICER])
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting)
    sign_in(page, live_server, "sam-scrutiny", PASSWORD)
    assert reverse("accounts:login") not in page.url
    page.goto(live_server.url + meeting.get_absolute_url())

    none_yet = page.get_by_text("No pack has been generated for this meeting yet.")
    expect(none_yet).to_be_visible()
    page.get_by_role("button", name="Generate the pack").click()

    region = page.locator("[aria-live=polite]")
    region.get_by_text("Waiting for a worker to start generating the pack.").wait_for()
    expect(page.get_by_role("button", name="Generate the pack")).not_to_be_visible()
    page.evaluate("window.stillTheSamePage = true")
    build = PackBuild.objects.get(meeting=meeting)

    build.status, build.attempts, build.progress = PackBuild.Status.RUNNING, 1, 45
    build.stage, build.heartbeat_at = "Rendering the performance scorecard", builds.database_now()
    save_audited(build, by=None, reason="Browser test: a worker has started")
    region.get_by_text("Generating the pack: 45% done. Rendering the performance scorecard.").wait_for()
    assert page.locator("progress").get_attribute("value") == "45"

    build.status = PackBuild.Status.QUEUED  # hand it back to run for real, as the worker's task would
    save_audited(build, by=None, reason="Browser test: back in the queue")
    builds.run_build(build.pk, task_id=build.task_id)
    region.get_by_text("Version 1 of the pack was generated at").wait_for()
    expect(none_yet).not_to_be_visible()  # not beside the news that version 1 exists

    assert page.evaluate("window.stillTheSamePage") is True
    expect(page.get_by_role("button", name="Generate the pack")).to_be_visible()
    expect(page.locator("progress")).not_to_be_visible()
    expect(page.get_by_role("link", name="Refresh this page to see the new version")).to_be_visible()
    # the link really draws the page again (a link to the page's own address plus #pack-build would only scroll)
    page.get_by_role("link", name="Refresh this page to see the new version").click()
    expect(page.locator(".cp-pack-panel")).to_contain_text("Version 1")
    assert page.evaluate("window.stillTheSamePage === undefined") is True
