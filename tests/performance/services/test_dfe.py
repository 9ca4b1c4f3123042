"""Loading the DfE's real published figures for North Lincolnshire (813) into comparators and values.

The expected figures were read by hand from the files in data/dfe (line numbers given)."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from performance.models import Comparator, Indicator, IndicatorValue, Period
from performance.services.catalogue import catalogue_load
from performance.services.dfe import LOAD_REASON, dfe_load

pytestmark = pytest.mark.django_db

DATA_DIR = Path(settings.DFE_DATA_DIR)
NORTH_LINCS = "813"


@pytest.fixture
def loaded_catalogue(officer):
    catalogue_load(by=officer)


def _history_rows() -> int:
    return sum(m.history.count() for m in (Comparator, IndicatorValue, Period))


def test_england_region_neighbours_and_own_figure_land_where_the_board_reads_them(loaded_catalogue, officer):
    summary = dfe_load(la_code=NORTH_LINCS, data_dir=DATA_DIR, by=officer)
    assert summary.la_name == "North Lincolnshire"
    assert summary.created > 0 and summary.updated == 0
    rate = Indicator.objects.get(code="CIC-RATE")
    year = Period.objects.get(kind=Period.Kind.FINANCIAL_YEAR, year_start=2024)  # year ending 31 March 2025

    # cla_number_and_rate_per_10k_children.csv line 3: England, 2025, 67 per 10,000
    england = Comparator.objects.get(indicator=rate, period=year, area=Comparator.Area.ENGLAND)
    assert england.value == Decimal("67")
    assert (england.source, england.source_name, england.source_row) == (
        "dfe",
        "cla_number_and_rate_per_10k_children.csv",
        3,
    )
    assert england.history.get().history_change_reason == LOAD_REASON
    assert england.history.get().history_user == officer
    # line 12: Yorkshire and The Humber, 77
    assert Comparator.objects.get(indicator=rate, period=year, area="region").value == Decimal("77")
    neighbours = Comparator.objects.get(indicator=rate, period=year, area="statistical_neighbours")
    assert neighbours.value is not None
    assert neighbours.source_note.startswith("DfE published statistics (Year ending 31 March 2025)")
    assert "Median of 10 statistical neighbours" in neighbours.source_note

    # line 159: North Lincolnshire's own figure, 62
    own = IndicatorValue.objects.get(indicator=rate, period=year)
    assert own.value == Decimal("62")
    assert (own.status, own.source, own.source_row) == ("published", "dfe", 159)
    assert "cla_number_and_rate_per_10k_children.csv, line 159" in own.source_note


def test_suppressed_figure_is_not_published_with_the_reason_never_zero(loaded_catalogue, officer):
    dfe_load(la_code=NORTH_LINCS, data_dir=DATA_DIR, by=officer)
    # ks4_la.csv line 224: North Lincolnshire 2024/25, grade 4+ in English and maths: "c"
    own = IndicatorValue.objects.get(
        indicator__code="KS4-EM4", period__kind=Period.Kind.ACADEMIC_YEAR, period__year_start=2024
    )
    assert own.value is None
    assert own.not_published_reason == "Suppressed to protect confidentiality (small numbers)"
    assert own.source_row == 224
    # ... while the published Attainment 8 on the same line is kept: 10.8
    att8 = IndicatorValue.objects.get(
        indicator__code="KS4-ATT8", period__kind=Period.Kind.ACADEMIC_YEAR, period__year_start=2024
    )
    assert att8.value == Decimal("10.8")
    assert not IndicatorValue.objects.filter(source="dfe", value=0, not_published_reason__gt="").exists()


def test_running_the_load_twice_changes_nothing_and_writes_no_history(loaded_catalogue, officer):
    first = dfe_load(la_code=NORTH_LINCS, data_dir=DATA_DIR, by=officer)
    rows, history = Comparator.objects.count() + IndicatorValue.objects.count(), _history_rows()
    second = dfe_load(la_code=NORTH_LINCS, data_dir=DATA_DIR, by=officer)
    assert (second.created, second.updated) == (0, 0)
    assert second.unchanged == first.created
    assert second.not_published == first.not_published > 0
    assert Comparator.objects.count() + IndicatorValue.objects.count() == rows
    assert _history_rows() == history


def test_a_changed_figure_is_put_back_and_the_change_recorded(loaded_catalogue, officer):
    dfe_load(la_code=NORTH_LINCS, data_dir=DATA_DIR, by=officer)
    england = Comparator.objects.get(
        indicator__code="CIC-RATE", period__kind="financial_year", period__year_start=2024, area="england"
    )
    england.value = Decimal("1")
    england.save()
    summary = dfe_load(la_code=NORTH_LINCS, data_dir=DATA_DIR, by=officer)
    assert summary.updated == 1
    england.refresh_from_db()
    assert england.value == Decimal("67")
    assert england.history.latest().history_change_reason == LOAD_REASON


def test_unknown_authority_is_refused(loaded_catalogue):
    with pytest.raises(KeyError):
        dfe_load(la_code="999", data_dir=DATA_DIR)


def test_command_prints_the_summary(loaded_catalogue):
    out = StringIO()
    call_command("load_dfe", "--la-code", NORTH_LINCS, "--data-dir", str(DATA_DIR), stdout=out)
    assert "DfE figures for North Lincolnshire (813)" in out.getvalue()
    assert " created, 0 updated, 0 unchanged" in out.getvalue()


def test_officer_page_explains_then_loads_and_shows_the_counts(
    client_as, officer, loaded_catalogue, settings
):
    settings.COUNCIL_LA_CODE = NORTH_LINCS
    client = client_as(officer)
    page = client.get(reverse("performance:dfe-load")).content.decode()
    assert "North Lincolnshire" in page and "Wakefield" in page  # the authority and its closest neighbour
    assert "DfE figures have not been loaded yet." in page

    response = client.post(reverse("performance:dfe-load"))
    text = response.content.decode()
    assert response.status_code == 200
    summary = response.context["summary"]
    assert summary.created == Comparator.objects.count() + IndicatorValue.objects.count()
    assert f'<dd class="govuk-summary-list__value">{summary.created}</dd>' in text
    assert "Not published by the DfE" in text
    assert Comparator.objects.filter(source="dfe").first().history.get().history_user == officer

    again = client.post(reverse("performance:dfe-load")).context["summary"]
    assert (again.created, again.updated, again.unchanged) == (0, 0, summary.created)


def test_board_member_cannot_load_figures(client_as, board_member, loaded_catalogue):
    assert client_as(board_member).post(reverse("performance:dfe-load")).status_code == 403
    assert not Comparator.objects.exists()
