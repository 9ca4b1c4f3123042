"""Actions arising from a visit: recorded with the report, answered by the home, followed up by officers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from cpboard.core.locking import StaleEdit, lock, save_audited, save_versioned
from visits.forms.reports import ActionForm, PlanLinkForm, ResponseForm, UpdateForm
from visits.services import actions as action_service
from visits.views.access import action_for, signed_in_user, visit_for


@permission_required("visits.add_action", raise_exception=True)
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    visit = visit_for(request, pk)
    if not visit.report_editable_by(request.user):
        raise PermissionDenied
    form = ActionForm(request.POST or None)
    if form.is_valid():
        action = form.save(commit=False)
        action.visit = visit
        save_audited(action, by=signed_in_user(request), reason=action_service.ADDED)
        messages.success(request, f"{action} recorded, due by {action.due_on:%d/%m/%Y}.")
        return redirect(visit)
    return render(
        request,
        "visits/action_form.html",
        {"form": form, "visit": visit, "action": None},
        status=400 if form.errors else 200,
    )


@login_required
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = action_for(request, pk)
    user = request.user
    update_form = None
    if user.has_perm("visits.change_action"):
        update_form = UpdateForm()
        update_form.helper.form_action = reverse("visits:action-update", args=[action.pk])
    return render(
        request,
        "visits/action_detail.html",
        {
            "action": action,
            "visit": action.visit,
            "updates": action.updates.select_related("by"),
            "overdue": action.is_overdue(),
            "can_respond": action.respondable_by(user),
            "can_change": user.has_perm("visits.change_action"),
            "update_form": update_form,
            "plan_form": PlanLinkForm()
            if user.has_perm("visits.change_action") and not action.plan_id
            else None,
            "plan_available": action_service.plan_model() is not None,
            "today": timezone.localdate(),
        },
    )


@permission_required("visits.change_action", raise_exception=True)
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = action_for(request, pk)
    form = ActionForm(request.POST or None, instance=action)
    conflict = None
    if form.is_valid():
        try:
            action = save_versioned(form, by=signed_in_user(request), reason=action_service.CHANGED)
        except StaleEdit as stale:
            stale.mark(form)
            conflict = stale
        else:
            messages.success(request, f"{action} saved.")
            return redirect(action)
    return render(
        request,
        "visits/action_form.html",
        {"form": form, "visit": action.visit, "action": action, "conflict": conflict},
        status=409 if conflict else (400 if form.errors else 200),
    )


@login_required
def action_respond(request: HttpRequest, pk: int) -> HttpResponse:
    action = action_for(request, pk)
    if not action.respondable_by(request.user):
        raise PermissionDenied
    form = ResponseForm(request.POST or None, instance=action)
    conflict = None
    if form.is_valid():
        try:
            with transaction.atomic():
                current = lock(action)
                if form.cleaned_data.get("version") != current.version:
                    raise StaleEdit(current=current)
                obj = form.save(commit=False)
                obj.version = current.version
                action_service.respond(obj, by=signed_in_user(request))
        except StaleEdit as stale:
            stale.mark(form)
            conflict = stale
        else:
            messages.success(request, "The home's response is saved.")
            return redirect(action)
    return render(
        request,
        "visits/response_form.html",
        {"form": form, "action": action, "visit": action.visit, "conflict": conflict},
        status=409 if conflict else (400 if form.errors else 200),
    )


@permission_required("visits.change_action", raise_exception=True)
def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    action = action_for(request, pk)
    form = UpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action_service.add_update(action, text=form.cleaned_data["text"], by=signed_in_user(request))
        messages.success(request, "Update added.")
        return redirect(action)
    return render(
        request,
        "visits/update_form.html",
        {"form": form, "action": action, "visit": action.visit},
        status=400 if form.errors else 200,
    )


@permission_required("visits.change_action", raise_exception=True)
def action_raise(request: HttpRequest, pk: int) -> HttpResponse:
    action = action_for(request, pk)
    form = PlanLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action_service.link_to_plan(
                action, plan_id=form.cleaned_data["plan_id"], by=signed_in_user(request)
            )
        except ValidationError as refused:
            form.add_error("plan_id", refused.messages[0])
        else:
            messages.success(request, "Raised to the board's action plan.")
            return redirect(action)
    return render(
        request,
        "visits/plan_form.html",
        {
            "form": form,
            "action": action,
            "visit": action.visit,
            "plan_available": action_service.plan_model() is not None,
        },
        status=400 if form.errors else 200,
    )
