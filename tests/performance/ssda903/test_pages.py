"""The officers' pages: upload (several files or a zip), the data-quality report with the child references
shown once, the computed figures with provenance and differences, and the explain-this-number page."""

from __future__ import annotations

import base64
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from performance.models import IndicatorValue, QuarterReturn, ReturnImport
from tests.performance.ssda903.conftest import fake_files, small_return, zipped

pytestmark = pytest.mark.django_db
URL = "performance:ssda903-upload"


def _post(client, files, as_at="31/12/2017"):
    uploads = [SimpleUploadedFile(name, data) for name, data in files]
    return client.post(reverse(URL), {"as_at": as_at, "return_files": uploads})


def test_the_upload_page(officer, client_as):
    page = client_as(officer).get(reverse(URL)).content.decode()
    assert '<h1 class="govuk-heading-l">Compute figures from the SSDA903 return</h1>' in page
    assert 'type="file"' in page and "multiple" in page


def test_a_return_with_blocking_problems_is_refused_with_the_report_and_nothing_saved(
    catalogue, officer, client_as
):
    rows = ("A1,1,01/02/2010,WBRI,A1,,",)
    response = _post(client_as(officer), small_return(header_rows=rows))
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "must be fixed before its figures can be worked out" in page
    assert 'id="id_return_files-error"' in page or 'id="return_files-error"' in page
    assert "Episodes for children not in the header" in page or "with no header row" in page
    assert not ReturnImport.objects.exists() and not IndicatorValue.objects.exists()


def test_an_upload_computes_the_draft_figures_and_reports(catalogue, calculations, officer, client_as):
    response = _post(client_as(officer), [zipped(fake_files())])
    page = response.content.decode()
    record = ReturnImport.objects.get()
    assert record.files[0]["name"] == "return.zip"
    assert "Computed from the SSDA903 extract of 31/12/2017" in page
    assert record.files[0]["sha256"] in page
    assert "Data-quality report" in page and "Codes not valid for the collection year" in page
    # the child references: once, in this page and its data: download
    link = re.search(r'href="data:text/csv;charset=utf-8;base64,([^"]+)" download', page)
    assert link
    download = base64.b64decode(link[1]).decode("utf-8-sig")
    assert download.startswith("Child reference,Check,What to fix")
    assert "566910" in download or len(download.splitlines()) > 10
    assert QuarterReturn.objects.get(period=record.period).status == "draft"


def test_the_import_page_keeps_counts_but_no_child_reference(catalogue, calculations, officer, client_as):
    client = client_as(officer)
    _post(client, fake_files())
    record = ReturnImport.objects.get()
    page = client.get(record.get_absolute_url()).content.decode()
    assert "Data-quality checks" in page and "Overlapping episodes" in page
    assert "566910" not in page and "data:text/csv" not in page
    assert "Recompute with a newer extract" in page


def test_the_quarter_page_marks_computed_figures(catalogue, calculations, officer, client_as):
    client = client_as(officer)
    _post(client, small_return())
    page = client.get(reverse("performance:quarter-edit", args=[2017, 3])).content.decode()
    assert "Computed</strong> Computed from the SSDA903 extract of 31/12/2017" in page
    assert 'id="extract-note"' in page


def test_several_files_in_one_input(catalogue, calculations, officer, client_as):
    _post(client_as(officer), fake_files())
    assert len(ReturnImport.objects.get().files) == 10


def test_a_file_of_the_wrong_kind_is_refused_by_the_upload_check(officer, client_as):
    response = _post(client_as(officer), [("notes.docx", b"PK\x03\x04 not really")])
    page = response.content.decode()
    assert "notes.docx: The file must be a .csv or .xml or .zip file" in page


def test_a_date_is_needed(officer, client_as):
    page = _post(client_as(officer), small_return(), as_at="").content.decode()
    assert "Enter the date of the extract" in page


def test_a_board_member_cannot_upload(board_member, client_as):
    assert client_as(board_member).get(reverse(URL)).status_code == 403


def test_explain_this_number_names_the_method(catalogue, calculations, officer, board_member, client_as):
    _post(client_as(officer), small_return())
    value = IndicatorValue.objects.get(indicator__code="CIC-NUMBER")
    quarter_return = QuarterReturn.objects.get(period=value.period)
    quarter_return.status = QuarterReturn.Status.SUBMITTED
    quarter_return.save()
    page = client_as(board_member).get(value.get_absolute_url()).content.decode()
    assert "Children looked after at the date" in page
    assert "A child who leaves care on the date is not counted." in page
    assert "DfE, Children looked after in England including adoptions: methodology" in page
    assert "Computed from the SSDA903 extract of 31/12/2017" in page


def test_a_figure_saved_at_the_same_moment_stores_nothing(
    catalogue, calculations, officer, client_as, monkeypatch
):
    from cpboard.core.locking import StaleEdit

    def race(record, computed, *, by):
        raise StaleEdit(current=record, created=True)

    monkeypatch.setattr("performance.services.ssda903._land", race)
    response = _post(client_as(officer), small_return())
    assert response.status_code == 409
    assert "at the same moment, so nothing was saved" in response.content.decode()
    assert not ReturnImport.objects.exists()
