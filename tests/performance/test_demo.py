"""The demo council's performance data: three years of returns that tell a story, created once."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from performance.models import Comparator, Indicator, IndicatorValue, Period, QuarterReturn, Target
from performance.reporting.rag import rag_status

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 11, 27, 9, 30, tzinfo=dt.UTC)
AUDITED = (Indicator, IndicatorValue, Target, Comparator, QuarterReturn, Period)


def _seed() -> str:
    out = StringIO()
    with time_machine.travel(TODAY, tick=False):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def _snapshot() -> dict[str, tuple[int, int]]:
    return {model.__name__: (model.objects.count(), model.history.count()) for model in AUDITED}


@pytest.fixture
def seeded():
    _seed()


def _latest_rag() -> Counter[str]:
    """RAG of each active indicator's latest figure against the target for its year, as the dashboard rates."""
    counts: Counter[str] = Counter()
    for indicator in Indicator.objects.filter(is_active=True):
        kind = Period.Kind.QUARTER if indicator.frequency == "quarterly" else indicator.annual_kind
        latest = (
            IndicatorValue.objects.filter(indicator=indicator, period__kind=kind)
            .select_related("period")
            .order_by("period__end_date")
            .last()
        )
        if latest is None:
            counts["no figure"] += 1
            continue
        target = Target.objects.filter(
            indicator=indicator,
            period__kind=indicator.annual_kind,
            period__year_start=latest.period.year_start,
        ).first()
        rag = rag_status(
            latest.value,
            target.value if target else None,
            indicator.polarity,
            indicator.tolerance,
            unit=indicator.unit,
        )
        counts[rag.code] += 1
    return counts


def test_second_run_creates_nothing_and_writes_no_history(seeded):
    before = _snapshot()
    assert before["QuarterReturn"][0] == 12 + 1  # and 2017-18 Q3, computed from the fake SSDA903 return
    _seed()
    assert _snapshot() == before


def test_dashboard_has_reds_ambers_and_greens(seeded):
    counts = _latest_rag()
    assert counts["red"] >= 3
    assert counts["amber"] >= 3
    assert counts["green"] >= 3
    assert counts["no figure"] == 0


def test_twelve_quarters_up_to_the_last_completed_one_with_the_latest_awaiting_sign_off(seeded):
    returns = list(
        QuarterReturn.objects.select_related("period", "signed_off_by", "submitted_by").exclude(
            period__year_start=2017  # the quarter computed from the fake SSDA903 return (its own tests)
        )
    )
    assert [r.period.label for r in returns][:2] == ["2026-27 Q2", "2026-27 Q1"]  # newest first
    assert returns[-1].period.label == "2023-24 Q3"
    latest, *earlier = returns
    assert latest.status == QuarterReturn.Status.SUBMITTED
    assert latest.signed_off_by is None
    assert {r.status for r in earlier} == {QuarterReturn.Status.SIGNED_OFF}
    assert {r.signed_off_by.username for r in earlier} == {"senior"}
    assert {r.submitted_by.username for r in returns} == {"officer"}
    assert all(r.commentary for r in returns)


def test_every_quarterly_indicator_has_a_figure_each_quarter_with_its_numbers(seeded):
    quarterly = Indicator.objects.filter(frequency="quarterly")
    for indicator in quarterly:
        figures = list(
            IndicatorValue.objects.filter(indicator=indicator, period__kind="quarter").exclude(
                source="ssda903"
            )
        )
        assert len(figures) == 12, indicator.code
        assert {f.entered_by.username for f in figures} == {"officer"}
        if indicator.is_proportion:
            assert all(f.numerator is not None and f.denominator for f in figures), indicator.code
            assert all(0 <= f.value <= 100 for f in figures), indicator.code


def test_history_records_who_entered_signed_off_and_loaded(seeded):
    entered = IndicatorValue.history.filter(source="entered")
    assert set(entered.values_list("history_user__username", flat=True)) == {"officer"}
    assert set(Target.history.values_list("history_user__username", flat=True)) == {"senior"}
    signed = QuarterReturn.history.filter(status="signed_off")
    assert set(signed.values_list("history_user__username", flat=True)) == {"senior"}
    assert not Comparator.history.filter(history_user=None).exists()


def test_annual_figures_are_north_lincolnshires_published_ones(seeded):
    # cla_number_and_rate_per_10k_children.csv line 159: North Lincolnshire, 2025, 62 per 10,000
    own = IndicatorValue.objects.get(
        indicator__code="CIC-RATE", period__kind="financial_year", period__year_start=2024
    )
    assert (own.value, own.source, own.status) == (62, "dfe", "published")
    # ... and the year-end quarter of the demo council's own series meets it.
    year_end = IndicatorValue.objects.get(
        indicator__code="CIC-NUMBER", period__kind="quarter", period__year_start=2024, period__quarter=4
    )
    assert year_end.value == 215


def test_targets_cover_the_last_years_in_the_right_kind_of_year(seeded):
    ks4 = Indicator.objects.get(code="KS4-ATT8")
    assert set(ks4.targets.values_list("period__kind", flat=True)) == {Period.Kind.ACADEMIC_YEAR}
    health = Indicator.objects.get(code="HEALTH-ASSESS")
    years = set(health.targets.values_list("period__year_start", flat=True))
    assert {2024, 2025, 2026} <= years
    assert not Target.objects.filter(indicator__polarity="neither").exists()
