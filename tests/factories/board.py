import datetime as dt
from zoneinfo import ZoneInfo

import factory

from cpboard.board.models import (
    AgendaItem,
    Attendance,
    Board,
    Decision,
    Meeting,
    Membership,
    Question,
    WorkProgrammeItem,
)
from tests.factories.training import PersonFactory


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board
        django_get_or_create = ("name",)

    name = "Corporate Parenting Board"
    terms_of_reference = "The board makes sure the council acts as a good parent to every child in its care."
    quorum = 3


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    role = Membership.Role.MEMBER
    started_on = dt.date(2025, 5, 20)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    board = factory.SubFactory(BoardFactory)
    starts_at = factory.Sequence(
        lambda n: (
            dt.datetime(2026, 6, 10, 14, 0, tzinfo=ZoneInfo("Europe/London")) + dt.timedelta(days=61 * n)
        )
    )
    place = "Committee Room 1, Thistledon Civic Centre"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    status = Attendance.Status.PRESENT


class WorkProgrammeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkProgrammeItem

    municipal_year = 2026
    title = factory.Sequence(lambda n: f"Regulation 44 visits: six-monthly report {n}")


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 10)
    title = factory.Sequence(lambda n: f"Report {n}: health of children in care")
    narrative = "The designated nurse will present the annual health report."


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    text = "The board noted the report and asked for an update at its next meeting."


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    meeting = factory.SubFactory(MeetingFactory)
    asked_by = factory.SubFactory(PersonFactory)
    text = "Why is long-term placement stability below our statistical neighbours?"
    to_answer = factory.SubFactory(PersonFactory, kind="officer")
