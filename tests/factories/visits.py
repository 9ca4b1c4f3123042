import datetime as dt
from typing import cast

import factory

from cpboard.accounts.models import Appointment, Person
from tests.factories.training import CourseFactory, PersonFactory, TrainingRecordFactory
from visits.models import VISITOR_COURSE_CODE, Action, Assignment, Declaration, Home, QualityReview, Visit


class HomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Home

    name = factory.Sequence(lambda n: f"Test Home {n:03d}")
    urn = factory.Sequence(lambda n: f"SC{700000 + n}")
    ownership = Home.Ownership.COUNCIL
    kind = Home.Kind.RESIDENTIAL
    places = 4
    ofsted_rating = Home.Rating.GOOD
    inspected_on = dt.date(2025, 6, 1)
    visits_from = dt.date(2020, 1, 1)


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    home = factory.SubFactory(HomeFactory)
    period_start = dt.date(2026, 10, 1)
    planned_on = dt.date(2026, 10, 14)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    visit = factory.SubFactory(VisitFactory)
    person = factory.SubFactory(PersonFactory)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    visit = factory.SubFactory(VisitFactory)
    what = "Repair the side gate lock."
    owner = "Registered manager"
    due_on = dt.date(2026, 11, 15)


class DeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Declaration

    person = factory.SubFactory(PersonFactory)
    made_on = dt.date(2026, 1, 5)


class QualityReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QualityReview

    home = factory.SubFactory(HomeFactory)
    completed_on = dt.date(2026, 6, 1)
    author = "Registered manager"
    summary = "Care judged good overall."


def visitor_course():
    return CourseFactory(
        code=VISITOR_COURSE_CODE,
        name="Regulation 33/44 visitor training",
        validity_months=24,
        for_councillors=False,
        for_visitors=True,
    )


def trained_visitor(*, user=None, completed_on=dt.date(2026, 2, 10), **kwargs) -> Person:
    """A person on the visitors' list holding valid visitor training from `completed_on` for 24 months."""
    person = cast(Person, PersonFactory(user=user, **kwargs))
    Appointment.objects.create(person=person, kind=Appointment.Kind.VISITOR, started_on=dt.date(2024, 6, 1))
    TrainingRecordFactory(person=person, course=visitor_course(), completed_on=completed_on)
    return person


def untrained_visitor(**kwargs) -> Person:
    person = cast(Person, PersonFactory(**kwargs))
    Appointment.objects.create(person=person, kind=Appointment.Kind.VISITOR, started_on=dt.date(2024, 6, 1))
    return person
