"""The rule other apps use: holds_valid(person, course, on=date) -> ok and a reason."""

import datetime as dt

import pytest

from tests.factories.training import (
    AppointmentFactory,
    CourseFactory,
    PersonFactory,
    TrainingRecordFactory,
    induction_and_refresher,
)
from training.models import add_months
from training.services.rule import holds_valid

pytestmark = pytest.mark.django_db


def test_the_visits_rota_checks_a_visitor_holds_regulation_33_training_on_the_visit_date():
    """As visits' rota will call it: for each rostered visitor and visit date, refuse with the reason."""
    visitor_course = CourseFactory(
        code="reg-visitor", name="Regulation 33/44 visitor training", validity_months=24, for_visitors=True
    )
    trained = PersonFactory(display_name="Carys Carrick")
    lapsed = PersonFactory(display_name="Declan Dalton")
    never = PersonFactory(display_name="Eleri Ellwood")
    for person in (trained, lapsed, never):
        AppointmentFactory(person=person, kind="visitor", started_on=dt.date(2024, 6, 1))
    TrainingRecordFactory(person=trained, course=visitor_course, completed_on=dt.date(2026, 2, 10))
    TrainingRecordFactory(person=lapsed, course=visitor_course, completed_on=dt.date(2024, 3, 15))

    visit_on = dt.date(2026, 12, 1)
    rota = {
        person.display_name: holds_valid(person, visitor_course, on=visit_on)
        for person in (trained, lapsed, never)
    }

    assert rota["Carys Carrick"].ok
    assert rota["Carys Carrick"].reason == "valid until 09/02/2028"
    assert not rota["Declan Dalton"].ok
    assert rota["Declan Dalton"].reason == "Regulation 33/44 visitor training expired on 14/03/2026"
    assert not rota["Eleri Ellwood"].ok
    assert rota["Eleri Ellwood"].reason == "never done"


def test_a_refresher_renews_the_course_it_refreshes():
    induction, refresher = induction_and_refresher()
    person = PersonFactory()
    TrainingRecordFactory(person=person, course=induction, completed_on=dt.date(2020, 6, 9))
    assert not holds_valid(person, induction, on=dt.date(2024, 1, 1)).ok
    TrainingRecordFactory(person=person, course=refresher, completed_on=dt.date(2023, 3, 15))

    check = holds_valid(person, induction, on=dt.date(2026, 1, 1))
    assert check.ok
    assert check.valid_until == dt.date(2026, 3, 14)
    lapsed = holds_valid(person, induction, on=dt.date(2026, 12, 1))
    assert lapsed.reason == "Corporate parenting refresher expired on 14/03/2026"


def test_a_refresher_of_a_refresher_still_renews_the_original():
    induction, refresher = induction_and_refresher()
    second = CourseFactory(
        code="cp-refresher-2", name="Second refresher", renews=refresher, for_councillors=False
    )
    person = PersonFactory()
    TrainingRecordFactory(person=person, course=second, completed_on=dt.date(2025, 1, 1))
    assert holds_valid(person, induction, on=dt.date(2026, 1, 1)).ok


def test_training_done_after_the_date_does_not_count_then():
    course = CourseFactory()
    person = PersonFactory()
    TrainingRecordFactory(person=person, course=course, completed_on=dt.date(2025, 6, 1))
    check = holds_valid(person, course, on=dt.date(2025, 5, 31))
    assert not check.ok
    assert check.reason == "not done by 31/05/2025 (first completed on 01/06/2025)"


def test_someone_who_had_not_started_or_had_left_does_not_hold_it():
    course = CourseFactory(validity_months=None)
    person = PersonFactory(started_on=dt.date(2024, 5, 6), left_on=dt.date(2026, 5, 7))
    TrainingRecordFactory(person=person, course=course, completed_on=dt.date(2024, 6, 1))
    assert holds_valid(person, course, on=dt.date(2024, 1, 1)).reason == (
        "not yet started (their start date is 06/05/2024)"
    )
    assert (
        holds_valid(person, course, on=dt.date(2025, 1, 1)).reason
        == "completed on 01/06/2024; does not expire"
    )
    assert holds_valid(person, course, on=dt.date(2026, 6, 1)).reason == "left on 07/05/2026"


def test_validity_counts_whole_months_to_the_day_before():
    assert add_months(dt.date(2023, 3, 15), 36) == dt.date(2026, 3, 15)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    course = CourseFactory(validity_months=36)
    assert course.expires_on(dt.date(2023, 3, 15)) == dt.date(2026, 3, 14)


def test_the_rule_runs_a_fixed_number_of_queries(django_assert_num_queries):
    course = CourseFactory()
    person = PersonFactory()
    for year in range(2015, 2026):
        TrainingRecordFactory(person=person, course=course, completed_on=dt.date(year, 1, 1))
    with django_assert_num_queries(2):
        holds_valid(person, course, on=dt.date(2026, 1, 1))
