"""Officers: the indicator catalogue, a year's targets, and loading the DfE's published figures."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cpboard.core.locking import StaleEdit
from performance.forms.targets import TargetYearForm
from performance.models import Indicator, Period, Target
from performance.services.targets import TargetEntry, targets_save

FIRST_TARGET_YEAR = 2000
TARGET_YEARS_AHEAD = 5


@permission_required("performance.change_target", raise_exception=True)
def target_edit(request: HttpRequest, year: int) -> HttpResponse:
    this_year = Period.financial_year_now()
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
        except StaleEdit as stale:
            conflict = stale
            stale.mark(form, field_for=form.target_field_name)
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
            "previous_label": _year_label(year - 1),
            "next_year": year + 1 if year < this_year + TARGET_YEARS_AHEAD else None,
            "next_label": _year_label(year + 1),
            "conflict": conflict,
            "has_academic": any(i.annual_kind == Period.Kind.ACADEMIC_YEAR for i in indicators),
        },
        status=409 if conflict else 200,
    )


def _year_label(year: int) -> str:
    return Period.label_for(Period.Kind.FINANCIAL_YEAR, year)


def _count_words(counts) -> str:
    parts = [f"{counts.created} set", f"{counts.updated} changed"]
    if counts.removed:
        parts.append(f"{counts.removed} removed")
    return ", ".join(parts)
