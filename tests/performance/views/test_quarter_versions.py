"""Every POST that changes a quarter (save a draft, save and submit, sign off, send back, revise a figure) must say which version
of the quarter or figure the page showed. A request with no version, or one that is not a number, is
refused like a stale page (409, the conflict explained, the record as saved now) and changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cpboard.core import roles
from cpboard.core.locking import StaleEdit
from performance.models import IndicatorValue, QuarterReturn
from performance.services import quarters
from tests.factories.accounts import UserFactory
from tests.factories.performance import IndicatorFactory, IndicatorValueFactory, QuarterReturnFactory, quarter
from tests.performance.views.test_quarters import field_name, form_data, quarter_url

pytestmark = pytest.mark.django_db

OVERTAKEN = "Someone else saved this record while you were editing it"
BROKEN_VERSIONS = [pytest.param(None, id="no-version"), pytest.param("two", id="not-a-number")]


def _with(data: dict, version) -> dict:
    """`data` with its version field left out (None) or replaced by `version`."""
    data = dict(data)
    data.pop("version", None)
    if version is not None:
        data["version"] = version
    return data


def _quarter(status=QuarterReturn.Status.DRAFT, **kwargs):
    indicator = IndicatorFactory(code="PS-1", title="Three or more placements")
    quarter_return = QuarterReturnFactory(period=quarter(2025, 1), status=status, **kwargs)
    figure = IndicatorValueFactory(indicator=indicator, period=quarter_return.period)
    return quarter_return, figure, indicator


def _unchanged(record, history_before: int) -> None:
    saved_version = record.version
    record.refresh_from_db()
    assert record.version == saved_version
    assert record.history.count() == history_before


@pytest.mark.parametrize("version", BROKEN_VERSIONS)
def test_submitting_without_the_pages_version_is_refused_and_changes_nothing(client_as, officer, version):
    quarter_return, _, _ = _quarter()
    client = client_as(officer)
    data = form_data(client, quarter_return, action="submit")
    history = quarter_return.history.count()

    response = client.post(quarter_url(quarter_return), _with(data, version))

    assert response.status_code == 409
    assert OVERTAKEN in response.content.decode()
    _unchanged(quarter_return, history)
    assert quarter_return.status == QuarterReturn.Status.DRAFT


@pytest.mark.parametrize("version", BROKEN_VERSIONS)
def test_signing_off_without_the_pages_version_is_refused_and_changes_nothing(client_as, officer, version):
    quarter_return, figure, _ = _quarter(QuarterReturn.Status.SUBMITTED, submitted_by=officer)
    signer = UserFactory(username="signer", roles=[roles.SENIOR_OFFICER])
    history = quarter_return.history.count()

    response = client_as(signer).post(
        quarter_url(quarter_return, "performance:quarter-signoff"), _with({}, version)
    )

    assert response.status_code == 409
    assert OVERTAKEN in response.content.decode()
    _unchanged(quarter_return, history)
    assert quarter_return.status == QuarterReturn.Status.SUBMITTED
    figure.refresh_from_db()
    assert figure.status == IndicatorValue.Status.PROVISIONAL  # not published


@pytest.mark.parametrize("version", BROKEN_VERSIONS)
def test_saving_a_draft_without_the_pages_version_is_refused_and_changes_nothing(client_as, officer, version):
    quarter_return, figure, indicator = _quarter()
    client = client_as(officer)
    data = form_data(client, quarter_return, {(indicator, "numerator"): "13"}, commentary="Changed")
    history = quarter_return.history.count(), figure.history.count()

    response = client.post(quarter_url(quarter_return), _with(data, version))

    assert response.status_code == 409
    assert OVERTAKEN in response.content.decode()
    _unchanged(quarter_return, history[0])
    _unchanged(figure, history[1])
    assert (quarter_return.commentary, figure.numerator) == ("", 12)


@pytest.mark.parametrize("version", BROKEN_VERSIONS)
def test_saving_a_figure_without_its_version_is_refused_and_changes_nothing(client_as, officer, version):
    quarter_return, figure, indicator = _quarter()
    client = client_as(officer)
    data = form_data(client, quarter_return, {(indicator, "numerator"): "13"})
    row_version = field_name(indicator, "version")
    data.pop(row_version)
    if version is not None:
        data[row_version] = version
    history = figure.history.count()

    response = client.post(quarter_url(quarter_return), data)

    assert response.status_code == 409
    _unchanged(figure, history)
    assert figure.numerator == 12


@pytest.mark.parametrize("version", BROKEN_VERSIONS)
def test_revising_a_figure_without_its_version_is_refused_and_changes_nothing(client_as, officer, version):
    _, figure, _ = _quarter(QuarterReturn.Status.SIGNED_OFF)
    history = figure.history.count()
    typed = {"numerator": "13", "denominator": "120", "reason": "The case system recounted."}

    response = client_as(officer).post(
        reverse("performance:value-revise", args=[figure.pk]), _with(typed, version)
    )

    assert response.status_code == 409
    assert OVERTAKEN in response.content.decode()
    _unchanged(figure, history)
    assert (figure.numerator, figure.status) == (12, IndicatorValue.Status.PROVISIONAL)


@pytest.mark.parametrize("change", ["quarter_submit", "quarter_signoff"])
def test_the_services_refuse_a_change_of_state_with_no_version(officer, change):
    quarter_return, _, _ = _quarter(
        QuarterReturn.Status.SUBMITTED if change == "quarter_signoff" else QuarterReturn.Status.DRAFT
    )
    signer = UserFactory(username="signer", roles=[roles.SENIOR_OFFICER])

    with pytest.raises(StaleEdit):
        getattr(quarters, change)(quarter_return=quarter_return, by=signer, version=None)

    before = quarter_return.status
    quarter_return.refresh_from_db()
    assert quarter_return.status == before


def test_the_right_version_still_submits_and_signs_off(client_as, officer):
    quarter_return, _, _ = _quarter()
    signer = UserFactory(username="signer", roles=[roles.SENIOR_OFFICER])

    client = client_as(officer)
    submitted = client.post(quarter_url(quarter_return), form_data(client, quarter_return, action="submit"))
    quarter_return.refresh_from_db()
    signed = client_as(signer).post(
        quarter_url(quarter_return, "performance:quarter-signoff"), {"version": quarter_return.version}
    )

    assert (submitted.status_code, signed.status_code) == (302, 302)
    quarter_return.refresh_from_db()
    assert quarter_return.status == QuarterReturn.Status.SIGNED_OFF


def _import(quarter_return) -> str:
    return reverse("performance:quarter-import", args=[quarter_return.period.year_start, 1])


@pytest.mark.parametrize("version", BROKEN_VERSIONS)
def test_importing_into_a_quarter_without_the_pages_version_is_refused_and_changes_nothing(
    client_as, officer, version
):
    """An import can send a submitted quarter back to draft, so it is a change of state like the rest."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    quarter_return, figure, _ = _quarter(QuarterReturn.Status.SUBMITTED, submitted_by=officer)
    history = quarter_return.history.count(), figure.history.count()
    file = SimpleUploadedFile("q1.csv", b"indicator_code,numerator,denominator\nPS-1,13,120\n")

    response = client_as(officer).post(_import(quarter_return), _with({"file": file}, version))

    assert response.status_code == 409
    assert OVERTAKEN in response.content.decode()
    _unchanged(quarter_return, history[0])
    _unchanged(figure, history[1])
    assert (quarter_return.status, figure.numerator) == (QuarterReturn.Status.SUBMITTED, 12)


def test_an_import_page_opened_before_the_quarter_was_saved_is_refused(client_as, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    quarter_return, figure, _ = _quarter()
    shown = quarter_return.version
    quarters.quarter_save_draft(
        quarter_return=quarter_return, figures=[], commentary="New", version=shown, by=officer
    )
    file = SimpleUploadedFile("q1.csv", b"indicator_code,numerator,denominator\nPS-1,13,120\n")

    response = client_as(officer).post(_import(quarter_return), {"version": shown, "file": file})

    assert response.status_code == 409
    quarter_return.refresh_from_db()
    assert f'value="{quarter_return.version}"' in response.content.decode()  # as saved now
    figure.refresh_from_db()
    assert figure.numerator == 12
