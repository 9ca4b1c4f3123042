"""The demo council's training: a realistic mix, linked demo users, and a second run changes nothing."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from cpboard.accounts.models import Person
from training.models import Session, TrainingRecord
from training.services.compliance import Status, build_compliance

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", stdout=io.StringIO())


def test_the_demo_has_45_councillors_15_officers_and_three_municipal_years_of_sessions(seeded):
    today = dt.date(2026, 12, 1)
    current = Person.objects.current(today)
    assert current.filter(kind="councillor").count() == 45
    # 15 officers, and the three registered managers of the visits demo's children's homes
    assert current.filter(kind="officer").exclude(managed_homes__isnull=False).count() == 15
    years = {s.held_on.year if s.held_on.month >= 5 else s.held_on.year - 1 for s in Session.objects.all()}
    assert years == {2024, 2025, 2026}
    assert Person.objects.get(user__username="member").display_name == "Tomasz Nowak"
    compliance = build_compliance(as_at=today)
    statuses = {c.status for r in compliance.rows for c in r.cells}
    assert {Status.COMPLIANT, Status.DUE, Status.OVERDUE, Status.NEVER_DONE, Status.NOT_REQUIRED} <= statuses
    assert len(compliance.not_inducted) >= 2


def test_a_second_run_changes_nothing(seeded):
    records, people = TrainingRecord.objects.count(), Person.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert (TrainingRecord.objects.count(), Person.objects.count()) == (records, people)
