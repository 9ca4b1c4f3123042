"""Draft → submitted → signed off, the lock that sign-off brings, and revising a signed-off figure."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from cpboard.core import roles
from performance.models import IndicatorValue, QuarterReturn
from performance.services import figures, quarters
from tests.factories.accounts import UserFactory
from tests.factories.performance import IndicatorFactory, IndicatorValueFactory, QuarterReturnFactory, quarter
from tests.performance.views.test_quarters import field_name, form_data, quarter_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def signer(db):
    return UserFactory(username="signer", first_name="Sam", last_name="Senior", roles=[roles.SENIOR_OFFICER])


def shown(quarter_return) -> int:
    """The quarter's version as a page opened now shows it (what its buttons post)."""
    return QuarterReturn.objects.values_list("version", flat=True).get(pk=quarter_return.pk)


def pressed(quarter_return) -> dict:
    """What the submit and sign-off buttons post."""
    return {"version": shown(quarter_return)}


def draft_with_figure(**figure):
    indicator = IndicatorFactory(code="PS-1", title="Three or more placements")
    quarter_return = QuarterReturnFactory(period=quarter(2025, 1))
    value = IndicatorValueFactory(indicator=indicator, period=quarter_return.period, **figure)
    return quarter_return, value


def signed_off_figure(by):
    """A figure in a quarter `by` submitted and a senior officer (a second person) signed off."""
    quarter_return, value = draft_with_figure()
    quarters.quarter_submit(quarter_return=quarter_return, by=by, version=shown(quarter_return))
    second = UserFactory(username="second-pair-of-eyes", roles=[roles.SENIOR_OFFICER])
    quarters.quarter_signoff(quarter_return=quarter_return, by=second, version=shown(quarter_return))
    value.refresh_from_db()
    return quarter_return, value


def test_an_officer_submits_a_complete_quarter_for_sign_off(client_as, officer):
    quarter_return, _ = draft_with_figure()
    client = client_as(officer)

    response = client.post(quarter_url(quarter_return), form_data(client, quarter_return, action="submit"))

    assert response.status_code == 302
    quarter_return.refresh_from_db()
    assert quarter_return.status == QuarterReturn.Status.SUBMITTED
    assert quarter_return.submitted_by == officer
    latest = quarter_return.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (officer, "Submitted for sign-off")


def test_a_quarter_with_figures_missing_cannot_be_submitted(client_as, officer):
    quarter_return, _ = draft_with_figure()
    IndicatorFactory(code="MISS-1", title="Missing from placement")
    client = client_as(officer)

    response = client.post(
        quarter_url(quarter_return), form_data(client, quarter_return, action="submit"), follow=True
    )

    assert "Still to enter: Missing from placement." in response.content.decode()
    quarter_return.refresh_from_db()
    assert quarter_return.status == QuarterReturn.Status.DRAFT


def test_submitting_from_a_page_opened_before_someone_saved_is_refused(client_as, officer):
    quarter_return, _ = draft_with_figure()
    client = client_as(officer)
    page = form_data(client, quarter_return, action="submit")
    quarters.quarter_save_draft(
        quarter_return=quarter_return,
        figures=[],
        commentary="New",
        version=quarter_return.version,
        by=officer,
    )

    response = client.post(quarter_url(quarter_return), page)

    assert response.status_code == 409
    assert "Someone else saved this record while you were editing it" in response.content.decode()
    quarter_return.refresh_from_db()
    assert quarter_return.status == QuarterReturn.Status.DRAFT


def test_a_senior_officer_signs_off_which_publishes_the_figures(client_as, officer, signer):
    quarter_return, value = draft_with_figure()
    quarters.quarter_submit(quarter_return=quarter_return, by=officer, version=shown(quarter_return))

    response = client_as(signer).post(
        quarter_url(quarter_return, "performance:quarter-signoff"), pressed(quarter_return)
    )

    assert response.status_code == 302
    quarter_return.refresh_from_db()
    value.refresh_from_db()
    assert quarter_return.status == QuarterReturn.Status.SIGNED_OFF
    assert quarter_return.signed_off_by == signer
    assert value.status == IndicatorValue.Status.PUBLISHED
    assert quarter_return.history.latest().history_change_reason == "Signed off"
    assert value.history.latest().history_user == signer


def test_an_officer_cannot_sign_off(client_as, officer):
    quarter_return, _ = draft_with_figure()
    quarters.quarter_submit(quarter_return=quarter_return, by=officer, version=shown(quarter_return))

    response = client_as(officer).post(
        quarter_url(quarter_return, "performance:quarter-signoff"), pressed(quarter_return)
    )

    assert response.status_code == 403
    quarter_return.refresh_from_db()
    assert quarter_return.status == QuarterReturn.Status.SUBMITTED


def test_a_draft_cannot_be_signed_off(client_as, signer):
    quarter_return, _ = draft_with_figure()

    response = client_as(signer).post(
        quarter_url(quarter_return, "performance:quarter-signoff"), pressed(quarter_return), follow=True
    )

    assert "has not been submitted yet" in response.content.decode()
    quarter_return.refresh_from_db()
    assert quarter_return.status == QuarterReturn.Status.DRAFT


def test_changing_a_submitted_quarter_sends_it_back_to_draft(client_as, officer):
    quarter_return, value = draft_with_figure()
    quarters.quarter_submit(quarter_return=quarter_return, by=officer, version=shown(quarter_return))
    client = client_as(officer)

    client.post(
        quarter_url(quarter_return), form_data(client, quarter_return, {(value.indicator, "numerator"): "11"})
    )

    quarter_return.refresh_from_db()
    assert quarter_return.status == QuarterReturn.Status.DRAFT
    assert quarter_return.submitted_by is None


def test_a_signed_off_quarter_is_locked_and_offers_revise_links(client_as, officer):
    quarter_return, value = signed_off_figure(officer)
    client = client_as(officer)

    page = client.get(quarter_url(quarter_return)).content.decode()
    response = client.post(quarter_url(quarter_return), {field_name(value.indicator, "numerator"): "1"})

    assert "signed off and locked" in page
    assert f'name="{field_name(value.indicator, "numerator")}"' not in page
    assert reverse("performance:value-revise", args=[value.pk]) in page
    assert response.status_code == 403
    value.refresh_from_db()
    assert value.numerator == 12


def test_revising_a_signed_off_figure_needs_a_reason_shown_next_to_the_field(client_as, officer):
    quarter_return, value = signed_off_figure(officer)
    client = client_as(officer)
    url = reverse("performance:value-revise", args=[value.pk])

    response = client.post(
        url, {"numerator": "11", "denominator": "120", "reason": " ", "version": value.version}
    )

    assert response.status_code == 200
    assert "Say why the figure is being changed" in str(response.context["form"].errors["reason"])
    value.refresh_from_db()
    assert value.numerator == 12


def test_a_revised_figure_is_marked_revised_and_its_reason_shows_in_history(client_as, officer):
    from tests.conftest import make_person

    quarter_return, value = signed_off_figure(officer)
    client = client_as(officer)

    response = client.post(
        reverse("performance:value-revise", args=[value.pk]),
        {
            "numerator": "11",
            "denominator": "120",
            "reason": "Two children were counted twice.",
            "version": value.version,
        },
    )

    assert response.status_code == 302
    value.refresh_from_db()
    assert (value.numerator, value.value, value.status) == (
        11,
        Decimal("9.20"),
        IndicatorValue.Status.REVISED,
    )
    latest = value.history.latest()
    assert latest.history_user == officer
    assert latest.history_change_reason == "Revised: Two children were counted twice."
    quarter_return.refresh_from_db()
    assert quarter_return.status == QuarterReturn.Status.SIGNED_OFF
    history = client_as(make_person(roles.OFFICER, username="another-officer")).get(
        reverse("core:record-history", args=["performance", "indicatorvalue", value.pk])
    )
    assert "Revised: Two children were counted twice." in history.content.decode()


def test_the_revise_page_asks_for_the_corrected_numbers_and_the_reason(client_as, officer):
    _, value = signed_off_figure(officer)

    page = client_as(officer).get(reverse("performance:value-revise", args=[value.pk])).content.decode()

    for name in ("numerator", "denominator", "reason"):
        assert f'name="{name}"' in page, f"the {name} box is missing from the revise page"
    assert "(optional)" not in page  # a corrected figure needs both numbers


def test_a_percent_sign_in_a_label_does_not_break_the_error_messages(client_as, officer):
    _, value = signed_off_figure(officer)
    indicator = value.indicator
    indicator.numerator_label = "Children at 100% attendance"
    indicator.save()

    response = client_as(officer).post(
        reverse("performance:value-revise", args=[value.pk]),
        {"numerator": "1234567890123", "denominator": "120", "reason": "Recount", "version": value.version},
    )

    assert response.status_code == 200
    assert "“Children at 100% attendance” is too large" in str(response.context["form"].errors["numerator"])


def test_a_revision_checks_the_figure_like_the_quarter_form(client_as, officer):
    _, value = signed_off_figure(officer)

    response = client_as(officer).post(
        reverse("performance:value-revise", args=[value.pk]),
        {"numerator": "130", "denominator": "120", "reason": "Recount", "version": value.version},
    )

    assert "cannot be more than" in str(response.context["form"].errors["numerator"])
    value.refresh_from_db()
    assert value.status == IndicatorValue.Status.PUBLISHED


def test_a_stale_revision_shows_a_conflict_and_writes_nothing(client_as, officer):
    _, value = signed_off_figure(officer)
    shown_version = value.version
    figures.value_revise(
        indicator_value=value,
        numerator=Decimal(10),
        denominator=Decimal(120),
        reason="First",
        version=shown_version,
        by=officer,
    )

    response = client_as(officer).post(
        reverse("performance:value-revise", args=[value.pk]),
        {"numerator": "11", "denominator": "120", "reason": "Second", "version": shown_version},
    )

    assert response.status_code == 409
    assert "Someone else saved this record while you were editing it" in response.content.decode()
    value.refresh_from_db()
    assert value.numerator == 10


def test_a_figure_in_an_unsigned_quarter_is_changed_on_the_quarter_form_not_revised(client_as, officer):
    quarter_return, value = draft_with_figure()

    response = client_as(officer).get(reverse("performance:value-revise", args=[value.pk]))

    assert response.status_code == 302
    assert response["Location"] == quarter_url(quarter_return)


def test_revising_is_for_officers_only(client_as, signer, officer):
    _, value = signed_off_figure(officer)

    response = client_as(signer).get(reverse("performance:value-revise", args=[value.pk]))

    assert response.status_code == 403


@pytest.mark.django_db
def test_a_quarter_that_has_not_ended_cannot_be_submitted(officer):
    import datetime as dt

    import time_machine
    from django.core.exceptions import ValidationError

    from performance.services import quarters
    from tests.factories.performance import QuarterReturnFactory, quarter

    quarter_return = QuarterReturnFactory(period=quarter(2026, 3))
    with (
        time_machine.travel(dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC), tick=False),
        pytest.raises(ValidationError, match="runs until 31/12/2026"),
    ):
        quarters.quarter_submit(quarter_return=quarter_return, by=officer, version=shown(quarter_return))
    quarter_return.refresh_from_db()
    assert quarter_return.status == "draft"


def test_the_person_who_submitted_a_quarter_cannot_also_sign_it_off(client_as, senior_officer):
    quarter_return, _ = draft_with_figure()
    quarters.quarter_submit(quarter_return=quarter_return, by=senior_officer, version=shown(quarter_return))
    response = client_as(senior_officer).post(
        reverse("performance:quarter-signoff", args=[2025, 1]), pressed(quarter_return), follow=True
    )
    assert "another senior officer must sign it off" in response.content.decode()
    quarter_return.refresh_from_db()
    assert quarter_return.status == QuarterReturn.Status.SUBMITTED


def test_a_small_team_can_allow_the_submitter_to_sign_off(settings, senior_officer):
    settings.SIGNOFF_BY_SUBMITTER = True
    quarter_return, _ = draft_with_figure()
    quarters.quarter_submit(quarter_return=quarter_return, by=senior_officer, version=shown(quarter_return))
    quarters.quarter_signoff(quarter_return=quarter_return, by=senior_officer, version=shown(quarter_return))
    quarter_return.refresh_from_db()
    assert quarter_return.status == QuarterReturn.Status.SIGNED_OFF
