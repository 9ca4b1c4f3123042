"""Officers' file imports: a quarter's figures, and targets and comparators. Each page offers its template
and documents every column; a file with any wrong row is refused whole, with every problem listed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from cpboard.core.exports import spreadsheet_response
from cpboard.core.locking import StaleEdit
from cpboard.core.tabular import refused_message
from performance.forms.imports import BenchmarkImportForm, QuarterImportForm, UploadForm
from performance.models import Period
from performance.services import imports
from performance.views.quarters import quarter_return_or_404

TEMPLATE_FORMATS = ("csv", "xlsx")


def _refused(form: UploadForm, report: imports.ImportReport) -> None:
    form.add_error("file", refused_message(len(report.problems)))


def _done_message(report: imports.ImportReport, name: str, noun: str, plural: str) -> str:
    if not report.changed:
        return f"Nothing to change: every {noun} in {name} matches what is already saved."
    text = f"Imported {report.changed} {noun if report.changed == 1 else plural} from {name}."
    if report.unchanged:
        left = "was left as it was" if report.unchanged == 1 else "were left as they were"
        text += f" {report.unchanged} already matched and {left}."
    return text


@permission_required("performance.import_figures", raise_exception=True)
def quarter_import(request: HttpRequest, year: int, quarter: int) -> HttpResponse:
    quarter_return = quarter_return_or_404(year, quarter)
    period = quarter_return.period
    form = QuarterImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES or None,
        quarter_return=quarter_return,
    )
    report, conflict = None, None
    if request.method == "POST" and not quarter_return.is_locked and form.is_valid():
        try:
            report = imports.quarter_import(
                quarter_return=quarter_return,
                data=form.file_bytes,
                kind=form.file_kind,
                name=form.file_name,
                by=request.user,
                version=form.cleaned_data["version"],
            )
        except StaleEdit as stale:  # the quarter, or one of its figures, was saved meanwhile
            stale.mark(form, on="file")
            conflict = stale
            quarter_return.refresh_from_db()  # the page shows the quarter as saved now
            shown_now = request.POST.copy()
            shown_now["version"] = str(quarter_return.version)
            form.data = shown_now
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if report.ok:
                messages.success(request, _done_message(report, form.file_name, "figure", "figures"))
                return redirect(quarter_return)
            _refused(form, report)
    template_query = f"?year={period.year_start}&quarter={period.quarter}"
    context = {
        "quarter_return": quarter_return,
        "period": period,
        "form": form,
        "report": report,
        "columns": [(c, imports.QUARTER_COLUMN_NOTES[c]) for c in imports.QUARTER_COLUMNS],
        "csv_template": reverse("performance:import-template", args=["csv"]) + template_query,
        "xlsx_template": reverse("performance:import-template", args=["xlsx"]) + template_query,
        "conflict": conflict,
    }
    return render(request, "performance/quarter_import.html", context, status=409 if conflict else 200)


def _template_period(request: HttpRequest) -> Period | None:
    try:
        year, quarter = int(request.GET["year"]), int(request.GET["quarter"])
    except (KeyError, ValueError):
        return None
    if quarter not in (1, 2, 3, 4) or not 2000 <= year <= 2100:
        return None
    return Period.objects.filter(kind=Period.Kind.QUARTER, year_start=year, quarter=quarter).first()


@require_GET
@permission_required("performance.import_figures", raise_exception=True)
def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in TEMPLATE_FORMATS:
        raise Http404("Templates are CSV or XLSX.")
    period = _template_period(request)
    name = (
        f"quarter-figures-template-{period.year_label}-q{period.quarter}"
        if period
        else "quarter-figures-template"
    )
    return spreadsheet_response(
        fmt, name, imports.QUARTER_COLUMNS, imports.quarter_template_rows(period), title="Quarter figures"
    )


@permission_required("performance.import_figures", raise_exception=True)
def benchmark_import(request: HttpRequest) -> HttpResponse:
    form = BenchmarkImportForm(request.POST if request.method == "POST" else None, request.FILES or None)
    report, conflict = None, None
    if request.method == "POST" and form.is_valid():
        try:
            report = imports.benchmark_import(
                data=form.file_bytes, kind=form.file_kind, name=form.file_name, by=request.user
            )
        except StaleEdit as stale:  # another import or save wrote the same figures at the same moment
            stale.mark(form, on="file")
            conflict = stale
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if report.ok:
                messages.success(
                    request,
                    _done_message(report, form.file_name, "target or comparator", "targets and comparators"),
                )
                return redirect("performance:benchmark-import")
            _refused(form, report)
    context = {
        "form": form,
        "report": report,
        "conflict": conflict,
        "columns": [(c, imports.BENCHMARK_COLUMN_NOTES[c]) for c in imports.BENCHMARK_COLUMNS],
        "kinds": imports.BENCHMARK_KINDS.items(),
    }
    return render(request, "performance/benchmark_import.html", context, status=409 if conflict else 200)


@require_GET
@permission_required("performance.import_figures", raise_exception=True)
def benchmark_template(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in TEMPLATE_FORMATS:
        raise Http404("Templates are CSV or XLSX.")
    return spreadsheet_response(
        fmt,
        "targets-and-comparators-template",
        imports.BENCHMARK_COLUMNS,
        imports.benchmark_template_rows(),
        title="Targets and comparators",
    )
