"""The demo council's visits: three homes (one for short breaks), a year of rota and reports with late and
missed visits and overdue actions, an independent visitor and a home manager who can sign in; a second run
changes nothing; every visitor held valid training on the day."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from cpboard.accounts.models import Person
from training.models import Course
from training.services.rule import holds_valid
from visits.models import VISITOR_COURSE_CODE, Action, Home, Visit
from visits.reporting.compliance import Cell, build_compliance

pytestmark = pytest.mark.django_db

STORY = dt.date(2026, 12, 1)


@pytest.fixture
def seeded():
    call_command("seed_demo", stdout=io.StringIO())


def test_the_demo_has_three_homes_a_year_of_visits_and_its_problems(seeded):
    assert Home.objects.count() == 3
    assert Home.objects.filter(kind=Home.Kind.SHORT_BREAKS).count() == 1
    assert Visit.objects.count() == 39
    assert Visit.objects.filter(status__in=["submitted", "acknowledged"]).count() >= 30
    assert Action.objects.overdue(STORY).exists()
    officer = Person.objects.get(user__username="officer").user
    statuses = {c.status for r in build_compliance(officer, today=STORY).rows for c in r.cells}
    assert {Cell.DONE, Cell.LATE, Cell.MISSED, Cell.DUE} <= statuses
    manager = Person.objects.get(user__username="home.manager")
    assert list(manager.managed_homes.values_list("name", flat=True)) == ["Hollins Lodge"]
    independent = Person.objects.get(user__username="independent.visitor")
    assert independent.kind == Person.Kind.INDEPENDENT_VISITOR
    assert set(Home.objects.visible_to(independent.user).values_list("name", flat=True)) == {"Larkspur Court"}


def test_every_visitor_on_the_rota_held_valid_training_that_day(seeded):
    course = Course.objects.get(code=VISITOR_COURSE_CODE)
    for visit in Visit.objects.prefetch_related("visitors"):
        day = visit.visited_on or visit.planned_on
        for person in visit.visitors.all():
            assert holds_valid(person, course, on=day).ok, f"{person} on {visit}"


def test_a_second_run_changes_nothing(seeded):
    counts = (Visit.objects.count(), Action.objects.count(), Person.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Visit.objects.count(), Action.objects.count(), Person.objects.count()) == counts
