"""The pages children read: the pledge in big type (and as a PDF to print), "you said, we did" (and a poster),
and the home page of a Children in Care Council member."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from cpboard.core.pdf import render_template_pdf
from pledge.models import Finding, PledgeVersion, Survey
from pledge.services import surveys
from pledge.views.findings import surveys_with_findings
from pledge.views.pledge import with_promises

# What each status says to a child.
STATUS_WORDS = {
    Finding.Status.PLANNED: "We are going to do this",
    Finding.Status.IN_PROGRESS: "We are doing this now",
    Finding.Status.DONE: "We have done this",
}
SURVEY_START = "pledge:survey-start-account"  # a member answering with their account (the surveys' pages)
POSTER_SURVEYS = 1  # the poster (one sheet, for a children's home wall) shows the latest survey's findings


def current_pledge() -> PledgeVersion | None:
    return with_promises(PledgeVersion.objects.filter(status=PledgeVersion.Status.PUBLISHED)).first()


def you_said_we_did(limit: int | None = None) -> list[dict]:
    """The surveys that have findings, newest first, each finding with its status in children's words."""
    shown = []
    for survey in surveys_with_findings():
        findings = [
            {"finding": f, "status_words": STATUS_WORDS[Finding.Status(f.status)]}
            for f in survey.findings.all()
        ]
        if findings:
            shown.append({"survey": survey, "findings": findings})
    return shown[:limit] if limit else shown


def open_survey(today=None) -> Survey | None:
    """The survey children can answer today, if there is one (the newest, as the survey pages choose it)."""
    return surveys.open_surveys(today=today).order_by("-year", "-pk").first()


def survey_link(survey: Survey | None) -> str:
    """Where a member starts the open survey with their account (that page finds the open survey itself)."""
    return reverse(SURVEY_START) if survey is not None else ""


@require_GET
@permission_required("pledge.view_child_pages", raise_exception=True)
def children_pledge(request: HttpRequest) -> HttpResponse:
    return render(request, "pledge/children_pledge.html", {"version": current_pledge()})


@require_GET
@permission_required("pledge.view_child_pages", raise_exception=True)
def children_pledge_pdf(request: HttpRequest) -> HttpResponse:
    version = current_pledge()
    pdf = render_template_pdf(
        "pledge/children_pledge_print.html",
        {
            "version": version,
            "title": version.title if version else "Our promise to you",
            "cicc_name": settings.CICC_NAME,
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"pledge-version-{version.number}.pdf" if version else "pledge.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@require_GET
@permission_required("pledge.view_child_pages", raise_exception=True)
def you_said_we_did_page(request: HttpRequest) -> HttpResponse:
    return render(request, "pledge/you_said_we_did.html", {"surveys": you_said_we_did()})


@require_GET
@permission_required("pledge.view_child_pages", raise_exception=True)
def you_said_we_did_pdf(request: HttpRequest) -> HttpResponse:
    pdf = render_template_pdf(
        "pledge/you_said_we_did_print.html",
        {
            "surveys": you_said_we_did(limit=POSTER_SURVEYS),
            "title": "You said, we did",
            "cicc_name": settings.CICC_NAME,
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="you-said-we-did.pdf"'
    return response


@require_GET
@permission_required("pledge.view_child_pages", raise_exception=True)
def young_home(request: HttpRequest) -> HttpResponse:
    """What a Children in Care Council member sees when they sign in."""
    survey = open_survey()
    findings = you_said_we_did(limit=1)
    return render(
        request,
        "pledge/young_home.html",
        {
            "version": current_pledge(),
            "survey": survey,
            "survey_url": survey_link(survey),
            "latest": findings[0] if findings else None,
        },
    )
