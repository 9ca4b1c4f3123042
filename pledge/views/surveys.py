"""Officers: the list of surveys, building one from the pledge, its questions, welcomes and translations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cpboard.core.locking import StaleEdit, save_audited, save_versioned
from pledge.forms.surveys import QuestionForm, SurveyCreateForm, SurveyForm, TranslationForm, WelcomeForm
from pledge.models import AgeBand, Question, Survey, SurveyVersion, Translation
from pledge.services import answering, readability, surveys

WELCOME_SAVED = "Welcome changed"
TRANSLATION_SAVED = "Translation saved"
SURVEY_SAVED = "Survey details changed"


def survey_for(request: HttpRequest, pk: int) -> Survey:
    return get_object_or_404(Survey.objects.select_related("pledge_version", "previous"), pk=pk)


@permission_required("pledge.change_survey", raise_exception=True)
def survey_list(request: HttpRequest) -> HttpResponse:
    rows = [
        (survey, surveys.Status.LABELS[surveys.status(survey)])
        for survey in Survey.objects.annotate(sent=Count("responses__submitted_on"))
    ]
    return render(request, "pledge/survey_list.html", {"rows": rows})


@permission_required("pledge.add_survey", raise_exception=True)
def survey_create(request: HttpRequest) -> HttpResponse:
    from pledge.models import PledgeVersion

    pledge = PledgeVersion.objects.current()
    form = SurveyCreateForm(request.POST or None)
    if pledge is not None and form.is_valid():
        survey = surveys.create_from_pledge(**form.cleaned_data, by=request.user)
        messages.success(
            request,
            f"{survey.title} made, with a question for each promise. Check the questions, then mark it ready.",
        )
        return redirect(survey)
    return render(request, "pledge/survey_create.html", {"form": form, "pledge": pledge})


@permission_required("pledge.change_survey", raise_exception=True)
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    questions = list(
        survey.questions.select_related("promise")
        .annotate(answer_count=Count("answers"))
        .order_by("is_closing", "order", "pk")
    )
    versions = [
        (version, len(surveys.questions_for(version)))
        for version in survey.versions.annotate(sent=Count("responses__submitted_on"))
    ]
    batches = survey.code_batches.annotate(
        total=Count("codes"),
    ).order_by("-created_on")
    return render(
        request,
        "pledge/survey_detail.html",
        {
            "survey": survey,
            "status": surveys.Status.LABELS[surveys.status(survey)],
            "questions": questions,
            "versions": versions,
            "batches": batches,
            "bands": AgeBand.choices,
            "languages": [
                (code, name, answering.ENGLISH_NAMES[code])
                for code, name in answering.LANGUAGES.items()
                if code != "en"
            ],
        },
    )


@permission_required("pledge.change_survey", raise_exception=True)
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    form = SurveyForm(request.POST or None, instance=survey)
    stale = None
    if form.is_valid():
        try:
            save_versioned(form, by=request.user, reason=SURVEY_SAVED)
        except StaleEdit as error:
            stale = error
            error.mark(form)
        else:
            messages.success(
                request, f"{survey.title}: {surveys.Status.LABELS[surveys.status(survey)].lower()}."
            )
            return redirect(survey)
    return render(
        request,
        "pledge/survey_edit.html",
        {"form": form, "survey": survey, "conflict": stale},
        status=409 if stale else 200,
    )


def _advice(texts: list[tuple[str, str]], bands: list[str]) -> list[tuple[str, readability.Reading]]:
    """The reading age of each child-facing text against the youngest band it is for (advice, never blocking)."""
    youngest = sorted(bands, key=AgeBand.values.index)[0] if bands else None
    return [(what, readability.check(text, band=youngest)) for what, text in texts if text.strip()]


@permission_required("pledge.add_question", raise_exception=True)
def question_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _question_form(request, survey_for(request, pk), Question())


@permission_required("pledge.change_question", raise_exception=True)
def question_edit(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    return _question_form(request, survey, get_object_or_404(Question, pk=question_pk, survey=survey))


def _question_form(request: HttpRequest, survey: Survey, question: Question) -> HttpResponse:
    adding = question.pk is None
    if adding:
        question.age_bands = list(AgeBand.values)
    form = QuestionForm(request.POST or None, instance=question, survey=survey)
    stale = None
    if form.is_valid():
        try:
            saved = surveys.save_question(form, by=request.user)
        except StaleEdit as error:
            stale = error
            error.mark(form)
        else:
            note = (
                f" Its wording is now version {saved.wording_version}: the results say which words each answer saw."
                if saved.wording_version > 1 and "text" in form.changed_data
                else ""
            )
            messages.success(request, f"Question saved.{note}")
            return redirect("pledge:question-edit", pk=survey.pk, question_pk=saved.pk)
    if form.is_bound:
        text, hint = request.POST.get("text", ""), request.POST.get("hint", "")
        choices, bands = request.POST.get("choices_text", ""), request.POST.getlist("age_bands")
    else:
        text, hint, choices, bands = (
            question.text,
            question.hint,
            "\n".join(question.choices),
            question.age_bands,
        )
    return render(
        request,
        "pledge/question_form.html",
        {
            "form": form,
            "survey": survey,
            "question": question,
            "adding": adding,
            "advice": _advice(
                [("The question", text), ("The hint", hint), ("The answers to choose from", choices)],
                [b for b in bands if b in AgeBand.values] or list(AgeBand.values),
            ),
            "answered": surveys.has_answers(question),
            "conflict": stale,
        },
        status=409 if stale else 200,
    )


@require_POST
@permission_required("pledge.change_question", raise_exception=True)
def question_retire(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    question = get_object_or_404(Question, pk=question_pk, survey=survey)
    retired = request.POST.get("retired") != "no"
    surveys.set_retired(question, retired=retired, by=request.user)
    if retired:
        messages.success(
            request, f"“{question.text}” is retired: it is no longer asked, and its answers stay."
        )
    else:
        messages.success(request, f"“{question.text}” is asked again.")
    return redirect(survey)


@require_POST
@permission_required("pledge.change_question", raise_exception=True)
def question_delete(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    question = get_object_or_404(Question, pk=question_pk, survey=survey)
    try:
        surveys.remove(question, by=request.user)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"“{question.text}” removed.")
    return redirect(survey)


@permission_required("pledge.change_survey", raise_exception=True)
def version_edit(request: HttpRequest, pk: int, band: str) -> HttpResponse:
    survey = survey_for(request, pk)
    version = get_object_or_404(SurveyVersion, survey=survey, age_band=band)
    form = WelcomeForm(request.POST or None, instance=version)
    stale = None
    if form.is_valid():
        try:
            save_versioned(form, by=request.user, reason=WELCOME_SAVED)
        except StaleEdit as error:
            stale = error
            error.mark(form)
        else:
            messages.success(request, f"Welcome for {version.get_age_band_display().lower()} saved.")
            return redirect(survey)
    text = form.data.get("welcome", "") if form.is_bound else version.welcome
    return render(
        request,
        "pledge/version_form.html",
        {
            "form": form,
            "survey": survey,
            "version": version,
            "advice": _advice([("The welcome", text)], [band]),
            "questions": surveys.questions_for(version),
            "conflict": stale,
        },
        status=409 if stale else 200,
    )


def _language(language: str) -> str:
    if language not in answering.LANGUAGES or language == "en":
        raise Http404("No such language.")
    return language


@permission_required("pledge.change_translation", raise_exception=True)
def translation_list(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    survey = survey_for(request, pk)
    _language(language)
    have = {t.question_id: t for t in Translation.objects.filter(question__survey=survey, language=language)}
    welcomes = {
        t.survey_version_id: t
        for t in Translation.objects.filter(survey_version__survey=survey, language=language)
    }
    questions = [
        (q, have.get(q.pk))
        for q in survey.questions.filter(retired=False).order_by("is_closing", "order", "pk")
    ]
    versions = [(v, welcomes.get(v.pk)) for v in survey.versions.all()]
    return render(
        request,
        "pledge/translation_list.html",
        {
            "survey": survey,
            "language": language,
            "language_name": answering.LANGUAGES[language],
            "language_name_english": answering.ENGLISH_NAMES[language],
            "questions": questions,
            "versions": versions,
            "awaiting_review": language in answering.AWAITING_REVIEW,
        },
    )


@permission_required("pledge.change_translation", raise_exception=True)
def translation_edit(request: HttpRequest, pk: int, language: str, what: str, item: int) -> HttpResponse:
    survey = survey_for(request, pk)
    _language(language)
    if what == "question":
        question = get_object_or_404(Question, pk=item, survey=survey)
        translation = Translation.objects.filter(question=question, language=language).first() or Translation(
            question=question, language=language
        )
        english, english_hint, choices = question.text, question.hint, list(question.choices)
    elif what == "welcome":
        version = get_object_or_404(SurveyVersion, pk=item, survey=survey)
        question = None
        translation = Translation.objects.filter(
            survey_version=version, language=language
        ).first() or Translation(survey_version=version, language=language)
        english, english_hint, choices = version.welcome, "", []
    else:
        raise Http404("No such thing to translate.")
    form = TranslationForm(
        request.POST or None, instance=translation, english_choices=choices, welcome=question is None
    )
    stale = None
    if form.is_valid():
        if question is not None:
            form.instance.wording_version = question.wording_version
        try:
            if translation.pk:
                save_versioned(form, by=request.user, reason=TRANSLATION_SAVED)
            else:
                save_audited(form.save(commit=False), by=request.user, reason=TRANSLATION_SAVED)
        except StaleEdit as error:
            stale = error
            error.mark(form)
        else:
            messages.success(request, f"{answering.ENGLISH_NAMES[language]} translation saved.")
            return redirect("pledge:translation-list", pk=survey.pk, language=language)
    return render(
        request,
        "pledge/translation_form.html",
        {
            "form": form,
            "survey": survey,
            "language": language,
            "language_name": answering.LANGUAGES[language],
            "language_name_english": answering.ENGLISH_NAMES[language],
            "english": english,
            "english_hint": english_hint,
            "english_choices": choices,
            "outdated": question is not None
            and translation.pk
            and translation.wording_version != question.wording_version,
            "conflict": stale,
        },
        status=409 if stale else 200,
    )
