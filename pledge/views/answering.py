"""The child's survey, one question a page (GOV.UK Forms patterns): enter a code (or start from a Children in
Care Council member's account), say your age, read the welcome, answer or skip each question, check the answers,
send them once.

The pages need no JavaScript and set no cookies beyond the two every form needs (the session, which holds only
which answers are being given, and the CSRF token). Each answer is kept as soon as it is given, so typing the
same code again carries on where the child stopped. The language is chosen on the first page and kept with the
answers (SurveyResponse.language), not in a cookie; each page is drawn in it.
"""

from __future__ import annotations

import contextlib

from django.contrib.auth.decorators import login_not_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cpboard.core.locking import save_audited
from cpboard.core.ratelimit import rate_limited
from pledge.models import AccessCode, AgeBand, Question, Survey, SurveyResponse, SurveyVersion
from pledge.services import answering, codes, surveys

RESPONSE = "pledge_response"
CODE = "pledge_code"
ACCOUNT_SURVEY = "pledge_account_survey"
LANGUAGE = "pledge_language"
LANGUAGE_CHANGED = "Language changed"

# Code tries per address every 10 minutes. Children in one home or session share an address, so this leaves room
# for a group; guessing stays hopeless (each try has about a 1 in 10 ** 13 chance against a batch of 40 codes).
CODE_TRIES, CODE_WINDOW = 60, 600


def _language(request: HttpRequest, default: str = "en") -> str:
    chosen = (
        request.GET.get("lang") or request.POST.get("language") or request.session.get(LANGUAGE) or default
    )
    return chosen if chosen in answering.LANGUAGES else "en"


def _render(request: HttpRequest, template: str, context: dict, *, language: str, status: int = 200):
    with translation.override(language):
        return render(
            request,
            template,
            {
                **context,
                "language": language,
                "html_lang": "en-GB" if language == "en" else language,
                "direction": "rtl" if language in answering.RIGHT_TO_LEFT else "ltr",
                "awaiting_review": language in answering.AWAITING_REVIEW,
                "languages": answering.LANGUAGES,
            },
            status=status,
        )


def _code_problem(problem: str, code: AccessCode | None) -> str:
    if problem == codes.Problem.EMPTY:
        return _("Enter the code from your slip.")
    if problem == codes.Problem.MALFORMED:
        return _(
            "A code has 10 letters and numbers, like KM7QP-R3XTA. Check the code on your slip and try again."
        )
    if problem == codes.Problem.UNKNOWN:
        return _("We could not find that code. Check each letter and number on your slip and try again.")
    if problem == codes.Problem.VOIDED:
        return _(
            "This code has been cancelled, so it cannot be used. Ask the person who gave it to you for a new one."
        )
    return _(
        "Your answers have already been sent with this code, so it cannot be used again. "
        "Thank you for taking part."
    )


def _closed_page(request: HttpRequest, survey: Survey, language: str) -> HttpResponse:
    state = surveys.status(survey)
    return _render(
        request,
        "pledge/child/closed.html",
        {
            "survey": survey,
            "not_open": state in (surveys.Status.NOT_OPEN, surveys.Status.DRAFT),
            "state": state,
        },
        language=language,
    )


@login_not_required
@rate_limited("pledge-code", limit=CODE_TRIES, window_seconds=CODE_WINDOW)
def survey_code(request: HttpRequest) -> HttpResponse:
    """The first page: choose a language, type the code from the slip."""
    language = _language(request)
    error, typed = "", ""
    if request.method == "POST":
        typed = request.POST.get("code", "")[:40]
        found = codes.find(typed)
        if found.problem is None and found.code is not None:
            survey = found.code.batch.survey
            if not answering.is_open(survey):
                return _closed_page(request, survey, language)
            request.session.cycle_key()
            request.session[LANGUAGE] = language
            request.session.pop(ACCOUNT_SURVEY, None)
            request.session.pop(RESPONSE, None)
            request.session[CODE] = found.code.pk
            existing = SurveyResponse.objects.filter(access_code=found.code).first()
            if existing is not None:
                request.session[RESPONSE] = existing.pk
                return _carry_on(existing)
            if found.code.batch.age_band:
                return _begin(request, found.code.batch.survey, found.code.batch.age_band, language)
            return redirect("pledge:survey-about")
        with translation.override(language):
            error = _code_problem(found.problem or "", found.code)
    return _render(
        request,
        "pledge/child/code.html",
        {"error": error, "typed": typed, "other_languages": _other_languages(language)},
        language=language,
        status=200,
    )


def _other_languages(language: str) -> list[tuple[str, str]]:
    return [(code, name) for code, name in answering.LANGUAGES.items() if code != language]


def _begin(request: HttpRequest, survey: Survey, band: str, language: str) -> HttpResponse:
    version = SurveyVersion.objects.get(survey=survey, age_band=band)
    if request.session.get(CODE):
        code = AccessCode.objects.get(pk=request.session[CODE])
        response = answering.start(version, language=language, code=code)
        request.session[RESPONSE] = response.pk
    else:
        # The session of a signed-in person never holds which answers are theirs: each page finds them again
        # from the account's digest (see _current), so the sessions table cannot link a name to answers.
        answering.start(version, language=language, user=request.user)
    return redirect("pledge:survey-start")


def _carry_on(response: SurveyResponse) -> HttpResponse:
    if response.is_submitted:
        return redirect("pledge:survey-done")
    number = answering.resume_at(response, surveys.questions_for(response.survey_version))
    if number is None:
        return redirect("pledge:survey-check")
    return redirect("pledge:survey-start")


@permission_required("pledge.answer_survey", raise_exception=True)
def survey_start_account(request: HttpRequest) -> HttpResponse:
    """A Children in Care Council member answering with their account: the open survey, in their language."""
    language = _language(request)
    survey = surveys.open_surveys().order_by("-year", "-pk").first()
    existing = answering.response_for_account(request.user, survey) if survey else None
    if request.method == "POST" and survey is not None:
        request.session[LANGUAGE] = language
        request.session.pop(CODE, None)
        request.session.pop(RESPONSE, None)
        request.session[ACCOUNT_SURVEY] = survey.pk
        if existing is not None:
            return _carry_on(existing)
        return redirect("pledge:survey-about")
    return _render(
        request,
        "pledge/child/account_start.html",
        {"survey": survey, "existing": existing, "other_languages": _other_languages(language)},
        language=language,
    )


def _pending_survey(request: HttpRequest) -> Survey | None:
    """The survey a child has a code (or account) for but has not started, because their age is not known."""
    if request.session.get(CODE):
        code = AccessCode.objects.select_related("batch__survey").filter(pk=request.session[CODE]).first()
        return code.batch.survey if code and code.status == AccessCode.Status.UNUSED else None
    if request.session.get(ACCOUNT_SURVEY) and request.user.has_perm("pledge.answer_survey"):
        return Survey.objects.filter(pk=request.session[ACCOUNT_SURVEY]).first()
    return None


BAND_WORDS = {
    AgeBand.YOUNGEST: gettext_lazy("I am 4 to 7, and a grown-up is helping me"),
    AgeBand.YOUNGER: gettext_lazy("I am 8 to 10"),
    AgeBand.OLDER: gettext_lazy("I am 11 to 17"),
    AgeBand.CARE_LEAVERS: gettext_lazy("I am 16 to 25 and have left care, or I am getting ready to leave"),
}


def _band_choices() -> list[tuple[str, str]]:
    return [(band.value, str(BAND_WORDS[band])) for band in AgeBand]


@login_not_required
def survey_about(request: HttpRequest) -> HttpResponse:
    """How old the child is, so they get the questions written for their age."""
    language = request.session.get(LANGUAGE, "en")
    if _current(request) is not None:
        return redirect("pledge:survey-start")
    survey = _pending_survey(request)
    if survey is None:
        return redirect("pledge:survey-code")
    if not answering.is_open(survey):
        return _closed_page(request, survey, language)
    error = ""
    if request.method == "POST":
        band = request.POST.get("band", "")
        if band in AgeBand.values:
            return _begin(request, survey, band, language)
        with translation.override(language):
            error = _("Choose the answer that fits you best.")
    with translation.override(language):
        choices = _band_choices()
    return _render(
        request,
        "pledge/child/about.html",
        {"survey": survey, "error": error, "choices": choices, "back_url": _first_page(request)},
        language=language,
        status=200,
    )


def _first_page(request: HttpRequest) -> str:
    if request.session.get(CODE):
        return reverse("pledge:survey-code")
    return reverse("pledge:survey-start-account")


def _current(request: HttpRequest) -> SurveyResponse | None:
    """The answers being given: a code's (its id is in the session), or the signed-in member's (found from the
    survey in the session and the account's digest)."""
    responses = SurveyResponse.objects.select_related("survey", "survey_version", "access_code")
    pk = request.session.get(RESPONSE)
    if pk:
        return responses.filter(pk=pk, access_code__isnull=False).first()
    survey_pk = request.session.get(ACCOUNT_SURVEY)
    if survey_pk and request.user.is_authenticated and request.user.has_perm("pledge.answer_survey"):
        survey = Survey.objects.filter(pk=survey_pk).first()
        if survey is not None:
            return responses.filter(
                survey=survey, account_key=answering.account_key(request.user, survey)
            ).first()
    return None


def _guard(request: HttpRequest, *, allow_submitted: bool = False):
    """(response, None) when the child may carry on; (None, page) otherwise."""
    response = _current(request)
    if response is None:
        return None, redirect("pledge:survey-code")
    if response.is_submitted and not allow_submitted:
        return None, redirect("pledge:survey-done")
    if response.access_code and response.access_code.status == AccessCode.Status.VOIDED:
        request.session.pop(RESPONSE, None)
        with translation.override(response.language):
            error = _code_problem(codes.Problem.VOIDED, None)
        return None, _render(
            request,
            "pledge/child/code.html",
            {"error": error, "other_languages": []},
            language=response.language,
        )
    if not response.is_submitted and not answering.is_open(response.survey):
        return None, _closed_page(request, response.survey, response.language)
    return response, None


@login_not_required
def survey_start(request: HttpRequest) -> HttpResponse:
    """The welcome: what the survey is, how long, that any question can be skipped; the language can change."""
    response, page = _guard(request)
    if page is not None:
        return page
    assert response is not None
    wanted = request.GET.get("lang")
    if wanted in answering.LANGUAGES and wanted != response.language:
        response.language = wanted
        save_audited(response, by=None, reason=LANGUAGE_CHANGED)
        request.session[LANGUAGE] = wanted
    questions = surveys.questions_for(response.survey_version)
    resume = answering.resume_at(response, questions)
    started = response.answers.exists()
    with translation.override(response.language):
        count_words = ngettext(
            "There is %(count)d question.", "There are %(count)d questions.", len(questions)
        ) % {"count": len(questions)}
    return _render(
        request,
        "pledge/child/start.html",
        {
            "survey": response.survey,
            "welcome": answering.welcome(response.survey_version, response.language),
            "count_words": count_words,
            "next_url": reverse("pledge:survey-question", args=[resume])
            if resume
            else reverse("pledge:survey-check"),
            "started": started,
            "has_code": response.access_code_id is not None,
            "other_languages": _other_languages(response.language),
        },
        language=response.language,
    )


@login_not_required
def survey_question(request: HttpRequest, number: int) -> HttpResponse:
    response, page = _guard(request)
    if page is not None:
        return page
    assert response is not None
    questions = surveys.questions_for(response.survey_version)
    if not 1 <= number <= len(questions):
        return redirect("pledge:survey-start")
    question = questions[number - 1]
    language = response.language
    from_check = request.GET.get("from") == "check" or request.POST.get("from") == "check"
    answer = response.answers.filter(question=question).first()
    value = answer.value if answer else ""
    text = answer.text if answer else ""
    error = ""
    if request.method == "POST":
        action = request.POST.get("action", "continue")
        if action == "skip":
            answering.skip(response, question)
            return _next(number, len(questions), from_check)
        with translation.override(language):
            value, text, error = _read_answer(request, question, language)
        if not error:
            answering.save_answer(response, question, value=value, text=text)
            return _next(number, len(questions), from_check)
    back_url = (
        reverse("pledge:survey-check")
        if from_check
        else reverse("pledge:survey-question", args=[number - 1])
        if number > 1
        else reverse("pledge:survey-start")
    )
    words = answering.wording(question, language)
    with translation.override(language):
        options = [
            (value, option_words, face, str(answering.FACE_WORDS[face]) if face else "")
            for value, option_words, face in answering.options(question, language)
        ]
    return _render(
        request,
        "pledge/child/question.html",
        {
            "survey": response.survey,
            "question": question,
            "words": words,
            "number": number,
            "total": len(questions),
            "options": options,
            "value": value,
            "text": text,
            "error": error,
            "limit": answering.TEXT_LIMIT,
            "free_text": question.kind == Question.Kind.FREE_TEXT,
            "optional": question.kind == Question.Kind.FREE_TEXT or question.is_closing,
            "back_url": back_url,
            "from_check": from_check,
        },
        language=language,
        status=200,
    )


def _read_answer(request: HttpRequest, question: Question, language: str) -> tuple[str, str, str]:
    if question.kind == Question.Kind.FREE_TEXT:
        text = request.POST.get("text", "").replace("\r\n", "\n").strip()
        if len(text) > answering.TEXT_LIMIT:
            return (
                "",
                text,
                _("Your answer has %(count)s characters. Make it %(limit)s characters or fewer.")
                % {"count": f"{len(text):,}", "limit": f"{answering.TEXT_LIMIT:,}"},
            )
        return "", text, ""
    value = request.POST.get("answer", "")
    allowed = [v for v, _w, _f in answering.options(question, language)]
    if value not in allowed:
        return "", "", _("Choose an answer, or choose “Skip this question”.")
    return value, "", ""


def _next(number: int, total: int, from_check: bool) -> HttpResponse:
    if from_check or number >= total:
        return redirect("pledge:survey-check")
    return redirect("pledge:survey-question", number + 1)


@login_not_required
def survey_check(request: HttpRequest) -> HttpResponse:
    """Check your answers, change any, then send them (once)."""
    response, page = _guard(request)
    if page is not None:
        return page
    assert response is not None
    if request.method == "POST":
        with contextlib.suppress(ValueError):  # sent already (a second tab, a double click): the page says so
            answering.submit(response)
        return redirect("pledge:survey-done")
    questions = surveys.questions_for(response.survey_version)
    given = answering.answers_by_question(response)
    with translation.override(response.language):
        rows = [
            (
                number,
                answering.wording(question, response.language).text,
                answering.answer_words(question, given.get(question.pk), response.language),
            )
            for number, question in enumerate(questions, start=1)
        ]
    return _render(
        request,
        "pledge/child/check.html",
        {
            "survey": response.survey,
            "rows": rows,
            "back_url": reverse("pledge:survey-question", args=[len(questions)]) if questions else "",
        },
        language=response.language,
    )


@login_not_required
def survey_done(request: HttpRequest) -> HttpResponse:
    response, page = _guard(request, allow_submitted=True)
    if page is not None:
        return page
    assert response is not None
    if not response.is_submitted:
        return redirect("pledge:survey-check")
    return _render(
        request,
        "pledge/child/done.html",
        {"survey": response.survey, "has_account": response.access_code_id is None},
        language=response.language,
    )
