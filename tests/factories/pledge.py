"""Factories for the pledge app: a published pledge with promises, a survey with questions, codes and answers."""

import datetime as dt

import factory

from pledge.models import (
    AccessCode,
    AgeBand,
    Answer,
    CodeBatch,
    Commitment,
    Finding,
    Message,
    PledgeVersion,
    Principle,
    Promise,
    Question,
    Survey,
    SurveyResponse,
    SurveyVersion,
)
from tests.factories.performance import OutcomeAreaFactory

ALL_BANDS = [band.value for band in AgeBand]


class PledgeVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PledgeVersion

    number = factory.Sequence(lambda n: n + 1)
    title = "Our promise to you"
    introduction = "These are the promises we make to every child in our care."
    status = PledgeVersion.Status.PUBLISHED
    published_on = dt.date(2026, 4, 1)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # There is only ever one current pledge and one draft: share them, as the database insists.
        if kwargs.get("status") in (PledgeVersion.Status.PUBLISHED, PledgeVersion.Status.DRAFT):
            existing = model_class.objects.filter(status=kwargs["status"]).first()
            if existing is not None:
                return existing
        return super()._create(model_class, *args, **kwargs)


class PromiseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Promise

    pledge_version = factory.SubFactory(PledgeVersionFactory)
    order = factory.Sequence(lambda n: n)
    key = factory.Sequence(lambda n: f"promise-{n}")
    outcome_area = factory.SubFactory(OutcomeAreaFactory)
    child_text = "We promise you will know who your social worker is."
    plain_text = "Every child in care has a named, qualified social worker they can contact."
    principles = factory.LazyFunction(lambda: [Principle.SERVICES.value])


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    promise = factory.SubFactory(PromiseFactory)
    order = factory.Sequence(lambda n: n)
    text = "If you call your social worker, they will call you back."
    kind = Commitment.Kind.LOCAL
    measure = "We will call you back within 24 hours."


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    title = factory.Sequence(lambda n: f"Pledge survey {2026 - n}")
    year = 2026
    pledge_version = factory.SubFactory(PledgeVersionFactory)
    opens_on = dt.date(2026, 11, 1)
    closes_on = dt.date(2026, 12, 31)
    is_ready = True


class SurveyVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyVersion
        django_get_or_create = ("survey", "age_band")

    survey = factory.SubFactory(SurveyFactory)
    age_band = AgeBand.YOUNGER
    welcome = "Thank you for helping us. There are no right or wrong answers."


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    survey = factory.SubFactory(SurveyFactory)
    order = factory.Sequence(lambda n: n)
    key = factory.Sequence(lambda n: f"question-{n}")
    kind = Question.Kind.SCALE
    text = "Do you know who your social worker is?"
    age_bands = factory.LazyFunction(lambda: list(ALL_BANDS))
    is_core = True


class CodeBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CodeBatch

    survey = factory.SubFactory(SurveyFactory)
    label = "Oak House"


class AccessCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessCode

    batch = factory.SubFactory(CodeBatchFactory)
    code = factory.Sequence(lambda n: f"TEST-{n:06d}")


class SurveyResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyResponse

    survey = factory.SubFactory(SurveyFactory)
    survey_version = factory.LazyAttribute(lambda o: SurveyVersionFactory(survey=o.survey))
    access_code = factory.LazyAttribute(lambda o: AccessCodeFactory(batch=CodeBatchFactory(survey=o.survey)))
    submitted_on = dt.date(2026, 11, 20)


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    response = factory.SubFactory(SurveyResponseFactory)
    question = factory.LazyAttribute(lambda o: QuestionFactory(survey=o.response.survey))
    value = "4"


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    answer = factory.SubFactory(
        AnswerFactory,
        value="",
        text="I wish I could see my brother more.",
        question=factory.LazyAttribute(
            lambda o: QuestionFactory(survey=o.response.survey, kind=Question.Kind.FREE_TEXT, is_closing=True)
        ),
    )
    status = Message.Status.WAITING


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    survey = factory.SubFactory(SurveyFactory)
    you_said = "Some of you did not know how to get an advocate."
    we_did = "We sent every child a card with the advocacy service's number."
    status = Finding.Status.DONE
