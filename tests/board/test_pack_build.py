"""Building a pack: the figures it prints are the database's at generation time, it is a tagged PDF whose
outline is its headings, and a later correction never changes it but is flagged."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from cpboard.board.models import AgendaItem, PackVersion, Section
from cpboard.board.services.packs import NO_AGENDA, PackNotReady, publish
from cpboard.board.services.snapshot import changes_since
from cpboard.core.locking import save_audited
from cpboard.core.pdf import StaticOnlyFetcher
from cpboard.core.storage import upload_storage
from tests.board.pack_helpers import (
    CARE_LEAVERS,
    build_for,
    meeting_with_agenda,
    pdf_text,
    plan_data,
    scorecard_data,
)
from tests.factories.board import AgendaItemFactory, MeetingFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC), tick=False)


def _outline_titles(outline) -> list[str]:
    titles = []
    for entry in outline:
        if isinstance(entry, list):
            titles.extend(_outline_titles(entry))
        else:
            titles.append(entry.title)
    return titles


def _headings(html: str) -> list[str]:
    found = re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", html, flags=re.S)
    from html import unescape

    return [unescape(re.sub(r"<[^>]+>", "", h)).strip() for h in found]


def test_the_pack_prints_the_figures_in_the_database_when_it_was_built(scrutiny_officer):
    indicator, latest = scorecard_data()
    plan_data()
    meeting = meeting_with_agenda()
    version, stages = build_for(meeting, scrutiny_officer)

    text = pdf_text(_bytes(version.pdf))
    assert CARE_LEAVERS in text
    assert "54.0%" in text and "2026-27 Q2" in text
    assert "Refresh the pledge with the Children in Care Council" in text
    assert version.figures["values"]["scorecard:CL-EET"]["value"] == "54.0%"
    assert version.pages == len(PdfReader(io.BytesIO(_bytes(version.pdf))).pages) > 3
    assert version.status == PackVersion.Status.DRAFT and version.number == 1
    assert ("Rendering the performance scorecard" in [s for _, s in stages]) and stages[-1][0] == 100


def test_the_pack_is_a_tagged_pdf_with_its_headings_as_bookmarks(scrutiny_officer):
    scorecard_data()
    meeting = meeting_with_agenda()
    version, _ = build_for(meeting, scrutiny_officer)
    reader = PdfReader(io.BytesIO(_bytes(version.pdf)))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"].value is True
    assert reader.metadata.title.startswith("Corporate Parenting Board: pack for the meeting on")
    titles = _outline_titles(reader.outline)
    assert titles == _headings(version.html)
    # the items, and inside them the sections' own headings (the outcome area, each indicator's trend)
    assert "2. Performance report" in titles and "Enjoying and achieving" in titles and CARE_LEAVERS in titles
    assert "&lt;table" not in version.html and "<table" in version.html


def test_a_later_correction_does_not_change_the_stored_pack_but_is_flagged(scrutiny_officer):
    indicator, latest = scorecard_data()
    meeting = meeting_with_agenda()
    version, _ = build_for(meeting, scrutiny_officer)
    before = _bytes(version.pdf)
    assert changes_since(version) == []

    latest.value, latest.numerator = Decimal("58.0"), 58
    save_audited(latest, by=scrutiny_officer, reason="Corrected")

    version.refresh_from_db()
    assert _bytes(version.pdf) == before
    assert hashlib.sha256(before).hexdigest() == version.sha256
    changes = [c.text for c in changes_since(version)]
    assert f"{CARE_LEAVERS}, 2026-27 Q2: 54.0% in the pack, now 58.0%" in changes


def test_hostile_narrative_is_printed_as_text_and_nothing_is_fetched(scrutiny_officer, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read")
    meeting = MeetingFactory()
    hostile = (
        f'<img src="file://{secret}"> <style>body{{background:url(https://example.com/x.png)}}</style>'
        f" <b>bold</b> url(file:///etc/passwd)"
    )
    AgendaItemFactory(meeting=meeting, title="Health report", narrative=hostile)
    fetcher = StaticOnlyFetcher()
    version, _ = build_for(meeting, scrutiny_officer, url_fetcher=fetcher)
    text = "".join(pdf_text(_bytes(version.pdf)).split())  # the long path wraps anywhere
    assert (
        f'<imgsrc="file://{secret}">' in text and "<b>bold</b>" in text and "url(file:///etc/passwd)" in text
    )
    assert "<style>body{background:url(https://example.com/x.png)}</style>" in text
    assert fetcher.refused == []
    assert all(r.reason in ("static file", "data URI") for r in fetcher.requests)


def test_a_meeting_without_an_agenda_is_not_ready(scrutiny_officer):
    meeting = MeetingFactory()
    with pytest.raises(PackNotReady) as raised:
        build_for(meeting, scrutiny_officer)
    assert raised.value.message == NO_AGENDA
    assert not PackVersion.objects.exists()


@pytest.mark.parametrize(
    ("section", "says"),
    [
        (Section.SCORECARD, "No performance indicators are set up yet"),
        (Section.PLAN, "The action plan has no actions yet"),
        (Section.VISITS_COMPLIANCE, "No council-run children's homes are on the register"),
        (Section.TRAINING, "No training courses are set up yet"),
        (Section.SURVEY_RESULTS, "No pledge survey has been run yet"),
        (Section.SURVEY_MESSAGES, "No pledge survey has been run yet"),
        (Section.RECOMMENDATIONS, "No scrutiny reviews are recorded"),
    ],
)
def test_a_section_whose_app_has_no_data_says_so(scrutiny_officer, section, says):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, title="The live section", section=section)
    version, _ = build_for(meeting, scrutiny_officer)
    text = " ".join(pdf_text(_bytes(version.pdf)).split())
    assert "1. The live section" in text
    assert says in text


def test_open_questions_are_under_matters_arising_and_on_the_summary(scrutiny_officer):
    earlier = MeetingFactory()
    meeting = MeetingFactory()
    QuestionFactory(meeting=earlier, text="Why is long-term stability below our neighbours?")
    AgendaItemFactory(
        meeting=meeting, kind=AgendaItem.Kind.MATTERS_ARISING, title="Matters arising", narrative=""
    )
    version, _ = build_for(meeting, scrutiny_officer)
    text = " ".join(pdf_text(_bytes(version.pdf)).split())
    assert text.count("Why is long-term stability below our neighbours?") == 2


def test_publishing_supersedes_the_earlier_published_version_and_never_changes_the_bytes(scrutiny_officer):
    scorecard_data()
    meeting = meeting_with_agenda()
    first, _ = build_for(meeting, scrutiny_officer)
    publish(first, by=scrutiny_officer)
    second, _ = build_for(meeting, scrutiny_officer)
    data = _bytes(second.pdf)
    publish(second, by=scrutiny_officer)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (PackVersion.Status.SUPERSEDED, PackVersion.Status.PUBLISHED)
    assert second.number == 2 and second.published_by == scrutiny_officer
    assert _bytes(second.pdf) == data


def test_the_summary_says_what_changed_since_the_last_meetings_pack(scrutiny_officer):
    indicator, latest = scorecard_data()
    earlier = meeting_with_agenda()
    first, _ = build_for(earlier, scrutiny_officer)
    publish(first, by=scrutiny_officer)
    latest.value, latest.numerator = Decimal("61.0"), 61
    save_audited(latest, by=scrutiny_officer, reason="Corrected")
    later = meeting_with_agenda()
    version, _ = build_for(later, scrutiny_officer)
    text = " ".join(pdf_text(_bytes(version.pdf)).split())
    assert f"{CARE_LEAVERS}: 54.0% (2026-27 Q2) at the last meeting, 61.0% (2026-27 Q2) now" in text


def _bytes(stored) -> bytes:
    with upload_storage.open(stored.file.name, "rb") as handle:
        return handle.read()


def test_a_question_answered_for_this_meeting_is_reported_with_its_answer_not_as_open(scrutiny_officer):
    earlier = MeetingFactory()
    meeting = MeetingFactory()
    QuestionFactory(meeting=earlier, text="Why is long-term stability below our neighbours?")
    QuestionFactory(
        meeting=earlier,
        text="When will Hollins Lodge have its Regulation 45 review?",
        status="answered",
        answer="The review was done on 20/11/2026 and its report is with the home's manager.",
        answered_on=dt.date(2026, 11, 20),
        answered_at=meeting,
    )
    AgendaItemFactory(
        meeting=meeting, kind=AgendaItem.Kind.MATTERS_ARISING, title="Matters arising", narrative=""
    )
    version, _ = build_for(meeting, scrutiny_officer)
    text = " ".join(pdf_text(_bytes(version.pdf)).split())
    summary = text[text.index("Open questions") : text.index("Contents")]
    assert "Why is long-term stability below our neighbours?" in summary
    assert "Hollins Lodge" not in summary  # answered: not an open question
    assert text.count("When will Hollins Lodge have its Regulation 45 review?") == 1
    assert "The review was done on 20/11/2026 and its report is with the home's manager." in text


def test_the_minutes_item_carries_the_last_meetings_minutes_and_decisions_to_agree(scrutiny_officer):
    from tests.factories.board import DecisionFactory

    earlier = MeetingFactory()
    report = AgendaItemFactory(
        meeting=earlier,
        position=1,
        title="Fostering annual report",
        minutes="The board heard that 14 new fostering households were approved.",
    )
    AgendaItemFactory(meeting=earlier, position=2, title="Any other business", minutes="")
    DecisionFactory(meeting=earlier, item=report, text="The board noted the fostering annual report.")
    meeting = MeetingFactory()
    AgendaItemFactory(
        meeting=meeting, position=1, kind=AgendaItem.Kind.MINUTES, title="Minutes of the last meeting"
    )
    AgendaItemFactory(meeting=meeting, position=2, title="Adoption report")
    version, _ = build_for(meeting, scrutiny_officer)
    text = " ".join(pdf_text(_bytes(version.pdf)).split())
    item = text[text.index("1. Minutes of the last meeting", text.index("Contents") + 200) :]
    item = item[: item.index("2. Adoption report")]
    assert f"Minutes of the meeting on {earlier.starts_at:%d/%m/%Y}" in item
    assert "1. Fostering annual report" in item
    assert "The board heard that 14 new fostering households were approved." in item
    assert "The board noted the fostering annual report." in item
    assert "Any other business" not in item  # nothing was minuted under it


def test_the_minutes_item_says_when_the_last_meeting_has_no_minutes_yet(scrutiny_officer):
    earlier = MeetingFactory()
    AgendaItemFactory(meeting=earlier, position=1, title="Fostering annual report", minutes="")
    meeting = MeetingFactory()
    AgendaItemFactory(
        meeting=meeting, position=1, kind=AgendaItem.Kind.MINUTES, title="Minutes of the last meeting"
    )
    version, _ = build_for(meeting, scrutiny_officer)
    text = " ".join(pdf_text(_bytes(version.pdf)).split())
    assert f"No minutes of the meeting on {earlier.starts_at:%d/%m/%Y} have been written yet." in text
