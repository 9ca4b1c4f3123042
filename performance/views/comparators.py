"""Officers: the indicator catalogue, a year's targets, and loading the DfE's published figures."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cpboard.core.locking import StaleEdit
from performance import dfe
from performance.forms.comparators import ComparatorYearForm
from performance.models import Comparator, DfeLoad, Indicator, Period, PublishedDifference
from performance.reference.dfe_measures import ROUNDS_TO_ZERO
from performance.reporting.presentation import format_value
from performance.services.comparators import ACCEPT, KEEP, comparators_save
from performance.services.comparators import (
    published_difference_decide as published_difference_decide_service,
)
from performance.services.dfe import DfeLoadRefused
from performance.services.dfe import dfe_load as dfe_load_service
from performance.views.targets import FIRST_TARGET_YEAR


@permission_required("performance.add_comparator", raise_exception=True)
def dfe_load(request: HttpRequest) -> HttpResponse:
    """Officers load the DfE's published figures. Every file is checked first and nothing is saved unless all
    are sound; another council's code needs "replace", and losing an indicator's figures needs "load anyway"."""
    la_code = settings.COUNCIL_LA_CODE
    data_dir = Path(settings.DFE_DATA_DIR)
    current = DfeLoad.current()
    context: dict = {
        "la_code": la_code,
        "la_name": la_code,
        "summary": None,
        "problem": "",
        "problems": [],
        "refused": None,
        "conflict": None,
        "current": current,
        "other_council": current if current is not None and current.la_code != la_code else None,
        "replace": request.POST.get("replace") == "yes",
        "allow_missing": request.POST.get("allow_missing") == "yes",
    }
    try:
        context["la_name"] = dfe.la_name(data_dir, la_code)
        context["neighbours"] = [name for _, name in dfe.statistical_neighbours(data_dir, la_code)]
    except KeyError:
        context["problem"] = (
            f"The DfE files have no local authority with code {la_code}. Ask your administrator to set "
            "CPBOARD_LA_CODE to the council's DfE local-authority code."
        )
    except dfe.DfeFileError as error:
        context["problems"] = error.problems
    if request.method == "POST" and not context["problem"] and not context["problems"]:
        try:
            context["summary"] = dfe_load_service(
                la_code=la_code,
                data_dir=data_dir,
                by=request.user,
                replace=context["replace"],
                allow_missing=context["allow_missing"],
            )
        except StaleEdit as stale:  # someone else pressed "Load" at the same moment; theirs is kept
            context["conflict"] = stale
        except dfe.DfeFileError as error:
            context["problems"] = error.problems
        except DfeLoadRefused as refused:
            context["refused"] = refused
        else:
            context["current"] = DfeLoad.current()
            context["other_council"] = None
    mapped = (
        Indicator.objects.exclude(dfe_measure="").filter(dfe_measure__in=list(dfe.MEASURES)).order_by("title")
    )
    context["mapped"] = [(indicator, dfe.MEASURES[indicator.dfe_measure]) for indicator in mapped]
    context["comparator_count"] = Comparator.objects.filter(source="dfe").count()
    context["pending_count"] = PublishedDifference.objects.filter(
        status=PublishedDifference.Status.PENDING
    ).count()
    return render(request, "performance/dfe_load.html", context, status=409 if context["conflict"] else 200)


@permission_required("performance.change_comparator", raise_exception=True)
def published_differences(request: HttpRequest) -> HttpResponse:
    """Comparators officers entered by hand whose DfE published figure differs: choose which to use."""
    differences = PublishedDifference.objects.select_related(
        "comparator__indicator", "comparator__period", "comparator__entered_by"
    ).order_by("status", "comparator__indicator__title", "comparator__period__end_date", "comparator__area")
    rows = [
        (
            difference,
            format_value(difference.comparator.value, difference.comparator.indicator.unit)
            if difference.comparator.value is not None
            else "Not published",
            _published_shown(difference),
        )
        for difference in differences
    ]
    return render(
        request,
        "performance/published_differences.html",
        {
            "pending": [row for row in rows if row[0].is_pending],
            "kept": [row for row in rows if not row[0].is_pending],
            "accept": ACCEPT,
            "keep": KEEP,
        },
    )


@require_POST
@permission_required("performance.change_comparator", raise_exception=True)
def published_difference_decide(request: HttpRequest, pk: int) -> HttpResponse:
    difference = get_object_or_404(PublishedDifference, pk=pk)
    choice = request.POST.get("choice", "")
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    if choice not in (ACCEPT, KEEP):
        messages.error(request, "Choose whether to use the DfE's published figure or keep the officer's.")
        return redirect("performance:published-differences")
    try:
        done = published_difference_decide_service(
            difference, choice=choice, version=version, by=request.user
        )
    except StaleEdit:
        messages.error(
            request,
            "Someone has just changed this figure, or the DfE figures were loaded again. "
            "Check the figures below and choose again.",
        )
    else:
        messages.success(request, done)
    return redirect("performance:published-differences")


@permission_required("performance.change_comparator", raise_exception=True)
def comparator_edit(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """An officer enters or corrects a year's comparators for one indicator by hand."""
    indicator = get_object_or_404(Indicator, code=code)
    start, end = Period.bounds(indicator.annual_kind, year, None)
    if end >= timezone.localdate() or year < FIRST_TARGET_YEAR:
        raise Http404("Comparators can only be entered for years that have ended.")
    period = Period.get(indicator.annual_kind, year)
    comparators = {c.area: c for c in Comparator.objects.filter(indicator=indicator, period=period)}
    form = ComparatorYearForm(request.POST or None, indicator=indicator, comparators=comparators)
    conflict = None
    if form.is_valid():
        try:
            changed = comparators_save(
                indicator=indicator, period=period, entries=form.entries(), by=request.user
            )
        except StaleEdit as stale:
            conflict = stale
            stale.mark(form, field_for=lambda area: f"value_{area}")
        else:
            if changed:
                messages.success(request, f"Comparators for {indicator.title}, {period.label}, saved.")
            else:
                messages.info(request, "No comparators were changed.")
            return redirect(indicator)
    years = [
        y
        for y in range(timezone.localdate().year, FIRST_TARGET_YEAR - 1, -1)
        if Period.bounds(indicator.annual_kind, y, None)[1] < timezone.localdate()
    ]
    return render(
        request,
        "performance/comparator_form.html",
        {
            "form": form,
            "indicator": indicator,
            "period": period,
            "conflict": conflict,
            "years": [(y, Period.label_for(indicator.annual_kind, y, short=True)) for y in years[:8]],
        },
        status=409 if conflict else 200,
    )


@require_GET
@permission_required("performance.view_dashboard", raise_exception=True)
def comparator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    comparator = get_object_or_404(
        Comparator.objects.select_related("indicator__outcome_area", "period", "entered_by", "source_file"),
        pk=pk,
    )
    difference = PublishedDifference.objects.filter(comparator=comparator).first()
    return render(
        request,
        "performance/comparator_detail.html",
        {
            "comparator": comparator,
            "indicator": comparator.indicator,
            "shown": format_value(
                comparator.value, comparator.indicator.unit, rounds_to_zero=comparator.rounds_to_zero
            )
            if comparator.value is not None
            else "Not published",
            "difference": difference,
            "difference_shown": _published_shown(difference) if difference else "",
        },
    )


def _published_shown(difference: PublishedDifference) -> str:
    if difference.value is None:
        return f"Not published ({difference.not_published_reason})"
    return format_value(
        difference.value,
        difference.comparator.indicator.unit,
        rounds_to_zero=difference.not_published_reason == ROUNDS_TO_ZERO,
    )
