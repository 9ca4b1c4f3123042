"""The annual board evaluation: its figures on a hand-made year (2025/26), what a board member may see, and
the page and PDF."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from cpboard.accounts.models import Person
from cpboard.actions.models import Action
from cpboard.board.models import AgendaItem, Attendance, Meeting, Membership, Question
from cpboard.board.reporting.evaluation import YOUNG_PERSON_LABEL, build_evaluation, year_choices
from performance.models import Indicator
from tests.conftest import signed_in
from tests.factories.actions import ActionFactory
from tests.factories.board import (
    AgendaItemFactory,
    AttendanceFactory,
    BoardFactory,
    DecisionFactory,
    MeetingFactory,
    MembershipFactory,
    QuestionFactory,
    WorkProgrammeItemFactory,
)
from tests.factories.performance import (
    IndicatorFactory,
    IndicatorValueFactory,
    TargetFactory,
    financial_year,
    quarter,
    released,
)
from tests.factories.pledge import SurveyFactory, SurveyResponseFactory
from tests.factories.training import PersonFactory
from tests.factories.visits import HomeFactory, VisitFactory

LONDON = ZoneInfo("Europe/London")
TODAY = dt.date(2026, 6, 1)  # the 2025/26 year is over


def at(year, month, day):
    return dt.datetime(year, month, day, 14, 0, tzinfo=LONDON)


@pytest.fixture
def year(db):
    """Four meetings held in 2025/26 and one cancelled, one the year after; five members."""
    board = BoardFactory(quorum=2)
    held = [
        MeetingFactory(board=board, starts_at=at(*day), status=Meeting.Status.HELD)
        for day in [(2025, 6, 11), (2025, 9, 10), (2026, 1, 14), (2026, 3, 11)]
    ]
    MeetingFactory(board=board, starts_at=at(2025, 11, 12), status=Meeting.Status.CANCELLED)
    MeetingFactory(board=board, starts_at=at(2026, 5, 20), status=Meeting.Status.HELD)  # next year
    chair = MembershipFactory(role=Membership.Role.CHAIR, person__display_name="Alys Chair")
    member = MembershipFactory(person__display_name="Bryn Member")
    joined = MembershipFactory(person__display_name="Ceri Joined", started_on=dt.date(2026, 1, 1))
    left = MembershipFactory(
        person__display_name="Dai Left", started_on=dt.date(2024, 5, 20), ended_on=dt.date(2025, 10, 1)
    )
    young = MembershipFactory(
        role=Membership.Role.YOUNG_PERSON,
        person=PersonFactory(display_name="Jay Youngperson", kind=Person.Kind.YOUNG_PERSON),
    )
    present, apologies = Attendance.Status.PRESENT, Attendance.Status.APOLOGIES
    marks = {
        chair: [present, present, present, present],
        member: [present, apologies, present, apologies],
        joined: [None, None, present, None],  # absent on 11/03/2026 (no record)
        left: [present, apologies, None, None],
        young: [present, present, present, present],
    }
    for membership, statuses in marks.items():
        for meeting, status in zip(held, statuses, strict=True):
            if status:
                AttendanceFactory(meeting=meeting, person=membership.person, status=status)
    health = WorkProgrammeItemFactory(
        municipal_year=2025, title="Health of children in care", theme="Being healthy"
    )
    AgendaItemFactory(meeting=held[0], kind=AgendaItem.Kind.APOLOGIES, title="Apologies")
    AgendaItemFactory(meeting=held[0], title="Annual health report", work_programme_item=health)
    AgendaItemFactory(meeting=held[1], title="Dental checks", work_programme_item=health)
    AgendaItemFactory(meeting=held[2], title="Scorecard", section="scorecard")
    AgendaItemFactory(meeting=held[3], title="Leaving care offer")
    QuestionFactory(
        meeting=held[0], status=Question.Status.ANSWERED, answer="Yes.", answered_on=dt.date(2025, 9, 10)
    )
    QuestionFactory(meeting=held[1], text="Why are dental checks late for children placed out of area?")
    QuestionFactory(meeting=held[2], status=Question.Status.WITHDRAWN)
    action = ActionFactory(reference="H1.1", text="Book dental checks within a month of a move")
    DecisionFactory(meeting=held[1], text="The board asked for a dental plan.", plan_action=action)
    DecisionFactory(meeting=held[3])
    return {"held": held, "action": action}


@pytest.fixture
def figures(db):
    """2025-26 Q4 against 2024-25 Q4: one better, one worse, one resting on three children."""
    better = IndicatorFactory(
        code="EV-1", title="Three or more placements", polarity=Indicator.Polarity.LOWER
    )
    worse = IndicatorFactory(
        code="EV-2", title="Health assessments on time", polarity=Indicator.Polarity.HIGHER
    )
    small = IndicatorFactory(code="EV-3", title="Care leavers in custody", polarity=Indicator.Polarity.LOWER)
    for indicator, before, now in [
        (better, (12, 100), (10, 100)),
        (worse, (80, 100), (70, 100)),
        (small, (2, 40), (3, 40)),
    ]:
        for period, (numerator, denominator) in [(quarter(2024, 4), before), (quarter(2025, 4), now)]:
            IndicatorValueFactory(
                indicator=indicator,
                period=period,
                numerator=Decimal(numerator),
                denominator=Decimal(denominator),
                value=Decimal(numerator) * 100 / denominator,
            )
    TargetFactory(indicator=better, period=financial_year(2025), value=Decimal("11.0"))
    TargetFactory(indicator=worse, period=financial_year(2025), value=Decimal("90.0"))
    released(quarter(2024, 4), quarter(2025, 4))


def test_attendance_counts_only_meetings_held_while_a_member(year, board_member):
    ev = build_evaluation(2025, board_member, today=TODAY)
    rows = {row.name: row for row in ev.attendance}
    assert (rows["Alys Chair"].could_attend, rows["Alys Chair"].attended, rows["Alys Chair"].percent) == (
        4,
        4,
        100,
    )
    bryn = rows["Bryn Member"]
    assert (bryn.attended, bryn.apologies, bryn.percent) == (2, 2, 50)
    ceri = rows["Ceri Joined"]
    assert (ceri.could_attend, ceri.attended, ceri.absent, ceri.percent) == (2, 1, 1, 50)
    dai = rows["Dai Left"]
    assert (dai.could_attend, dai.attended, dai.apologies) == (2, 1, 1)
    assert ev.attendance[0].name == "Alys Chair"  # the chair first
    # voting members: 4 + 2 + 1 + 1 attended of 4 + 4 + 2 + 2
    assert ev.voting_percent == 67
    assert (
        ev.attendance_sentence
    ) == "Voting members attended 67% of the meetings they could have attended; 1 member attended every one."


def test_young_people_are_never_named(year, board_member):
    ev = build_evaluation(2025, board_member, today=TODAY)
    names = [row.name for row in ev.attendance]
    assert "Jay Youngperson" not in names
    assert YOUNG_PERSON_LABEL in names
    young = next(row for row in ev.attendance if row.name == YOUNG_PERSON_LABEL)
    assert (young.attended, young.voting) == (4, False)


def test_meetings_items_questions_and_decisions(year, board_member):
    ev = build_evaluation(2025, board_member, today=TODAY)
    assert len(ev.held) == 4 and len(ev.cancelled) == 1 and ev.to_come == []
    assert ev.meetings_sentence.startswith(
        "The board met 4 times in 2025/26, from 11/06/2025 to 11/03/2026. 1 meeting was cancelled."
    )
    assert "At least 2 voting members were present at 2 of the 4 meetings held" in ev.meetings_sentence
    assert ev.items_count == 5 and ev.reports_count == 4
    themes = {t.theme: t.titles for t in ev.themes}
    assert themes["Being healthy"] == ["Annual health report", "Dental checks"]
    assert themes["Performance scorecard"] == ["Scorecard"]
    assert themes["Other reports"] == ["Leaving care offer"]
    assert [t.theme for t in ev.themes][-1] == "Other reports"
    c = ev.challenge
    assert (c.raised, c.answered, len(c.still_open), c.withdrawn, c.percent_answered) == (3, 1, 1, 1, 50)
    assert ev.decisions.count == 2
    assert [row.decision.plan_action for row in ev.decisions.with_actions] == [year["action"]]
    assert (
        ev.decisions_sentence == "The board made 2 decisions, 1 of which added an action to the action plan."
    )


def test_performance_trends_year_on_year(figures, officer):
    ev = build_evaluation(2025, officer, today=TODAY)
    assert ev.trends.as_at == quarter(2025, 4)
    by_code = {row.indicator.code: row for row in ev.trends.rows}
    assert by_code["EV-1"].direction.code == "improved"
    assert by_code["EV-1"].direction.arrow == "↓"
    assert by_code["EV-1"].rag.code == "green"
    assert by_code["EV-2"].direction.code == "worse"
    assert by_code["EV-2"].rag.code == "red"
    assert by_code["EV-3"].direction.code == "worse"  # officers see small numbers
    assert (ev.trends.improved, ev.trends.worse, ev.trends.same) == (1, 2, 0)


def test_small_numbers_are_hidden_from_a_board_member(figures, board_member, officer):
    SurveyFactory(
        title="Pledge survey 2025", year=2025, opens_on=dt.date(2025, 11, 1), closes_on=dt.date(2025, 12, 31)
    )
    survey = SurveyFactory(
        title="Pledge survey 2025 b", year=2025, opens_on=dt.date(2025, 11, 1), closes_on=dt.date(2026, 1, 31)
    )
    for _ in range(3):
        SurveyResponseFactory(survey=survey, submitted_on=dt.date(2026, 1, 10))
    seen = build_evaluation(2025, board_member, today=TODAY)
    small = next(row for row in seen.trends.rows if row.indicator.code == "EV-3")
    assert small.latest.suppressed and small.direction.code == "none"
    assert (seen.trends.improved, seen.trends.worse) == (1, 1)
    assert seen.survey.survey == survey  # the one that closed last in the year
    assert seen.survey.respondents_text == "fewer than 5"
    assert build_evaluation(2025, officer, today=TODAY).survey.respondents_text == "3"


def test_plan_visits_and_training_over_the_year(db, board_member):
    ActionFactory(reference="D1", status=Action.Status.COMPLETE, closed_on=dt.date(2025, 10, 1))
    ActionFactory(reference="D2", status=Action.Status.COMPLETE, closed_on=dt.date(2024, 12, 1))
    ActionFactory(reference="D3", status=Action.Status.ON_TRACK, due_on=dt.date(2026, 1, 1))
    home = HomeFactory(name="Brookside Test House")
    VisitFactory(
        home=home,
        period_start=dt.date(2025, 5, 1),
        visited_on=dt.date(2025, 5, 10),
        submitted_on=dt.date(2025, 5, 15),
        status="submitted",
    )
    VisitFactory(
        home=home,
        period_start=dt.date(2025, 6, 1),
        visited_on=dt.date(2025, 7, 2),
        submitted_on=dt.date(2025, 7, 3),
        status="submitted",
    )
    ev = build_evaluation(2025, board_member, today=TODAY)
    assert [a.reference for a in ev.plan.completed] == ["D1"]
    assert [row.action.reference for row in ev.plan.overdue] == ["D3"]
    visits = ev.visits
    assert (visits.due, visits.on_time, visits.late, visits.missed, visits.percent) == (12, 1, 1, 10, 8)
    assert ev.training is not None and ev.training.as_at == dt.date(2026, 4, 30)


def test_a_year_still_running_covers_it_up_to_today(year, board_member):
    ev = build_evaluation(2025, board_member, today=dt.date(2026, 2, 1))
    assert not ev.is_complete and ev.as_at == dt.date(2026, 2, 1)
    assert len(ev.held) == 4  # held is the meeting's status, whatever the date
    assert (2025, "2025/26") in year_choices(today=dt.date(2026, 2, 1))
    assert (2026, "2026/27") in year_choices(today=dt.date(2026, 2, 1))  # the May 2026 meeting


def test_page_reads_as_a_report(year, figures, client, board_member):
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, 0, tzinfo=LONDON), tick=False):
        response = signed_in(client, board_member).get(reverse("board:evaluation"), {"year": "2025"})
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">Annual board evaluation</h1>' in page
    for heading in [
        "Meetings",
        "Attendance",
        "What the board considered",
        "Questions and challenge",
        "Decisions and actions",
        "Performance year on year",
        "The action plan",
        "Regulation 33/44 visits",
        "Training",
        "What children told us",
    ]:
        assert f">{heading}</h2>" in page
    assert "The board met 4 times in 2025/26" in page
    assert "Jay Youngperson" not in page
    assert "Why are dental checks late for children placed out of area?" in page
    assert "Care leavers in custody" in page and "Not shown" in page


def test_an_unknown_year_is_explained_next_to_the_field(db, client, board_member):
    response = signed_in(client, board_member).get(reverse("board:evaluation"), {"year": "1990"})
    assert response.status_code == 400
    assert "Choose a municipal year from the list" in response.content.decode()
    assert 'id="year-error"' in response.content.decode()


def test_pdf_has_the_figures(year, client, board_member):
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, 0, tzinfo=LONDON), tick=False):
        response = signed_in(client, board_member).get(reverse("board:evaluation-pdf"), {"year": "2025"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="board-evaluation-2025-26.pdf"' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/Lang"] == "en-GB"  # tagged, language set
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Annual board evaluation 2025/26" in text
    assert "67%" in text
    assert "Jay Youngperson" not in text


def test_people_without_board_access_are_refused(db, client, cicc_member):
    assert signed_in(client, cicc_member).get(reverse("board:evaluation")).status_code == 403


def test_queries_do_not_grow_with_the_year(year, figures, board_member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    build_evaluation(2025, board_member, today=TODAY)  # permissions are cached on the user after this
    with CaptureQueriesContext(connection) as before:
        build_evaluation(2025, board_member, today=TODAY)
    for day in [(2025, 7, 9), (2025, 12, 10)]:
        meeting = MeetingFactory(starts_at=at(*day), status=Meeting.Status.HELD)
        for _ in range(3):
            membership = MembershipFactory()
            AttendanceFactory(meeting=meeting, person=membership.person)
        AgendaItemFactory(meeting=meeting)
        QuestionFactory(meeting=meeting)
        DecisionFactory(meeting=meeting)
    with CaptureQueriesContext(connection) as after:
        build_evaluation(2025, board_member, today=TODAY)
    assert len(after) == len(before)


def test_a_member_represented_by_a_substitute_counts_towards_the_quorum_as_on_the_meeting_page(
    year, board_member
):
    from cpboard.board.services.meetings import quorum_for

    september = year["held"][1]
    sent = september.attendance.get(person__display_name="Bryn Member")
    sent.status, sent.substitute = Attendance.Status.SUBSTITUTE, PersonFactory(display_name="Cllr Stand-in")
    sent.save()
    assert quorum_for(september).quorate  # the meeting page: the chair and a substitute make 2 of 2
    ev = build_evaluation(2025, board_member, today=TODAY)
    assert "At least 2 voting members were present at 3 of the 4 meetings held" in ev.meetings_sentence
