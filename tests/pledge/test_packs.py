"""The pledge survey's board pack sections and the results PDF: the figures as the reader may see them, and
only approved messages, always as text (a child's HTML is never run, on screen or on paper)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from pledge.models import AgeBand, Message, Question
from pledge.packs import messages_section, results_pdf, results_section
from pledge.services import moderation
from tests.pledge.results_data import answer, make_survey, many, question

pytestmark = pytest.mark.django_db

SCRIPT = "I like it here <script>alert('hi')</script> & <b>my room</b>"


@pytest.fixture
def survey(officer):
    survey = make_survey(2026)
    q = question(survey, "advocate", kind=Question.Kind.YES_NO, text="Do you know how to get an advocate?")
    closing = question(survey, "anything-else", kind=Question.Kind.FREE_TEXT)
    kids = many({q: ["yes"] * 12 + ["no"] * 10 + ["not-sure"] * 2}, 24)
    kids[0][closing], kids[1][closing] = SCRIPT, "Please can I see my brother more."
    answer(survey, {AgeBand.OLDER.value: kids})
    approved = Message.objects.get(answer__text=SCRIPT)
    moderation.approve(approved, shown_text=SCRIPT, version=approved.version, by=officer)
    return survey


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_results_section_hides_small_numbers_for_the_reader(survey, board_member, officer):
    html = results_section(board_member, survey)
    assert "fewer than 5" in html
    assert "Agreed: 50%" in html
    assert "<svg" in html and 'role="img"' in html  # the chart, drawn on the server
    assert ">2<" in results_section(officer, survey)  # officers see the two "not sure"


def test_the_messages_section_has_only_approved_messages_as_text(survey, officer):
    html = messages_section(officer, survey)  # even for an officer: a pack is for the board
    assert (
        "I like it here &lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt; &amp; &lt;b&gt;my room&lt;/b&gt;"
        in html
    )
    assert "<script>" not in html and "<b>my room" not in html
    assert "see my brother" not in html  # still waiting to be checked


def test_the_pdf_prints_a_childs_html_as_text(survey, board_member):
    text = _pdf_text(results_pdf(board_member, survey))
    assert "Pledge survey 2026: what children told us" in text
    assert "<script>alert('hi')</script>" in text
    assert "<b>my room</b>" in text
    assert "fewer than 5" in text
    assert "see my brother" not in text


def test_the_pdf_download_is_named_for_the_survey_and_logged(survey, board_member, client_as):
    from cpboard.core.models import SecurityEvent

    response = client_as(board_member).get(reverse("pledge:results-pdf", args=[survey.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="cpboard-pledge-survey-2026-results.pdf"' in response["Content-Disposition"]
    assert SecurityEvent.objects.filter(
        kind="export", detail="cpboard-pledge-survey-2026-results.pdf"
    ).exists()
