"""The workflow as a tester found it: provenance that stays whole however many files, and the computed-figures
table in words an officer reads (not the calculation's internal key, not "0 of 0")."""

from __future__ import annotations

import datetime as dt

import pytest

from performance.models import IndicatorValue, Period
from performance.services import ssda903
from tests.performance.ssda903.conftest import fake_files

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 7, 14)
AS_AT = dt.date(2017, 12, 31)


@pytest.fixture
def record(catalogue, officer):
    # The product's own calculations on the shipped fake return (ten files)
    return ssda903.import_extract(uploads=fake_files(), as_at=AS_AT, by=officer, today=TODAY).record


def test_a_computed_figure_names_every_file_and_no_fingerprint_is_cut(record):
    period = Period.get(Period.Kind.QUARTER, 2017, 3)
    note = IndicatorValue.objects.get(indicator__code="CIC-NUMBER", period=period).source_note
    assert note.startswith("Computed from the SSDA903 extract of 31/12/2017, ")
    for file in record.files:
        assert f"{file['name']} SHA-256 {file['sha256'][:12]}" in note
    assert note.endswith("all 64 are on the extract's page)")
    # the extract's own page has each full fingerprint
    for file in record.files:
        assert file["sha256"] in record.provenance


def test_provenance_with_one_file_keeps_the_full_fingerprint(record):
    record.files = record.files[:1]
    assert record.short_provenance == record.provenance
    assert record.files[0]["sha256"] in record.short_provenance


def test_provenance_with_very_long_names_still_fits(record):
    record.files = [dict(f, name="x" * 200 + f["name"]) for f in record.files]
    assert len(record.short_provenance) <= 500
    assert "10 files" in record.short_provenance


def test_the_computed_figures_are_named_in_words_and_no_one_to_count_is_no_figure(record):
    lines = {line.figure.key: line for line in ssda903.lines(record)}
    assert lines["cohort_12_months"].title == "Children looked after for 12 months or more"
    assert lines["away_children"].title == "Children away from placement without authorisation"
    assert lines["missing_children"].computed_text == "11 of 1,872"
    assert lines["care_leavers_19_21_eet"].computed_text.startswith("No figure")
    assert lines["care_leavers_17_18_in_touch"].computed_text.startswith("No figure")


def test_no_figure_typed_and_no_one_to_count_computed_do_not_differ(catalogue, officer):
    from performance.models import Indicator, QuarterReturn

    period = Period.get(Period.Kind.QUARTER, 2017, 3)
    QuarterReturn.objects.create(period=period)
    in_touch = Indicator.objects.get(code="CL-IN-TOUCH")  # the fake return has no care leaver aged 19 to 21
    IndicatorValue.objects.create(indicator=in_touch, period=period, entered_by=officer)
    record = ssda903.import_extract(uploads=fake_files(), as_at=AS_AT, by=officer, today=TODAY).record
    line = next(line for line in ssda903.lines(record) if line.figure.indicator == in_touch)
    assert line.typed and line.figure.value is None
    assert not line.differs
