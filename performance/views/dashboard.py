"""What board members read: the dashboard, an indicator's page, and "explain this number"."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from cpboard.core import disclosure, shared_cache
from cpboard.core.exports import spreadsheet_response
from performance.models import (
    Indicator,
    IndicatorValue,
    OutcomeArea,
    QuarterReturn,
    Source,
    sees_draft_quarters,
)
from performance.reporting import as_at as as_at_rules
from performance.reporting.charts import trend_chart
from performance.reporting.presentation import NOT_COMPARABLE_WHY, as_shown, comparable
from performance.reporting.rag import RAG_LABELS, RATED_AS_SHOWN
from performance.reporting.scorecard import (
    ANNUAL_YEARS,
    WINDOW_QUARTERS,
    build_indicator_history,
    build_scorecard,
    show_value,
)
from performance.services.ssda903 import method_for

RAG_FILTERS = [("red", "Red"), ("amber", "Amber"), ("green", "Green"), ("none", "Not rated")]
SCORECARD_PARTIAL = "performance/dashboard.html#scorecard-tables"


def _filters(request: HttpRequest) -> tuple[str, str]:
    area = request.GET.get("area", "")
    rag = request.GET.get("rag", "")
    return area, rag if rag in RAG_LABELS else ""


def _bad_as_at(request: HttpRequest, error: as_at_rules.BadAsAt) -> HttpResponse:
    return render(
        request,
        "performance/as_at_error.html",
        {
            "message": str(error),
            "quarters": [(as_at_rules.slug(q), q.label) for q in as_at_rules.visible_quarters(request.user)],
        },
        status=400,
    )


def _stamped_files() -> list[Path]:
    """Every file whose code or markup draws the cached scorecard and indicator page: the views' templates and
    tags, and the Python they call for labels, links and wording (models, disclosure, the DfE references, the
    URL configuration)."""
    base = Path(settings.BASE_DIR)
    files: list[Path] = []
    for folder, pattern in (
        (base / "performance", "**/*.py"),
        (base / "cpboard", "**/*.py"),
        (base / "templates" / "components", "*.html"),
        (base / "templates" / "performance", "dashboard.html"),
        (base / "templates" / "performance", "_indicator_body.html"),
    ):
        files.extend(p for p in sorted(folder.glob(pattern)) if "migrations" not in p.parts)
    return files


@functools.cache
def _code_stamp() -> str:
    """Changes when the code or templates that draw the scorecard change, so an entry cached by one version
    is never shown by another (a deployment, or two servers on different versions for a moment)."""
    digest = hashlib.sha256()
    # The council's wording from its settings is in the cached HTML too: a changed setting retires it.
    wording = (settings.COUNCIL_NAME, settings.BOARD_NAME, settings.CICC_NAME, settings.CHILDREN_TERM)
    digest.update("\x1f".join(wording).encode())
    for path in _stamped_files():
        digest.update(str(path.relative_to(settings.BASE_DIR)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def scorecard_cache_key(user, *, area: str, rag: str, as_at: str, generation: int | str) -> str:
    """One rendered scorecard per state of the figures, quarter, filter and class of person: whether they may
    see draft quarters, and whether they may see small numbers. Nothing else about the person is in it."""
    return shared_cache.key(
        "scorecard",
        generation,
        _code_stamp(),
        as_at or "latest",
        area,
        rag,
        "drafts" if sees_draft_quarters(user) else "released",
        "small" if disclosure.can_see_small_numbers(user) else "protected",
        disclosure.threshold(),
    )


@require_GET
@permission_required("performance.view_dashboard", raise_exception=True)
def dashboard(request: HttpRequest) -> HttpResponse:
    area, rag = _filters(request)
    areas = list(OutcomeArea.objects.all())
    if area not in {a.slug for a in areas}:
        area = ""
    try:
        as_at = as_at_rules.choose(request)
    except as_at_rules.BadAsAt as error:
        return _bad_as_at(request, error)
    built = None

    def build() -> dict:
        nonlocal built
        built = build_scorecard(request.user, area=area, rag=rag, as_at=as_at.chosen)
        html = render_to_string(
            SCORECARD_PARTIAL,
            {
                "scorecard": built,
                "as_at": as_at,
                "filtered": bool(area or rag),
                "rated_as_shown": RATED_AS_SHOWN,
                "not_comparable_why": NOT_COMPARABLE_WHY,
            },
        )
        return {"html": str(html), "rag_counts": built.rag_counts}

    key = scorecard_cache_key(
        request.user, area=area, rag=rag, as_at=as_at.slug, generation=shared_cache.stamp("figures")
    )
    cached, _ = shared_cache.get_or_build(key, build)
    returns = as_at_rules.recent_returns(request.user, as_at=as_at.chosen)
    return render(
        request,
        "performance/dashboard.html",
        {
            "latest_return": returns[0] if returns else None,
            "figures_label": as_at_rules.figures_label(returns[0] if returns else None),
            "last_signed_off": next((r for r in returns if r.is_locked), None),
            "scorecard": built,  # only when built for this request; the page itself uses what follows
            "scorecard_html": mark_safe(cached["html"]),  # noqa: S308 - our own template's output, escaped there
            "rag_counts": cached["rag_counts"],
            "as_at": as_at,
            "areas": areas,
            "area": area,
            "rag": rag,
            "rag_filters": RAG_FILTERS,
            "filtered": bool(area or rag),
            "rated_as_shown": RATED_AS_SHOWN,
            "not_comparable_why": NOT_COMPARABLE_WHY,
        },
    )


EXPORT_HEADER = [
    "Outcome area",
    "Code",
    "Indicator",
    "Unit",
    "Period",
    "Our figure",
    "Status",
    "Target",
    "RAG",
    "Previous period",
    "Compared with previous period",
    "Same period last year",
    "Compared with last year",
    "England",
    "Statistical neighbours (median)",
    "Statistical neighbours with a figure",
    "Region",
    "Which region",
    "Comparator year",
    "Latest annual figure",
    "Annual figure's year",
]


def _cell(shown, unit: str):
    """A number stays a number in the spreadsheet, at the precision it is shown and rated (as_shown: 86.95
    is exported as 87.0, as the screen says and the RAG rated it); suppressed, missing, not comparable or
    "less than 0.5%" figures are words."""
    if shown.value is None or getattr(shown.record, "rounds_to_zero", False):
        return shown.text
    return as_shown(shown.value, unit)


@require_GET
@permission_required("performance.export_figures", raise_exception=True)
def dashboard_export(request: HttpRequest, fmt: str) -> HttpResponse:
    area, rag = _filters(request)
    try:
        as_at = as_at_rules.choose(request)
    except as_at_rules.BadAsAt as error:
        return _bad_as_at(request, error)
    scorecard = build_scorecard(request.user, area=area, rag=rag, as_at=as_at.chosen)
    rows = []
    for row in scorecard.rows:
        ind = row.indicator
        latest = row.latest.record
        rows.append(
            [
                ind.outcome_area.name,
                ind.code,
                ind.title,
                ind.get_unit_display(),
                row.latest.period_label,
                _cell(row.latest, ind.unit),
                latest.status_label if isinstance(latest, IndicatorValue) else "",
                _cell(row.target, ind.unit),
                row.rag.label,
                _cell(row.previous, ind.unit),
                row.direction_previous.words,
                _cell(row.last_year, ind.unit),
                row.direction_last_year.words,
                _cell(row.england, ind.unit),
                _cell(row.neighbours, ind.unit),
                getattr(row.neighbours.record, "neighbours_count", None) or "",
                _cell(row.region, ind.unit),
                row.region.about,
                row.england.period_label,
                _cell(row.annual, ind.unit) if row.annual else "",
                row.annual.period_label if row.annual else "",
            ]
        )
    return spreadsheet_response(
        fmt,
        _download_name(request.user, as_at.chosen),
        EXPORT_HEADER,
        rows,
        request=request,
        title="Dashboard",
    )


def _download_name(user, as_at=None) -> str:
    """The quarter and how final it is, so a file saved on a laptop says which figures it holds:
    "cpboard-dashboard-2026-27-Q2-provisional" (the quarter chosen with ?as_at=, else the newest)."""
    returns = as_at_rules.recent_returns(user, count=1, as_at=as_at)
    return as_at_rules.file_name("cpboard-dashboard", returns[0] if returns else None)


@require_GET
@permission_required("performance.export_figures", raise_exception=True)
def dashboard_pdf(request: HttpRequest) -> HttpResponse:
    """The scorecard as a PDF, for a board pack: the same figures and charts, nothing fetched from outside."""
    from cpboard.core.security_log import record_event
    from performance.packs import scorecard_pdf

    area, rag = _filters(request)
    try:
        as_at = as_at_rules.choose(request)
    except as_at_rules.BadAsAt as error:
        return _bad_as_at(request, error)
    response = HttpResponse(
        scorecard_pdf(request.user, area=area, rag=rag, as_at=as_at.chosen), content_type="application/pdf"
    )
    filename = _download_name(request.user, as_at.chosen) + ".pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    record_event(request, "export", detail=filename)
    return response


@require_GET
@permission_required("performance.view_dashboard", raise_exception=True)
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = get_object_or_404(Indicator.objects.select_related("outcome_area"), code=code)
    try:
        as_at = as_at_rules.choose(request)
    except as_at_rules.BadAsAt as error:
        return _bad_as_at(request, error)
    all_years = request.GET.get("all") == "1"
    comparator_year = _last_ended_year(indicator)

    def build() -> dict:
        history = build_indicator_history(indicator, request.user, as_at=as_at.chosen, all_years=all_years)
        newest = as_at_rules.recent_returns(request.user, count=1, as_at=as_at.chosen)
        context = {
            "figures_label": as_at_rules.figures_label(newest[0] if newest else None),
            "indicator": indicator,
            "history": history,
            "as_at": as_at,
            "all_years": all_years,
            "window_quarters": WINDOW_QUARTERS,
            "window_years": ANNUAL_YEARS,
            "row": history.row,
            "chart": trend_chart(history),
            "comparator_year": comparator_year,
            "rated_as_shown": RATED_AS_SHOWN,
            "comparable": comparable(indicator.unit),
            "not_comparable_why": NOT_COMPARABLE_WHY,
        }
        html = render_to_string("performance/_indicator_body.html", context, request=request)
        return {"html": str(html), "figures_label": context["figures_label"]}

    key = indicator_cache_key(
        request.user,
        code=indicator.code,
        as_at=as_at.slug,
        all_years=all_years,
        comparator_year=comparator_year,
        generation=shared_cache.stamp("figures"),
    )
    cached, _ = shared_cache.get_or_build(key, build)
    return render(
        request,
        "performance/indicator_detail.html",
        {
            "indicator": indicator,
            "figures_label": cached["figures_label"],
            "body": mark_safe(cached["html"]),  # noqa: S308 - our own template's output, escaped there
        },
    )


def indicator_cache_key(
    user, *, code: str, as_at: str, all_years: bool, comparator_year: int, generation: int | str
) -> str:
    """One rendered indicator page per state of the figures, indicator, quarter, window and set of permissions
    (which decide drafts, small numbers, and the officers' links and source details on the page): every board
    member shares one entry, and nobody is ever shown a page drawn for other permissions."""
    permissions = hashlib.sha256("\x1f".join(sorted(user.get_all_permissions())).encode()).hexdigest()[:16]
    return shared_cache.key(
        "indicator",
        generation,
        _code_stamp(),
        code,
        as_at or "latest",
        "all" if all_years else "window",
        comparator_year,
        permissions,
        disclosure.threshold(),
    )


def _last_ended_year(indicator: Indicator) -> int:
    """The start year of the latest financial or academic year (as the indicator uses) that has ended."""
    from django.utils import timezone

    from performance.models import Period

    today = timezone.localdate()
    year = today.year
    while Period.bounds(indicator.annual_kind, year, None)[1] >= today:
        year -= 1
    return year


@require_GET
@permission_required("performance.view_dashboard", raise_exception=True)
def value_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Explain this number: definition, cohort, where it came from, who entered it, and its history."""
    value = get_object_or_404(
        IndicatorValue.objects.visible_to(request.user).select_related(
            "indicator__outcome_area", "period", "entered_by", "source_file"
        ),
        pk=pk,
    )
    indicator = value.indicator
    shown = show_value(indicator, value, request.user)
    return render(
        request,
        "performance/value_detail.html",
        {
            "value": value,
            "indicator": indicator,
            "suppressed": shown.suppressed,
            "shown": shown.text,
            "counted": shown.counted,
            "can_download": bool(value.source_file and request.user.has_perm("performance.import_figures")),
            # the figure is one `visible_to` gave this person, so its quarter is one they may read
            "quarter_return": QuarterReturn.objects.filter(period=value.period).first(),
            "method": _method(value),
        },
    )


def _method(value: IndicatorValue):
    """For a figure computed from an SSDA903 extract: the method it followed (title, rule, source)."""
    if value.source != Source.SSDA903 or not value.computed_key:
        return None
    return method_for(value.computed_key)
