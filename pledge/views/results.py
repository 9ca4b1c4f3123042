"""Survey results for the board and officers: the list of surveys, a survey's results page, its spreadsheet
and PDF downloads. Small numbers are hidden for people without core.view_small_numbers, exactly as on screen."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from cpboard.core import disclosure
from cpboard.core.exports import spreadsheet_response
from pledge.models import Survey
from pledge.reporting.charts import agree_chart
from pledge.reporting.results import build_results

EXPORT_HEADER = [
    "Number",
    "Question",
    "Question key",
    "Promise",
    "Kind of question",
    "Age bands asked",
    "Answer",
    "Children",
    "Per cent",
    "Agree share",
    "Previous survey's agree share",
    "Change",
]


def survey_for(request: HttpRequest, pk: int) -> Survey:
    """The survey whose results are asked for (404 if there is none)."""
    return get_object_or_404(Survey.objects.select_related("pledge_version"), pk=pk)


@require_GET
@permission_required("pledge.view_results", raise_exception=True)
def results_list(request: HttpRequest) -> HttpResponse:
    surveys = Survey.objects.annotate(
        sent=Count("responses", filter=Q(responses__submitted_on__isnull=False))
    ).order_by("-year", "-pk")
    rows = [(survey, disclosure.disclosed_count(survey.sent, request.user)) for survey in surveys]
    return render(request, "pledge/results_list.html", {"rows": rows})


@require_GET
@permission_required("pledge.view_results", raise_exception=True)
def results_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    results = build_results(survey, request.user)
    return render(
        request,
        "pledge/results.html",
        {"survey": survey, "results": results, "chart": agree_chart(results)},
    )


def export_rows(results) -> list[list]:
    """One row per answer of each question (free-text questions: how many children wrote something)."""
    rows = []
    for q in results.questions:
        question = q.question
        common = [
            q.number,
            question.text,
            question.key,
            question.promise.child_text if question.promise else "",
            question.get_kind_display(),
            ", ".join(question.age_bands),
        ]
        agree = [
            q.agree.percent
            if q.agree and q.agree.percent is not None
            else (q.agree.percent_text if q.agree else ""),
            (
                q.previous_agree.percent
                if q.previous_agree and q.previous_agree.percent is not None
                else (q.previous_agree.percent_text if q.previous_agree else "")
            ),
            q.change.text if q.change else "",
        ]
        if q.is_free_text:
            rows.append([*common, "Wrote something", _number(q.answered, q.answered_text), "", *agree])
            continue
        for option in q.options:
            shown = option.figure
            rows.append(
                [
                    *common,
                    option.label,
                    _number(shown.count, shown.count_text),
                    shown.percent if shown.percent is not None else shown.percent_text,
                    *agree,
                ]
            )
    return rows


def _number(count: int, text: str):
    """A count stays a number in the spreadsheet unless it is hidden ("fewer than 5")."""
    return count if text == f"{count:,}" else text


@require_GET
@permission_required("pledge.view_results", raise_exception=True)
def results_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    survey = survey_for(request, pk)
    results = build_results(survey, request.user)
    return spreadsheet_response(
        fmt,
        f"cpboard-pledge-survey-{survey.year}-results",
        EXPORT_HEADER,
        export_rows(results),
        request=request,
        title="Survey results",
    )


@require_GET
@permission_required("pledge.view_results", raise_exception=True)
def results_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The results and approved messages as a PDF, for a board pack: nothing fetched from outside."""
    from cpboard.core.security_log import record_event
    from pledge.packs import results_pdf as render_results_pdf

    survey = survey_for(request, pk)
    response = HttpResponse(render_results_pdf(request.user, survey), content_type="application/pdf")
    filename = f"cpboard-pledge-survey-{survey.year}-results.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    record_event(request, "export", detail=filename)
    return response
