"""Officers: the indicator catalogue, a year's targets, and loading the DfE's published figures."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from cpboard.core.locking import StaleEdit, save_versioned
from performance import dfe
from performance.catalogue_forms import ComparatorYearForm, IndicatorForm, TargetYearForm
from performance.models import Comparator, Indicator, OutcomeArea, Period, Target
from performance.services_catalogue import TargetConflict, TargetEntry, targets_save
from performance.services_comparators import ComparatorConflict, comparators_save
from performance.services_dfe import LOAD_REASON
from performance.services_dfe import dfe_load as dfe_load_service

FIRST_TARGET_YEAR = 2000
TARGET_YEARS_AHEAD = 5


def _current_financial_year() -> int:
    return Period.quarter_containing(timezone.localdate())[0]


@permission_required("performance.change_indicator", raise_exception=True)
def indicator_list(request: HttpRequest) -> HttpResponse:
    areas = OutcomeArea.objects.prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("order", "title"))
    )
    return render(
        request,
        "performance/indicator_list.html",
        {"areas": areas, "target_year": _current_financial_year()},
    )


@permission_required("performance.add_indicator", raise_exception=True)
def indicator_create(request: HttpRequest) -> HttpResponse:
    form = IndicatorForm(request.POST or None)
    if form.is_valid():
        indicator = save_versioned(form, by=request.user, reason="Added to the catalogue")
        messages.success(request, f"“{indicator.title}” has been added to the catalogue.")
        return redirect(reverse("performance:indicator-list") + f"#{indicator.code}")
    return render(request, "performance/indicator_form.html", {"form": form})


@permission_required("performance.change_indicator", raise_exception=True)
def indicator_edit(request: HttpRequest, code: str) -> HttpResponse:
    indicator = get_object_or_404(Indicator.objects.select_related("outcome_area"), code=code)
    form = IndicatorForm(request.POST or None, instance=indicator)
    conflict = None
    if form.is_valid():
        try:
            indicator = save_versioned(form, by=request.user)
        except StaleEdit as stale:
            conflict = stale
        else:
            messages.success(request, f"Changes to “{indicator.title}” saved.")
            return redirect(reverse("performance:indicator-list") + f"#{indicator.code}")
    return render(
        request,
        "performance/indicator_form.html",
        {"form": form, "indicator": indicator, "conflict": conflict},
    )


@permission_required("performance.change_target", raise_exception=True)
def target_edit(request: HttpRequest, year: int) -> HttpResponse:
    this_year = _current_financial_year()
    if not FIRST_TARGET_YEAR <= year <= this_year + TARGET_YEARS_AHEAD:
        raise Http404("No targets can be set for that year.")
    indicators = list(
        Indicator.objects.filter(is_active=True)
        .exclude(polarity=Indicator.Polarity.NEITHER)
        .select_related("outcome_area")
    )
    saved = Target.objects.filter(
        indicator__in=indicators,
        period__year_start=year,
        period__kind__in=[Period.Kind.FINANCIAL_YEAR, Period.Kind.ACADEMIC_YEAR],
    ).select_related("period")
    by_kind = {(t.indicator_id, t.period.kind): t for t in saved}
    targets = {i.pk: by_kind[(i.pk, i.annual_kind)] for i in indicators if (i.pk, i.annual_kind) in by_kind}
    form = TargetYearForm(request.POST or None, year=year, indicators=indicators, targets=targets)
    conflict = None
    if form.is_valid():
        entries = [TargetEntry(indicator=i, value=v, version=ver) for i, v, ver in form.entries()]
        try:
            counts = targets_save(year=year, entries=entries, by=request.user)
        except TargetConflict as stale:
            conflict = stale
            for indicator, theirs in stale.stale:
                now = f"{theirs.value.normalize():f}" if theirs else "no target"
                form.add_error(
                    form.target_field_name(indicator),
                    f"Someone else changed this target (it is now {now}) while you were editing. Nothing on "
                    "this page has been saved: reload the page and make your changes again.",
                )
        else:
            if counts.changed:
                messages.success(request, f"Targets for {_year_label(year)} saved ({_count_words(counts)}).")
            else:
                messages.info(request, f"No targets for {_year_label(year)} were changed.")
            return redirect("performance:target-edit", year=year)
    return render(
        request,
        "performance/target_form.html",
        {
            "form": form,
            "year": year,
            "year_label": _year_label(year),
            "previous_year": year - 1 if year > FIRST_TARGET_YEAR else None,
            "next_year": year + 1 if year < this_year + TARGET_YEARS_AHEAD else None,
            "conflict": conflict,
            "has_academic": any(i.annual_kind == Period.Kind.ACADEMIC_YEAR for i in indicators),
        },
    )


def _year_label(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


def _count_words(counts) -> str:
    parts = [f"{counts.created} set", f"{counts.updated} changed"]
    if counts.removed:
        parts.append(f"{counts.removed} removed")
    return ", ".join(parts)


@permission_required("performance.add_comparator", raise_exception=True)
def dfe_load(request: HttpRequest) -> HttpResponse:
    la_code = settings.COUNCIL_LA_CODE
    data_dir = Path(settings.DFE_DATA_DIR)
    context = {"la_code": la_code, "summary": None, "problem": ""}
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
        context["summary"] = dfe_load_service(la_code=la_code, data_dir=data_dir, by=request.user)
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
    return render(request, "performance/dfe_load.html", context)


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
        except ComparatorConflict as stale:
            conflict = stale
            for area, _theirs in stale.stale:
                form.add_error(
                    f"value_{area}",
                    "Someone else changed this figure while you were editing. Nothing on this page has been "
                    "saved: reload the page and make your changes again.",
                )
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
        {"form": form, "indicator": indicator, "period": period, "conflict": conflict, "years": years[:8]},
    )
