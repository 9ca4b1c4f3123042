"""The board pack's journey (issue 14, "Done means"): a scrutiny officer on the meeting page attaches a PDF
to an item, the pack is generated (here by calling build_pack as the worker does), she publishes it from
the pack panel, and a board member opens the meeting page and downloads the pack, whose text holds the
scorecard's figure and lists the attachment. MFA is off: sign-in with a code has its own tests."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from cpboard.board.models import PackBuild, PackVersion
from cpboard.board.services.packs import build_pack
from cpboard.core import roles
from tests.board.pack_helpers import CARE_LEAVERS, blank_pdf, meeting_with_agenda, scorecard_data
from tests.browser.conftest import sign_in
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def downloads_page(_chromium, live_server, settings):
    settings.MFA_REQUIRED = False
    context = _chromium.new_context(locale="en-GB", timezone_id="Europe/London", accept_downloads=True)
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_a_scrutiny_officer_attaches_generates_and_publishes_and_a_member_downloads(
    downloads_page, live_server, time_machine
):
    time_machine.move_to(dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC), tick=True)
    scorecard_data()
    meeting = meeting_with_agenda(starts_at=dt.datetime(2026, 12, 9, 14, 0, tzinfo=dt.UTC))
    officer = UserFactory(username="scrutiny-sam", roles=[roles.SCRUTINY_OFFICER])
    member = UserFactory(username="cllr-rhiannon", roles=[roles.BOARD_MEMBER])
    page = downloads_page

    sign_in(page, live_server, officer.username, PASSWORD)
    page.goto(live_server.url + meeting.get_absolute_url())
    page.get_by_role("link", name="Attach a document to Performance report").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).text_content().strip() == "Attach a document"
    page.get_by_label("Document (PDF)").set_input_files(
        {"name": "quarterly-report.pdf", "mimeType": "application/pdf", "buffer": blank_pdf(2)}
    )
    page.get_by_role("button", name="Attach the document").click()
    page.wait_for_load_state()
    assert "“quarterly-report.pdf” is attached to “Performance report”" in page.content()

    build = PackBuild.objects.create(meeting=meeting, requested_by=officer, status=PackBuild.Status.RUNNING)
    version = build_pack(build, progress=lambda percent, stage: None)
    build.status, build.result = PackBuild.Status.DONE, version
    build.save()

    page.reload()
    panel = page.locator(".cp-pack-panel")
    assert version.sha256 in panel.text_content()
    panel.get_by_role("button", name="Publish version 1 to board members").click()
    page.wait_for_load_state()
    assert "Version 1 of the pack is published" in page.content()
    assert PackVersion.objects.get().status == PackVersion.Status.PUBLISHED

    page.context.clear_cookies()
    sign_in(page, live_server, member.username, PASSWORD)
    page.goto(live_server.url + meeting.get_absolute_url())
    panel = page.locator(".cp-pack-panel")
    assert "Published to members" in panel.text_content()
    with page.expect_download() as download_info:
        panel.get_by_role("link", name="Accessible pack").click()
    download = download_info.value
    assert download.suggested_filename == "board-pack-2026-12-09-version-1.pdf"
    with open(download.path(), "rb") as handle:
        data = handle.read()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    assert CARE_LEAVERS in text and "54.0%" in text
    assert "quarterly-report.pdf (2 pages)" in text
    with page.expect_download() as download_info:
        panel.get_by_role("link", name="Print pack with the attached documents").click()
    with open(download_info.value.path(), "rb") as handle:
        assert len(PdfReader(handle).pages) == version.pages + 2
