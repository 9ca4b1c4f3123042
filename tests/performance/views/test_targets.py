"""Officers set a year's targets for every rated indicator on one page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from cpboard.core.locking import OVERTAKEN
from performance.models import Indicator, Period, Target
from tests.factories.performance import IndicatorFactory, TargetFactory, financial_year

pytestmark = pytest.mark.django_db


def url(year: int = 2025) -> str:
    return reverse("performance:target-edit", args=[year])


def test_officer_sets_targets_and_history_records_who(client_as, officer):
    placements = IndicatorFactory(code="PS-3PLUS", title="Three or more placements")
    response = client_as(officer).post(url(2025), {"target_PS-3PLUS": "9.5", "version_PS-3PLUS": "0"})
    assert response.status_code == 302
    target = Target.objects.get(indicator=placements)
    assert target.value == Decimal("9.5")
    assert (target.period.kind, target.period.year_start) == (Period.Kind.FINANCIAL_YEAR, 2025)
    assert target.history.get().history_user == officer


def test_page_shows_each_unit_and_which_year_the_target_is_for(client_as, officer):
    IndicatorFactory(code="PS-3PLUS", title="Three or more placements")
    IndicatorFactory(
        code="KS2-RWM",
        title="Key Stage 2: reading, writing and maths",
        unit=Indicator.Unit.PERCENT,
        polarity=Indicator.Polarity.HIGHER,
        frequency=Indicator.Frequency.ANNUAL,
        dfe_measure="ks2_rwm_expected",
    )
    IndicatorFactory(
        code="SDQ-AVG", title="Average SDQ score", unit=Indicator.Unit.SCORE, is_proportion=False
    )
    text = client_as(officer).get(url(2025)).content.decode()
    assert "Targets for 2025-26" in text
    assert "the 2025-26 financial year (April 2025 to March 2026)" in text
    assert "this target is for the 2025/26 academic year (September 2025 to August 2026)" in text
    assert (
        "A percentage, for example 85 for 85%; lower is better. Amber if short of the target by up to 1."
        in text
    )
    assert "A score; lower is better" in text


def test_academic_year_target_is_saved_against_the_school_year(client_as, officer):
    ks2 = IndicatorFactory(
        code="KS2-RWM",
        unit=Indicator.Unit.PERCENT,
        polarity=Indicator.Polarity.HIGHER,
        frequency=Indicator.Frequency.ANNUAL,
        dfe_measure="ks2_rwm_expected",
    )
    client_as(officer).post(url(2025), {"target_KS2-RWM": "50", "version_KS2-RWM": "0"})
    target = Target.objects.get(indicator=ks2)
    assert (target.period.kind, target.period.year_start) == (Period.Kind.ACADEMIC_YEAR, 2025)
    assert target.period.start_date.isoformat() == "2025-09-01"


def test_existing_targets_are_filled_in_and_context_measures_have_no_box(client_as, officer):
    placements = IndicatorFactory(code="PS-3PLUS")
    TargetFactory(indicator=placements, period=financial_year(2025), value=Decimal("10.00"))
    TargetFactory(indicator=placements, period=financial_year(2024), value=Decimal("11"))
    IndicatorFactory(
        code="CIC-NUMBER", polarity=Indicator.Polarity.NEITHER, is_proportion=False, unit="count"
    )
    form = client_as(officer).get(url(2025)).context["form"]
    assert form["target_PS-3PLUS"].value() == "10"  # as a person writes it, not 10.00 or 1E+1
    assert form["version_PS-3PLUS"].value() == 1
    assert "target_CIC-NUMBER" not in form.fields


def test_changing_and_clearing_targets(client_as, officer):
    placements = IndicatorFactory(code="PS-3PLUS")
    dental = IndicatorFactory(code="DENTAL", polarity=Indicator.Polarity.HIGHER)
    TargetFactory(indicator=placements, period=financial_year(2025), value=Decimal("9.5"))
    old_dental = TargetFactory(indicator=dental, period=financial_year(2025), value=Decimal("85"))
    response = client_as(officer).post(
        url(2025),
        {"target_PS-3PLUS": "8", "version_PS-3PLUS": "1", "target_DENTAL": "", "version_DENTAL": "1"},
    )
    assert response.status_code == 302
    changed = Target.objects.get(indicator=placements)
    assert (changed.value, changed.version) == (Decimal("8"), 2)
    assert not Target.objects.filter(indicator=dental).exists()
    assert Target.history.filter(id=old_dental.pk, history_type="-").get().history_user == officer


def test_stale_target_is_refused_and_nothing_on_the_page_is_saved(client_as, officer):
    placements = IndicatorFactory(code="PS-3PLUS")
    dental = IndicatorFactory(code="DENTAL", polarity=Indicator.Polarity.HIGHER)
    target = TargetFactory(indicator=placements, period=financial_year(2025), value=Decimal("9.5"))
    # A colleague changes the placements target after the page was shown (version 1).
    target.value = Decimal("10")
    target.version = 2
    target.save()

    response = client_as(officer).post(
        url(2025),
        {"target_PS-3PLUS": "8", "version_PS-3PLUS": "1", "target_DENTAL": "90", "version_DENTAL": "0"},
    )
    assert response.status_code == 409
    assert response.context["form"].errors["target_PS-3PLUS"] == [OVERTAKEN]
    page = response.content.decode()
    assert "Someone else saved this record while you were editing it" in page
    assert "What differs" in page and "10.0%" in page  # their target, beside what this person typed
    target.refresh_from_db()
    assert target.value == Decimal("10")
    assert not Target.objects.filter(indicator=dental).exists()


def test_percentage_target_over_100_is_refused_with_the_indicator_named(client_as, officer):
    IndicatorFactory(code="DENTAL", title="Dental checks", polarity=Indicator.Polarity.HIGHER)
    response = client_as(officer).post(url(2025), {"target_DENTAL": "120", "version_DENTAL": "0"})
    assert response.status_code == 200
    assert response.context["form"].errors["target_DENTAL"] == [
        "Enter a target for Dental checks of 100% or less."
    ]
    assert not Target.objects.exists()


def test_year_far_outside_range_is_not_found(client_as, officer):
    assert client_as(officer).get(url(1990)).status_code == 404


def test_scrutiny_officer_cannot_set_targets(client_as, scrutiny_officer):
    IndicatorFactory(code="DENTAL")
    response = client_as(scrutiny_officer).post(url(2025), {"target_DENTAL": "90", "version_DENTAL": "0"})
    assert response.status_code == 403
    assert not Target.objects.exists()
