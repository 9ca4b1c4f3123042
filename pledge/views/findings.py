"""'You said, we did' for the board and officers: each survey's findings, the board's response and its link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from cpboard.core.locking import StaleEdit, save_versioned
from pledge.forms.findings import FindingForm
from pledge.models import Finding, Survey
from pledge.services import findings as finding_links
from pledge.services.findings import ADDED, CHANGED
from pledge.services.pledge import next_order


def surveys_with_findings():
    return Survey.objects.prefetch_related(
        Prefetch("findings", queryset=Finding.objects.select_related("promise", "action_type"))
    ).order_by("-year", "-pk")


@require_GET
@permission_required("pledge.view_finding", raise_exception=True)
def finding_list(request: HttpRequest) -> HttpResponse:
    surveys = list(surveys_with_findings())
    for survey in surveys:
        for finding in survey.findings.all():
            finding.target = finding_links.linked(finding) if finding.action_type_id else None  # type: ignore[attr-defined]
    return render(request, "pledge/finding_list.html", {"surveys": surveys})


def _finding_page(request, *, form, survey, finding=None, conflict=None) -> HttpResponse:
    return render(
        request,
        "pledge/finding_form.html",
        {
            "form": form,
            "survey": survey,
            "finding": finding,
            "conflict": conflict,
            "readings": form.readings(),
        },
        status=409 if conflict else 200,
    )


@permission_required("pledge.add_finding", raise_exception=True)
def finding_create(request: HttpRequest, survey_pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=survey_pk)
    form = FindingForm(request.POST or None, survey=survey)
    if "check" not in request.POST and form.is_valid():
        form.instance.order = next_order(survey.findings.all())
        save_versioned(form, by=request.user, reason=ADDED)
        messages.success(request, "Finding added to “You said, we did”.")
        return redirect(reverse("pledge:finding-list") + f"#survey-{survey.pk}")
    return _finding_page(request, form=form, survey=survey)


@permission_required("pledge.change_finding", raise_exception=True)
def finding_edit(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_object_or_404(Finding.objects.select_related("survey"), pk=pk)
    form = FindingForm(request.POST or None, instance=finding, survey=finding.survey)
    conflict = None
    if "check" not in request.POST and form.is_valid():
        try:
            save_versioned(form, by=request.user, reason=CHANGED)
        except StaleEdit as stale:
            stale.mark(form)
            conflict = stale
        else:
            messages.success(request, "Finding saved.")
            return redirect(reverse("pledge:finding-list") + f"#finding-{finding.pk}")
    return _finding_page(request, form=form, survey=finding.survey, finding=finding, conflict=conflict)
