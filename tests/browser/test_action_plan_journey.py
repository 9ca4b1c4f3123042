"""The action plan in a real browser: an officer adds an objective and two actions, posts an update and sees
the RAG turn red when the deadline passes (time is frozen and moved on); a scrutiny officer records a
review's recommendation, links it to the action and finds the action's RAG on the tracker; an officer
imports a plan from a spreadsheet, after a file with a mistake is refused whole."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cpboard.actions.models import Action
from cpboard.core import roles
from tests.browser.conftest import go_to
from tests.browser.conftest import sign_in as sign_in_with_password
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.actions import ReviewFactory, ThemeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LONDON = dt.timezone(dt.timedelta(hours=1))


@pytest.fixture
def page(browser_page, settings):
    settings.MFA_REQUIRED = False  # the same people sign in several times; MFA has its own tests
    return browser_page


def sign_in(page, live_server, username: str) -> None:
    sign_in_with_password(page, live_server, username, PASSWORD)
    assert reverse("accounts:login") not in page.url


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def _row(page, action: Action):
    return page.locator(f"#action-{action.pk}")


def test_an_objective_and_its_actions_are_tracked_to_the_recommendation_they_answer(
    page, live_server, time_machine
):
    time_machine.move_to(dt.datetime(2026, 5, 4, 9, 0, tzinfo=LONDON), tick=True)
    UserFactory(username="olive-officer", roles=[roles.OFFICER])
    UserFactory(username="sid-scrutiny", roles=[roles.SCRUTINY_OFFICER])
    ThemeFactory(name="Staying safe")
    ReviewFactory(title="Outcomes for children in care", reported_on=dt.date(2025, 9, 15))

    sign_in(page, live_server, "olive-officer")
    page.get_by_role("link", name="Action plan").first.click()
    page.get_by_role("link", name="Add an objective").click()
    page.get_by_label("Theme", exact=True).select_option(label="Staying safe")
    page.get_by_label("Reference (optional)").fill("E3")
    page.get_by_label("Objective", exact=True).fill("Foster carers are trained and supported")
    page.get_by_role("button", name="Save objective").click()

    # straight on to its first action: the objective is already chosen
    page.get_by_label("Reference (optional)").fill("E3.1")
    page.get_by_label("Action", exact=True).fill("Link carers' fees to completing their training")
    page.get_by_label("By the end of a month").check()
    page.get_by_label("Due date (optional)").fill("01/06/2026")
    page.get_by_label("Owners by post or team").fill("Fostering Service Team Leader")
    page.get_by_role("button", name="Save and add another").click()
    expect(page.get_by_text("Action added")).to_be_visible()
    page.get_by_label("Reference (optional)").fill("E3.2")
    page.get_by_label("Action", exact=True).fill("Offer training at weekends, with childcare")
    page.get_by_label("Ongoing").check()
    page.get_by_role("button", name="Save action").click()
    # an action with no owner is refused, next to the field
    expect(page.locator(".govuk-error-summary").get_by_text("Name who owns the action")).to_be_visible()
    page.get_by_label("Owners by post or team").fill(
        "Fostering Service Team Leader\nAdolescent Support Team Manager"
    )
    page.get_by_role("button", name="Save action").click()
    expect(
        page.get_by_role("heading", name="E3.2: Offer training at weekends, with childcare")
    ).to_be_visible()

    first = Action.objects.get(reference="E3.1")
    page.goto(live_server.url + first.get_absolute_url())
    page.get_by_label("Progress since the last update").fill("Carers consulted at the May support group.")
    page.get_by_label("Status after this update").select_option("on_track")
    page.get_by_role("button", name="Post update").click()
    expect(page.get_by_text("The action is now on track")).to_be_visible()
    page.goto(live_server.url + reverse("actions:plan"))
    expect(_row(page, first).get_by_text("On track")).to_be_visible()
    expect(_row(page, first).get_by_text("Carers consulted at the May support group.")).to_be_visible()

    # June ends with the action not complete: it turns red
    time_machine.move_to(dt.datetime(2026, 7, 2, 9, 0, tzinfo=LONDON), tick=True)
    sign_in(page, live_server, "olive-officer")  # two months on, the session has timed out
    page.goto(live_server.url + reverse("actions:plan"))
    expect(_row(page, first).get_by_text("Overdue").first).to_be_visible()
    assert _row(page, first).get_attribute("data-rag") == "red"
    page.get_by_label("Overdue only").check()
    page.get_by_role("button", name="Show").click()
    expect(_row(page, first)).to_be_visible()
    assert page.locator(f"#action-{Action.objects.get(reference='E3.2').pk}").count() == 0
    sign_out(page)

    sign_in(page, live_server, "sid-scrutiny")
    go_to(page, "Action plan", "Recommendation tracker")
    page.get_by_role("link", name="Outcomes for children in care").first.click()
    page.get_by_role("link", name="Add a recommendation").click()
    page.get_by_label("Number").fill("2")
    page.get_by_label("Recommendation", exact=True).fill(
        "Tie foster carers' fees to the training expected of them"
    )
    page.get_by_label("Accepted", exact=True).check()
    page.get_by_label("Date of the response").fill("01/10/2025")
    page.get_by_label("Revisit on").fill("01/09/2025")  # before the report: refused
    page.get_by_label("E3.1: Link carers' fees").check()
    page.get_by_role("button", name="Save recommendation").click()
    expect(
        page.locator(".govuk-error-summary").get_by_text("The revisit date must be on or after")
    ).to_be_visible()
    page.get_by_label("Revisit on").fill("15/09/2026")
    page.get_by_role("button", name="Save recommendation").click()
    page.goto(live_server.url + reverse("actions:tracker"))
    tracker_row = page.locator(".cp-tracker-table tbody tr").filter(has_text="Tie foster carers")
    expect(tracker_row.get_by_role("link", name="E3.1")).to_be_visible()
    expect(tracker_row.get_by_text("Overdue")).to_be_visible()
    sign_out(page)


def test_an_officer_imports_a_plan_after_a_bad_file_is_refused_whole(page, live_server, tmp_path):
    UserFactory(username="olive-officer", roles=[roles.OFFICER])
    header = "theme,objective_reference,objective,action_reference,action,responsibility,timescale,progress,progress_date\n"
    bad = tmp_path / "plan-with-a-mistake.csv"
    bad.write_text(
        header
        + "Being healthy,D1,Identify health needs early,D1.1,Complete health assessments on time,Designated nurse,Ongoing,,\n"
        + "Being healthy,D1,Identify health needs early,D1.2,Introduce the questionnaire,,Next spring,,\n"
    )
    good = tmp_path / "plan.csv"
    good.write_text(
        header
        + "Being healthy,D1,Identify health needs early,D1.1,Complete health assessments on time,Designated nurse,Ongoing,Audits started,01/10/2025\n"
        + "Being healthy,D1,Identify health needs early,D1.2,Introduce the questionnaire,Designated nurse; CAMHS lead,April 2027,,\n"
    )
    sign_in(page, live_server, "olive-officer")
    page.goto(live_server.url + reverse("actions:plan"))
    page.get_by_role("link", name="Import a plan").click()
    page.get_by_label("Action plan spreadsheet").set_input_files(str(bad))
    page.get_by_role("button", name="Check and import").click()
    problems = page.locator("#import-problems")
    expect(problems.get_by_text("Say who owns the action")).to_be_visible()
    expect(problems.get_by_text("is not a timescale this plan understands")).to_be_visible()
    assert not Action.objects.exists()
    page.get_by_label("Action plan spreadsheet").set_input_files(str(good))
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_text("Imported plan.csv: 2 rows added or changed")).to_be_visible()
    expect(page.get_by_role("heading", name="Being healthy")).to_be_visible()
    expect(page.get_by_text("Designated nurse and CAMHS lead")).to_be_visible()
    expect(page.get_by_text("Audits started")).to_be_visible()
