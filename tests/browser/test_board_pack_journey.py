"""The board pack's journey (issue 14, "Done means"), end to end with a real worker: a scrutiny officer
arranges a meeting, finds the standing items and last meeting's open question under matters arising, adds a
live performance section and attaches a PDF to it, presses "Generate the pack" and watches the progress
region while a real `manage.py board_worker` process builds it with the real builder, then publishes it from
the pack panel; a board member opens the meeting page and downloads both PDFs. The downloaded text holds the
scorecard's figure, the open question and the attachment's listing; its page count and outline match what
was stored. MFA is off: sign-in with a code has its own tests."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from cpboard.board.models import Meeting, PackVersion
from cpboard.board.services.meetings import create_meeting, current_board
from cpboard.core import roles
from tests.board import worker_process
from tests.board.pack_helpers import CARE_LEAVERS, blank_pdf, scorecard_data
from tests.browser.conftest import sign_in
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.board import QuestionFactory
from tests.factories.training import PersonFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("board-worker"),
]
LONDON = ZoneInfo("Europe/London")
BUILD_SECONDS = 240  # only a limit on waiting: a real worker on two cores shared with other test sessions
QUESTION = "Why are fewer care leavers in education or work than our neighbours?"


@pytest.fixture
def downloads_page(_chromium, live_server, settings):
    settings.MFA_REQUIRED = False
    context = _chromium.new_context(locale="en-GB", timezone_id="Europe/London", accept_downloads=True)
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def worker(settings, tmp_path):
    """A real worker sharing this test's database and upload folder, building with the real pack builder."""
    uploads = settings.STORAGES["uploads"]["OPTIONS"]["location"]
    log = tmp_path / "worker.log"
    process = worker_process.start_worker(worker_process.worker_env(uploads), log)
    try:
        yield process
    finally:
        worker_process.stop(process)
        print(f"\nworker log:\n{log.read_text()}")


def outline_titles(reader: PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


def test_a_scrutiny_officer_builds_a_pack_with_a_real_worker_and_a_member_downloads_it(
    downloads_page, live_server, worker
):
    scorecard_data()
    officer = UserFactory(username="scrutiny-sam", roles=[roles.SCRUTINY_OFFICER])
    member = UserFactory(username="cllr-rhiannon", roles=[roles.BOARD_MEMBER])
    today = timezone.localdate()
    earlier = create_meeting(
        current_board(),
        starts_at=dt.datetime.combine(today - dt.timedelta(days=60), dt.time(14), tzinfo=LONDON),
        place="Committee Room 1",
        by=None,
    )
    QuestionFactory(
        meeting=earlier,
        text=QUESTION,
        to_answer=PersonFactory(display_name="Dana Head of Service", kind="officer"),
    )
    day = today + dt.timedelta(days=14)
    page = downloads_page

    # the officer arranges the meeting: the standing items and the open question are already on its agenda
    sign_in(page, live_server, officer.username, PASSWORD)
    page.get_by_role("link", name="Board meetings").first.click()
    page.get_by_role("link", name="Arrange a meeting").click()
    page.get_by_label("Date").fill(f"{day:%d/%m/%Y}")
    page.get_by_label("Start time").fill("14:00")
    page.get_by_label("Place").fill("Council Chamber, Thistledon Civic Centre")
    page.get_by_role("button", name="Arrange meeting").click()
    expect(page.get_by_role("heading", name=f"Board meeting on {day:%d/%m/%Y}", exact=True)).to_be_visible()
    meeting = Meeting.objects.get(starts_at__date=day)
    expect(page.get_by_role("heading", name="1. Apologies for absence")).to_be_visible()
    expect(page.get_by_role("heading", name="3. Matters arising")).to_be_visible()
    arising = page.locator(f"#item-{meeting.items.get(kind='matters_arising').pk}")
    expect(arising.get_by_text(QUESTION)).to_be_visible()

    # a live performance section, and a PDF attached to it
    page.get_by_role("link", name="Add an agenda item").click()
    page.get_by_label("Title").fill("Quarterly performance report")
    page.get_by_label("Live section").select_option(label="Performance scorecard")
    page.get_by_role("button", name="Save item").click()
    expect(page.get_by_role("heading", name="6. Quarterly performance report")).to_be_visible()
    page.get_by_role("link", name="Attach a document to Quarterly performance report").click()
    expect(page.get_by_role("heading", level=1, name="Attach a document")).to_be_visible()
    page.get_by_label("Document (PDF)").set_input_files(
        {"name": "quarterly-report.pdf", "mimeType": "application/pdf", "buffer": blank_pdf(2)}
    )
    page.get_by_role("button", name="Attach the document").click()
    expect(
        page.get_by_text("“quarterly-report.pdf” is attached to “Quarterly performance report”")
    ).to_be_visible()

    # generate: the progress region follows the real worker until the version is ready
    page.get_by_role("button", name="Generate the pack").click()
    region = page.locator("[aria-live=polite]")
    expect(region).to_contain_text("pack", timeout=15_000)  # waiting for a worker, or already generating
    expect(page.get_by_role("button", name="Generate the pack")).not_to_be_visible()
    expect(region).to_contain_text("Version 1 of the pack was generated at", timeout=BUILD_SECONDS * 1000)
    assert worker.poll() is None, "the worker stopped"
    page.get_by_role("link", name="Refresh this page to see the new version").click()
    version = PackVersion.objects.get(meeting=meeting)
    panel = page.locator(".cp-pack-panel")
    expect(panel).to_contain_text(version.sha256)
    panel.get_by_role("button", name="Publish version 1 to board members").click()
    expect(page.get_by_text("Version 1 of the pack is published")).to_be_visible()
    version.refresh_from_db()
    assert version.status == PackVersion.Status.PUBLISHED

    # a board member downloads the accessible pack and the print pack
    page.context.clear_cookies()
    sign_in(page, live_server, member.username, PASSWORD)
    page.goto(live_server.url + meeting.get_absolute_url())
    panel = page.locator(".cp-pack-panel")
    expect(panel).to_contain_text("Published to members")
    with page.expect_download() as download_info:
        panel.get_by_role("link", name="Accessible pack").click()
    download = download_info.value
    assert download.suggested_filename == f"board-pack-{day:%Y-%m-%d}-version-1.pdf"
    with open(download.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert CARE_LEAVERS in text and "54.0%" in text  # the figure in the database when the pack was built
    assert QUESTION in text  # the open question, in the front summary and under matters arising
    assert "quarterly-report.pdf (2 pages)" in text
    assert len(reader.pages) == version.pages
    assert "Quarterly performance report" in " ".join(outline_titles(reader))
    assert reader.trailer["/Root"]["/Lang"] == "en-GB" and "/StructTreeRoot" in reader.trailer["/Root"]
    with page.expect_download() as download_info:
        panel.get_by_role("link", name="Print pack with the attached documents").click()
    with open(download_info.value.path(), "rb") as handle:
        assert len(PdfReader(handle).pages) == version.pages + 2
