"""Thistledon's board year in the demo: six meetings, the last still to come, and running it again changes
nothing."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from cpboard.board.models import (
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    Membership,
    PackVersion,
    Question,
    WorkProgrammeItem,
)
from cpboard.board.reporting.evaluation import build_evaluation
from cpboard.board.services.questions import matters_arising

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC), tick=False)


def _counts():
    models = (Meeting, AgendaItem, Attendance, Membership, Question, Decision, WorkProgrammeItem, PackVersion)
    return [(m.objects.count(), m.history.count()) for m in models]


def test_the_demo_board_year(board_member):
    call_command("seed_demo", stdout=io.StringIO())
    meetings = list(Meeting.objects.order_by("starts_at"))
    assert len(meetings) == 6
    assert [timezone.localtime(m.starts_at).strftime("%d/%m/%Y %H:%M") for m in meetings][
        -1
    ] == "09/12/2026 14:00"
    assert [m.status for m in meetings] == ["held"] * 5 + ["agenda_published"]
    last = meetings[-1]
    kinds = list(last.items.values_list("kind", flat=True))
    assert kinds[:5] == ["apologies", "minutes", "matters_arising", "cicc", "plan_progress"]
    assert last.items.filter(kind="report", section="scorecard").exists()
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {"chair", "vice_chair", "member", "young_person", "partner", "reporting_officer"}
    assert Membership.objects.get(role="chair").person.user.username == "chair"
    assert Attendance.objects.filter(status="apologies").count() >= 5
    open_questions = Question.objects.open()
    assert [q.answer_by for q in open_questions] == [last]
    assert list(matters_arising(last)) == list(open_questions)  # shown under matters arising on 09/12/2026
    assert Question.objects.filter(status="answered").count() == 4
    decision = Decision.objects.exclude(plan_action=None).get()
    assert decision.plan_action.text.startswith("Agree a housing protocol for care leavers")
    assert (
        WorkProgrammeItem.objects.filter(municipal_year=2026, meeting=None).count() == 4
    )  # Feb and Apr 2027
    assert all(m.minutes_approved_at == meetings[n + 1] for n, m in enumerate(meetings[:4]))

    pack = PackVersion.objects.get(meeting=last)
    assert (pack.status, pack.number) == ("published", 1) and pack.pages > 1
    assert pack.build.status == "done"

    counts = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == counts
    assert PackVersion.objects.get(meeting=last) == pack  # not built again

    evaluation = build_evaluation(2026, board_member)
    assert len(evaluation.held) == 3 and len(evaluation.to_come) == 1
    assert "Jay" not in [row.name for row in evaluation.attendance]
    assert evaluation.trends is not None and evaluation.trends.rows
