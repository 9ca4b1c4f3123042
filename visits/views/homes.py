"""The homes register, a home's page (its visits, Regulation 45 reviews and open actions)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from cpboard.core.locking import StaleEdit, save_audited, save_versioned
from visits.forms.homes import HomeForm, ReviewForm
from visits.models import Action, Home, Visit
from visits.views.access import home_for

HOME_ADDED = "Home added to the register"
HOME_CHANGED = "Home's details changed"
REVIEW_RECORDED = "Regulation 45 review recorded"


@login_required
@permission_required("visits.view_home", raise_exception=True)
def home_list(request: HttpRequest) -> HttpResponse:
    homes = Home.objects.visible_to(request.user).select_related("manager").order_by("-is_open", "name")
    return render(request, "visits/home_list.html", {"homes": homes})


def _home_form(request, form, home, conflict):
    return render(
        request,
        "visits/home_form.html",
        {"form": form, "home": home, "conflict": conflict},
        status=409 if conflict else 200,
    )


@permission_required("visits.add_home", raise_exception=True)
def home_create(request: HttpRequest) -> HttpResponse:
    form = HomeForm(request.POST or None)
    conflict = None
    if form.is_valid():
        try:
            home = save_versioned(form, by=request.user, reason=HOME_ADDED)
        except StaleEdit as stale:
            stale.mark(form, on="name")
            conflict = stale
        else:
            messages.success(request, f"{home} added to the register.")
            return redirect(home)
    return _home_form(request, form, None, conflict)


@permission_required("visits.change_home", raise_exception=True)
def home_edit(request: HttpRequest, pk: int) -> HttpResponse:
    home = get_object_or_404(Home, pk=pk)
    form = HomeForm(request.POST or None, instance=home)
    conflict = None
    if form.is_valid():
        try:
            home = save_versioned(form, by=request.user, reason=HOME_CHANGED)
        except StaleEdit as stale:
            stale.mark(form)
            conflict = stale
        else:
            messages.success(request, f"{home}: details saved.")
            return redirect(home)
    return _home_form(request, form, home, conflict)


@login_required
def home_detail(request: HttpRequest, pk: int) -> HttpResponse:
    home = home_for(request, pk)
    today = timezone.localdate()
    visits = (
        Visit.objects.visible_to(request.user)
        .filter(home=home)
        .prefetch_related("visitors")
        .order_by("-period_start")[:24]
    )
    actions = Action.objects.visible_to(request.user).filter(visit__home=home).still_open().order_by("due_on")
    reviews = home.reviews.all()[:6]
    latest = reviews[0] if reviews else None
    return render(
        request,
        "visits/home_detail.html",
        {
            "home": home,
            "visits": [(v, v.date_shown_to(request.user)) for v in visits],
            "actions": actions,
            "reviews": reviews,
            "review_late": latest is None or latest.next_due_on < today,
            "latest_review": latest,
            "today": today,
            "can_review": request.user.has_perm("visits.add_qualityreview")
            and (
                request.user.has_perm("visits.add_home")
                or (home.manager and home.manager.user_id == request.user.pk)
            ),
        },
    )


@permission_required("visits.add_qualityreview", raise_exception=True)
def review_create(request: HttpRequest, pk: int) -> HttpResponse:
    home = home_for(request, pk)
    own = home.manager is not None and home.manager.user_id == request.user.pk
    if not (own or request.user.has_perm("visits.add_home")):
        raise PermissionDenied
    form = ReviewForm(request.POST or None)
    if form.is_valid():
        review = form.save(commit=False)
        review.home, review.recorded_by = home, request.user
        save_audited(review, by=request.user, reason=REVIEW_RECORDED)
        messages.success(
            request, f"{review} recorded for {home}. The next is due by {review.next_due_on:%d/%m/%Y}."
        )
        return redirect(home)
    return render(request, "visits/review_form.html", {"form": form, "home": home})
