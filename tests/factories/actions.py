import datetime as dt
from typing import cast

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


def big_plan(*, actions: int = 500, updates: int = 5000, author=None) -> None:
    """A large plan for query-count tests and bench/action_plan.py: 6 themes, an objective per 5 actions,
    two owners an action (a post and, every third action, a person), `updates` progress updates spread
    over the actions, and a review whose 25 recommendations are linked to objectives."""
    from cpboard.accounts.models import Person
    from cpboard.actions.models import ObjectiveRecommendation
    from cpboard.core.locking import create_many_audited

    author = author or UserFactory(username="big-plan-author")
    themes = create_many_audited(
        Theme, [Theme(name=f"Theme {n}", position=n) for n in range(6)], by=None, reason="Bench"
    )
    objectives = create_many_audited(
        Objective,
        [
            Objective(theme=themes[n % 6], reference=f"O{n}", text=f"Objective {n}", position=n)
            for n in range(actions // 5)
        ],
        by=None,
        reason="Bench",
    )
    kinds = [
        Action.Timescale.MONTH,
        Action.Timescale.DATE,
        Action.Timescale.RECURRING,
        Action.Timescale.ONGOING,
    ]
    made = create_many_audited(
        Action,
        [
            Action(
                objective=objectives[n % len(objectives)],
                reference=f"A{n}",
                text=f"Action number {n} of the plan",
                outcome="A better service",
                timescale=kinds[n % 4],
                due_on=dt.date(2026, 1 + n % 12, 1),
                every=12 if kinds[n % 4] == Action.Timescale.RECURRING else None,
                status=["not_started", "on_track", "at_risk", "off_track", "complete"][n % 5],
                position=n,
            )
            for n in range(actions)
        ],
        by=None,
        reason="Bench",
    )
    person = Person.objects.create(
        display_name="Bench Owner", kind=Person.Kind.OFFICER, started_on=dt.date(2020, 1, 1)
    )
    owners = [ActionOwner(action=a, post="Fostering Service Team Leader", position=0) for a in made]
    owners += [ActionOwner(action=a, person=person, position=1) for a in made[::3]]
    create_many_audited(ActionOwner, owners, by=None, reason="Bench")
    create_many_audited(
        ProgressUpdate,
        [
            ProgressUpdate(
                action=made[n % len(made)],
                written_on=dt.date(2025, 1, 1) + dt.timedelta(days=n % 600),
                text=f"Progress note {n}",
                author=author,
            )
            for n in range(updates)
        ],
        by=None,
        reason="Bench",
    )
    review = cast(Review, ReviewFactory())
    recommendations = create_many_audited(
        Recommendation,
        [
            Recommendation(review=review, number=str(n + 1), position=n, text=f"Recommendation {n + 1}")
            for n in range(25)
        ],
        by=None,
        reason="Bench",
    )
    create_many_audited(
        ObjectiveRecommendation,
        [
            ObjectiveRecommendation(objective=o, recommendation=recommendations[n % 25])
            for n, o in enumerate(objectives)
        ],
        by=None,
        reason="Bench",
    )
