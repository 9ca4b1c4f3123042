"""Scrutiny reviews and their recommendations: recording them and the council's response, linking them to
the plan, dated commentary, the recommendation tracker and the "due for revisit" list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cpboard.actions.forms.scrutiny import CommentaryForm, RecommendationForm, ReviewForm
from cpboard.actions.models import Recommendation, Review
from cpboard.actions.services import scrutiny as scrutiny_service
from cpboard.actions.services.reporting import build_tracker, tracker_row
from cpboard.actions.services.reporting import revisits as revisit_lists
from cpboard.core.locking import StaleEdit, save_versioned


@require_GET
@permission_required("actions.view_review", raise_exception=True)
def review_list(request: HttpRequest) -> HttpResponse:
    reviews = Review.objects.annotate(count=Count("recommendations")).order_by("-reported_on", "title")
    return render(request, "actions/review_list.html", {"reviews": reviews})


def _review_form(request, form, review, conflict):
    return render(
        request,
        "actions/review_form.html",
        {"form": form, "review": review, "conflict": conflict},
        status=409 if conflict else 200,
    )


@permission_required("actions.add_review", raise_exception=True)
def review_create(request: HttpRequest) -> HttpResponse:
    form = ReviewForm(request.POST or None)
    conflict = None
    if form.is_valid():
        try:
            review = save_versioned(form, by=request.user, reason=scrutiny_service.RECORDED)
        except StaleEdit as stale:
            stale.mark(form)
            conflict = stale
        else:
            messages.success(request, "Review recorded. Now add its recommendations.")
            return redirect(review)
    return _review_form(request, form, None, conflict)


@permission_required("actions.change_review", raise_exception=True)
def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(Review, pk=pk)
    form = ReviewForm(request.POST or None, instance=review)
    conflict = None
    if form.is_valid():
        try:
            review = save_versioned(form, by=request.user, reason=scrutiny_service.EDITED)
        except StaleEdit as stale:
            stale.mark(form)
            conflict = stale
        else:
            messages.success(request, "Review saved.")
            return redirect(review)
    return _review_form(request, form, review, conflict)


@require_GET
@permission_required("actions.view_review", raise_exception=True)
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(Review, pk=pk)
    tracker = build_tracker(as_at=timezone.localdate(), review=review)
    return render(
        request,
        "actions/review_detail.html",
        {"review": review, "rows": tracker[0].rows if tracker else []},
    )


def _recommendation_form(request, form, review, recommendation, conflict):
    return render(
        request,
        "actions/recommendation_form.html",
        {"form": form, "review": review, "recommendation": recommendation, "conflict": conflict},
        status=409 if conflict else 200,
    )


def _save_recommendation(request, form):
    return scrutiny_service.recommendation_save(
        form=form,
        objectives=list(form.cleaned_data.get("linked_objectives") or []),
        actions=list(form.cleaned_data.get("linked_actions") or []),
        by=request.user,
    )


@permission_required("actions.add_recommendation", raise_exception=True)
def recommendation_create(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(Review, pk=pk)
    next_position = review.recommendations.count() + 1
    form = RecommendationForm(request.POST or None, review=review, initial={"position": next_position})
    conflict = None
    if form.is_valid():
        try:
            recommendation = _save_recommendation(request, form)
        except StaleEdit as stale:
            stale.mark(form, on="number")
            conflict = stale
        else:
            messages.success(request, f"{recommendation} recorded.")
            if "another" in request.POST:
                return redirect("actions:recommendation-create", review.pk)
            return redirect(review)
    return _recommendation_form(request, form, review, None, conflict)


@permission_required("actions.change_recommendation", raise_exception=True)
def recommendation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_object_or_404(Recommendation.objects.select_related("review"), pk=pk)
    form = RecommendationForm(request.POST or None, instance=recommendation, review=recommendation.review)
    conflict = None
    if form.is_valid():
        try:
            recommendation = _save_recommendation(request, form)
        except StaleEdit as stale:
            stale.mark(form)
            conflict = stale
        else:
            messages.success(request, f"{recommendation} saved.")
            return redirect(recommendation)
    return _recommendation_form(request, form, recommendation.review, recommendation, conflict)


def _recommendation_page(request, recommendation, form=None, status=200):
    return render(
        request,
        "actions/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "row": tracker_row(recommendation, timezone.localdate()),
            "progress": recommendation.progress.select_related("author"),
            "form": form or CommentaryForm(recommendation=recommendation),
        },
        status=status,
    )


@require_GET
@permission_required("actions.view_recommendation", raise_exception=True)
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_object_or_404(Recommendation.objects.select_related("review"), pk=pk)
    return _recommendation_page(request, recommendation)


@require_POST
@permission_required("actions.add_recommendationprogress", raise_exception=True)
def commentary_add(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_object_or_404(Recommendation.objects.select_related("review"), pk=pk)
    form = CommentaryForm(request.POST, recommendation=recommendation)
    if form.is_valid():
        try:
            scrutiny_service.commentary_add(
                recommendation=recommendation,
                written_on=form.cleaned_data["written_on"],
                text=form.cleaned_data["text"],
                by=request.user,
            )
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(name if name in form.fields else None, problem)
        else:
            messages.success(request, "Commentary added.")
            return redirect(recommendation)
    return _recommendation_page(request, recommendation, form, status=400)


@require_GET
@permission_required("actions.view_recommendation", raise_exception=True)
def tracker(request: HttpRequest) -> HttpResponse:
    return render(request, "actions/tracker.html", {"reviews": build_tracker(as_at=timezone.localdate())})


@require_GET
@permission_required("actions.view_recommendation", raise_exception=True)
def revisits(request: HttpRequest) -> HttpResponse:
    due, coming = revisit_lists(timezone.localdate())
    return render(request, "actions/revisits.html", {"due": due, "coming": coming})
