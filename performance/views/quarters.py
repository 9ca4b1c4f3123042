"""Officers' quarterly returns: list, start, the quarter form (which also submits), sign off, and revising a
signed-off figure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cpboard.core.locking import StaleEdit, posted_version
from performance.forms.quarters import QuarterForm, QuarterRow, SendBackForm, ValueReviseForm
from performance.models import Indicator, IndicatorValue, OutcomeArea, Period, QuarterReturn
from performance.reporting.quarter_check import build_quarter_check
from performance.services import figures, quarters, ssda903


def quarter_return_or_404(year: int, quarter: int, user=None) -> QuarterReturn:
    """The quarter's return (only one `user` may read, when given), or 404."""
    returns = QuarterReturn.objects.all() if user is None else QuarterReturn.objects.visible_to(user)
    return get_object_or_404(
        returns.select_related("period", "submitted_by", "signed_off_by", "sent_back_by"),
        period__kind=Period.Kind.QUARTER,
        period__year_start=year,
        period__quarter=quarter,
    )


def quarter_return_for(request: HttpRequest, year: int, quarter: int) -> QuarterReturn:
    """The access helper for a quarter: 404 if it has no return; 403 when the person posts changes they
    may not make (a signed-off quarter, or someone who only reads)."""
    quarter_return = quarter_return_or_404(year, quarter, request.user)
    if request.method == "POST" and not quarter_return.editable_by(request.user):
        raise PermissionDenied(
            "These figures are signed off and locked."
            if quarter_return.is_locked
            else "Only officers can change a quarter's figures."
        )
    return quarter_return


def _quarter_values(year_start: int, quarter: int | None) -> dict[int, IndicatorValue]:
    values = IndicatorValue.objects.filter(
        period__kind=Period.Kind.QUARTER, period__year_start=year_start, period__quarter=quarter
    )
    return {v.indicator_id: v for v in values}


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)


QUARTERS_PER_PAGE = 20  # five years of quarters a page, newest first; the list grows by four a year


@permission_required("performance.view_quarterreturn", raise_exception=True)
def quarter_list(request: HttpRequest) -> HttpResponse:
    returns = (
        QuarterReturn.objects.visible_to(request.user)
        .select_related("period", "submitted_by", "signed_off_by")
        .order_by("-period__end_date")
    )
    page = Paginator(returns, QUARTERS_PER_PAGE).get_page(request.GET.get("page"))  # newest first
    found = quarters.quarter_next_to_start()
    return render(
        request,
        "performance/quarter_list.html",
        {
            "returns": page.object_list,
            "page": page,
            "next_quarter": _label(*found) if found else "",
            "next_start": found,
        },
    )


@require_POST
@permission_required("performance.add_indicatorvalue", raise_exception=True)
def quarter_start(request: HttpRequest) -> HttpResponse:
    offered = _offered(request)
    if offered is None:  # not from the list's button (an old page, a script): never guess which quarter
        messages.error(request, "Choose the quarter to start from the list.")
        return redirect("performance:quarter-list")
    try:
        quarter_return = quarters.quarter_start(by=request.user, quarter=offered)
    except StaleEdit as stale:  # someone started the same quarter a moment ago: open theirs
        messages.info(request, f"{stale.current} had already been started by someone else: here it is.")
        return redirect(cast(QuarterReturn, stale.current))  # a create race always carries the record
    except ValidationError as error:
        messages.error(request, _message(error))
        return redirect("performance:quarter-list")
    messages.success(request, f"Started {quarter_return.period.label}. Enter the figures, then save.")
    return redirect(quarter_return)


def _offered(request: HttpRequest) -> tuple[int, int] | None:
    """The quarter the list page offered to start, or None when the request does not say."""
    try:
        year, quarter = int(request.POST["year"]), int(request.POST["quarter"])
    except (KeyError, ValueError):
        return None
    return (year, quarter) if quarter in (1, 2, 3, 4) and 2000 <= year <= 2100 else None


def _previous(period: Period) -> tuple[int, int | None]:
    return period.previous()


def _form(request: HttpRequest, quarter_return: QuarterReturn, *, bound: bool = True) -> QuarterForm:
    period = quarter_return.period
    previous_year, previous_quarter = _previous(period)
    return QuarterForm(
        request.POST if bound and request.method == "POST" else None,
        quarter_return=quarter_return,
        indicators=Indicator.objects.active().quarterly().select_related("outcome_area"),
        saved=_quarter_values(period.year_start, period.quarter),
        previous=_quarter_values(previous_year, previous_quarter),
        last_year=_quarter_values(period.year_start - 1, period.quarter),
    )


SUBMIT = "submit"  # the value of the quarter form's "Submit for sign-off" button; every other button saves
NOTHING_SUBMITTED = (
    "Nothing has been saved or submitted. Correct the figures marked below, then press "
    "“Submit for sign-off” again."
)


@permission_required("performance.view_quarterreturn", raise_exception=True)
def quarter_edit(request: HttpRequest, year: int, quarter: int) -> HttpResponse:
    """The quarter's page: one form with every figure and the commentary. Each outcome area's "Save draft"
    saves the whole form; "Submit for sign-off" saves what was typed and then submits it."""
    quarter_return = quarter_return_for(request, year, quarter)
    can_edit = quarter_return.editable_by(request.user)
    form = _form(request, quarter_return)
    conflict = None
    submitting = request.method == "POST" and request.POST.get("action") == SUBMIT
    if submitting and not request.user.has_perm("performance.submit_quarter"):
        raise PermissionDenied("Only officers can submit a quarter's figures.")
    if request.method == "POST" and form.is_valid():
        typed = {
            "quarter_return": quarter_return,
            "figures": form.entries(),
            "commentary": form.cleaned_data["commentary"],
            "version": form.cleaned_data["version"],
            "by": request.user,
        }
        try:
            if submitting:
                submission = quarters.quarter_save_and_submit(**typed)
            else:
                quarters.quarter_save_draft(**typed)
        except StaleEdit as stale:
            stale.mark(form)
            conflict = stale
        except ValidationError as error:
            form.add_error(None, error)
        else:
            label = quarter_return.period.label
            if not submitting:
                messages.success(request, f"{label} figures saved as a draft.")
            elif submission.refused:
                messages.error(
                    request,
                    f"Your figures are saved as a draft, but {label} was not submitted. {submission.refused}",
                )
            else:
                messages.success(request, f"{label} figures saved and submitted for sign-off.")
            return redirect(quarter_return)
    elif submitting:
        form.add_error(None, NOTHING_SUBMITTED)
    return _quarter_page(request, quarter_return, form, conflict=conflict, can_edit=can_edit)


@dataclass
class AreaRows:
    """One outcome area's part of the quarter page: its anchor, its indicators' rows, how many still need a
    figure."""

    area: OutcomeArea
    rows: list[QuarterRow]
    missing: int

    @property
    def anchor(self) -> str:
        return f"area-{self.area.slug}"


def _areas(form: QuarterForm, missing: list[Indicator]) -> list[AreaRows]:
    missing_ids = {indicator.pk for indicator in missing}
    areas: list[AreaRows] = []
    for row in form.rows:
        if not areas or areas[-1].area.pk != row.indicator.outcome_area_id:
            areas.append(AreaRows(row.indicator.outcome_area, [], 0))
        areas[-1].rows.append(row)
        areas[-1].missing += row.indicator.pk in missing_ids
    return areas


def _quarter_page(
    request: HttpRequest,
    quarter_return: QuarterReturn,
    form: QuarterForm,
    *,
    conflict: StaleEdit | None,
    can_edit: bool,
) -> HttpResponse:
    missing = quarters.quarter_missing(quarter_return) if can_edit else []
    context = {
        "quarter_return": quarter_return,
        "period": quarter_return.period,
        "form": form,
        "areas": _areas(form, missing),
        "conflict": conflict,
        "can_edit": can_edit,
        "previous_label": _label(*_previous(quarter_return.period)),
        "last_year_label": _label(quarter_return.period.year_start - 1, quarter_return.period.quarter),
        "missing": missing,
        "extract": _extract(request, quarter_return),
    }
    return render(request, "performance/quarter_form.html", context, status=409 if conflict else 200)


def _extract(request: HttpRequest, quarter_return: QuarterReturn) -> dict | None:
    """For officers who import figures: the quarter's latest SSDA903 extract and how many of its figures
    differ from ones an officer typed."""
    if not request.user.has_perm("performance.import_figures"):
        return None
    record = ssda903.latest_for(quarter_return.period)
    if record is None:
        return None
    return {"record": record, "differ": sum(line.differs for line in ssda903.lines(record))}


def _label(year_start: int, quarter: int | None) -> str:
    return Period.label_for(Period.Kind.QUARTER, year_start, quarter)


def _check_page(
    request: HttpRequest,
    quarter_return: QuarterReturn,
    *,
    send_back: SendBackForm | None = None,
    conflict: StaleEdit | None = None,
) -> HttpResponse:
    """The read-only page a senior officer checks before signing off (or sending back). After a lost race
    (`conflict`) it shows the quarter as saved now, keeping any reason the person typed."""
    if conflict is not None:
        quarter_return = QuarterReturn.objects.select_related(
            "period", "submitted_by", "signed_off_by", "sent_back_by"
        ).get(pk=quarter_return.pk)
        typed = send_back.cleaned_data.get("reason", "") if send_back is not None else ""
        send_back = None
    else:
        typed = ""
    if send_back is None:
        send_back = SendBackForm(initial={"version": quarter_return.version, "reason": typed})
    user = request.user
    context = {
        "quarter_return": quarter_return,
        "period": quarter_return.period,
        "check": build_quarter_check(quarter_return),
        "send_back": send_back,
        "conflict": conflict,
        "can_act": quarter_return.is_submitted and user.has_perm("performance.signoff_quarter"),
        "second_person_needed": quarter_return.submitted_by_id == user.pk
        and not settings.SIGNOFF_BY_SUBMITTER,
    }
    return render(request, "performance/quarter_check.html", context, status=409 if conflict else 200)


@permission_required("performance.signoff_quarter", raise_exception=True)
def quarter_check(request: HttpRequest, year: int, quarter: int) -> HttpResponse:
    return _check_page(request, quarter_return_or_404(year, quarter, request.user))


@require_POST
@permission_required("performance.signoff_quarter", raise_exception=True)
def quarter_signoff(request: HttpRequest, year: int, quarter: int) -> HttpResponse:
    quarter_return = quarter_return_or_404(year, quarter, request.user)
    try:
        quarters.quarter_signoff(
            quarter_return=quarter_return, by=request.user, version=posted_version(request.POST)
        )
    except StaleEdit as stale:
        return _check_page(request, quarter_return, conflict=stale)
    except ValidationError as error:
        messages.error(request, _message(error))
        return redirect("performance:quarter-check", year, quarter)
    messages.success(request, f"{quarter_return.period.label} figures signed off. They are now locked.")
    return redirect(quarter_return)


@require_POST
@permission_required("performance.signoff_quarter", raise_exception=True)
def quarter_send_back(request: HttpRequest, year: int, quarter: int) -> HttpResponse:
    quarter_return = quarter_return_or_404(year, quarter, request.user)
    form = SendBackForm(request.POST)
    if not form.is_valid():
        return _check_page(request, quarter_return, send_back=form)
    try:
        quarters.quarter_send_back(
            quarter_return=quarter_return,
            by=request.user,
            version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )
    except StaleEdit as stale:
        return _check_page(request, quarter_return, send_back=form, conflict=stale)
    except ValidationError as error:
        messages.error(request, _message(error))
        return redirect("performance:quarter-check", year, quarter)
    messages.success(
        request,
        f"{quarter_return.period.label} figures sent back to officers, with your reason shown to them.",
    )
    return redirect(quarter_return)


@permission_required("performance.change_indicatorvalue", raise_exception=True)
def value_revise(request: HttpRequest, pk: int) -> HttpResponse:
    figure = get_object_or_404(IndicatorValue.objects.select_related("indicator", "period"), pk=pk)
    if figure.period.kind != Period.Kind.QUARTER:
        raise Http404("Only quarterly figures are revised here.")
    quarter_return = QuarterReturn.objects.filter(period=figure.period).first()
    if quarter_return is None or not quarter_return.is_locked:
        messages.info(
            request, "This quarter is not signed off yet, so change the figure on the quarter’s form."
        )
        if quarter_return is None:
            raise Http404("This quarter has no return.")
        return redirect(quarter_return)
    form = ValueReviseForm(request.POST if request.method == "POST" else None, indicator_value=figure)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            figures.value_revise(
                indicator_value=figure,
                numerator=data.get("numerator"),
                denominator=data.get("denominator"),
                value=data.get("value"),
                reason=data["reason"],
                version=data["version"],
                by=request.user,
            )
        except StaleEdit as stale:
            stale.mark(form)
            conflict = stale
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"{figure.indicator.title}: the {figure.period.label} figure is revised."
            )
            return redirect(quarter_return)
    context = {
        "figure": figure,
        "quarter_return": quarter_return,
        "form": form,
        "conflict": conflict,
        "shown": figures.figure_text(figure.indicator, figure.numerator, figure.denominator, figure.value),
    }
    return render(request, "performance/value_revise.html", context, status=409 if conflict else 200)
