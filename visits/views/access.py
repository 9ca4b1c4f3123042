"""One access helper per resource: 404 outside the person's scope, 403 when their role may not read it."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from cpboard.accounts.models import User
from visits.models import Action, Home, Visit


def signed_in_user(request: HttpRequest) -> User:
    """The person signed in (every view here is behind login)."""
    return cast(User, request.user)


def home_for(request: HttpRequest, pk: int) -> Home:
    if not request.user.has_perm("visits.view_home"):
        raise PermissionDenied
    return get_object_or_404(Home.objects.visible_to(request.user).select_related("manager"), pk=pk)


def visit_for(request: HttpRequest, pk: int) -> Visit:
    """A visit in the person's scope (else 404); its full report only for people who may read reports
    (a board member gets 403: the board sees compliance and the summary, never a report). People who may
    read neither reports nor compliance are refused before anything is looked up."""
    user = request.user
    if not (user.has_perm("visits.view_visit") or user.has_perm("visits.view_compliance")):
        raise PermissionDenied
    visit = get_object_or_404(
        Visit.objects.visible_to(request.user).select_related("home", "home__manager"), pk=pk
    )
    if not request.user.has_perm("visits.view_visit"):
        raise PermissionDenied
    return visit


def action_for(request: HttpRequest, pk: int) -> Action:
    if not request.user.has_perm("visits.view_action"):
        raise PermissionDenied
    action = get_object_or_404(
        Action.objects.visible_to(request.user).select_related(
            "visit", "visit__home", "visit__home__manager"
        ),
        pk=pk,
    )
    return action
