"""Officers: batches of access codes for a survey, the printable sheet of slips, and cancelling a code."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from cpboard.core.pdf import render_template_pdf
from pledge.forms.surveys import CodeBatchForm, VoidForm
from pledge.models import AccessCode, CodeBatch
from pledge.services import codes
from pledge.views.surveys import survey_for

SLIPS_PER_ROW = 2


def batch_for(pk: int) -> CodeBatch:
    return get_object_or_404(CodeBatch.objects.select_related("survey"), pk=pk)


@permission_required("pledge.add_codebatch", raise_exception=True)
def batch_create(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request, pk)
    form = CodeBatchForm(request.POST or None)
    if form.is_valid():
        batch = codes.make_batch(survey, **form.cleaned_data, by=request.user)
        messages.success(
            request, f"{form.cleaned_data['count']} codes made for {batch.label}. Print them below."
        )
        return redirect(batch)
    return render(request, "pledge/batch_create.html", {"form": form, "survey": survey})


@permission_required("pledge.view_codebatch", raise_exception=True)
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = batch_for(pk)
    code_list = list(batch.codes.all())
    counts = batch.codes.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in AccessCode.Status.values}
    )
    return render(
        request,
        "pledge/batch_detail.html",
        {
            "batch": batch,
            "survey": batch.survey,
            "codes": [(code, codes.shown(code.code)) for code in code_list],
            "counts": [(label, counts[value]) for value, label in AccessCode.Status.choices],
            "void_form": VoidForm(),
        },
    )


@require_GET
@permission_required("pledge.view_accesscode", raise_exception=True)
def batch_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from cpboard.core.security_log import record_event

    batch = batch_for(pk)
    slips = [codes.shown(c.code) for c in batch.codes.filter(status=AccessCode.Status.UNUSED)]
    rows = [slips[i : i + SLIPS_PER_ROW] for i in range(0, len(slips), SLIPS_PER_ROW)]
    address = request.build_absolute_uri(reverse("pledge:survey-code"))
    pdf = render_template_pdf(
        "pledge/codes_print.html",
        {
            "batch": batch,
            "survey": batch.survey,
            "rows": rows,
            "count": len(slips),
            "address": address,
            "title": batch.label,
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"survey-codes-{batch.survey.year}-{slugify(batch.label) or batch.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    record_event(request, "export", detail=filename)
    return response


@require_POST
@permission_required("pledge.void_accesscode", raise_exception=True)
def code_void(request: HttpRequest, pk: int) -> HttpResponse:
    code = get_object_or_404(AccessCode.objects.select_related("batch__survey"), pk=pk)
    form = VoidForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"{codes.shown(code.code)} was not cancelled: {form.errors['reason'][0]}")
        return redirect(code.batch)
    try:
        codes.void(code, reason=form.cleaned_data["reason"], by=request.user)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{codes.shown(code.code)} is cancelled: it can no longer be used.")
    return redirect(code.batch)
