"""Entering a quarter's figures: the form, its checks, saving a draft, starting a quarter, stale saves."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from performance.models import Indicator, IndicatorValue, QuarterReturn
from performance.services import figures, quarters
from tests.factories.performance import IndicatorFactory, IndicatorValueFactory, QuarterReturnFactory, quarter

pytestmark = pytest.mark.django_db


def quarter_url(quarter_return, name: str = "performance:quarter-edit") -> str:
    return reverse(name, args=[quarter_return.period.year_start, quarter_return.period.quarter])


def field_name(indicator, part: str) -> str:
    return f"i{indicator.pk}-{part}"


def form_data(client, quarter_return, figures: dict | None = None, **extra) -> dict:
    """The quarter form's inputs as shown, with `figures` {(indicator, part): text} typed over them."""
    form = client.get(quarter_url(quarter_return)).context["form"]
    data = {name: ("" if form[name].value() is None else form[name].value()) for name in form.fields}
    for (indicator, part), text in (figures or {}).items():
        data[field_name(indicator, part)] = text
    data.update(extra)
    return data


def count_indicator(**kwargs):
    return IndicatorFactory(
        unit=Indicator.Unit.COUNT,
        is_proportion=False,
        numerator_label="",
        denominator_label="",
        title="Children in care missing from placement",
        **kwargs,
    )


def test_the_form_shows_every_quarterly_indicator_with_last_quarter_and_last_year_beside_it(
    client_as, officer
):
    stability = IndicatorFactory(code="PS-1", title="Three or more placements")
    missing = count_indicator(code="MISS-1")
    IndicatorFactory(code="ANNUAL-1", title="Annual-only indicator", frequency=Indicator.Frequency.ANNUAL)
    IndicatorFactory(code="OLD-1", title="Retired indicator", is_active=False)
    IndicatorValueFactory(indicator=stability, period=quarter(2024, 4), numerator=9, denominator=100, value=9)
    IndicatorValueFactory(
        indicator=stability, period=quarter(2024, 1), numerator=15, denominator=120, value=12.5
    )
    IndicatorValueFactory(
        indicator=missing, period=quarter(2024, 4), numerator=None, denominator=None, value=7
    )
    quarter_return = QuarterReturnFactory(period=quarter(2025, 1))

    response = client_as(officer).get(quarter_url(quarter_return))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Three or more placements" in page and "Children in care missing from placement" in page
    assert "Annual-only indicator" not in page and "Retired indicator" not in page
    assert "Previous quarter (2024-25 Q4)" in page and "Same quarter last year (2024-25 Q1)" in page
    assert "9 of 100 (9%)" in page
    assert "15 of 120 (12.5%)" in page
    assert f'name="{field_name(stability, "numerator")}"' in page
    assert f'name="{field_name(stability, "denominator")}"' in page
    assert f'name="{field_name(missing, "value")}"' in page
    assert 'name="commentary"' in page


def test_saving_a_draft_stores_both_numbers_and_the_percentage_worked_out_to_one_decimal_place(
    client_as, officer
):
    stability = IndicatorFactory(code="PS-1")
    missing = count_indicator(code="MISS-1")
    quarter_return = QuarterReturnFactory(period=quarter(2025, 1))
    client = client_as(officer)

    response = client.post(
        quarter_url(quarter_return),
        form_data(
            client,
            quarter_return,
            {(stability, "numerator"): "1", (stability, "denominator"): "3", (missing, "value"): "4"},
            commentary="  Placement moves fell.  ",
        ),
    )

    assert response.status_code == 302
    figure = IndicatorValue.objects.get(indicator=stability, period=quarter_return.period)
    assert (figure.numerator, figure.denominator, figure.value) == (1, 3, Decimal("33.30"))
    assert figure.status == IndicatorValue.Status.PROVISIONAL
    assert figure.entered_by == officer
    assert figure.history.latest().history_user == officer
    assert IndicatorValue.objects.get(indicator=missing).value == 4
    quarter_return.refresh_from_db()
    assert quarter_return.commentary == "Placement moves fell."
    assert quarter_return.history.latest().history_user == officer
    page = client.get(quarter_url(quarter_return)).content.decode()
    assert "Works out as <strong>33.3%</strong>" in page


def test_the_percentage_rounds_half_up():
    assert figures.value_derive(Decimal(1), Decimal(8)) == Decimal("12.5")
    assert figures.value_derive(Decimal(1), Decimal(16)) == Decimal("6.3")  # 6.25 → 6.3, not banker's 6.2
    assert figures.value_derive(Decimal(2), Decimal(3)) == Decimal("66.7")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({"numerator": "130", "denominator": "120"}, "cannot be more than"),
        ({"numerator": "-2", "denominator": "120"}, "cannot be less than 0"),
        ({"numerator": "twelve", "denominator": "120"}, "as a number, like 12"),
        ({"numerator": "12", "denominator": ""}, "as well, or leave both numbers blank"),
        ({"numerator": "0", "denominator": "0"}, "must be more than 0"),
        ({"numerator": "2.5", "denominator": "10"}, "must be a whole number"),
    ],
)
def test_a_wrong_figure_is_explained_next_to_its_input_with_what_was_typed_kept(
    client_as, officer, typed, message
):
    stability = IndicatorFactory(code="PS-1", numerator_label="Children who moved three or more times")
    quarter_return = QuarterReturnFactory(period=quarter(2025, 1))
    client = client_as(officer)
    data = form_data(client, quarter_return, {(stability, part): text for part, text in typed.items()})

    response = client.post(quarter_url(quarter_return), data)

    assert response.status_code == 200
    form = response.context["form"]
    errors = " ".join(
        str(e)
        for part in ("numerator", "denominator")
        for e in form.errors.get(field_name(stability, part), [])
    )
    assert message in errors
    page = response.content.decode()
    assert "govuk-error-summary" in page and "govuk-error-message" in page
    if typed["numerator"]:
        assert f'value="{typed["numerator"]}"' in page
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    ("unit", "typed", "message"),
    [
        (Indicator.Unit.PERCENT, "100.5", "Enter a percentage between 0 and 100."),
        (Indicator.Unit.COUNT, "-1", "cannot be less than 0"),
        (Indicator.Unit.COUNT, "3.5", "must be a whole number"),
        (Indicator.Unit.DAYS, "-4", "cannot be less than 0"),
    ],
)
def test_single_figures_are_checked_against_their_unit(client_as, officer, unit, typed, message):
    indicator = IndicatorFactory(
        code="ONE-1", unit=unit, is_proportion=False, numerator_label="", denominator_label=""
    )
    quarter_return = QuarterReturnFactory(period=quarter(2025, 1))
    client = client_as(officer)

    response = client.post(
        quarter_url(quarter_return), form_data(client, quarter_return, {(indicator, "value"): typed})
    )

    assert message in str(response.context["form"].errors[field_name(indicator, "value")])
    assert not IndicatorValue.objects.exists()


@time_machine.travel("2025-08-15 10:00 +0100")
def test_a_quarter_that_has_not_started_cannot_have_figures(client_as, officer):
    stability = IndicatorFactory(code="PS-1")
    quarter_return = QuarterReturnFactory(period=quarter(2025, 3))  # October to December 2025
    client = client_as(officer)

    response = client.post(
        quarter_url(quarter_return),
        form_data(client, quarter_return, {(stability, "numerator"): "1", (stability, "denominator"): "10"}),
    )

    assert response.status_code == 200
    assert "2025-26 Q3 has not started yet" in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_saving_again_without_changes_writes_no_new_history(client_as, officer):
    stability = IndicatorFactory(code="PS-1")
    quarter_return = QuarterReturnFactory(period=quarter(2025, 1))
    client = client_as(officer)
    client.post(
        quarter_url(quarter_return),
        form_data(
            client, quarter_return, {(stability, "numerator"): "12", (stability, "denominator"): "120"}
        ),
    )
    figure = IndicatorValue.objects.get()
    before = figure.history.count(), quarter_return.history.count(), figure.version

    response = client.post(quarter_url(quarter_return), form_data(client, quarter_return))

    assert response.status_code == 302
    figure.refresh_from_db()
    assert (figure.history.count(), quarter_return.history.count(), figure.version) == before


def test_a_stale_save_shows_what_differs_and_writes_nothing(client_as, officer, senior_officer):
    stability = IndicatorFactory(code="PS-1", title="Three or more placements")
    quarter_return = QuarterReturnFactory(period=quarter(2025, 1))
    IndicatorValueFactory(
        indicator=stability, period=quarter_return.period, numerator=12, denominator=120, value=10
    )
    client = client_as(officer)
    stale = form_data(
        client,
        quarter_return,
        {(stability, "numerator"): "14", (stability, "denominator"): "120"},
        commentary="My commentary",
    )
    figure = IndicatorValue.objects.get()
    quarters.quarter_save_draft(
        quarter_return=quarter_return,
        version=quarter_return.version,
        commentary="",
        by=senior_officer,
        figures=[figures.FigureEntry(stability, Decimal(13), Decimal(120), version=figure.version)],
    )

    response = client.post(quarter_url(quarter_return), stale)

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this record while you were editing it" in page
    assert "13 of 120 (10.8%)" in page and "14 of 120 (11.7%)" in page
    figure.refresh_from_db()
    assert figure.numerator == 13
    quarter_return.refresh_from_db()
    assert quarter_return.commentary == ""


def test_a_senior_officer_sees_the_figures_but_cannot_change_them(client_as, senior_officer):
    from cpboard.core import roles
    from tests.factories.accounts import UserFactory

    signer = UserFactory(username="signer-only", roles=[roles.SENIOR_OFFICER])
    stability = IndicatorFactory(code="PS-1", title="Three or more placements")
    quarter_return = QuarterReturnFactory(period=quarter(2025, 1))
    IndicatorValueFactory(indicator=stability, period=quarter_return.period)
    client = client_as(signer)

    page = client.get(quarter_url(quarter_return)).content.decode()
    response = client.post(quarter_url(quarter_return), {field_name(stability, "numerator"): "1"})

    assert "12 of 120 (10%)" in page
    assert f'name="{field_name(stability, "numerator")}"' not in page
    assert response.status_code == 403


@time_machine.travel("2025-08-15 10:00 +0100")
def test_starting_a_quarter_opens_the_latest_started_quarter_then_the_one_before(client_as, officer):
    client = client_as(officer)
    offered = client.get(reverse("performance:quarter-list")).content.decode()

    first = client.post(reverse("performance:quarter-start"), {"year": "2025", "quarter": "2"})
    offered_next = client.get(reverse("performance:quarter-list")).content.decode()
    second = client.post(reverse("performance:quarter-start"), {"year": "2025", "quarter": "1"})

    periods = [(r.period.year_start, r.period.quarter) for r in QuarterReturn.objects.order_by("pk")]
    assert "Start 2025-26 Q2 figures" in offered and "Start 2025-26 Q1 figures" in offered_next
    assert periods == [(2025, 2), (2025, 1)]  # July to September 2025 has started; October has not
    assert first["Location"] == reverse("performance:quarter-edit", args=[2025, 2])
    assert second["Location"] == reverse("performance:quarter-edit", args=[2025, 1])
    assert QuarterReturn.objects.get(period__quarter=2).history.latest().history_user == officer


@time_machine.travel("2025-08-15 10:00 +0100")
@pytest.mark.parametrize(
    "posted",
    [{}, {"year": "2025"}, {"year": "2025", "quarter": "two"}, {"year": "2025", "quarter": "7"}],
    ids=["nothing", "no-quarter", "not-a-number", "no-such-quarter"],
)
def test_starting_a_quarter_must_name_the_quarter_offered(client_as, officer, posted):
    """A start that does not say which quarter never guesses: the list's button always says."""
    response = client_as(officer).post(reverse("performance:quarter-start"), posted, follow=True)

    assert "Choose the quarter to start from the list." in response.content.decode()
    assert not QuarterReturn.objects.exists()


@time_machine.travel("2025-08-15 10:00 +0100")
def test_starting_a_quarter_someone_already_started_opens_theirs_and_starts_no_other(client_as, officer):
    client = client_as(officer)
    client.post(reverse("performance:quarter-start"), {"year": "2025", "quarter": "2"})

    again = client.post(reverse("performance:quarter-start"), {"year": "2025", "quarter": "2"}, follow=True)

    assert (
        "2025-26 Q2 figures had already been started by someone else: here it is." in again.content.decode()
    )
    assert again.redirect_chain[-1][0] == reverse("performance:quarter-edit", args=[2025, 2])
    assert QuarterReturn.objects.count() == 1


def test_starting_a_quarter_is_a_post_only_action(client_as, officer):
    response = client_as(officer).get(reverse("performance:quarter-start"))

    assert response.status_code == 405
    assert not QuarterReturn.objects.exists()


def test_the_quarter_list_takes_the_same_number_of_queries_however_many_quarters(
    client_as, officer, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(officer)
    QuarterReturnFactory(period=quarter(2024, 4), submitted_by=officer, signed_off_by=officer)
    client.get(reverse("performance:quarter-list"))  # warm the session and permission caches
    with CaptureQueriesContext(connection) as one_quarter:
        client.get(reverse("performance:quarter-list"))
    for q in (1, 2, 3):
        QuarterReturnFactory(period=quarter(2024, q), submitted_by=officer, signed_off_by=officer)

    with django_assert_num_queries(len(one_quarter.captured_queries)):
        response = client.get(reverse("performance:quarter-list"))

    assert response.content.decode().count('<tr class="govuk-table__row">') == 5  # header and four quarters


def test_an_officer_can_say_why_a_figure_is_not_available_and_still_submit(client_as, officer, board_member):
    stability = IndicatorFactory(code="PS-1", title="Three or more placements")
    missing = count_indicator(code="MISS-1")
    quarter_return = QuarterReturnFactory(period=quarter(2025, 1))
    client = client_as(officer)
    reason = "The missing-episodes report moved to the new case system; figures follow next quarter."
    data = form_data(
        client,
        quarter_return,
        {
            (stability, "numerator"): "12",
            (stability, "denominator"): "120",
            (missing, "not_available"): reason,
        },
    )
    assert client.post(quarter_url(quarter_return), data).status_code == 302

    saved = IndicatorValue.objects.get(indicator=missing)
    assert (saved.value, saved.not_published_reason) == (None, reason)
    assert saved.history.latest().history_user == officer
    assert quarters.quarter_missing(quarter_return) == []  # nothing blocks submission
    assert (
        client.post(
            quarter_url(quarter_return), form_data(client, quarter_return, action="submit")
        ).status_code
        == 302
    )
    quarter_return.refresh_from_db()
    assert quarter_return.status == QuarterReturn.Status.SUBMITTED

    client.logout()
    explain = (
        client_as(board_member).get(reverse("performance:value-detail", args=[saved.pk])).content.decode()
    )
    assert "Not available" in explain and reason in explain


def test_a_figure_and_a_reason_for_no_figure_together_are_refused(client_as, officer):
    missing = count_indicator(code="MISS-1")
    quarter_return = QuarterReturnFactory(period=quarter(2025, 1))
    client = client_as(officer)
    data = form_data(
        client, quarter_return, {(missing, "value"): "4", (missing, "not_available"): "System down"}
    )
    response = client.post(quarter_url(quarter_return), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field_name(missing, "not_available")] == [
        "Children in care missing from placement: give either the figure or the reason there is none, not both."
    ]
    assert not IndicatorValue.objects.exists()


def test_a_figure_entered_later_replaces_the_reason(client_as, officer):
    missing = count_indicator(code="MISS-1")
    quarter_return = QuarterReturnFactory(period=quarter(2025, 1))
    client = client_as(officer)
    client.post(
        quarter_url(quarter_return), form_data(client, quarter_return, {(missing, "not_available"): "Late"})
    )
    data = form_data(client, quarter_return, {(missing, "value"): "6", (missing, "not_available"): ""})
    assert client.post(quarter_url(quarter_return), data).status_code == 302
    saved = IndicatorValue.objects.get(indicator=missing)
    assert (saved.value, saved.not_published_reason) == (Decimal("6.00"), "")
