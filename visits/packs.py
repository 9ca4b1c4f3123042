"""The visits section of a board pack (the six-monthly summary, as print HTML: board packs call
`summary_section`), its PDF, and a single visit's printable report and PDF. Everything a person typed is
escaped by Django's templates, so HTML or `url(file:...)` in a report prints as text, and the shared
renderer fetches nothing outside the project's static files."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.utils import timezone

from cpboard.core.pdf import StaticOnlyFetcher, print_context, render_pdf
from visits.models import Visit
from visits.periods import half_year_containing
from visits.reporting.summary import build_summary


def summary_section(user, *, start: dt.date | None = None) -> str:
    """HTML for the six-monthly summary of the half-year holding `start` (the last full one if not given):
    per council-run home, visits due and done, themes, open and overdue actions, Ofsted rating and the
    Regulation 45 review. Counts and labels only, never what a visitor wrote, so no child is named."""
    if start is None:
        start = half_year_containing(half_year_containing(timezone.localdate())[0] - dt.timedelta(days=1))[0]
    summary = build_summary(user, start=start)
    return render_to_string("visits/summary_section.html", {"summary": summary, **print_context()})


def summary_pdf(user, *, start: dt.date | None = None) -> bytes:
    section = summary_section(user, start=start)
    html = render_to_string(
        "visits/summary_print.html",
        {
            **print_context(),
            "title": "Regulation 33/44 visits: six-monthly summary",
            "section": section,
            "generated": timezone.localtime(),
        },
    )
    return render_pdf(html)


def report_context(visit: Visit, user) -> dict:
    return {
        **print_context(),
        "title": f"Visit report: {visit}",
        "visit": visit,
        "planned_on": visit.date_shown_to(user),
        "actions": list(visit.actions.prefetch_related("updates")),
        "generated": timezone.localtime(),
    }


def report_pdf(visit: Visit, user, *, url_fetcher: StaticOnlyFetcher | None = None) -> bytes:
    html = render_to_string("visits/report_print.html", report_context(visit, user))
    return render_pdf(html, url_fetcher=url_fetcher)
