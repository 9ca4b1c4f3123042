"""The pledge survey's sections of a board pack: the results (the same figures and chart as the results page,
small numbers hidden for the reader) and the children's approved messages, as print HTML. Board packs
(roadmap) call `results_section` and `messages_section`; `results_pdf` is the results page's PDF download."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from cpboard.core.pdf import print_context, render_pdf
from pledge.models import Survey
from pledge.reporting.charts import agree_chart
from pledge.reporting.results import SurveyResults, build_results


def results_section(user, survey: Survey, *, results: SurveyResults | None = None) -> str:
    """HTML for the survey's results, as `user` may see them (small numbers hidden as on screen)."""
    results = results or build_results(survey, user)
    return render_to_string(
        "pledge/_results_section.html",
        {**print_context(), "results": results, "chart": agree_chart(results), "print": True, "user": user},
    )


def messages_section(user, survey: Survey, *, results: SurveyResults | None = None) -> str:
    """HTML for the children's messages an officer has approved: never one waiting or withheld, and never the
    child's own words where an officer took details out."""
    results = results or build_results(survey, user)
    return render_to_string(
        "pledge/_messages_section.html", {**print_context(), "results": results, "print": True}
    )


def results_pdf(user, survey: Survey) -> bytes:
    results = build_results(survey, user)
    html = render_to_string(
        "pledge/results_print.html",
        {
            **print_context(),
            "title": f"{survey.title}: results",
            "survey": survey,
            "results": results,
            "section": results_section(user, survey, results=results),
            "messages": messages_section(user, survey, results=results),
            "generated": timezone.localtime(),
        },
    )
    return render_pdf(html)
