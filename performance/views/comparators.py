"""Officers: the indicator catalogue, a year's targets, and loading the DfE's published figures."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cpboard.core.locking import StaleEdit
from performance import dfe
from performance.forms.comparators import ComparatorYearForm
from performance.models import Comparator, Indicator, Period
from performance.reporting.presentation import format_value
from performance.services.comparators import comparators_save
from performance.services.dfe import LOAD_REASON
from performance.services.dfe import dfe_load as dfe_load_service
from performance.views.targets import FIRST_TARGET_YEAR


@permission_required("performance.add_comparator", raise_exception=True)
def dfe_load(request: HttpRequest) -> HttpResponse:
    la_code = settings.COUNCIL_LA_CODE
    data_dir = Path(settings.DFE_DATA_DIR)
    context = {"la_code": la_code, "summary": None, "problem": "", "conflict": None}
    try:
        context["la_name"] = dfe.la_name(data_dir, la_code)
        context["neighbours"] = [name for _, name in dfe.statistical_neighbours(data_dir, la_code)]
    except KeyError:
        context["problem"] = (
            f"The DfE files have no local authority with code {la_code}. Ask your administrator to set "
            "CPBOARD_LA_CODE to the council's DfE local-authority code."
        )
    except FileNotFoundError:
        context["problem"] = (
            "The DfE data files cannot be found. Ask your administrator to check the CPBOARD_DFE_DATA_DIR setting."
        )
    if request.method == "POST" and not context["problem"]:
        try:
            context["summary"] = dfe_load_service(la_code=la_code, data_dir=data_dir, by=request.user)
        except StaleEdit as stale:  # someone else pressed "Load" at the same moment; theirs is kept
            context["conflict"] = stale
    mapped = (
        Indicator.objects.exclude(dfe_measure="").filter(dfe_measure__in=list(dfe.MEASURES)).order_by("title")
    )
    context["mapped"] = [(indicator, dfe.MEASURES[indicator.dfe_measure]) for indicator in mapped]
    context["comparator_count"] = Comparator.objects.filter(source="dfe").count()
    context["last_load"] = (
        Comparator.history.filter(history_change_reason=LOAD_REASON)
        .select_related("history_user")
        .order_by("-history_date")
        .first()
    )
    return render(request, "performance/dfe_load.html", context, status=409 if context["conflict"] else 200)


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
    return render(
        request,
        "performance/comparator_detail.html",
        {
            "comparator": comparator,
            "indicator": comparator.indicator,
            "shown": format_value(comparator.value, comparator.indicator.unit)
            if comparator.value is not None
            else "Not published",
        },
    )
