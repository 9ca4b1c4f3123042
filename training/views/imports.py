"""Officers: importing an attendance spreadsheet. A file with any wrong row is refused whole, with every
problem listed by row and column."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from cpboard.core.exports import spreadsheet_response
from cpboard.core.security_log import record_event
from cpboard.core.tabular import refused_message
from training.forms.compliance import AttendanceImportForm
from training.services import imports


@permission_required("training.import_records", raise_exception=True)
def attendance_import(request: HttpRequest) -> HttpResponse:
    form = AttendanceImportForm(request.POST if request.method == "POST" else None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = imports.attendance_import(
                data=form.file_bytes, kind=form.file_kind, name=form.file_name, by=request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if report.ok:
                record_event(request, "import", detail=f"Training attendance: {report.changed} records")
                if report.changed:
                    text = f"Imported {report.changed} training record{'s' if report.changed != 1 else ''} from {form.file_name}."
                    if report.unchanged:
                        text += f" {report.unchanged} were already recorded and were left as they were."
                else:
                    text = f"Nothing to change: every row of {form.file_name} is already recorded."
                messages.success(request, text)
                return redirect("training:compliance")
            form.add_error("file", refused_message(len(report.problems)))
    return render(
        request,
        "training/attendance_import.html",
        {"form": form, "report": report, "columns": [(c, imports.COLUMN_NOTES[c]) for c in imports.COLUMNS]},
    )


@require_GET
@permission_required("training.import_records", raise_exception=True)
def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404("Templates are CSV or XLSX.")
    return spreadsheet_response(fmt, "training-attendance-template", imports.COLUMNS, [], title="Attendance")
