"""Officers: importing an existing action plan. A file with any wrong row is refused whole, with every
problem listed by row and column."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from cpboard.actions.forms.plan import PlanImportForm
from cpboard.actions.services import imports
from cpboard.core.exports import spreadsheet_response
from cpboard.core.security_log import record_event
from cpboard.core.tabular import refused_message

EXAMPLE_ROW = [
    "Being healthy",
    "D1",
    "Improve early identification of health needs",
    "",
    "",
    "D1.1",
    "Complete health assessments within statutory timescales",
    "Designated Nurse for children in care",
    "June 2026 and annually",
    "High",
    "More assessments on time",
    "Proportion of assessments on time, each quarter",
    "On track",
    "Procedures with health partners agreed",
    "14/03/2026",
]


@permission_required("actions.import_plan", raise_exception=True)
def plan_import(request: HttpRequest) -> HttpResponse:
    form = PlanImportForm(request.POST if request.method == "POST" else None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = imports.plan_import(
                data=form.file_bytes, kind=form.file_kind, name=form.file_name, by=request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if report.ok:
                record_event(request, "import", detail=f"Action plan: {report.changed} rows changed")
                if report.changed:
                    text = f"Imported {form.file_name}: {report.changed} row{'s' if report.changed != 1 else ''} added or changed."
                    if report.unchanged:
                        text += f" {report.unchanged} matched the plan already and were left as they were."
                else:
                    text = f"Nothing to change: every row of {form.file_name} matches the plan already."
                messages.success(request, text)
                return redirect("actions:plan")
            form.add_error("file", refused_message(len(report.problems)))
    return render(
        request,
        "actions/plan_import.html",
        {"form": form, "report": report, "columns": [(c, imports.COLUMN_NOTES[c]) for c in imports.COLUMNS]},
    )


@require_GET
@permission_required("actions.import_plan", raise_exception=True)
def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404("Templates are CSV or XLSX.")
    return spreadsheet_response(
        fmt, "action-plan-template", imports.COLUMNS, [EXAMPLE_ROW], title="Action plan"
    )
