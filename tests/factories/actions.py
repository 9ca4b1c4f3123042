import datetime as dt

import factory

from cpboard.actions.models import (
    Action,
    ActionOwner,
    Objective,
    ProgressUpdate,
    Recommendation,
    RecommendationProgress,
    Review,
    Theme,
)
from tests.factories.accounts import UserFactory


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Theme {n}: being healthy")
    position = factory.Sequence(lambda n: n)


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    theme = factory.SubFactory(ThemeFactory)
    reference = factory.Sequence(lambda n: f"O{n}")
    text = "Improve how quickly health assessments are done for children in care"


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    objective = factory.SubFactory(ObjectiveFactory)
    reference = factory.Sequence(lambda n: f"A{n}")
    text = "Review the health assessment procedure with the designated nurse"
    outcome = "More assessments completed on time"
    timescale = Action.Timescale.MONTH
    due_on = dt.date(2026, 6, 1)
    added_on = dt.date(2026, 1, 5)

    @factory.post_generation
    def owner(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = "Fostering Service Team Leader"
        if extracted:
            person = extracted if not isinstance(extracted, str) else None
            ActionOwner.objects.create(action=self, person=person, post="" if person else extracted)


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    written_on = dt.date(2026, 2, 10)
    text = "Procedure drafted and shared with health colleagues"
    author = factory.SubFactory(UserFactory)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    title = factory.Sequence(lambda n: f"Outcomes for children in care review {n}")
    committee = "People Scrutiny Panel"
    reported_on = dt.date(2025, 9, 15)
    reference = "PSP/2025/04"


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    review = factory.SubFactory(ReviewFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    position = factory.Sequence(lambda n: n + 1)
    text = "That every councillor is offered corporate parenting training within six months of election"
    addressee = "Director of Children's Services"


class RecommendationProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecommendationProgress

    recommendation = factory.SubFactory(RecommendationFactory)
    written_on = dt.date(2026, 1, 20)
    text = "Training sessions booked for the new intake"
    author = factory.SubFactory(UserFactory)
