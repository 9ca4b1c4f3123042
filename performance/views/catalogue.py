"""Officers: the indicator catalogue, a year's targets, and loading the DfE's published figures."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from cpboard.core.locking import StaleEdit, save_versioned
from performance.forms.catalogue import IndicatorForm
from performance.models import Indicator, OutcomeArea, Period

ADDED = "Added to the catalogue"
EDITED = "Changed in the catalogue"


@permission_required("performance.change_indicator", raise_exception=True)
def indicator_list(request: HttpRequest) -> HttpResponse:
    areas = OutcomeArea.objects.prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("order", "title"))
    )
    return render(
        request,
        "performance/indicator_list.html",
        {
            "areas": areas,
            "target_year": Period.financial_year_now(),
            "target_year_label": Period.label_for(Period.Kind.FINANCIAL_YEAR, Period.financial_year_now()),
        },
    )


@permission_required("performance.add_indicator", raise_exception=True)
def indicator_create(request: HttpRequest) -> HttpResponse:
    form = IndicatorForm(request.POST or None)
    conflict = None
    if form.is_valid():
        try:
            indicator = save_versioned(form, by=request.user, reason=ADDED)
        except StaleEdit as stale:  # someone added an indicator with this code a moment ago
            stale.mark(form, on="code")
            conflict = stale
        else:
            messages.success(request, f"“{indicator.title}” has been added to the catalogue.")
            return redirect(reverse("performance:indicator-list") + f"#{indicator.code}")
    return render(
        request,
        "performance/indicator_form.html",
        {"form": form, "conflict": conflict},
        status=409 if conflict else 200,
    )


@permission_required("performance.change_indicator", raise_exception=True)
def indicator_edit(request: HttpRequest, code: str) -> HttpResponse:
    indicator = get_object_or_404(Indicator.objects.select_related("outcome_area"), code=code)
    form = IndicatorForm(request.POST or None, instance=indicator)
    conflict = None
    if form.is_valid():
        try:
            indicator = save_versioned(form, by=request.user, reason=EDITED)
        except StaleEdit as stale:
            stale.mark(form)
            conflict = stale
        else:
            messages.success(request, f"Changes to “{indicator.title}” saved.")
            return redirect(reverse("performance:indicator-list") + f"#{indicator.code}")
    return render(
        request,
        "performance/indicator_form.html",
        {"form": form, "indicator": indicator, "conflict": conflict},
        status=409 if conflict else 200,
    )
