"""A visit's page (the full report), writing and submitting it, the manager's acknowledgement, and the
printable report and its PDF, each scoped like the page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cpboard.core.locking import StaleEdit, lock, posted_version
from cpboard.core.security_log import record_event
from visits import packs
from visits.forms.reports import ReportForm
from visits.models import Action, Visit
from visits.services import reports as report_service
from visits.views.access import signed_in_user, visit_for


def _earlier_open_actions(visit: Visit, user):
    return (
        Action.objects.visible_to(user)
        .filter(visit__home=visit.home, visit__period_start__lt=visit.period_start)
        .still_open()
        .select_related("visit")
        .order_by("due_on")
    )


@require_GET
@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = visit_for(request, pk)
    return render(
        request,
        "visits/visit_detail.html",
        {
            "visit": visit,
            "planned_on": visit.date_shown_to(request.user),
            "actions": visit.actions.prefetch_related("updates"),
            "earlier_actions": _earlier_open_actions(visit, request.user),
            "can_write": visit.report_editable_by(request.user),
            "can_acknowledge": visit.acknowledgeable_by(request.user),
            "can_add_action": request.user.has_perm("visits.add_action")
            and visit.report_editable_by(request.user),
            "can_change_rota": request.user.has_perm("visits.change_visit"),
            "today": timezone.localdate(),
        },
    )


@transaction.atomic
def _save(request, form: ReportForm, visit: Visit, *, submit: bool) -> Visit:
    current = lock(visit)
    if form.cleaned_data.get("version") != current.version:
        raise StaleEdit(current=current)
    obj = form.save(commit=False)
    obj.version = current.version
    return report_service.save_report(
        obj, by=signed_in_user(request), submit=submit, amending=current.has_report
    )


@login_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    visit = visit_for(request, pk)
    if not visit.report_editable_by(request.user):
        raise PermissionDenied
    checking = request.GET.get("check") == "1" or bool(request.POST.get("privacy_reason", "").strip())
    flags = []
    if request.method == "GET" and checking:
        flags = report_service.privacy_flags(visit, {n: getattr(visit, n) for n in report_service.FREE_TEXT})
    form = ReportForm(request.POST or None, instance=visit, flagged=bool(flags) or checking)
    conflict = None
    if request.method == "POST" and form.is_valid():
        amending = visit.has_report
        submit = form.submitting or amending
        if submit:
            flags = report_service.privacy_flags(visit, form.cleaned_data)
        try:
            if flags and not form.cleaned_data.get("privacy_reason", "").strip():
                if not amending:  # keep their words as a draft, then show what the check found
                    _save(request, form, visit, submit=False)
                    return redirect(f"{request.path}?check=1")
                form = ReportForm(request.POST, instance=visit, flagged=True)
                form.is_valid()
                form.add_error("privacy_reason", "Change the highlighted words, or say why they should stay.")
            else:
                if not flags:
                    form.instance.privacy_reason = ""
                saved = _save(request, form, visit, submit=submit)
                if saved.has_report and not amending:
                    messages.success(
                        request, f"{saved}: report submitted. The home's manager can now see it."
                    )
                else:
                    messages.success(request, f"{saved}: report saved.")
                return redirect(saved)
        except StaleEdit as stale:
            stale.mark(form)
            conflict = stale
    return render(
        request,
        "visits/report_form.html",
        {
            "form": form,
            "visit": visit,
            "flags": flags,
            "conflict": conflict,
            "earlier_actions": _earlier_open_actions(visit, request.user),
        },
        status=409 if conflict else (400 if form.is_bound and form.errors else 200),
    )


@require_POST
@login_required
def report_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    visit = visit_for(request, pk)
    if not visit.acknowledgeable_by(request.user):
        raise PermissionDenied
    try:
        report_service.acknowledge(
            visit, by=signed_in_user(request), shown_version=posted_version(request.POST)
        )
    except StaleEdit:
        messages.error(request, "The report changed since you opened it. Read it again, then acknowledge it.")
        return redirect(visit)
    messages.success(request, f"{visit}: report acknowledged.")
    return redirect(visit)


@require_GET
@login_required
def report_print(request: HttpRequest, pk: int) -> HttpResponse:
    visit = visit_for(request, pk)
    return HttpResponse(
        render_to_string(
            "visits/report_print.html", packs.report_context(visit, request.user), request=request
        )
    )


@require_GET
@login_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    visit = visit_for(request, pk)
    name = f"visit-{visit.home.urn.lower()}-{visit.period_start:%Y-%m}.pdf"
    response = HttpResponse(packs.report_pdf(visit, request.user), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    record_event(request, "export", detail=name)
    return response
