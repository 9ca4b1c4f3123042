"""The pack panel on the meeting page, publishing, and downloads: board members reach only published packs,
the people who build packs reach drafts too, and a figure corrected after issue is flagged."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from cpboard.board.models import PackVersion
from cpboard.core.locking import save_audited
from tests.board.pack_helpers import (
    CARE_LEAVERS,
    build_for,
    meeting_with_agenda,
    scorecard_data,
    stored_version,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC), tick=False)


def _content(response) -> bytes:
    return b"".join(response.streaming_content)


def test_board_members_download_published_packs_only(client_as, board_member):
    published = stored_version(status=PackVersion.Status.PUBLISHED)
    draft = stored_version(status=PackVersion.Status.DRAFT, meeting=published.meeting)
    client = client_as(board_member)
    response = client.get(reverse("board:pack-download", args=[published.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert _content(response).startswith(b"%PDF")
    assert "attachment;" in response["Content-Disposition"]
    assert client.get(reverse("board:pack-download", args=[draft.pk])).status_code == 404
    assert client.get(reverse("board:pack-download-print", args=[draft.pk])).status_code == 404
    page = client.get(published.meeting.get_absolute_url()).content.decode()
    assert reverse("board:pack-download", args=[published.pk]) in page
    assert reverse("board:pack-download", args=[draft.pk]) not in page
    assert published.sha256 in page and "Publish version" not in page


def test_pack_builders_see_drafts_and_publish_them(client_as, scrutiny_officer, board_member):
    draft = stored_version(status=PackVersion.Status.DRAFT)
    client = client_as(scrutiny_officer)
    assert client.get(reverse("board:pack-download", args=[draft.pk])).status_code == 200
    page = client.get(draft.meeting.get_absolute_url()).content.decode()
    assert "Publish version 1" in page and draft.sha256 in page
    response = client.post(reverse("board:pack-publish", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == PackVersion.Status.PUBLISHED and draft.published_by == scrutiny_officer
    member = client_as(board_member)
    assert member.get(reverse("board:pack-download", args=[draft.pk])).status_code == 200


def test_the_meeting_page_flags_data_changed_since_the_pack_was_issued(
    client_as, scrutiny_officer, board_member
):
    indicator, latest = scorecard_data()
    meeting = meeting_with_agenda()
    version, _ = build_for(meeting, scrutiny_officer)
    client = client_as(scrutiny_officer)
    client.post(reverse("board:pack-publish", args=[version.pk]))
    page = client_as(board_member).get(meeting.get_absolute_url()).content.decode()
    assert "No figure in version 1 has changed since it was generated." in page
    assert "Data changed since this pack was issued" not in page

    latest.value, latest.numerator = Decimal("58.0"), 58
    save_audited(latest, by=scrutiny_officer, reason="Corrected")
    page = client_as(board_member).get(meeting.get_absolute_url()).content.decode()
    assert "Data changed since this pack was issued" in page
    assert f"{CARE_LEAVERS}, 2026-27 Q2: 54.0% in the pack, now 58.0%" in page


def test_the_versions_table_gives_each_time_once(client_as, scrutiny_officer):
    stored_version(status=PackVersion.Status.DRAFT)  # generated 01/12/2026 10:00 (the clock is stopped)
    version = PackVersion.objects.get()
    page = client_as(scrutiny_officer).get(version.meeting.get_absolute_url()).content.decode()
    assert 'data-label="Generated">01/12/2026 10:00</td>' in page
    assert "10:00 at 10:00" not in page


def test_a_draft_older_than_the_published_version_cannot_be_published(client_as, scrutiny_officer):
    # Publishing version 1 after version 2 would mark version 2 "Replaced by a later version", which it was not.
    older = stored_version(status=PackVersion.Status.DRAFT)
    newer = stored_version(status=PackVersion.Status.PUBLISHED, meeting=older.meeting)
    client = client_as(scrutiny_officer)
    page = client.get(older.meeting.get_absolute_url()).content.decode()
    assert "Publish version 1" not in page
    response = client.post(reverse("board:pack-publish", args=[older.pk]), follow=True)
    assert "Version 1 is older than version 2, the published pack" in response.content.decode()
    older.refresh_from_db()
    newer.refresh_from_db()
    assert (older.status, newer.status) == (PackVersion.Status.DRAFT, PackVersion.Status.PUBLISHED)
