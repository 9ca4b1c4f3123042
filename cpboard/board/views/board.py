"""The board's terms of reference and its members."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from cpboard.accounts.models import Appointment, Person
from cpboard.board.forms.board import MembershipEndForm, MembershipForm, TermsForm
from cpboard.board.models import Membership
from cpboard.board.services import meetings as service
from cpboard.core.locking import StaleEdit


@permission_required("board.view_board", raise_exception=True)
def terms(request: HttpRequest) -> HttpResponse:
    board = service.current_board(by=request.user)
    return render(
        request,
        "board/terms.html",
        {"board": board, "can_edit": request.user.has_perm("board.change_board")},
    )


@permission_required("board.change_board", raise_exception=True)
def terms_edit(request: HttpRequest) -> HttpResponse:
    board = service.current_board(by=request.user)
    form = TermsForm(request.POST or None, instance=board)
    conflict = None
    if form.is_valid():
        try:
            service.board_save(form, by=request.user, reason=form.cleaned_data["reason"])
        except StaleEdit as stale:
            conflict = stale
            stale.mark(form)
        else:
            messages.success(
                request, "Terms of reference saved. The change and its reason are in the history."
            )
            return redirect("board:terms")
    return render(
        request,
        "board/terms_form.html",
        {"form": form, "board": board, "conflict": conflict},
        status=409 if conflict else 200,
    )


@permission_required("board.view_membership", raise_exception=True)
def members(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    board = service.current_board(by=request.user)
    current = service.members_on(board, today)
    current_ids = {m.pk for m in current}
    rows = Membership.objects.select_related("person")
    past = [m for m in rows.filter(ended_on__lt=today).order_by("-ended_on")]
    future = [m for m in rows.filter(started_on__gt=today) if m.pk not in current_ids]
    can_add = request.user.has_perm("board.add_membership")
    return render(
        request,
        "board/members.html",
        {
            "board": board,
            "current": current,
            "future": future,
            "past": past,
            "can_add": can_add,
            "can_change": request.user.has_perm("board.change_membership"),
            "to_add": service.board_appointees_not_members(today) if can_add else [],
        },
    )


@permission_required("board.add_membership", raise_exception=True)
def member_create(request: HttpRequest) -> HttpResponse:
    initial: dict[str, object] = {"started_on": timezone.localdate()}
    if (person_pk := request.GET.get("person", "")).isdigit():
        person = Person.objects.current().filter(pk=person_pk).first()
        if person is not None:
            initial["person"] = person
            appointment = (
                Appointment.objects.on(timezone.localdate())
                .filter(person=person, kind=Appointment.Kind.BOARD_MEMBER)
                .first()
            )
            if appointment is not None:
                initial["started_on"], initial["ended_on"] = appointment.started_on, appointment.ended_on
            initial["role"] = {
                Person.Kind.YOUNG_PERSON: Membership.Role.YOUNG_PERSON,
                Person.Kind.PARTNER: Membership.Role.PARTNER,
                Person.Kind.OFFICER: Membership.Role.REPORTING_OFFICER,
            }.get(person.kind, Membership.Role.MEMBER)
    form = MembershipForm(request.POST or None, initial=initial)
    if form.is_valid():
        membership = service.membership_save(form, by=request.user)
        messages.success(
            request, f"{membership.person} added to the board as {membership.get_role_display().lower()}."
        )
        return redirect("board:members")
    return render(request, "board/member_form.html", {"form": form})


@permission_required("board.change_membership", raise_exception=True)
def member_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("person"), pk=pk)
    form = MembershipEndForm(request.POST or None, instance=membership)
    conflict = None
    if form.is_valid():
        try:
            service.membership_end(form, by=request.user)
        except StaleEdit as stale:
            conflict = stale
            stale.mark(form, on="ended_on")
        else:
            messages.success(
                request, f"{membership.person}'s membership ends on {membership.ended_on:%d/%m/%Y}."
            )
            return redirect("board:members")
    return render(
        request,
        "board/member_end.html",
        {"form": form, "membership": membership, "conflict": conflict},
        status=409 if conflict else 200,
    )
