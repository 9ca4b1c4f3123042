"""The questions and challenge log: matters arising until answered, the answer, and the log's filters."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from cpboard.board.models import Question
from cpboard.board.services.questions import log, matters_arising
from tests.factories.board import AgendaItemFactory, MeetingFactory, QuestionFactory
from tests.factories.training import PersonFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def at(year, month, day):
    return dt.datetime(year, month, day, 14, 0, tzinfo=LONDON)


@pytest.fixture
def year():
    return [MeetingFactory(starts_at=at(2026, m, 10)) for m in (6, 8, 10)]


def test_an_open_question_is_a_matter_arising_at_every_later_meeting_until_answered(year):
    june, august, october = year
    question = QuestionFactory(meeting=june, answer_by=august)
    assert list(matters_arising(june)) == []  # raised there, not arising from an earlier one
    assert list(matters_arising(august)) == [question]
    assert list(matters_arising(october)) == [question]
    question.status, question.answered_at, question.answered_on = (
        Question.Status.ANSWERED,
        august,
        dt.date(2026, 8, 10),
    )
    question.save()
    assert list(matters_arising(august)) == [question]  # answered at that meeting: shown there, answered
    assert list(matters_arising(october)) == []


def test_a_question_answered_between_meetings_leaves_matters_arising(year):
    june, august, _ = year
    question = QuestionFactory(meeting=june)
    question.status, question.answered_on = Question.Status.ANSWERED, dt.date(2026, 7, 1)
    question.save()
    assert list(matters_arising(august)) == []
    withdrawn = QuestionFactory(meeting=june, status=Question.Status.WITHDRAWN)
    assert withdrawn not in matters_arising(august)


def test_the_log_filters_open_answered_and_overdue():
    past, future = MeetingFactory(starts_at=at(2025, 6, 10)), MeetingFactory(starts_at=at(2099, 6, 10))
    overdue = QuestionFactory(meeting=past, answer_by=MeetingFactory(starts_at=at(2025, 8, 5)))
    not_due = QuestionFactory(meeting=past, answer_by=future)
    answered = QuestionFactory(meeting=past, status=Question.Status.ANSWERED, answer="Because.")
    assert set(log("open")) == {overdue, not_due}
    assert list(log("answered")) == [answered]
    assert list(log("overdue")) == [overdue]


def test_a_scrutiny_officer_records_a_question_and_it_shows_under_matters_arising(
    client_as, scrutiny_officer, year
):
    june, august, _ = year
    item = AgendaItemFactory(meeting=june, title="Placement stability")
    officer = PersonFactory(display_name="Dana Head of Service", kind="officer")
    client = client_as(scrutiny_officer)
    response = client.post(
        reverse("board:question-create", args=[june.pk]),
        {
            "item": item.pk,
            "text": "Why is long-term stability below our neighbours?",
            "to_answer": officer.pk,
            "answer_by": august.pk,
        },
    )
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.meeting == june and question.item == item and question.status == Question.Status.OPEN
    AgendaItemFactory(meeting=august, kind="matters_arising", title="Matters arising", position=1)
    AgendaItemFactory(meeting=august, kind="report", title="Fostering annual report", position=2)
    page = client.get(august.get_absolute_url()).content.decode()
    arising = page[page.index("1. Matters arising") : page.index("2. Fostering annual report")]
    assert "Why is long-term stability below our neighbours?" in arising
    assert "Dana Head of Service to answer" in arising


def test_a_question_needs_someone_to_answer_it(client_as, scrutiny_officer, year):
    response = client_as(scrutiny_officer).post(
        reverse("board:question-create", args=[year[0].pk]), {"text": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200 and not Question.objects.exists()
    assert "Write the question as the member asked it." in page
    assert "Choose who must answer the question." in page


def test_recording_the_answer(client_as, scrutiny_officer, year):
    june, august, _ = year
    question = QuestionFactory(meeting=june)
    client = client_as(scrutiny_officer)
    url = reverse("board:question-answer", args=[question.pk])
    future = (timezone.localdate() + dt.timedelta(days=3)).strftime("%d/%m/%Y")
    response = client.post(url, {"answer": "", "answered_on": future, "version": question.version})
    assert response.status_code == 200
    assert "Write the answer that was given." in response.content.decode()
    assert "cannot be dated in the future" in response.content.decode()
    response = client.post(
        url,
        {
            "answer": "A new matching panel starts in May.",
            "answered_on": "10/08/2026",
            "answered_at": august.pk,
            "version": question.version,
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED and question.answered_at == august
    assert question.history.first().history_change_reason == "Answer recorded"


def test_board_members_read_the_log_but_cannot_answer(client_as, board_member, year):
    question = QuestionFactory(meeting=year[0], answer_by=year[1])
    client = client_as(board_member)
    assert question.text in client.get(reverse("board:questions") + "?show=open").content.decode()
    assert client.get(question.get_absolute_url()).status_code == 200
    assert client.get(reverse("board:question-answer", args=[question.pk])).status_code == 403


def test_the_officer_who_must_answer_records_their_own_answer_but_not_others(client_as, officer, year):
    me = PersonFactory(display_name="Olu Officer", kind="officer", user=officer)
    mine = QuestionFactory(meeting=year[0], to_answer=me)
    theirs = QuestionFactory(meeting=year[0])
    client = client_as(officer)
    assert "Record the answer" in client.get(mine.get_absolute_url()).content.decode()
    assert client.get(reverse("board:question-answer", args=[theirs.pk])).status_code == 403
    response = client.post(
        reverse("board:question-answer", args=[mine.pk]),
        {"answer": "Matching panel dates are set.", "answered_on": "01/09/2026", "version": mine.version},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == Question.Status.ANSWERED


def test_the_history_of_the_terms_and_of_a_meeting_opens_for_board_members(client_as, board_member, year):
    from cpboard.board.services.meetings import current_board

    board = current_board()
    client = client_as(board_member)
    assert client.get(reverse("core:record-history", args=["board", "board", board.pk])).status_code == 200
    assert (
        client.get(reverse("core:record-history", args=["board", "meeting", year[0].pk])).status_code == 200
    )


def test_a_cancelled_meeting_is_not_offered_to_answer_by(client_as, scrutiny_officer, year):
    june, august, later = year
    later.status = "cancelled"
    later.save()
    client = client_as(scrutiny_officer)
    page = client.get(reverse("board:question-create", args=[june.pk])).content.decode()
    choices = re.search(r'<select name="answer_by".*?</select>', page, re.S)
    assert choices is not None
    assert f'value="{august.pk}"' in choices[0] and f'value="{later.pk}"' not in choices[0]
    response = client.post(
        reverse("board:question-create", args=[june.pk]),
        {"text": "Why?", "to_answer": PersonFactory().pk, "answer_by": later.pk},
    )
    assert response.status_code == 200 and not Question.objects.exists()
    assert "Select a valid choice" in response.content.decode()
