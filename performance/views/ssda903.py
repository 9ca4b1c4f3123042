"""Officers' pages for the SSDA903 extract: upload it, read the data-quality report, see the computed figures
beside the quarter's saved ones (with provenance and differences), and recompute from a newer extract.

The child references to fix are shown once, in the response to the upload, and in a download made from that
same response (a `data:` link holding the CSV). They are never stored, so there is nothing to fetch again
later: a second request could only be answered by keeping them, and the report page for the stored import
shows counts only. The strict Content Security Policy does not govern a download link's `data:` address."""

from __future__ import annotations

import base64
from typing import Any

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from cpboard.core.exports import csv_bytes
from cpboard.core.locking import StaleEdit
from performance.forms.imports import ReturnUploadForm
from performance.models import ReturnImport
from performance.services import ssda903
from performance.ssda903.quality import CHECKS


def children_download(rows: list[tuple[str, str, str]]) -> str:
    """The officers' list of child references to fix, as a `data:` URL (a CSV built in this response)."""
    data = csv_bytes(["Child reference", "Check", "What to fix"], rows)
    return f"data:text/csv;charset=utf-8;base64,{base64.b64encode(data).decode('ascii')}"


def _counts(counts: dict[str, int]) -> list[tuple[str, bool, int]]:
    """(title, blocking, count) per check, in the report's order."""
    return [(check.title, check.blocking, counts[key]) for key, check in CHECKS.items() if key in counts]


@never_cache
@permission_required("performance.import_figures", raise_exception=True)
def ssda903_upload(request: HttpRequest) -> HttpResponse:
    form = ReturnUploadForm(request.POST if request.method == "POST" else None, request.FILES or None)
    outcome = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            outcome = ssda903.import_extract(
                uploads=form.uploads,
                as_at=form.cleaned_data["as_at"],
                population=form.cleaned_data.get("population"),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        except StaleEdit:  # someone saved this quarter's figures at the same moment: nothing was stored
            outcome = None
            status = 409
            form.add_error(
                "return_files",
                "Someone saved figures for this quarter at the same moment, so nothing was saved from this "
                "upload. Upload the return again to compare it with their figures.",
            )
        else:
            if not outcome.ok:
                blocking = outcome.report.blocking
                form.add_error(
                    "return_files",
                    f"The return has {len(blocking)} problem{'s' if len(blocking) != 1 else ''} that must be "
                    "fixed before its figures can be worked out, listed below. Nothing has been saved.",
                )
    context: dict[str, Any] = {
        "form": form,
        "outcome": outcome,
        "imports": ReturnImport.objects.select_related("period", "imported_by")[:10],
    }
    if outcome is not None:
        rows = outcome.report.child_rows()
        context["download"] = children_download(rows) if rows else ""
        if outcome.record is not None:
            context["record"] = outcome.record
            context["lines"] = ssda903.lines(outcome.record)
            context["counts"] = _counts(outcome.record.quality)
    # never cached: it may list child references
    return render(request, "performance/ssda903_upload.html", context, status=status)


@permission_required("performance.import_figures", raise_exception=True)
def ssda903_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(ReturnImport.objects.select_related("period", "imported_by"), pk=pk)
    return render(
        request,
        "performance/ssda903_detail.html",
        {
            "record": record,
            "lines": ssda903.lines(record),
            "counts": _counts(record.quality),
            "previous": ssda903.previous_import(record),
        },
    )
