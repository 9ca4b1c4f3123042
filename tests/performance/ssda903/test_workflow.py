"""The computed figures in the normal quarter workflow: draft figures with provenance, typed figures kept
beside them with the difference flagged, a recomputation showing what changed, submitted quarters untouched,
and nothing stored from a rejected upload."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from performance.models import (
    ComputedFigure,
    Indicator,
    IndicatorValue,
    Period,
    QuarterReturn,
    ReturnImport,
    Source,
)
from performance.services import ssda903
from tests.performance.ssda903.conftest import AS_AT, CALCULATIONS, fake_files, small_return

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 7, 14)


def _import(files, by, as_at=AS_AT):
    return ssda903.import_extract(uploads=files, as_at=as_at, by=by, calculations=CALCULATIONS, today=TODAY)


def _figure(code, period):
    return IndicatorValue.objects.get(indicator__code=code, period=period)


def test_computed_figures_land_as_the_quarters_draft_with_provenance(catalogue, officer):
    outcome = _import(fake_files(), officer)
    assert outcome.ok
    record = outcome.record
    period = Period.get(Period.Kind.QUARTER, 2017, 3)
    assert record.period == period and record.collection_year == 2018
    assert QuarterReturn.objects.get(period=period).status == QuarterReturn.Status.DRAFT
    number = _figure("CIC-NUMBER", period)
    assert number.source == Source.SSDA903 and number.computed_from == record
    assert number.value == Decimal(str(outcome.figures["looked_after"].value))
    assert number.source_note.startswith(
        "Computed from the SSDA903 extract of 31/12/2017, files header.csv SHA-256 "
    )
    assert record.files[0]["sha256"][:12] in number.source_note
    assert record.files[0]["sha256"] in record.provenance  # in full on the extract's page
    stability = _figure("PS-3PLUS", period)
    assert stability.numerator == outcome.figures["three_placements"].numerator
    assert stability.denominator == outcome.figures["three_placements"].denominator
    # a figure with no catalogue indicator is kept with the import, not put into the quarter
    assert ComputedFigure.objects.get(source=record, key="missing_children").indicator is None
    assert record.quality["invalid_code"] > 0 and record.status == ReturnImport.Status.APPLIED


def test_a_typed_figure_is_kept_and_the_difference_flagged(catalogue, officer):
    period = Period.get(Period.Kind.QUARTER, 2017, 3)
    QuarterReturn.objects.create(period=period)
    typed = IndicatorValue.objects.create(
        indicator=Indicator.objects.get(code="CIC-NUMBER"),
        period=period,
        value=Decimal("999"),
        entered_by=officer,
    )
    record = _import(fake_files(), officer).record
    typed.refresh_from_db()
    assert typed.value == Decimal("999") and typed.source == Source.ENTERED
    line = next(line for line in ssda903.lines(record) if line.figure.key == "looked_after")
    assert line.typed and line.differs and line.saved_text == "999"


def test_a_recomputation_shows_what_changed(catalogue, officer):
    first = _import(small_return(), officer).record
    later = small_return(
        episode_rows=(
            "A1,01/05/2016,S,C2,N1,U1,PR1,01/09/2017,X1,CARPL,,,",
            "A1,01/09/2017,P,C2,N1,U3,PR1,,,,,,",
        )
    )
    second = _import(later, officer, as_at=dt.date(2017, 12, 31)).record
    assert ssda903.previous_import(second) == first
    line = next(line for line in ssda903.lines(second) if line.figure.key == "looked_after")
    assert line.previous_text == "2" and line.computed_text == "1" and line.changed
    figure = _figure("CIC-NUMBER", second.period)
    assert figure.value == 1 and figure.computed_from == second  # the earlier computed figure was replaced
    history = figure.history.order_by("history_date")
    assert [h.value for h in history] == [2, 1]


@pytest.mark.parametrize("status", [QuarterReturn.Status.SUBMITTED, QuarterReturn.Status.SIGNED_OFF])
def test_a_submitted_or_signed_off_quarter_is_never_changed(catalogue, officer, status):
    period = Period.get(Period.Kind.QUARTER, 2017, 3)
    QuarterReturn.objects.create(period=period, status=status)
    outcome = _import(small_return(), officer)
    assert outcome.record.status == ReturnImport.Status.KEPT_ASIDE
    assert not IndicatorValue.objects.filter(period=period).exists()
    assert QuarterReturn.objects.get(period=period).status == status
    assert outcome.record.figures.count() == 3


def test_nothing_is_stored_from_a_rejected_upload(catalogue, officer):
    before = (ReturnImport.objects.count(), IndicatorValue.objects.count(), QuarterReturn.objects.count())
    rows = ("A1,1,01/02/2010,WBRI,A1,,",)  # B2's episode has no header row: blocking
    outcome = _import(small_return(header_rows=rows), officer)
    assert not outcome.ok and outcome.report.blocking
    after = (ReturnImport.objects.count(), IndicatorValue.objects.count(), QuarterReturn.objects.count())
    assert after == before
    assert ReturnImport.history.count() == 0


def test_an_extract_from_the_future_is_refused(catalogue, officer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _import(small_return(), officer, as_at=TODAY + dt.timedelta(days=1))


def test_typing_over_a_computed_figure_makes_it_the_officers(catalogue, officer):
    from performance.services.figures import FigureEntry, figure_apply

    record = _import(small_return(), officer).record
    figure = _figure("CIC-NUMBER", record.period)
    entry = FigureEntry(figure.indicator, value=Decimal("5"), version=figure.version)
    saved = figure_apply(figure, entry, period=record.period, by=officer)
    assert saved.source == Source.ENTERED and saved.computed_from is None and saved.computed_key == ""


def test_the_method_is_found_for_a_computed_figure(calculations):
    method = ssda903.method_for("looked_after")
    assert method.title == "Children looked after at the date"
    assert method.choices == ("A child who leaves care on the date is not counted.",)
    assert ssda903.method_for("no-such-figure") is None


def test_collection_year_of_a_date():
    assert ssda903.collection_year_of(dt.date(2017, 12, 31)) == 2018
    assert ssda903.collection_year_of(dt.date(2018, 3, 31)) == 2018
    assert ssda903.collection_year_of(dt.date(2018, 4, 1)) == 2019


def test_a_figure_with_no_one_to_count_lands_as_no_figure_with_a_reason(catalogue, officer):
    from dataclasses import replace

    from tests.performance.ssda903.conftest import Figure

    def nobody(ret, *, as_at):
        return {"three_placements": Figure("three_placements", 0, 0, None, "percent")}

    record = ssda903.import_extract(
        uploads=small_return(),
        as_at=AS_AT,
        by=officer,
        calculations=replace(CALCULATIONS, compute=nobody),
        today=TODAY,
    ).record
    figure = _figure("PS-3PLUS", record.period)
    assert figure.numerator is None and figure.denominator is None and figure.value is None
    assert figure.not_published_reason == ssda903.NO_FIGURE
