"""The rota (officers), "My visits" (each visitor) and independence declarations."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from cpboard.accounts.models import person_of
from cpboard.core.locking import StaleEdit, save_audited
from training.models import add_months
from visits.forms.rota import DeclarationForm, RotaForm
from visits.models import Declaration, Home, Visit, sees_everything
from visits.periods import month_start, parse_month
from visits.services import rota as rota_service

DECLARED = "Independence declaration recorded"


@permission_required("visits.add_visit", raise_exception=True)
def rota(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    first = parse_month(request.GET.get("from", "")) or add_months(month_start(today), -2)
    last = add_months(first, 6) - dt.timedelta(days=1)
    visits = (
        Visit.objects.filter(period_start__range=(add_months(first, -1), last))
        .select_related("home")
        .prefetch_related("visitors")
        .order_by("period_start", "home__name")
    )
    homes = Home.objects.open().order_by("name")
    return render(
        request,
        "visits/rota.html",
        {
            "visits": visits,
            "homes": homes,
            "first": first,
            "last": last,
            "earlier": add_months(first, -6),
            "later": add_months(first, 6),
            "no_course": rota_service.visitor_course() is None,
            "no_course_text": rota_service.NO_COURSE,
            "today": today,
        },
    )


def _rota_form(request, form, visit, conflict):
    return render(
        request,
        "visits/rota_form.html",
        {
            "form": form,
            "visit": visit,
            "conflict": conflict,
            "no_course": rota_service.visitor_course() is None,
            "no_course_text": rota_service.NO_COURSE,
        },
        status=409 if conflict else (400 if form.is_bound and form.errors else 200),
    )


def _save_rota(request, form, created: bool) -> Visit:
    visit = form.save(commit=False)
    if not created:
        from cpboard.core.locking import lock

        current = lock(visit)
        if form.cleaned_data.get("version") != current.version:
            raise StaleEdit(current=current)
        visit.version = current.version
    return rota_service.save_rota_entry(
        visit=visit,
        people=list(form.cleaned_data["people"]),
        override_reason=form.cleaned_data.get("override_reason", "").strip(),
        by=request.user,
        created=created,
    )


@permission_required("visits.add_visit", raise_exception=True)
def rota_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    if (home_id := request.GET.get("home", "")).isdigit():
        initial["home"] = Home.objects.filter(pk=home_id).first()
    form = RotaForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            visit = _save_rota(request, form, created=True)
        except StaleEdit as stale:
            stale.mark(form, on="month")
            conflict = stale
        else:
            messages.success(request, f"{visit} is on the rota.")
            return redirect("visits:rota")
    return _rota_form(request, form, None, conflict)


@permission_required("visits.change_visit", raise_exception=True)
def rota_edit(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(Visit.objects.select_related("home"), pk=pk)
    form = RotaForm(request.POST or None, instance=visit)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            visit = _save_rota(request, form, created=False)
        except StaleEdit as stale:
            stale.mark(form)
            conflict = stale
        else:
            messages.success(request, f"{visit}: rota saved.")
            return redirect(visit)
    return _rota_form(request, form, visit, conflict)


@login_required
def my_visits(request: HttpRequest) -> HttpResponse:
    """Anyone signed in: the visits they are on, if their account is linked to the people directory."""
    person = person_of(request.user)
    visits = (
        Visit.objects.filter(visitors=person).select_related("home").order_by("-period_start")
        if person
        else Visit.objects.none()
    )
    today = timezone.localdate()
    return render(
        request,
        "visits/my_visits.html",
        {
            "person": person,
            "upcoming": [v for v in visits if not v.has_report and v.period.end >= today],
            "to_write": [v for v in visits if not v.has_report and v.period.end < today],
            "done": [v for v in visits if v.has_report][:24],
            "declaration": Declaration.objects.filter(person=person).first() if person else None,
        },
    )


@permission_required("visits.view_declaration", raise_exception=True)
def declaration_list(request: HttpRequest) -> HttpResponse:
    declarations = (
        Declaration.objects.visible_to(request.user).select_related("person").prefetch_related("homes")
    )
    if (person_id := request.GET.get("person", "")).isdigit():
        declarations = declarations.filter(person_id=person_id)
    return render(request, "visits/declaration_list.html", {"declarations": declarations[:200]})


@permission_required("visits.add_declaration", raise_exception=True)
def declaration_create(request: HttpRequest) -> HttpResponse:
    own = None if sees_everything(request.user) else person_of(request.user)
    if own is None and not sees_everything(request.user):
        messages.error(
            request, "Your account is not linked to the people directory, so you cannot declare yet."
        )
        return redirect("visits:declaration-list")
    form = DeclarationForm(request.POST or None, person=own)
    if form.is_valid():
        declaration = form.save(commit=False)
        declaration.recorded_by = request.user
        save_audited(declaration, by=request.user, reason=DECLARED)
        form.save_m2m()
        messages.success(request, f"{declaration} recorded.")
        return redirect("visits:declaration-list")
    return render(request, "visits/declaration_form.html", {"form": form}, status=400 if form.errors else 200)
