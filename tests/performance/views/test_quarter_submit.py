"""The quarter page's one form: "Submit for sign-off" saves what was typed first, so nothing typed is lost; a
quarter still running says when it can be submitted instead of offering a button that only refuses; each
outcome area has its own link and save button; figures needed to submit are not called optional."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine

from performance.models import IndicatorValue, QuarterReturn
from performance.services import quarters
from tests.factories.performance import (
    IndicatorFactory,
    IndicatorValueFactory,
    OutcomeAreaFactory,
    QuarterReturnFactory,
    quarter,
)
from tests.performance.views.test_quarters import count_indicator, field_name, form_data, quarter_url

pytestmark = pytest.mark.django_db

LOST_RACE = "Someone else saved this record while you were editing it"


def _two_indicators():
    stability = IndicatorFactory(code="PS-1", title="Three or more placements")
    missing = count_indicator(code="MISS-1")
    return stability, missing


def test_submit_saves_the_typed_figures_and_submits_them_at_once(client_as, officer):
    stability, missing = _two_indicators()
    quarter_return = QuarterReturnFactory(period=quarter(2025, 1))
    client = client_as(officer)
    typed = {(stability, "numerator"): "12", (stability, "denominator"): "120", (missing, "value"): "4"}

    response = client.post(
        quarter_url(quarter_return),
        form_data(client, quarter_return, typed, commentary="Fewer moves.", action="submit"),
        follow=True,
    )

    assert "2025-26 Q1 figures saved and submitted for sign-off." in response.content.decode()
    quarter_return.refresh_from_db()
    assert (quarter_return.status, quarter_return.submitted_by) == (QuarterReturn.Status.SUBMITTED, officer)
    assert quarter_return.commentary == "Fewer moves."
    figure = IndicatorValue.objects.get(indicator=stability)
    assert (figure.numerator, figure.denominator, figure.entered_by) == (12, 120, officer)
    reasons = list(
        quarter_return.history.order_by("history_id").values_list("history_change_reason", flat=True)
    )
    assert reasons[-2:] == [quarters.DRAFT_SAVED, quarters.SUBMITTED]


def test_a_wrong_figure_on_submit_saves_and_submits_nothing_and_keeps_what_was_typed(client_as, officer):
    stability, missing = _two_indicators()
    quarter_return = QuarterReturnFactory(period=quarter(2025, 1))
    client = client_as(officer)
    typed = {(stability, "numerator"): "130", (stability, "denominator"): "120", (missing, "value"): "4"}

    response = client.post(
        quarter_url(quarter_return),
        form_data(client, quarter_return, typed, commentary="Typed, not saved", action="submit"),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing has been saved or submitted. Correct the figures marked below" in page
    assert "cannot be more than" in page
    assert 'value="130"' in page and 'value="4"' in page and "Typed, not saved" in page
    assert not IndicatorValue.objects.exists()
    quarter_return.refresh_from_db()
    assert (quarter_return.status, quarter_return.commentary) == (QuarterReturn.Status.DRAFT, "")


def test_a_refused_submission_keeps_the_figures_saved_and_says_why(client_as, officer):
    stability, missing = _two_indicators()
    quarter_return = QuarterReturnFactory(period=quarter(2025, 1))
    client = client_as(officer)
    typed = {(stability, "numerator"): "12", (stability, "denominator"): "120"}  # MISS-1 left blank

    response = client.post(
        quarter_url(quarter_return), form_data(client, quarter_return, typed, action="submit"), follow=True
    )

    page = response.content.decode()
    assert "Your figures are saved as a draft, but 2025-26 Q1 was not submitted." in page
    assert "Still to enter: Children in care missing from placement." in page
    assert IndicatorValue.objects.get(indicator=stability).numerator == 12  # the save stands
    quarter_return.refresh_from_db()
    assert quarter_return.status == QuarterReturn.Status.DRAFT


def test_submit_on_a_stale_page_saves_and_submits_nothing(client_as, officer, senior_officer):
    stability, missing = _two_indicators()
    quarter_return = QuarterReturnFactory(period=quarter(2025, 1))
    client = client_as(officer)
    typed = {(stability, "numerator"): "12", (stability, "denominator"): "120", (missing, "value"): "4"}
    stale = form_data(client, quarter_return, typed, action="submit")
    quarters.quarter_save_draft(
        quarter_return=quarter_return,
        figures=[],
        commentary="Theirs",
        version=quarter_return.version,
        by=senior_officer,
    )

    response = client.post(quarter_url(quarter_return), stale)

    assert response.status_code == 409
    assert LOST_RACE in response.content.decode()
    assert not IndicatorValue.objects.exists()
    quarter_return.refresh_from_db()
    assert quarter_return.status == QuarterReturn.Status.DRAFT


@time_machine.travel(dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC), tick=False)
def test_a_quarter_still_running_says_when_it_can_be_submitted_instead_of_offering_the_button(
    client_as, officer
):
    IndicatorFactory(code="PS-1")
    quarter_return = QuarterReturnFactory(period=quarter(2026, 3))  # October to December 2026

    page = client_as(officer).get(quarter_url(quarter_return)).content.decode()

    assert "You can submit 2026-27 Q3 from 01/01/2027, once the quarter has ended." in page
    assert 'value="submit"' not in page
    assert "Submit for sign-off</button>" not in page
    assert "Save draft</button>" in page


@time_machine.travel(dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC), tick=False)
def test_submitting_a_quarter_still_running_anyway_saves_the_figures_and_says_when(client_as, officer):
    """An old page or a script: the figures are saved, the quarter is not submitted, and the page says when."""
    stability = IndicatorFactory(code="PS-1")
    quarter_return = QuarterReturnFactory(period=quarter(2026, 3))
    client = client_as(officer)
    data = form_data(
        client,
        quarter_return,
        {(stability, "numerator"): "1", (stability, "denominator"): "10"},
        action="submit",
    )

    page = client.post(quarter_url(quarter_return), data, follow=True).content.decode()

    assert "runs until 31/12/2026. You can submit 2026-27 Q3 from 01/01/2027" in page
    assert IndicatorValue.objects.get().numerator == 1
    quarter_return.refresh_from_db()
    assert quarter_return.status == QuarterReturn.Status.DRAFT


def test_an_ended_quarter_offers_submit_inside_the_figures_form(client_as, officer):
    IndicatorFactory(code="PS-1")
    quarter_return = QuarterReturnFactory(period=quarter(2025, 1))

    page = client_as(officer).get(quarter_url(quarter_return)).content.decode()

    forms = re.findall(r"<form\b.*?</form>", page, re.S)
    figures_form = next(f for f in forms if 'name="commentary"' in f)
    assert 'name="action" value="submit"' in figures_form
    assert "/submit/" not in page  # no separate submit form
    # Enter in any input presses the form's first button: always a save, never a submission
    first = re.search(r'<button type="submit" name="action" value="(\w+)"', figures_form)
    assert first and first.group(1) == "save"


def test_each_outcome_area_has_a_link_at_the_top_and_its_own_save_button(client_as, officer):
    safe = OutcomeAreaFactory(slug="staying-safe", name="Staying safe", order=1)
    school = OutcomeAreaFactory(slug="education", name="Education", order=2)
    IndicatorFactory(code="PS-1", outcome_area=safe)
    IndicatorFactory(code="PS-2", outcome_area=safe)
    IndicatorFactory(code="ED-1", outcome_area=school)
    quarter_return = QuarterReturnFactory(period=quarter(2025, 1))

    page = client_as(officer).get(quarter_url(quarter_return)).content.decode()

    contents = page[page.index('id="contents"') : page.index("</nav>", page.index('id="contents"'))]
    assert (
        '<a class="govuk-link" href="#area-staying-safe">Staying safe</a> <span class="govuk-body-s">(2 still to enter)</span>'
        in contents
    )
    assert 'href="#area-education">Education</a>' in contents
    for anchor in ("area-staying-safe", "area-education"):
        start = page.index(f'<section class="cp-quarter-area" id="{anchor}"')
        section = page[start : page.index("</section>", start)]
        assert 'name="action" value="save"' in section
        assert section.count("<fieldset") == (2 if anchor == "area-staying-safe" else 1)


def test_figures_needed_to_submit_are_not_called_optional_but_the_commentary_is(client_as, officer):
    stability, missing = _two_indicators()
    quarter_return = QuarterReturnFactory(period=quarter(2025, 1))

    page = client_as(officer).get(quarter_url(quarter_return)).content.decode()

    for name in (
        field_name(stability, "numerator"),
        field_name(stability, "denominator"),
        field_name(missing, "value"),
        field_name(missing, "not_available"),
    ):
        label = re.search(rf'<label[^>]*for="id_{re.escape(name)}"[^>]*>(.*?)</label>', page, re.S)
        assert label and "(optional)" not in label.group(1), name
    commentary = re.search(r'<label[^>]*for="id_commentary"[^>]*>(.*?)</label>', page, re.S)
    assert commentary and "(optional)" in commentary.group(1)


def test_the_missing_list_links_to_each_figure(client_as, officer):
    stability, missing = _two_indicators()
    quarter_return = QuarterReturnFactory(period=quarter(2025, 1))
    IndicatorValueFactory(indicator=stability, period=quarter_return.period)

    page = client_as(officer).get(quarter_url(quarter_return)).content.decode()

    assert (
        f'<a class="govuk-link" href="#figure-{missing.pk}">Children in care missing from placement</a>'
        in page
    )
    assert f'id="figure-{missing.pk}"' in page
    assert Decimal(IndicatorValue.objects.get().numerator) == 12
