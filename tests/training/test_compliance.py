"""Compliance as at a date: statuses, the board's percentages, new people not yet inducted, query count."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cpboard.accounts.models import Person
from tests.factories.training import (
    AppointmentFactory,
    CourseFactory,
    PersonFactory,
    SessionFactory,
    TrainingRecordFactory,
    induction_and_refresher,
)
from training.services.compliance import Status, build_compliance, municipal_year_start

pytestmark = pytest.mark.django_db
AS_AT = dt.date(2026, 12, 1)


def _cell(compliance, person, course):
    row = next(r for r in compliance.rows if r.person == person)
    return next(c for c in row.cells if c.course == course)


def test_each_person_gets_one_of_five_statuses():
    induction, refresher = induction_and_refresher()
    compliant = PersonFactory(display_name="Aled Ashworth")
    TrainingRecordFactory(person=compliant, course=refresher, completed_on=dt.date(2025, 3, 11))
    due = PersonFactory(display_name="Bethan Bevan")
    TrainingRecordFactory(person=due, course=induction, completed_on=dt.date(2024, 1, 20))
    overdue = PersonFactory(display_name="Carys Carrick")
    TrainingRecordFactory(person=overdue, course=induction, completed_on=dt.date(2020, 6, 9))
    never = PersonFactory(display_name="Declan Dalton")
    new = PersonFactory(display_name="Eleri Ellwood", started_on=dt.date(2026, 10, 22))
    officer = PersonFactory(
        display_name="Fraser Fairley", kind=Person.Kind.OFFICER, ward="", party="", term_ends_on=None
    )

    compliance = build_compliance(as_at=AS_AT)

    assert _cell(compliance, compliant, induction).status == Status.COMPLIANT
    assert _cell(compliance, due, induction).status == Status.DUE
    assert _cell(compliance, due, induction).detail == "expires on 19/01/2027"
    assert _cell(compliance, overdue, induction).status == Status.OVERDUE
    assert (
        _cell(compliance, overdue, induction).detail == "Corporate parenting induction expired on 08/06/2023"
    )
    assert _cell(compliance, never, induction).status == Status.NEVER_DONE
    assert _cell(compliance, new, induction).status == Status.DUE
    assert _cell(compliance, new, induction).detail == "new: complete by 22/01/2027"
    assert _cell(compliance, officer, induction).status == Status.NOT_REQUIRED
    assert [c.name for c in compliance.courses] == [
        "Corporate parenting induction"
    ]  # the refresher is nobody's


def test_the_board_percentage_counts_members_holding_every_course_mandatory_for_them():
    induction, _ = induction_and_refresher()
    safeguarding = CourseFactory(
        code="safeguarding", name="Safeguarding", for_councillors=False, for_board_members=True
    )
    members = [PersonFactory(display_name=f"Member {n}") for n in range(4)]
    for person in members:
        AppointmentFactory(person=person, started_on=dt.date(2024, 5, 20))
        TrainingRecordFactory(person=person, course=induction, completed_on=dt.date(2025, 1, 1))
    for person in members[:3]:
        TrainingRecordFactory(person=person, course=safeguarding, completed_on=dt.date(2025, 1, 21))
    AppointmentFactory(
        person=PersonFactory(display_name="Former member"),
        started_on=dt.date(2020, 5, 1),
        ended_on=dt.date(2024, 5, 1),
    )

    board = build_compliance(as_at=AS_AT).group("board")

    assert (board.members, board.compliant, board.percent) == (4, 3, 75)
    by_course = {f.course.code: (f.required, f.valid, f.percent) for f in board.by_course}
    assert by_course == {"cp-induction": (4, 4, 100), "safeguarding": (4, 3, 75)}


def test_compliance_as_at_a_past_date_uses_only_what_was_true_then():
    induction, refresher = induction_and_refresher()
    person = PersonFactory()
    TrainingRecordFactory(person=person, course=induction, completed_on=dt.date(2020, 6, 9))
    TrainingRecordFactory(person=person, course=refresher, completed_on=dt.date(2024, 10, 8))
    left = PersonFactory(display_name="Gone Since", left_on=dt.date(2024, 5, 6))

    at_march_2024 = build_compliance(as_at=dt.date(2024, 3, 31))
    assert _cell(at_march_2024, person, induction).status == Status.OVERDUE
    assert left in [r.person for r in at_march_2024.rows]
    now = build_compliance(as_at=AS_AT)
    assert _cell(now, person, induction).status == Status.COMPLIANT
    assert left not in [r.person for r in now.rows]


def test_new_people_not_yet_inducted_with_days_since_start():
    induction, _ = induction_and_refresher()
    late = PersonFactory(display_name="Hamza Holroyd", started_on=dt.date(2026, 8, 6))
    PersonFactory(display_name="Isla Ingram", started_on=dt.date(2026, 10, 22))
    inducted = PersonFactory(display_name="Joel Jowett", started_on=dt.date(2026, 8, 6))
    TrainingRecordFactory(person=inducted, course=induction, completed_on=dt.date(2026, 9, 1))

    found = build_compliance(as_at=AS_AT).not_inducted

    assert [(n.person.display_name, n.days_since_start, n.overdue) for n in found] == [
        ("Hamza Holroyd", 117, True),
        ("Isla Ingram", 40, False),
    ]
    assert found[0].due_by == dt.date(2026, 11, 6)
    assert late == found[0].person


def test_councillors_trained_in_the_last_three_municipal_years():
    induction, refresher = induction_and_refresher()
    assert municipal_year_start(dt.date(2026, 12, 1)) == dt.date(2026, 5, 1)
    assert municipal_year_start(dt.date(2026, 4, 30)) == dt.date(2025, 5, 1)
    recent = PersonFactory()
    TrainingRecordFactory(person=recent, course=refresher, completed_on=dt.date(2024, 5, 2))
    stale = PersonFactory()
    TrainingRecordFactory(person=stale, course=induction, completed_on=dt.date(2024, 4, 30))

    compliance = build_compliance(as_at=AS_AT)

    assert compliance.recent_since == dt.date(2024, 5, 1)
    assert (compliance.trained_recently, compliance.councillors) == (1, 2)


def _populate(people: int, courses: int, years: int) -> None:
    made_courses = [CourseFactory(code=f"c{n}", for_board_members=n % 2 == 0) for n in range(courses)]
    for n in range(people):
        person = PersonFactory(display_name=f"P{n}")
        AppointmentFactory(person=person)
        for course in made_courses:
            for year in range(years):
                TrainingRecordFactory(
                    person=person, course=course, completed_on=dt.date(2016 + year, 3, 1 + n % 20)
                )


def test_compliance_runs_the_same_number_of_queries_whatever_the_size():
    _populate(3, 2, 2)
    with CaptureQueriesContext(connection) as small:
        build_compliance(as_at=AS_AT)
    _populate(12, 5, 4)
    with CaptureQueriesContext(connection) as large:
        build_compliance(as_at=AS_AT)
    assert len(small) == len(large) == 5


def test_the_compliance_page_runs_a_fixed_number_of_queries(client_as, board_member):
    _populate(3, 2, 2)
    client = client_as(board_member)
    client.get(reverse("training:compliance"))
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("training:compliance")).status_code == 200
    _populate(10, 4, 3)
    with CaptureQueriesContext(connection) as large:
        assert client.get(reverse("training:compliance")).status_code == 200
    assert len(small) == len(large)


def test_the_page_can_show_only_people_who_need_chasing(client_as, officer):
    induction, _ = induction_and_refresher()
    fine = PersonFactory(display_name="Aled Ashworth")
    TrainingRecordFactory(person=fine, course=induction, completed_on=dt.date(2026, 1, 1))
    PersonFactory(display_name="Bethan Bevan")
    client = client_as(officer)
    everyone = client.get(reverse("training:compliance"), {"as_at": "01/12/2026"}).content.decode()
    assert "Aled Ashworth" in everyone and "Bethan Bevan" in everyone
    chasing = client.get(reverse("training:compliance"), {"as_at": "01/12/2026", "needing": "action"})
    table = chasing.content.decode().split('id="people-compliance"')[1]
    assert "Bethan Bevan" in table and "Aled Ashworth" not in table
    assert "needing=action" in chasing.content.decode()  # the downloads keep the choice


def test_a_date_in_the_future_is_refused_next_to_the_field(client_as, board_member):
    response = client_as(board_member).get(reverse("training:compliance"), {"as_at": "01/01/2099"})
    assert response.status_code == 400
    assert response.context["form"].errors["as_at"] == [
        "Choose today or a date in the past: compliance cannot be known ahead."
    ]


def test_the_municipal_years_sessions_say_how_many_young_people_helped_deliver():
    course = CourseFactory()
    SessionFactory(course=course, held_on=dt.date(2026, 4, 30), with_young_people=True)  # the year before
    SessionFactory(course=course, held_on=dt.date(2026, 6, 16), with_young_people=True)
    SessionFactory(course=course, held_on=dt.date(2026, 9, 29), with_young_people=False)
    compliance = build_compliance(as_at=AS_AT)
    assert (compliance.year_start, compliance.year_sessions, compliance.year_sessions_with_young_people) == (
        dt.date(2026, 5, 1),
        2,
        1,
    )
