"""Board meetings in a real browser: a scrutiny officer arranges a meeting, finds the standing items and a
question from the last meeting under matters arising, adds a live performance section, records attendance
and a decision that creates an action in the plan; a board member reads the meeting but may not change it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cpboard.actions.models import Action
from cpboard.board.models import Decision, Meeting, Membership
from cpboard.board.services.meetings import create_meeting, current_board
from cpboard.core import roles
from tests.browser.conftest import sign_in as sign_in_with_password
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.actions import ObjectiveFactory
from tests.factories.board import MembershipFactory, QuestionFactory
from tests.factories.performance import OutcomeAreaFactory
from tests.factories.training import PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def page(browser_page, settings):
    settings.MFA_REQUIRED = False  # two people sign in; MFA has its own tests
    return browser_page


def sign_in(page, live_server, username: str) -> None:
    sign_in_with_password(page, live_server, username, PASSWORD)
    assert reverse("accounts:login") not in page.url


def test_a_scrutiny_officer_runs_a_meeting_and_a_board_member_reads_it(page, live_server):
    UserFactory(username="sid-scrutiny", roles=[roles.SCRUTINY_OFFICER])
    UserFactory(username="bea-board", roles=[roles.BOARD_MEMBER])
    board = current_board()
    board.quorum = 2
    board.save()
    chair = MembershipFactory(
        person=PersonFactory(display_name="Councillor Rhian Ellis"), role=Membership.Role.CHAIR
    )
    member = MembershipFactory(
        person=PersonFactory(display_name="Councillor Tom Byrne"), role=Membership.Role.MEMBER
    )
    OutcomeAreaFactory(slug="stability", name="Stability")
    objective = ObjectiveFactory(reference="S1", text="Children in care live in stable homes")
    june = create_meeting(
        board, starts_at=dt.datetime(2026, 6, 10, 14, tzinfo=LONDON), place="Committee Room 1", by=None
    )
    QuestionFactory(
        meeting=june,
        text="Why is long-term placement stability below our statistical neighbours?",
        to_answer=PersonFactory(display_name="Dana Head of Service", kind="officer"),
    )

    sign_in(page, live_server, "sid-scrutiny")
    page.get_by_role("link", name="Board meetings").first.click()
    page.get_by_role("link", name="Arrange a meeting").click()
    page.get_by_label("Date").fill("09/09/2026")
    page.get_by_label("Start time").fill("14:00")
    page.get_by_label("Place").fill("Council Chamber, Thistledon Civic Centre")
    page.get_by_role("button", name="Arrange meeting").click()
    expect(page.get_by_role("heading", name="Board meeting on 09/09/2026", exact=True)).to_be_visible()
    meeting = Meeting.objects.get(starts_at__date=dt.date(2026, 9, 9))
    for title in (
        "1. Apologies for absence",
        "2. Minutes of the last meeting",
        "3. Matters arising",
        "4. Children in Care Council update",
        "5. Action-plan progress",
    ):
        expect(page.get_by_role("heading", name=title)).to_be_visible()
    arising = page.locator(f"#item-{meeting.items.get(kind='matters_arising').pk}")
    expect(
        arising.get_by_text("Why is long-term placement stability below our statistical neighbours?")
    ).to_be_visible()
    expect(arising.get_by_text("Dana Head of Service to answer", exact=False)).to_be_visible()

    # a live performance section for one outcome area
    page.get_by_role("link", name="Add an agenda item").click()
    page.get_by_label("Title").fill("Quarterly performance report")
    page.get_by_label("Live section").select_option(label="Performance scorecard")
    page.get_by_label("Outcome area (performance scorecard only)").select_option(label="Stability")
    page.get_by_role("button", name="Save item").click()
    expect(page.get_by_role("heading", name="6. Quarterly performance report")).to_be_visible()
    expect(page.get_by_text("Performance scorecard (Stability)", exact=False)).to_be_visible()

    # attendance: the chair present, the member sends apologies; not quorate with a quorum of 2
    page.get_by_role("link", name="Record attendance and apologies").click()
    page.get_by_label("Councillor Rhian Ellis (Chair)").select_option(label="Present")
    page.get_by_label("Councillor Tom Byrne (Member)").select_option(label="Apologies")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Not quorate")).to_be_visible()
    assert meeting.attendance.get(person=chair.person).status == "present"
    assert meeting.attendance.get(person=member.person).status == "apologies"

    # a decision under the performance item, which becomes an action in the plan
    page.get_by_role("link", name="Record a decision under Quarterly performance report").click()
    page.get_by_label("What the board decided").fill(
        "The board asked for a stability improvement plan at its next meeting."
    )
    page.get_by_role("button", name="Record decision").click()
    page.get_by_role("link", name="Create an action in the action plan from this decision").click()
    page.get_by_label("Objective in the action plan").select_option(label=str(objective))
    page.get_by_label("Action", exact=True).fill("Write a placement stability improvement plan")
    page.get_by_label("Due date (optional)").fill("30/11/2026")
    page.get_by_role("button", name="Add the action to the plan").click()
    expect(page.get_by_text("In the action plan:")).to_be_visible()
    decision = Decision.objects.get(meeting=meeting)
    action = Action.objects.get(text="Write a placement stability improvement plan")
    assert decision.plan_action == action and action.objective == objective
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()

    # a board member reads the meeting page, but every edit page is refused
    sign_in(page, live_server, "bea-board")
    page.get_by_role("link", name="Board meetings").first.click()
    page.get_by_role("link", name="09/09/2026 14:00").click()
    expect(page.get_by_role("heading", name="Board meeting on 09/09/2026", exact=True)).to_be_visible()
    expect(
        page.get_by_text("The board asked for a stability improvement plan at its next meeting.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Add an agenda item")).to_have_count(0)
    expect(
        page.get_by_role("link", name="Create an action in the action plan from this decision")
    ).to_have_count(0)
    for name in ("board:meeting-edit", "board:attendance", "board:item-create"):
        response = page.goto(live_server.url + reverse(name, args=[meeting.pk]))
        assert response is not None and response.status == 403
