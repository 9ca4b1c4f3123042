import datetime as dt

import factory

from cpboard.accounts.models import Appointment, Person
from training.models import Course, Session, TrainingRecord


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    display_name = factory.Sequence(lambda n: f"Councillor Person{n:03d}")
    kind = Person.Kind.COUNCILLOR
    ward = "Castle"
    party = "Independent"
    started_on = dt.date(2020, 5, 11)
    term_ends_on = dt.date(2028, 5, 8)


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    person = factory.SubFactory(PersonFactory)
    kind = Appointment.Kind.BOARD_MEMBER
    started_on = dt.date(2024, 5, 20)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"course-{n}")
    name = factory.LazyAttribute(lambda o: f"Course {o.code}")
    validity_months = 36
    for_councillors = True
    offered_from = dt.date(2010, 1, 1)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    course = factory.SubFactory(CourseFactory)
    held_on = dt.date(2025, 3, 11)
    trainer = "Helen Brightwell"


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRecord

    person = factory.SubFactory(PersonFactory)
    course = factory.SubFactory(CourseFactory)
    completed_on = dt.date(2025, 3, 11)


def induction_and_refresher():
    """The two corporate parenting courses as the demo council has them."""
    induction = CourseFactory(
        code="cp-induction",
        name="Corporate parenting induction",
        validity_months=36,
        for_councillors=True,
        for_senior_officers=True,
        complete_within_months=3,
    )
    refresher = CourseFactory(
        code="cp-refresher",
        name="Corporate parenting refresher",
        validity_months=36,
        for_councillors=False,
        renews=induction,
    )
    return induction, refresher
