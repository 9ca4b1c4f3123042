"""Check before you sign off: a read-only page with the quarter's figures, how each moved since last quarter
and the same quarter last year, the commentary and what is missing or unusual, with Sign off and Send back
at the top and again at the bottom. Sending back needs a reason, which officers see on the quarter page."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from cpboard.core import roles
from performance.models import Indicator, IndicatorValue, QuarterReturn
from performance.reporting.quarter_check import change_words
from performance.services import quarters
from tests.factories.accounts import UserFactory
from tests.factories.performance import (
    IndicatorFactory,
    IndicatorValueFactory,
    OutcomeAreaFactory,
    QuarterReturnFactory,
    quarter,
)
from tests.performance.views.test_quarters import count_indicator, quarter_url

pytestmark = pytest.mark.django_db

LOST_RACE = "Someone else saved this record while you were editing it"


@pytest.fixture
def signer(db):
    return UserFactory(username="signer", first_name="Sam", last_name="Senior", roles=[roles.SENIOR_OFFICER])


def check_url(quarter_return) -> str:
    return quarter_url(quarter_return, "performance:quarter-check")


def submitted_quarter(officer, *, commentary="Fewer moves this quarter.", before=9):
    """A quarter `officer` submitted: PS-1 is 12 of 120 (10%), after `before` of 120 last quarter and 15 of 120
    a year ago; MISS-1 has no figure, with a reason."""
    stability = IndicatorFactory(code="PS-1", title="Three or more placements")
    missing = count_indicator(code="MISS-1")
    for period, numerator in ((quarter(2024, 4), before), (quarter(2024, 1), 15)):
        IndicatorValueFactory(
            indicator=stability,
            period=period,
            numerator=numerator,
            denominator=120,
            value=Decimal(numerator) * 100 / 120,
        )
    IndicatorValueFactory(
        indicator=missing, period=quarter(2024, 4), numerator=None, denominator=None, value=4
    )
    quarter_return = QuarterReturnFactory(period=quarter(2025, 1), commentary=commentary)
    IndicatorValueFactory(
        indicator=stability, period=quarter_return.period, numerator=12, denominator=120, value=10
    )
    IndicatorValueFactory(
        indicator=missing,
        period=quarter_return.period,
        numerator=None,
        denominator=None,
        value=None,
        not_published_reason="The case system was replaced.",
    )
    quarters.quarter_submit(quarter_return=quarter_return, by=officer, version=quarter_return.version)
    quarter_return.refresh_from_db()
    return quarter_return, stability, missing


def test_the_check_page_shows_each_figure_with_its_changes_and_the_commentary(client_as, officer, signer):
    quarter_return, stability, _ = submitted_quarter(officer)

    response = client_as(signer).get(check_url(quarter_return))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Check 2025-26 Q1 figures before you sign off" in page
    assert "Fewer moves this quarter." in page
    row = re.search(
        r"<tr class=\"govuk-table__row\">\s*<th scope=\"row\"[^>]*>Three or more placements</th>(.*?)</tr>",
        page,
        re.S,
    )
    assert row, page
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    assert cells[0] == "12 of 120 (10%)"
    assert cells[1] == "Up 2.5 points from 7.5% — worse"  # lower is better; 9 of 120 is 7.5%
    assert cells[2] == "Down 2.5 points from 12.5% — better"
    assert (
        'name="i' not in page and "<textarea" in page
    )  # read-only: the only input is the reason to send back
    assert page.count("Sign off 2025-26 Q1</button>") == 2  # at the top and at the bottom


def test_the_buttons_come_before_the_figures(client_as, officer, signer):
    quarter_return, _, _ = submitted_quarter(officer)

    page = client_as(signer).get(check_url(quarter_return)).content.decode()

    first_table = page.index('<table class="govuk-table cp-table--stack cp-check-table">')
    assert page.index("Sign off 2025-26 Q1</button>") < first_table
    assert page.index('href="#send-back"') < first_table
    assert page.index('id="send-back"') > first_table


def test_things_to_check_lists_missing_figures_reasons_and_big_changes(client_as, officer, signer):
    quarter_return, stability, _ = submitted_quarter(officer, commentary="", before=3)
    IndicatorFactory(code="NEW-1", title="An indicator added after submission")

    page = client_as(signer).get(check_url(quarter_return)).content.decode()

    start = page.index('id="to-check"')
    things = page[start : page.index("</ul>", start)]
    assert "No figure and no reason given: An indicator added after submission." in things
    assert (
        "Children in care missing from placement has no figure this quarter: The case system was replaced."
        in things
    )
    assert (
        "Three or more placements changed a lot since 2024-25 Q4: up 7.5 points from 2.5% — worse." in things
    )
    assert "There is no commentary for the board." in things


@pytest.mark.parametrize(
    ("unit", "polarity", "now", "before", "words", "big"),
    [
        (Indicator.Unit.PERCENT, "lower", "10", "9.5", "Up 0.5 points from 9.5% — worse", False),
        (Indicator.Unit.PERCENT, "higher", "10.04", "9.04", "Up 1.0 point from 9.0% — better", False),
        (Indicator.Unit.PERCENT, "higher", "15", "10", "Up 5.0 points from 10.0% — better", True),
        (Indicator.Unit.COUNT, "lower", "9", "12", "Down 3 from 12 — better", True),
        (Indicator.Unit.COUNT, "neither", "13", "12", "Up 1 from 12", False),
        (Indicator.Unit.DAYS, "lower", "300", "300.4", "No change from 300 days", False),
        (Indicator.Unit.PERCENT, "lower", "8.85", "8.84", "Up 0.1 points from 8.8% — worse", False),
    ],
)
def test_changes_are_worked_out_from_the_figures_as_shown(unit, polarity, now, before, words, big):
    indicator = Indicator(unit=unit, polarity=polarity, is_proportion=False)

    change = change_words(indicator, Decimal(now), Decimal(before), "2024-25 Q4")

    assert (change.words, change.big) == (words, big)


def test_no_earlier_figure_names_the_quarter_missing():
    indicator = Indicator(unit=Indicator.Unit.COUNT, polarity="lower", is_proportion=False)
    assert (
        change_words(indicator, Decimal(3), None, "2024-25 Q1").words
        == "No figure for 2024-25 Q1 to compare with"
    )


def test_sign_off_from_the_check_page_publishes_and_locks(client_as, officer, signer):
    quarter_return, stability, _ = submitted_quarter(officer)

    response = client_as(signer).post(
        quarter_url(quarter_return, "performance:quarter-signoff"),
        {"version": quarter_return.version},
        follow=True,
    )

    assert "2025-26 Q1 figures signed off. They are now locked." in response.content.decode()
    quarter_return.refresh_from_db()
    assert (quarter_return.status, quarter_return.signed_off_by) == (QuarterReturn.Status.SIGNED_OFF, signer)
    assert IndicatorValue.objects.get(indicator=stability, period=quarter_return.period).status == "published"


def test_a_sign_off_from_a_page_shown_before_another_change_is_refused_with_409(client_as, officer, signer):
    quarter_return, _, _ = submitted_quarter(officer)
    shown = quarter_return.version
    other = UserFactory(username="other-senior", roles=[roles.SENIOR_OFFICER])
    quarters.quarter_send_back(quarter_return=quarter_return, by=other, version=shown, reason="Check PS-1.")
    quarter_return.refresh_from_db()
    quarters.quarter_submit(quarter_return=quarter_return, by=officer, version=quarter_return.version)

    response = client_as(signer).post(
        quarter_url(quarter_return, "performance:quarter-signoff"), {"version": shown}
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert LOST_RACE in page and "Check 2025-26 Q1 figures before you sign off" in page
    quarter_return.refresh_from_db()
    assert (
        f'name="version" value="{quarter_return.version}"' in page
    )  # the buttons now carry the version saved now
    assert quarter_return.status == QuarterReturn.Status.SUBMITTED


def test_send_back_returns_the_quarter_to_draft_with_the_reason_audited(client_as, officer, signer):
    quarter_return, _, _ = submitted_quarter(officer)
    reason = "Three or more placements looks too low: check the March moves."

    response = client_as(signer).post(
        quarter_url(quarter_return, "performance:quarter-send-back"),
        {"version": quarter_return.version, "reason": f"  {reason}  "},
    )

    assert response.status_code == 302
    quarter_return.refresh_from_db()
    assert quarter_return.status == QuarterReturn.Status.DRAFT
    assert (quarter_return.sent_back_by, quarter_return.sent_back_reason) == (signer, reason)
    assert quarter_return.submitted_by is None
    latest = quarter_return.history.latest()
    assert (latest.history_user, latest.history_change_reason, latest.sent_back_reason) == (
        signer,
        quarters.SENT_BACK,
        reason,
    )


@time_machine.travel(dt.datetime(2025, 7, 14, 10, tzinfo=dt.UTC))
def test_officers_see_who_sent_it_back_when_and_why_until_they_submit_again(client_as, officer, signer):
    quarter_return, _, _ = submitted_quarter(officer)
    quarters.quarter_send_back(
        quarter_return=quarter_return, by=signer, version=quarter_return.version, reason="Check <b>PS-1</b>."
    )
    client = client_as(officer)

    page = client.get(quarter_url(quarter_return)).content.decode()

    assert "Sent back by Sam Senior on 14/07/2025: Check &lt;b&gt;PS-1&lt;/b&gt;." in page
    quarter_return.refresh_from_db()
    quarters.quarter_submit(quarter_return=quarter_return, by=officer, version=quarter_return.version)
    assert "Sent back by" not in client.get(quarter_url(quarter_return)).content.decode()
    quarter_return.refresh_from_db()  # changed after resubmitting: back to draft, but not "sent back"
    quarters.quarter_save_draft(
        quarter_return=quarter_return,
        figures=[],
        commentary="Later",
        version=quarter_return.version,
        by=officer,
    )
    quarter_return.refresh_from_db()
    assert quarter_return.status == QuarterReturn.Status.DRAFT
    assert "Sent back by" not in client.get(quarter_url(quarter_return)).content.decode()


def test_send_back_needs_a_reason_and_changes_nothing_without_one(client_as, officer, signer):
    quarter_return, _, _ = submitted_quarter(officer)
    history = quarter_return.history.count()

    response = client_as(signer).post(
        quarter_url(quarter_return, "performance:quarter-send-back"),
        {"version": quarter_return.version, "reason": " "},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Say why you are sending the figures back, so officers know what to check." in page
    assert 'href="#id_reason"' in page
    quarter_return.refresh_from_db()
    assert (quarter_return.status, quarter_return.history.count()) == (
        QuarterReturn.Status.SUBMITTED,
        history,
    )


@pytest.mark.parametrize("version", [None, "two", "stale"])
def test_send_back_from_a_stale_or_broken_page_is_refused_with_409_and_keeps_the_reason(
    client_as, officer, signer, version
):
    quarter_return, _, _ = submitted_quarter(officer)
    data = {"reason": "Check the placements figure."}
    if version == "stale":
        data["version"] = quarter_return.version - 1
    elif version is not None:
        data["version"] = version
    history = quarter_return.history.count()

    response = client_as(signer).post(quarter_url(quarter_return, "performance:quarter-send-back"), data)

    assert response.status_code == 409
    page = response.content.decode()
    assert LOST_RACE in page and "Check the placements figure." in page
    quarter_return.refresh_from_db()
    assert (quarter_return.status, quarter_return.history.count()) == (
        QuarterReturn.Status.SUBMITTED,
        history,
    )


def test_a_draft_cannot_be_sent_back(client_as, officer, signer):
    quarter_return = QuarterReturnFactory(period=quarter(2025, 1))

    response = client_as(signer).post(
        quarter_url(quarter_return, "performance:quarter-send-back"),
        {"version": quarter_return.version, "reason": "Why?"},
        follow=True,
    )

    assert "is not waiting for sign-off" in response.content.decode()
    quarter_return.refresh_from_db()
    assert quarter_return.sent_back_at is None


def test_a_draft_or_signed_off_quarter_shows_no_buttons(client_as, officer, signer):
    quarter_return = QuarterReturnFactory(period=quarter(2025, 1))

    page = client_as(signer).get(check_url(quarter_return)).content.decode()

    assert "Officers are still working on these figures." in page
    assert "Sign off 2025-26 Q1</button>" not in page and 'id="send-back"' not in page


def test_the_submitter_is_told_a_second_person_must_sign_off_instead_of_a_button(client_as, senior_officer):
    """Four eyes: no Sign off button for the person who submitted (SIGNOFF_BY_SUBMITTER is off)."""
    quarter_return, _, _ = submitted_quarter(senior_officer)

    page = client_as(senior_officer).get(check_url(quarter_return)).content.decode()

    assert "You submitted 2025-26 Q1, so another senior officer must sign it off" in page
    assert "Sign off 2025-26 Q1</button>" not in page
    assert 'id="send-back"' in page


def test_a_small_team_that_allows_it_sees_the_sign_off_button_as_submitter(
    client_as, senior_officer, settings
):
    settings.SIGNOFF_BY_SUBMITTER = True
    quarter_return, _, _ = submitted_quarter(senior_officer)

    page = client_as(senior_officer).get(check_url(quarter_return)).content.decode()

    assert "Sign off 2025-26 Q1</button>" in page


def test_the_quarter_page_links_signers_to_the_check_page_and_has_no_sign_off_form(
    client_as, officer, signer
):
    quarter_return, _, _ = submitted_quarter(officer)

    page = client_as(signer).get(quarter_url(quarter_return)).content.decode()

    assert f'href="{check_url(quarter_return)}"' in page and "Check and sign off 2025-26 Q1" in page
    assert reverse("performance:quarter-signoff", args=[2025, 1]) not in page


def test_each_area_has_its_own_table(client_as, officer, signer):
    quarter_return, _, _ = submitted_quarter(officer)
    school = OutcomeAreaFactory(slug="education", name="Education", order=9)
    IndicatorFactory(code="ED-1", title="Attendance", outcome_area=school)

    page = client_as(signer).get(check_url(quarter_return)).content.decode()

    captions = re.findall(
        r'<caption class="govuk-table__caption govuk-table__caption--m">(.*?)</caption>', page
    )
    assert captions == ["Staying safe", "Education"]
