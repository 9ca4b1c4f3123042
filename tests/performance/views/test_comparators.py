"""Officers enter a year's comparators by hand when they are not loaded from the DfE files."""

from decimal import Decimal

import pytest
from django.urls import reverse

from cpboard.core.locking import OVERTAKEN
from performance.models import Comparator
from tests.factories.performance import ComparatorFactory, IndicatorFactory, financial_year

pytestmark = pytest.mark.django_db


def url(code="PS-3PLUS", year=2024):
    return reverse("performance:comparator-edit", args=[code, year])


def form_data(**values):
    data = {"version_england": 0, "version_statistical_neighbours": 0, "version_region": 0}
    data.update({f"value_{k}": v for k, v in values.items()})
    return data


def test_officer_enters_comparators_and_they_are_attributed_and_audited(client_as, officer):
    indicator = IndicatorFactory(code="PS-3PLUS")
    response = client_as(officer).post(
        url(), form_data(england="10", statistical_neighbours="11.5", region="")
    )
    assert response.status_code == 302
    saved = {c.area: c for c in Comparator.objects.filter(indicator=indicator, period=financial_year(2024))}
    assert set(saved) == {"england", "statistical_neighbours"}
    assert saved["statistical_neighbours"].value == Decimal("11.5")
    assert saved["england"].entered_by == officer
    assert saved["england"].source == "entered"
    assert saved["england"].history.latest().history_user == officer


def test_a_percentage_over_100_is_refused_next_to_the_field_and_nothing_saved(client_as, officer):
    IndicatorFactory(code="PS-3PLUS")
    response = client_as(officer).post(url(), form_data(england="140", region="9"))
    assert response.status_code == 200
    assert response.context["form"].errors["value_england"] == [
        "The England figure is a percentage, so it cannot be more than 100."
    ]
    assert 'value="140"' in response.content.decode()
    assert not Comparator.objects.exists()


def test_a_stale_form_changes_nothing(client_as, officer):
    indicator = IndicatorFactory(code="PS-3PLUS")
    existing = ComparatorFactory(indicator=indicator, period=financial_year(2024), value=Decimal("10"))
    response = client_as(officer).post(url(), form_data(england="12"))  # version 0: shown before it existed
    assert response.status_code == 409
    assert "Someone else saved this record while you were editing it" in response.content.decode()
    assert response.context["form"].errors["value_england"] == [OVERTAKEN]
    existing.refresh_from_db()
    assert existing.value == Decimal("10")


def test_clearing_a_figure_removes_it_and_history_keeps_it(client_as, officer):
    indicator = IndicatorFactory(code="PS-3PLUS")
    existing = ComparatorFactory(indicator=indicator, period=financial_year(2024), value=Decimal("10"))
    data = form_data(england="")
    data["version_england"] = existing.version
    assert client_as(officer).post(url(), data).status_code == 302
    assert not Comparator.objects.exists()
    assert Comparator.history.filter(id=existing.pk, history_type="-").get().history_user == officer


def test_comparators_cannot_be_entered_for_a_year_that_has_not_ended(client_as, officer):
    IndicatorFactory(code="PS-3PLUS")
    assert client_as(officer).get(url(year=2026)).status_code == 404
