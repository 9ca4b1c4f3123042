"""Officers check children's messages before the board sees them: the queue, the personal-details flags, and
approve (as written or edited), withhold, with the child's words kept for officers only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cpboard.core.locking import save_audited
from pledge.models import AgeBand, Message, Question
from pledge.services import moderation
from tests.pledge.results_data import answer, make_survey, question

pytestmark = pytest.mark.django_db

YOUNGER = AgeBand.YOUNGER.value
NAMED = "I really like my social worker Sue and she rings me back on 07700 900123."
TIDIED = "I really like my social worker and she rings me back."


@pytest.fixture
def survey():
    return make_survey(2026)


@pytest.fixture
def closing(survey):
    return question(
        survey, "anything-else", kind=Question.Kind.FREE_TEXT, text="Anything else you want to tell us?"
    )


def _message(survey, closing, text=NAMED) -> Message:
    answer(survey, {YOUNGER: [{closing: text}]}, label=text[:40])
    return Message.objects.get(answer__text=text)


def _decide(client, message, **data):
    data.setdefault("version", message.version)
    return client.post(reverse("pledge:message-detail", args=[message.pk]), data)


def test_the_queue_lists_waiting_messages_with_how_many_things_to_look_at(
    survey, closing, officer, client_as
):
    _message(survey, closing)
    _message(survey, closing, "I like the trips in the holidays.")
    html = client_as(officer).get(reverse("pledge:message-list")).content.decode()
    assert "Waiting to be checked (2)" in html
    assert "2 to look at" in html  # Sue and the phone number; nothing in the second message
    assert "Nothing flagged" in html


def test_only_officers_who_check_messages_see_them(survey, closing, board_member, client_as):
    message = _message(survey, closing)
    client = client_as(board_member)
    assert client.get(reverse("pledge:message-list")).status_code == 403
    assert client.get(reverse("pledge:message-detail", args=[message.pk])).status_code == 403


def test_the_message_page_shows_the_flags_before_approval(survey, closing, officer, client_as):
    message = _message(survey, closing)
    html = client_as(officer).get(reverse("pledge:message-detail", args=[message.pk])).content.decode()
    assert '<mark class="cp-flag" title="Follows “social worker”: could be their name">Sue' in html
    assert "<strong>07700 900123</strong>: phone number. Looks like a phone number." in html


def test_html_in_a_message_is_shown_as_text_to_the_officer(survey, closing, officer, client_as):
    message = _message(survey, closing, "<img src=x onerror=alert(1)> hello")
    html = client_as(officer).get(reverse("pledge:message-detail", args=[message.pk])).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; hello" in html


def test_approving_words_that_are_still_flagged_needs_a_tick(survey, closing, officer, client_as):
    message = _message(survey, closing)
    response = _decide(client_as(officer), message, decision="approve", shown_text=NAMED)
    assert response.status_code == 200
    assert "The check found words that could identify someone" in response.content.decode()
    message.refresh_from_db()
    assert message.status == Message.Status.WAITING


def test_an_officer_can_approve_flagged_words_once_they_have_read_them(survey, closing, officer, client_as):
    message = _message(survey, closing)
    response = _decide(client_as(officer), message, decision="approve", shown_text=NAMED, checked="on")
    assert response.status_code == 302
    message.refresh_from_db()
    assert (message.status, message.shown_text) == (Message.Status.APPROVED, NAMED)
    assert message.history.first().history_change_reason == moderation.APPROVED


def test_an_edited_message_shows_the_board_only_the_edited_words(
    survey, closing, officer, board_member, client_as
):
    message = _message(survey, closing)
    results_url = reverse("pledge:results", args=[survey.pk])
    assert (
        "social worker"
        not in client_as(board_member).get(results_url).content.decode().split("What children told us")[1]
    )
    response = _decide(client_as(officer), message, decision="approve", shown_text=TIDIED)
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.shown_text == TIDIED
    assert message.answer.text == NAMED  # the child's words are kept, for officers
    record = message.history.first()
    assert (record.history_change_reason, record.history_user) == (moderation.EDITED, officer)
    html = client_as(board_member).get(results_url).content.decode()
    assert TIDIED in html
    assert "Sue" not in html and "07700" not in html


def test_the_board_never_sees_words_an_officer_took_out_in_the_history(
    survey, closing, officer, board_member, client_as
):
    message = _message(survey, closing)
    moderation.approve(message, shown_text=NAMED, version=message.version, by=officer)
    message.refresh_from_db()
    moderation.approve(message, shown_text=TIDIED, version=message.version, by=officer)
    history = reverse("core:record-history", args=["pledge", "message", message.pk])
    html = client_as(board_member).get(history).content.decode()
    assert TIDIED in html
    assert "Sue" not in html
    assert "Earlier versions are seen only by the officers who check children" in html
    assert "Sue" in client_as(officer).get(history).content.decode()


def test_withholding_needs_a_reason_and_hides_the_message_from_the_board(
    survey, closing, officer, board_member, client_as
):
    message = _message(survey, closing)
    client = client_as(officer)
    response = _decide(client, message, decision="withhold", shown_text=NAMED)
    assert "Say why the message is withheld" in response.content.decode()
    response = _decide(client, message, decision="withhold", withheld_reason="Passed to the social worker.")
    assert response.status_code == 302
    message.refresh_from_db()
    assert (message.status, message.shown_text) == (Message.Status.WITHHELD, "")
    html = client_as(board_member).get(reverse("pledge:results", args=[survey.pk])).content.decode()
    assert "social worker Sue" not in html
    assert "No messages have been approved for the board yet." in html


def test_a_decision_needs_a_choice_and_words_to_approve(survey, closing, officer, client_as):
    message = _message(survey, closing)
    client = client_as(officer)
    html = _decide(client, message).content.decode()
    assert "Error:" in html and "Choose whether to approve the message or withhold it." in html
    html = _decide(client, message, decision="approve", shown_text="  ").content.decode()
    assert "Enter the words the board will see, or withhold the message." in html


def test_a_decision_made_meanwhile_by_someone_else_is_not_overwritten(survey, closing, officer, client_as):
    message = _message(survey, closing)
    shown_version = message.version
    moderation.withhold(message, reason="Another officer decided.", version=message.version, by=officer)
    response = _decide(
        client_as(officer), message, version=shown_version, decision="approve", shown_text=TIDIED
    )
    assert response.status_code == 409
    assert "Someone else saved this record" in response.content.decode()
    message.refresh_from_db()
    assert message.status == Message.Status.WITHHELD


def test_after_a_decision_the_next_waiting_message_opens(survey, closing, officer, client_as):
    first = _message(survey, closing, "The trips are great.")
    second = _message(survey, closing, "I like my room.")
    response = _decide(client_as(officer), first, decision="approve", shown_text="The trips are great.")
    assert response["Location"] == reverse("pledge:message-detail", args=[second.pk])
    response = _decide(client_as(officer), second, decision="approve", shown_text="I like my room.")
    assert response["Location"] == f"{reverse('pledge:message-list')}?survey={survey.pk}"


def test_messages_of_unsent_answers_are_not_in_the_queue(survey, closing, officer, client_as):
    message = _message(survey, closing, "Half way through.")
    response = message.answer.response
    response.submitted_on = None
    save_audited(response, by=None, reason="test")
    assert "Half way through." not in client_as(officer).get(reverse("pledge:message-list")).content.decode()
    assert client_as(officer).get(reverse("pledge:message-detail", args=[message.pk])).status_code == 404
