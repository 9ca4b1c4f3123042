"""The annual board evaluation for a municipal year, as a page and as a PDF for the overview and scrutiny
committee. Figures come from cpboard/board/reporting/evaluation.py, as the reader may see them."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cpboard.board.models import municipal_year_start
from cpboard.board.reporting.evaluation import build_evaluation, year_choices
from cpboard.core.pdf import PDF_UA, render_template_pdf
from cpboard.core.security_log import record_event
from performance.reporting.rag import RATED_AS_SHOWN


class YearForm(forms.Form):
    year = forms.ChoiceField(label="Municipal year", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(str(start), label) for start, label in year_choices()]

    def clean_year(self) -> int:
        text = (self.cleaned_data.get("year") or "").strip()
        if not text:
            return municipal_year_start(timezone.localdate())
        return int(text)

    def full_clean(self):
        super().full_clean()
        if "year" in self.errors:  # the choice check's own words do not say what to do
            self.errors["year"] = self.error_class(
                [
                    ValidationError(
                        "Choose a municipal year from the list: the board's years run from May to April, "
                        "for example 2026/27."
                    )
                ]
            )


def _chosen(request: HttpRequest) -> tuple[YearForm, int | None]:
    form = YearForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, None
    year = form.cleaned_data["year"] if form.is_bound else municipal_year_start(timezone.localdate())
    return form, year


@login_required
@require_GET
@permission_required("board.view_meeting", raise_exception=True)
def evaluation(request: HttpRequest) -> HttpResponse:
    form, year = _chosen(request)
    context = {
        "form": form,
        "chosen": str(year) if year is not None else "",
        "ev": build_evaluation(year, request.user) if year is not None else None,
        "rated_as_shown": RATED_AS_SHOWN,
    }
    return render(request, "board/evaluation.html", context, status=200 if year is not None else 400)


@login_required
@require_GET
@permission_required("board.view_meeting", raise_exception=True)
def evaluation_pdf(request: HttpRequest) -> HttpResponse:
    form, year = _chosen(request)
    if year is None:
        context = {"form": form, "chosen": "", "ev": None}
        return render(request, "board/evaluation.html", context, status=400)
    ev = build_evaluation(year, request.user)
    pdf = render_template_pdf(
        "board/evaluation_print.html",
        {"title": ev.title, "ev": ev, "rated_as_shown": RATED_AS_SHOWN, "generated": timezone.localtime()},
        variant=PDF_UA,
    )
    name = f"board-evaluation-{ev.year}-{(ev.year + 1) % 100:02d}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    record_event(request, "export", detail=name)
    return response
