"""A DfE figure's source reads as the publication people know, with its year and a link to it, not as a file
name and row; officers still see the file and line, on a second line."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from performance.models import Comparator, Source
from tests.factories.performance import (
    ComparatorFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    financial_year,
)

pytestmark = pytest.mark.django_db

PUBLICATION = "Children looked after in England including adoptions"
EES = "https://explore-education-statistics.service.gov.uk/find-statistics/children-looked-after-in-england-including-adoptions"


def _dfe_figures():
    indicator = IndicatorFactory(code="HEALTH-DFE", dfe_measure="health_assessment", frequency="annual")
    value = IndicatorValueFactory(
        indicator=indicator,
        period=financial_year(2024),
        numerator=None,
        denominator=None,
        value=Decimal("91"),
        source=Source.DFE,
        source_row=3342,
        source_note="DfE published statistics (2024-25): la_conviction_health_outcome_cla.csv, line 3342",
    )
    comparator = ComparatorFactory(
        indicator=indicator,
        period=financial_year(2024),
        area=Comparator.Area.ENGLAND,
        value=Decimal("89"),
        source=Source.DFE,
        source_name="la_conviction_health_outcome_cla.csv",
        source_row=12,
        source_note="DfE published statistics (2024-25): la_conviction_health_outcome_cla.csv, line 12",
    )
    return indicator, value, comparator


def test_board_members_see_the_publication_and_year_not_the_file(client_as, board_member):
    indicator, value, comparator = _dfe_figures()
    for url in (
        reverse("performance:value-detail", args=[value.pk]),
        reverse("performance:comparator-detail", args=[comparator.pk]),
        reverse("performance:indicator-detail", args=[indicator.code]),
    ):
        html = client_as(board_member).get(url).content.decode()
        assert f'<a class="govuk-link" href="{EES}">{PUBLICATION}</a>, 2024-25 (DfE)' in html, url
        assert ".csv" not in html, url
        assert "row 3342" not in html and "line 3342" not in html, url


def test_officers_also_see_the_file_and_line(client_as, officer):
    _, value, comparator = _dfe_figures()
    html = client_as(officer).get(reverse("performance:value-detail", args=[value.pk])).content.decode()
    assert f"{PUBLICATION}</a>, 2024-25 (DfE)" in html
    assert "File: la_conviction_health_outcome_cla.csv, line 3342" in html
    html = (
        client_as(officer)
        .get(reverse("performance:comparator-detail", args=[comparator.pk]))
        .content.decode()
    )
    assert "File: la_conviction_health_outcome_cla.csv, line 12" in html


def test_every_dfe_file_the_catalogue_uses_has_a_publication():
    from performance.dfe import MEASURES
    from performance.reference.dfe_publications import publication_for

    missing = {m.file for m in MEASURES.values() if publication_for(m.file) is None}
    assert missing == set()
