"""Officers build a survey from the pledge, change its questions safely once answered, translate it and print
codes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from pledge.models import AccessCode, AgeBand, Question, Survey, Translation
from pledge.services import answering, codes, surveys
from tests.factories.pledge import (
    AnswerFactory,
    CodeBatchFactory,
    PledgeVersionFactory,
    PromiseFactory,
    QuestionFactory,
    SurveyFactory,
    SurveyResponseFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pledge():
    version = PledgeVersionFactory()
    for n, words in enumerate(
        [
            "We promise you will know who your social worker is.",
            "We promise to listen to you and act on what you say.",
            "We promise you can see your family if it is safe.",
            "We promise to help you with school and college.",
        ]
    ):
        PromiseFactory(pledge_version=version, order=n, key=f"promise-{n}", child_text=words)
    return version


def test_a_survey_is_made_from_the_current_pledge(client_as, officer, pledge):
    SurveyFactory(year=2025, title="Pledge survey 2025")
    response = client_as(officer).post(
        reverse("pledge:survey-create"),
        {"title": "Pledge survey 2026", "year": "2026", "opens_on": "01/11/2026", "closes_on": "31/12/2026"},
    )
    survey = Survey.objects.get(year=2026)
    assert response["Location"] == survey.get_absolute_url()
    assert survey.previous.year == 2025 and not survey.is_ready
    assert sorted(survey.versions.values_list("age_band", flat=True)) == sorted(AgeBand.values)
    questions = list(survey.questions.order_by("order"))
    assert [q.promise.key for q in questions[:-1]] == ["promise-0", "promise-1", "promise-2", "promise-3"]
    assert questions[-1].is_closing and questions[-1].kind == Question.Kind.FREE_TEXT
    # Core questions are asked in every band, so the youngest (who get a shorter survey) still compare.
    youngest = surveys.questions_for(survey.versions.get(age_band=AgeBand.YOUNGEST))
    oldest = surveys.questions_for(survey.versions.get(age_band=AgeBand.OLDER))
    assert len(youngest) == 4 and len(oldest) == 5
    assert all(q.is_core for q in youngest)
    page = client_as(officer).get(survey.get_absolute_url()).content.decode()
    assert "Being built" in page and "We promise to help you with school and college." in page


def test_making_a_survey_explains_every_mistake(client_as, officer, pledge):
    SurveyFactory(year=2026)
    page = (
        client_as(officer)
        .post(
            reverse("pledge:survey-create"),
            {"title": "", "year": "2026", "opens_on": "31/12/2026", "closes_on": "1/11/2026"},
        )
        .content.decode()
    )
    assert "Enter a title for the survey." in page
    assert "There is already a survey for 2026." in page
    assert "The closing date must be on or after the opening date." in page
    assert "<title>Error:" in page


def test_without_a_published_pledge_there_is_nothing_to_build_from(client_as, officer):
    page = client_as(officer).get(reverse("pledge:survey-create")).content.decode()
    assert "There is no published pledge yet." in page


def test_marking_ready_needs_both_dates(client_as, officer):
    survey = SurveyFactory(is_ready=False, opens_on=None, closes_on=None)
    page = (
        client_as(officer)
        .post(
            reverse("pledge:survey-edit", args=[survey.pk]),
            {"title": survey.title, "is_ready": "on", "version": survey.version},
        )
        .content.decode()
    )
    assert "Enter this date before marking the survey ready." in page
    client_as(officer).post(
        reverse("pledge:survey-edit", args=[survey.pk]),
        {
            "title": survey.title,
            "is_ready": "on",
            "opens_on": "01/11/2026",
            "closes_on": "31/12/2026",
            "version": survey.version,
        },
    )
    survey.refresh_from_db()
    assert survey.is_ready and survey.closes_on == dt.date(2026, 12, 31)


def _question_data(question, **changes):
    data = {
        "text": question.text,
        "hint": question.hint,
        "kind": question.kind,
        "age_bands": question.age_bands,
        "key": question.key,
        "order": question.order,
        "version": question.version,
    }
    if question.is_core:
        data["is_core"] = "on"
    data.update(changes)
    return data


def test_a_wording_change_after_answers_raises_the_wording_version(client_as, officer):
    answer = AnswerFactory()
    question = answer.question
    client_as(officer).post(
        reverse("pledge:question-edit", args=[question.survey_id, question.pk]),
        _question_data(question, text="Do you know your social worker's name?"),
    )
    question.refresh_from_db()
    assert question.wording_version == 2
    assert answer.wording_version == 1  # the earlier answer keeps the words it answered
    # Changing only the position is not a new wording.
    client_as(officer).post(
        reverse("pledge:question-edit", args=[question.survey_id, question.pk]),
        _question_data(question, order=99),
    )
    question.refresh_from_db()
    assert question.wording_version == 2 and question.order == 99


def test_before_answers_a_wording_change_is_just_a_change(client_as, officer):
    question = QuestionFactory()
    client_as(officer).post(
        reverse("pledge:question-edit", args=[question.survey_id, question.pk]),
        _question_data(question, text="Do you know your social worker's name?"),
    )
    question.refresh_from_db()
    assert question.wording_version == 1 and question.text == "Do you know your social worker's name?"


def test_a_question_with_answers_is_retired_not_removed(client_as, officer):
    answer = AnswerFactory()
    question = answer.question
    client = client_as(officer)
    client.post(reverse("pledge:question-delete", args=[question.survey_id, question.pk]))
    assert Question.objects.filter(pk=question.pk).exists()
    client.post(reverse("pledge:question-retire", args=[question.survey_id, question.pk]), {"retired": "yes"})
    question.refresh_from_db()
    assert question.retired
    version = answer.response.survey_version
    assert question not in surveys.questions_for(version)
    client.post(reverse("pledge:question-retire", args=[question.survey_id, question.pk]), {"retired": "no"})
    question.refresh_from_db()
    assert not question.retired


def test_an_unanswered_question_can_be_removed(client_as, officer):
    question = QuestionFactory()
    client_as(officer).post(reverse("pledge:question-delete", args=[question.survey_id, question.pk]))
    assert not Question.objects.filter(pk=question.pk).exists()


def test_a_question_form_explains_its_mistakes_and_shows_the_reading_age(client_as, officer):
    survey = SurveyFactory()
    QuestionFactory(survey=survey, key="taken")
    page = (
        client_as(officer)
        .post(
            reverse("pledge:question-create", args=[survey.pk]),
            {
                "text": "Notwithstanding the considerable administrative complexities, do you consider communication satisfactory?",
                "kind": Question.Kind.CHOOSE_ONE,
                "choices_text": "Only one",
                "age_bands": ["8-11"],
                "is_core": "on",
                "show_faces": "on",
                "key": "taken",
            },
        )
        .content.decode()
    )
    assert "Give at least two answers to choose from, one on each line." in page
    assert "A core question is asked in every age band: tick all four bands." in page
    assert "Faces go with the five-point scale only." in page
    assert "Another question in this survey already has this key." in page
    assert "harder than the 8 to 11 survey" in page


def test_a_new_choose_one_question_is_added(client_as, officer):
    survey = SurveyFactory()
    client_as(officer).post(
        reverse("pledge:question-create", args=[survey.pk]),
        {
            "text": "Where do you live?",
            "kind": Question.Kind.CHOOSE_ONE,
            "choices_text": "With foster carers\nIn a children's home\n\nSomewhere else",
            "age_bands": ["11-17", "16-25"],
        },
    )
    question = Question.objects.get(survey=survey)
    assert question.key == "where-do-you-live"
    assert question.choices == ["With foster carers", "In a children's home", "Somewhere else"]
    assert question.history.first().history_user == officer


def test_a_translation_is_shown_only_while_it_matches_the_english(client_as, officer):
    question = QuestionFactory(kind=Question.Kind.CHOOSE_ONE, choices=["Yes", "No"])
    url = reverse("pledge:translation-edit", args=[question.survey_id, "ar", "question", question.pk])
    page = client_as(officer).post(url, {"text": "هل تعرف؟", "choices_text": "نعم"}).content.decode()
    assert "Give 2 answers, one on each line" in page
    client_as(officer).post(url, {"text": "هل تعرف؟", "choices_text": "نعم\nلا"})
    translation = Translation.objects.get(question=question)
    assert answering.wording(question, "ar").text == "هل تعرف؟"
    question.text, question.wording_version = "Do you know?", 2
    question.save()
    question = Question.objects.prefetch_related("translations").get(pk=question.pk)
    assert answering.wording(question, "ar").text == "Do you know?"  # English until translated again
    listing = client_as(officer).get(reverse("pledge:translation-list", args=[question.survey_id, "ar"]))
    assert "English changed since" in listing.content.decode()
    assert translation.wording_version == 1


def test_an_unknown_language_is_not_found(client_as, officer):
    survey = SurveyFactory()
    assert (
        client_as(officer).get(reverse("pledge:translation-list", args=[survey.pk, "xx"])).status_code == 404
    )


def test_officers_make_print_and_cancel_codes(client_as, officer):
    survey = SurveyFactory()
    client = client_as(officer)
    response = client.post(
        reverse("pledge:batch-create", args=[survey.pk]),
        {"label": "Oak House", "age_band": "8-11", "count": "12"},
    )
    batch = survey.code_batches.get()
    assert response["Location"] == batch.get_absolute_url()
    assert batch.codes.count() == 12 and batch.age_band == "8-11"
    code = batch.codes.first()
    page = client.get(batch.get_absolute_url()).content.decode()
    assert codes.shown(code.code) in page
    pdf = client.get(reverse("pledge:batch-pdf", args=[batch.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "survey-codes-2026-oak-house.pdf" in pdf["Content-Disposition"]
    client.post(reverse("pledge:code-void", args=[code.pk]), {"reason": "Slip lost"})
    code.refresh_from_db()
    assert code.status == AccessCode.Status.VOIDED and code.void_reason == "Slip lost"
    assert code.history.first().history_user == officer


def test_a_batch_form_explains_its_mistakes(client_as, officer):
    survey = SurveyFactory()
    page = (
        client_as(officer)
        .post(reverse("pledge:batch-create", args=[survey.pk]), {"label": "", "count": "501"})
        .content.decode()
    )
    assert "Say who the codes are for" in page and "Make at most 500 codes at a time." in page


def test_cancelling_needs_a_reason(client_as, officer):
    code = CodeBatchFactory().codes.create(code="KM7QPR3XTA")
    response = client_as(officer).post(
        reverse("pledge:code-void", args=[code.pk]), {"reason": ""}, follow=True
    )
    assert "was not cancelled" in response.content.decode()
    code.refresh_from_db()
    assert code.status == AccessCode.Status.UNUSED


def test_the_slips_pdf_is_text_only_fetches_nothing_outside_and_escapes_labels(client_as, officer):
    from django.template.loader import render_to_string

    from cpboard.core.pdf import StaticOnlyFetcher, print_context, render_pdf

    batch = CodeBatchFactory(label="<b>Oak</b> House")
    batch.codes.create(code="KM7QPR3XTA")
    batch.codes.create(code="KM7QPR3XTB", status=AccessCode.Status.SUBMITTED)
    context = {
        "batch": batch,
        "survey": batch.survey,
        "rows": [["KM7QP-R3XTA"]],
        "count": 1,
        "address": "https://x/",
    }
    html = render_to_string("pledge/codes_print.html", {**print_context(), **context})
    assert "KM7QP-R3XTA" in html and "&lt;b&gt;Oak&lt;/b&gt;" in html
    fetcher = StaticOnlyFetcher()
    render_pdf(html, url_fetcher=fetcher)
    assert fetcher.refused == []
    assert any(record.url.endswith("/css/pledge-print.css") for record in fetcher.served)
    # The download itself prints the unused code only.
    pdf = client_as(officer).get(reverse("pledge:batch-pdf", args=[batch.pk]))
    assert pdf.status_code == 200


def test_the_survey_status_follows_readiness_and_dates():
    survey = SurveyFactory(is_ready=False)
    assert surveys.status(survey) == surveys.Status.DRAFT
    survey.is_ready = True
    assert surveys.status(survey, today=dt.date(2026, 10, 31)) == surveys.Status.NOT_OPEN
    assert surveys.status(survey, today=dt.date(2026, 11, 1)) == surveys.Status.OPEN
    assert surveys.status(survey, today=dt.date(2026, 12, 31)) == surveys.Status.OPEN
    assert surveys.status(survey, today=dt.date(2027, 1, 1)) == surveys.Status.CLOSED


def test_the_survey_pages_are_for_officers_who_build_surveys(client_as, board_member):
    response = SurveyResponseFactory()
    assert client_as(board_member).get(response.survey.get_absolute_url()).status_code == 403
