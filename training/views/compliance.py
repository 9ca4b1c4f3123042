"""Compliance for the board (as at any date), a person's training record, and "My training"."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from cpboard.accounts.models import Person, person_of
from cpboard.core.exports import spreadsheet_response
from training import packs
from training.forms.compliance import AsAtForm
from training.services.compliance import GROUP_LABELS, build_compliance, person_training


def _as_at(request: HttpRequest) -> AsAtForm:
    return AsAtForm(request.GET if request.GET else None)


def _query(form: AsAtForm) -> str:
    if not form.is_bound or not form.is_valid():
        return ""
    parts = []
    if form.cleaned_data.get("as_at"):
        parts.append(f"as_at={form.cleaned_data['as_at']:%d/%m/%Y}")
    if form.cleaned_data.get("group"):
        parts.append(f"group={form.cleaned_data['group']}")
    if form.cleaned_data.get("needing"):
        parts.append(f"needing={form.cleaned_data['needing']}")
    return "?" + "&".join(parts) if parts else ""


@require_GET
@permission_required("training.view_compliance", raise_exception=True)
def compliance(request: HttpRequest) -> HttpResponse:
    form = _as_at(request)
    group = form.cleaned_data.get("group", "") if form.is_valid() else ""
    result = build_compliance(as_at=form.day(), group=group)
    needing = form.is_valid() and form.cleaned_data.get("needing") == "action"
    rows = [row for row in result.rows if row.needs_action] if needing else result.rows
    return render(
        request,
        "training/compliance.html",
        {
            "form": form,
            "compliance": result,
            "rows": rows,
            "needing": needing,
            "group_label": GROUP_LABELS.get(group, ""),
            "query": _query(form),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_GET
@permission_required("training.view_compliance", raise_exception=True)
def compliance_export(request: HttpRequest, fmt: str) -> HttpResponse:
    form = _as_at(request)
    group = form.cleaned_data.get("group", "") if form.is_valid() else ""
    result = build_compliance(as_at=form.day(), group=group)
    if form.is_valid() and form.cleaned_data.get("needing") == "action":
        result.rows = [row for row in result.rows if row.needs_action]
    header = ["Name", "Kind", "Ward", "Party", "Start date", "Compliant with every mandatory course"]
    for course in result.courses:
        header += [f"{course.name}: status", f"{course.name}: detail"]
    rows = []
    for row in result.rows:
        person = row.person
        line = [
            person.display_name,
            person.get_kind_display(),
            person.ward,
            person.party,
            person.started_on,
            "Yes" if row.is_compliant else "No",
        ]
        for cell in row.cells:
            line += [cell.label, cell.detail]
        rows.append(line)
    name = f"training-compliance-{result.as_at:%Y-%m-%d}"
    return spreadsheet_response(fmt, name, header, rows, request=request, title="Training compliance")


@require_GET
@permission_required("training.view_compliance", raise_exception=True)
def compliance_pdf(request: HttpRequest) -> HttpResponse:
    form = _as_at(request)
    day = form.day()
    response = HttpResponse(packs.compliance_pdf(request.user, as_at=day), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="training-compliance-{day:%Y-%m-%d}.pdf"'
    from cpboard.core.security_log import record_event

    record_event(request, "export", detail=f"training-compliance-{day:%Y-%m-%d}.pdf")
    return response


@require_GET
@permission_required("training.view_trainingrecord", raise_exception=True)
def person_record(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    form = _as_at(request)
    training = person_training(person, as_at=form.day())
    return render(
        request,
        "training/person_training.html",
        {"person": person, "training": training, "form": form, "own": False},
    )


@require_GET
@login_required
def my_training(request: HttpRequest) -> HttpResponse:
    """Anyone signed in: their own record, if their account is linked to a person in the directory."""
    person = person_of(request.user)
    form = _as_at(request)
    training = person_training(person, as_at=form.day()) if person else None
    return render(
        request,
        "training/my_training.html",
        {"person": person, "training": training, "form": form, "own": True},
    )
