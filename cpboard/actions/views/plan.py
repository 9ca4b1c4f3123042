"""The plan: the whole table (filterable), "My actions", downloads, and keeping themes, objectives and actions
with their progress updates and sources."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cpboard.accounts.models import person_of
from cpboard.actions import packs, sources
from cpboard.actions.forms.plan import (
    ActionForm,
    ObjectiveForm,
    PlanFilterForm,
    SourceForm,
    ThemeForm,
    UpdateForm,
)
from cpboard.actions.models import Action, ActionSource, Objective, Theme
from cpboard.actions.services import plan as plan_service
from cpboard.actions.services.reporting import build_plan, owner_choices, plan_actions, rows_for
from cpboard.core.exports import spreadsheet_response
from cpboard.core.locking import StaleEdit
from cpboard.core.security_log import record_event


def _filters(request: HttpRequest) -> tuple[PlanFilterForm, dict]:
    form = PlanFilterForm(request.GET or None, owner_choices=owner_choices())
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return form, {
            "theme": data.get("theme"),
            "owner": data.get("owner") or "",
            "rag": data.get("rag") or "",
            "overdue": bool(data.get("overdue")),
        }
    return form, {}


@require_GET
@permission_required("actions.view_action", raise_exception=True)
def plan(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    result = build_plan(as_at=timezone.localdate(), **filters)
    return render(
        request,
        "actions/plan.html",
        {
            "form": form,
            "plan": result,
            "filtered": any(filters.values()),
            "query": request.GET.urlencode(),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


EXPORT_HEADER = [
    "Theme",
    "Objective reference",
    "Objective",
    "Recommendations",
    "Action reference",
    "Action",
    "Responsibility",
    "Timescale",
    "Priority",
    "Outcome",
    "How success will be measured",
    "Status",
    "RAG",
    "Latest progress",
    "Latest progress date",
]


def export_rows(result):
    for theme in result.themes:
        for objective in theme.objectives:
            numbers = ", ".join(r.number for r in objective.recommendations)
            for row in objective.rows:
                action = row.action
                yield [
                    theme.theme.name,
                    objective.objective.reference,
                    objective.objective.text,
                    numbers,
                    action.reference,
                    action.text,
                    row.owners,
                    action.timescale_text(),
                    action.get_priority_display(),
                    action.outcome,
                    action.measure,
                    action.get_status_display(),
                    row.rag.label,
                    row.latest.text if row.latest else "",
                    row.latest.written_on if row.latest else "",
                ]


@require_GET
@permission_required("actions.export_plan", raise_exception=True)
def plan_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404("Downloads are CSV or XLSX.")
    _, filters = _filters(request)
    day = timezone.localdate()
    result = build_plan(as_at=day, **filters)
    return spreadsheet_response(
        fmt,
        f"action-plan-{day:%Y-%m-%d}",
        EXPORT_HEADER,
        export_rows(result),
        request=request,
        title="Action plan",
    )


@require_GET
@permission_required("actions.export_plan", raise_exception=True)
def plan_pdf(request: HttpRequest) -> HttpResponse:
    day = timezone.localdate()
    response = HttpResponse(packs.plan_pdf(request.user, as_at=day), content_type="application/pdf")
    name = f"action-plan-progress-{day:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    record_event(request, "export", detail=name)
    return response


@require_GET
@permission_required("actions.view_action", raise_exception=True)
def my_actions(request: HttpRequest) -> HttpResponse:
    """The actions the signed-in person owns, if their account is linked to a person in the directory."""
    person = person_of(request.user)
    rows = []
    if person is not None:
        rows = rows_for(plan_actions(Action.objects.owned_by(person)), timezone.localdate())
        rows.sort(key=lambda row: (row.action.is_closed, row.attention, row.action.pk))
    return render(request, "actions/my_actions.html", {"person": person, "rows": rows})


# Themes and objectives ----------------------------------------------------------------------------------


def _edit_page(request, template, form, record, conflict, **extra):
    return render(
        request,
        template,
        {"form": form, "record": record, "conflict": conflict, **extra},
        status=409 if conflict else 200,
    )


def _save(request, form, *, saved: str):
    try:
        record = plan_service.save_form(form, by=request.user)
    except StaleEdit as stale:
        stale.mark(form)
        return None, stale
    messages.success(request, saved.format(record=record))
    return record, None


@permission_required("actions.add_theme", raise_exception=True)
def theme_create(request: HttpRequest) -> HttpResponse:
    form = ThemeForm(request.POST or None)
    conflict = None
    if form.is_valid():
        record, conflict = _save(request, form, saved="Theme added: {record}.")
        if record:
            return redirect("actions:plan")
    return _edit_page(request, "actions/theme_form.html", form, None, conflict)


@permission_required("actions.change_theme", raise_exception=True)
def theme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    theme = get_object_or_404(Theme, pk=pk)
    form = ThemeForm(request.POST or None, instance=theme)
    conflict = None
    if form.is_valid():
        record, conflict = _save(request, form, saved="Theme saved: {record}.")
        if record:
            return redirect("actions:plan")
    return _edit_page(request, "actions/theme_form.html", form, theme, conflict)


@permission_required("actions.add_objective", raise_exception=True)
def objective_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    if (theme := request.GET.get("theme", "")).isdigit():
        initial["theme"] = Theme.objects.filter(pk=theme).first()
    form = ObjectiveForm(request.POST or None, initial=initial)
    conflict = None
    if form.is_valid():
        record, conflict = _save(request, form, saved="Objective added. Now add its actions.")
        if record:
            return redirect(_action_add_url(record))
    return _edit_page(request, "actions/objective_form.html", form, None, conflict)


def _action_add_url(objective: Objective) -> str:
    from django.urls import reverse

    return f"{reverse('actions:action-create')}?objective={objective.pk}"


@permission_required("actions.change_objective", raise_exception=True)
def objective_edit(request: HttpRequest, pk: int) -> HttpResponse:
    objective = get_object_or_404(Objective.objects.select_related("theme"), pk=pk)
    form = ObjectiveForm(request.POST or None, instance=objective)
    conflict = None
    if form.is_valid():
        record, conflict = _save(request, form, saved="Objective saved.")
        if record:
            return redirect(f"{objective.theme.get_absolute_url()}#objective-{objective.pk}")
    actions = rows_for(plan_actions(objective.actions.all()), timezone.localdate())
    return _edit_page(
        request,
        "actions/objective_form.html",
        form,
        objective,
        conflict,
        rows=actions,
        recommendations=objective.recommendations.select_related("review"),
    )


# Actions ------------------------------------------------------------------------------------------------


def _action_form_page(request, form, action, conflict):
    return render(
        request,
        "actions/action_form.html",
        {"form": form, "action": action, "conflict": conflict},
        status=409 if conflict else 200,
    )


@permission_required("actions.add_action", raise_exception=True)
def action_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    if (objective := request.GET.get("objective", "")).isdigit():
        initial["objective"] = Objective.objects.filter(pk=objective).first()
    form = ActionForm(request.POST or None, initial=initial)
    conflict = None
    if form.is_valid():
        try:
            action = plan_service.action_save(form=form, owners=form.owners(), by=request.user)
        except StaleEdit as stale:
            stale.mark(form)
            conflict = stale
        else:
            messages.success(request, f"Action added: {action}.")
            if "another" in request.POST:
                return redirect(_action_add_url(action.objective))
            return redirect(action)
    return _action_form_page(request, form, None, conflict)


@permission_required("actions.change_action", raise_exception=True)
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action.objects.select_related("objective__theme"), pk=pk)
    form = ActionForm(request.POST or None, instance=action)
    conflict = None
    if form.is_valid():
        try:
            action = plan_service.action_save(form=form, owners=form.owners(), by=request.user)
        except StaleEdit as stale:
            stale.mark(form)
            conflict = stale
        else:
            messages.success(request, f"Action saved: {action}.")
            return redirect(action)
    return _action_form_page(request, form, action, conflict)


def _detail(request, action, *, update_form=None, source_form=None, conflict=None, status=200):
    today = timezone.localdate()
    row = rows_for(plan_actions(Action.objects.filter(pk=action.pk)), today)[0]
    cited = []
    for source in action.sources.select_related("source_type"):
        record = sources.record_for(source)
        cited.append((source, record, getattr(record, "get_absolute_url", None)))
    return render(
        request,
        "actions/action_detail.html",
        {
            "action": row.action,
            "row": row,
            "updates": action.updates.select_related("author"),
            "cited": cited,
            "update_form": update_form or UpdateForm(action=row.action),
            "source_form": source_form or SourceForm(user=request.user, action=row.action),
            "conflict": conflict,
        },
        status=status,
    )


@require_GET
@permission_required("actions.view_action", raise_exception=True)
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action, pk=pk)
    return _detail(request, action)


@require_POST
@permission_required("actions.add_progressupdate", raise_exception=True)
def update_post(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action, pk=pk)
    form = UpdateForm(request.POST, action=action)
    if form.is_valid():
        data = form.cleaned_data
        try:
            update = plan_service.update_post(
                action=action,
                by=request.user,
                written_on=data["written_on"],
                text=data["text"],
                status=data["status"],
                version=data.get("version"),
            )
        except StaleEdit as stale:
            stale.mark(form, on="status")
            return _detail(
                request, get_object_or_404(Action, pk=pk), update_form=form, conflict=stale, status=409
            )
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(name if name in form.fields else None, problem)
        else:
            text = "Update posted."
            if update.status:
                text = f"Update posted. The action is now {update.get_status_display().lower()}."
            messages.success(request, text)
            return redirect(action)
    return _detail(request, action, update_form=form, status=400)


@require_POST
@permission_required("actions.add_actionsource", raise_exception=True)
def source_add(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action, pk=pk)
    form = SourceForm(request.POST, user=request.user, action=action)
    if form.is_valid():
        kind, record_pk, description = form.source()
        try:
            source = plan_service.source_add(
                action=action, kind=kind, pk=record_pk, description=description, by=request.user
            )
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(name if name in form.fields else None, problem)
        else:
            messages.success(request, f"Source added: {source.get_kind_display().lower()}.")
            return redirect(f"{action.get_absolute_url()}#sources")
    return _detail(request, action, source_form=form, status=400)


@require_POST
@permission_required("actions.delete_actionsource", raise_exception=True)
def source_remove(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(ActionSource.objects.select_related("action"), pk=pk)
    plan_service.source_remove(source=source, by=request.user)
    messages.success(request, "Source removed.")
    return redirect(f"{source.action.get_absolute_url()}#sources")
