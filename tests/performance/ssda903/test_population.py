"""The rates per 10,000 children: the officer may give the area's children aged 0 to 17 with the extract;
it is checked next to its field, the rates are worked out from it and land as draft figures with the
population in their provenance, and without it the page says the rates need one.

The small return (tests/performance/ssda903/conftest.py) has 2 children looked after on 31/12/2017, so with
1,000 children aged 0 to 17 the rate is 2 x 10,000 / 1,000 = 20.0 per 10,000 (worked out by hand)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from performance.models import ComputedFigure, IndicatorValue, ReturnImport, Source
from tests.performance.ssda903.conftest import fake_files, small_return

pytestmark = pytest.mark.django_db
URL = "performance:ssda903-upload"


def _post(client, files, population=""):
    uploads = [SimpleUploadedFile(name, data) for name, data in files]
    return client.post(
        reverse(URL), {"as_at": "31/12/2017", "return_files": uploads, "population": population}
    )


def test_the_upload_page_asks_for_the_population_and_which_estimate(officer, client_as):
    page = client_as(officer).get(reverse(URL)).content.decode()
    assert "Children aged 0 to 17 living in the area (optional)" in page
    assert "mid-year population estimate" in page and 'name="population"' in page


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("fifty thousand", "as a whole number, for example 52,400"),
        ("52400.5", "as a whole number, for example 52,400"),
        ("-5", "as a whole number, for example 52,400"),
        ("10²", "as a whole number, for example 52,400"),  # a digit to Python, but no whole number
        ("1" * 25, "Enter the number of children aged 0 to 17, for example 52,400."),
        ("99", "Enter a number from 100 to 1,000,000"),
        ("2,000,000", "Enter a number from 100 to 1,000,000"),
    ],
)
def test_a_population_that_cannot_be_right_is_refused_next_to_its_field(
    catalogue, officer, client_as, typed, error
):
    page = _post(client_as(officer), small_return(), typed).content.decode()
    assert "govuk-error-summary" in page and error in page
    assert "population-error" in page  # the message sits by the field, and the summary links to it
    assert not ReturnImport.objects.exists() and not IndicatorValue.objects.exists()


def test_a_population_gives_the_rate_as_a_draft_figure_with_its_provenance(catalogue, officer, client_as):
    page = _post(client_as(officer), small_return(), " 1,000 ").content.decode()
    record = ReturnImport.objects.get()
    assert record.population == 1000
    rate = IndicatorValue.objects.get(indicator__code="CIC-RATE", period=record.period)
    assert (rate.value, rate.source, rate.computed_key) == (
        Decimal("20.0"),
        Source.SSDA903,
        "children_looked_after_rate",
    )
    assert "1,000 children aged 0 to 17 in the area" in rate.source_note
    figure = ComputedFigure.objects.get(source=record, key="children_looked_after_rate")
    assert (figure.numerator, figure.denominator) == (2, 1000)
    assert "1,000 children aged 0 to 17 in the area (ONS mid-year estimate, given by the officer)" in page
    assert "Children in care per 10,000 children" in page
    assert 'id="rates-need-population"' not in page


def test_without_a_population_the_page_says_the_rates_need_one(catalogue, officer, client_as):
    page = _post(client_as(officer), small_return()).content.decode()
    record = ReturnImport.objects.get()
    assert record.population is None
    assert 'id="rates-need-population"' in page
    assert not ComputedFigure.objects.filter(key="children_looked_after_rate").exists()
    assert not IndicatorValue.objects.filter(indicator__code="CIC-RATE").exists()
    detail = client_as(officer).get(record.get_absolute_url()).content.decode()
    assert 'id="rates-need-population"' in detail


def test_a_population_below_the_children_looked_after_is_refused(catalogue, officer, client_as):
    """The fake return has 1,313 children looked after on 31/12/2017: 1,000 children aged 0 to 17 cannot be
    the whole area's."""
    page = _post(client_as(officer), fake_files(), "1000").content.decode()
    assert "1,313 children looked after on 31/12/2017, more than the 1,000" in page
    assert "population-error" in page
    assert not ReturnImport.objects.exists() and not IndicatorValue.objects.exists()
