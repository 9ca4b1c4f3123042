"""The demo computes 2017-18 Q3 of Thistledon's figures from the shipped fake return, labelled as fictional,
once however often it runs."""

from __future__ import annotations

from io import StringIO

import pytest

from performance.demo import FAKE_RETURN_AS_AT, seed_ssda903
from performance.models import ComputedFigure, IndicatorValue, QuarterReturn, ReturnImport

pytestmark = pytest.mark.django_db


def test_the_demo_computes_one_quarter_from_the_fake_return_once(catalogue, officer):
    out = StringIO()
    seed_ssda903(out, officer=officer)
    record = ReturnImport.objects.get()
    assert record.is_fake_data and record.as_at == FAKE_RETURN_AS_AT and record.period.label == "2017-18 Q3"
    assert "fictional demonstration data" in record.provenance
    assert "fake return (fictional data)" in out.getvalue()
    assert QuarterReturn.objects.get(period=record.period).status == QuarterReturn.Status.DRAFT
    landed = IndicatorValue.objects.filter(period=record.period, source="ssda903")
    assert landed.get(indicator__code="CIC-NUMBER").value == 1313  # the fake return's children in care
    assert landed.get(indicator__code="PS-3PLUS").numerator == 160
    assert all("fictional demonstration data" in v.source_note for v in landed)
    counts = (ReturnImport.objects.count(), ComputedFigure.objects.count(), IndicatorValue.history.count())
    seed_ssda903(StringIO(), officer=officer)
    assert (
        ReturnImport.objects.count(),
        ComputedFigure.objects.count(),
        IndicatorValue.history.count(),
    ) == counts
