"""What the board sees: visit compliance by home and month, and the six-monthly summary (page and PDF)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cpboard.core.exports import spreadsheet_response
from cpboard.core.security_log import record_event
from visits import packs
from visits.periods import half_year_containing, parse_month
from visits.reporting.compliance import build_compliance
from visits.reporting.summary import build_summary


@require_GET
@permission_required("visits.view_compliance", raise_exception=True)
def compliance(request: HttpRequest) -> HttpResponse:
    result = build_compliance(request.user)
    return render(
        request,
        "visits/compliance.html",
        {"compliance": result},
    )


@require_GET
@permission_required("visits.view_compliance", raise_exception=True)
def compliance_export(request: HttpRequest, fmt: str) -> HttpResponse:
    result = build_compliance(request.user)
    header = ["Home", "URN", "Due in", "Status"]
    rows = [
        [row.home.name, row.home.urn, cell.period.label, cell.label]
        for row in result.rows
        for cell in row.cells
    ]
    name = f"visit-compliance-{result.today:%Y-%m-%d}"
    return spreadsheet_response(fmt, name, header, rows, request=request, title="Visit compliance")


def _start(request: HttpRequest) -> dt.date:
    """The half-year asked for (?from=2026-04), else the last one that has ended."""
    day = parse_month(request.GET.get("from", ""))
    if day is None:
        start, _ = half_year_containing(timezone.localdate())
        day = start - dt.timedelta(days=1)
    return half_year_containing(day)[0]


@require_GET
@permission_required("visits.view_summary", raise_exception=True)
def summary(request: HttpRequest) -> HttpResponse:
    start = _start(request)
    result = build_summary(request.user, start=start)
    earlier = half_year_containing(start - dt.timedelta(days=1))[0]
    later = half_year_containing(result.end + dt.timedelta(days=1))[0]
    return render(
        request,
        "visits/summary.html",
        {
            "summary": result,
            "earlier": earlier,
            "later": later if later <= timezone.localdate() else None,
        },
    )


@require_GET
@permission_required("visits.view_summary", raise_exception=True)
def summary_pdf(request: HttpRequest) -> HttpResponse:
    start = _start(request)
    name = f"visits-summary-{start:%Y-%m}.pdf"
    response = HttpResponse(packs.summary_pdf(request.user, start=start), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    record_event(request, "export", detail=name)
    return response
