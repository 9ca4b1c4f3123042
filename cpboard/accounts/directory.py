"""The people directory: everyone the board deals with, whether or not they sign in. Officers keep it;
administrators link people to sign-in accounts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from cpboard.accounts.forms import AppointmentForm, DirectoryPersonForm, PersonAccountForm
from cpboard.accounts.models import Appointment, Person
from cpboard.core.locking import StaleEdit, save_versioned

ADDED = "Added to the people directory"
EDITED = "Changed in the people directory"
ACCOUNT_LINKED = "Sign-in account changed"
APPOINTED = "Appointment added"
APPOINTMENT_EDITED = "Appointment changed"

PAGE_SIZE = 50


@permission_required("accounts.view_person", raise_exception=True)
def directory(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    kind = request.GET.get("kind", "")
    show = request.GET.get("show", "current")
    people = Person.objects.search(query).select_related("user")
    if kind in Person.Kind.values:
        people = people.filter(kind=kind)
    if show != "all":
        people = people.current()
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/directory_list.html",
        {"page": page, "query": query, "kind": kind, "show": show, "kinds": Person.Kind.choices},
    )


def _form_page(request, form, person, conflict, template="accounts/directory_form.html", **extra):
    context = {"form": form, "person": person, "conflict": conflict, **extra}
    return render(request, template, context, status=409 if conflict else 200)


@permission_required("accounts.add_person", raise_exception=True)
def directory_create(request: HttpRequest) -> HttpResponse:
    form = DirectoryPersonForm(request.POST or None)
    conflict = None
    if form.is_valid():
        try:
            person = save_versioned(form, by=request.user, reason=ADDED)
        except StaleEdit as stale:
            stale.mark(form)
            conflict = stale
        else:
            messages.success(request, f"{person} has been added to the people directory.")
            return redirect(person)
    return _form_page(request, form, None, conflict)


@permission_required("accounts.view_person", raise_exception=True)
def directory_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.select_related("user"), pk=pk)
    return render(
        request,
        "accounts/directory_detail.html",
        {"person": person, "appointments": person.appointments.all()},
    )


@permission_required("accounts.change_person", raise_exception=True)
def directory_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    form = DirectoryPersonForm(request.POST or None, instance=person)
    conflict = None
    if form.is_valid():
        try:
            person = save_versioned(form, by=request.user, reason=EDITED)
        except StaleEdit as stale:
            stale.mark(form)
            conflict = stale
        else:
            messages.success(request, f"Changes to {person} saved.")
            return redirect(person)
    return _form_page(request, form, person, conflict)


@permission_required("accounts.link_account", raise_exception=True)
def directory_account(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.select_related("user"), pk=pk)
    form = PersonAccountForm(request.POST or None, instance=person)
    conflict = None
    if form.is_valid():
        try:
            person = save_versioned(form, by=request.user, reason=ACCOUNT_LINKED)
        except StaleEdit as stale:  # changed meanwhile, or the account was linked to someone else just now
            stale.mark(form, on="user")
            conflict = stale
        else:
            if person.user_id:
                messages.success(request, f"{person} now signs in as {person.user.username}.")
            else:
                messages.success(request, f"{person} is no longer linked to a sign-in account.")
            return redirect(person)
    return _form_page(request, form, person, conflict, "accounts/directory_account.html")


@permission_required("accounts.add_appointment", raise_exception=True)
def appointment_create(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    form = AppointmentForm(request.POST or None, person=person, instance=Appointment(person=person))
    conflict = None
    if form.is_valid():
        try:
            appointment = save_versioned(form, by=request.user, reason=APPOINTED)
        except StaleEdit as stale:
            stale.mark(form)
            conflict = stale
        else:
            messages.success(request, f"{person}: {appointment} saved.")
            return redirect(person)
    return _form_page(request, form, person, conflict, "accounts/appointment_form.html")


@permission_required("accounts.change_appointment", raise_exception=True)
def appointment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = get_object_or_404(Appointment.objects.select_related("person"), pk=pk)
    person = appointment.person
    form = AppointmentForm(request.POST or None, person=person, instance=appointment)
    conflict = None
    if form.is_valid():
        try:
            appointment = save_versioned(form, by=request.user, reason=APPOINTMENT_EDITED)
        except StaleEdit as stale:
            stale.mark(form)
            conflict = stale
        else:
            messages.success(request, f"{person}: {appointment} saved.")
            return redirect(person)
    return _form_page(
        request, form, person, conflict, "accounts/appointment_form.html", appointment=appointment
    )
