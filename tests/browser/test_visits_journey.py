"""Regulation 33/44 visits, end to end (issue 12, "Done means"): an officer sets the rota and is refused an
untrained visitor with the reason; an independent visitor files the report with an action; the home's
manager acknowledges it and responds; the compliance view no longer shows the month missed (late: the report came after the month); a board member reads the
summary but gets 403 on the full report and 404 on a home outside the council's; the independent visitor
sees only the homes she visits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cpboard.core import roles
from tests.browser.conftest import sign_in
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.training import PersonFactory
from tests.factories.visits import (
    HomeFactory,
    VisitFactory,
    trained_visitor,
    untrained_visitor,
    visitor_course,
)
from training.models import add_months
from visits.models import Action, Home, Visit
from visits.periods import month_start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def chromium(_chromium):
    return _chromium


def _page(chromium, live_server, username):
    context = chromium.new_context(locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, live_server, username, PASSWORD)
    return page


def test_a_visit_from_rota_to_the_board(chromium, live_server, settings):
    settings.MFA_REQUIRED = False
    month = add_months(month_start(timezone.localdate()), -1)
    visitor_course()
    UserFactory(username="j-officer", roles=[roles.OFFICER])
    visitor = UserFactory(username="j-visitor", roles=[roles.VISITOR])
    manager = UserFactory(username="j-manager", roles=[roles.HOME_MANAGER])
    UserFactory(username="j-board", roles=[roles.BOARD_MEMBER])
    trained_visitor(
        user=visitor,
        display_name="Pat Journey",
        kind="independent_visitor",
        completed_on=add_months(month, -3),
    )
    untrained_visitor(display_name="Untrained Councillor")
    home = HomeFactory(name="Hollins Journey Lodge", manager=PersonFactory(user=manager), visits_from=month)
    other = VisitFactory(
        home=HomeFactory(
            name="Private Journey House", ownership=Home.Ownership.INDEPENDENT, visits_from=month
        )
    )

    # The officer sets the rota: the untrained councillor is refused with the reason, the visitor accepted.
    page = _page(chromium, live_server, "j-officer")
    page.goto(live_server.url + reverse("visits:compliance"))
    assert "0 of 2 visits due" in page.inner_text("main")  # the officer sees both homes
    grid = page.get_by_label("Hollins Journey Lodge: each month")
    assert f"{month:%b %Y}\nMissed" in grid.inner_text()
    page.goto(live_server.url + reverse("visits:rota-create"))
    page.get_by_label("Home").select_option(label="Hollins Journey Lodge")
    page.get_by_label("Due in (any day in the month or half term)").fill(f"{month:%d/%m/%Y}")
    page.get_by_label("Planned date").fill(f"{month + dt.timedelta(days=9):%d/%m/%Y}")
    page.get_by_label("Untrained Councillor", exact=False).check()
    page.get_by_role("button", name="Save to the rota").click()
    page.wait_for_load_state()
    assert "Untrained Councillor cannot visit" in page.inner_text(".govuk-error-summary")
    assert "never done" in page.inner_text(".govuk-error-summary")
    page.get_by_label("Untrained Councillor", exact=False).uncheck()
    page.get_by_label("Pat Journey", exact=False).check()
    page.get_by_role("button", name="Save to the rota").click()
    page.wait_for_load_state()
    assert "is on the rota" in page.inner_text("main")
    visit = Visit.objects.get(home=home)

    # The visitor files the report with an action.
    page = _page(chromium, live_server, "j-visitor")
    page.goto(live_server.url + reverse("visits:my-visits"))
    page.get_by_role("link", name=str(visit)).click()
    page.get_by_role("link", name="Write the report").click()
    page.get_by_label("Date of the visit").fill(f"{month + dt.timedelta(days=9):%d/%m/%Y}")
    page.get_by_label("Children spoken to").fill("2")
    page.get_by_label("The children agreed to talk to the visitor").check()
    page.get_by_label("What children said").fill("two young people said the food has improved.")
    page.get_by_role("group", name="Are children effectively safeguarded?").get_by_label("Yes").check()
    page.get_by_role("group", name="Does the home's conduct promote children's well-being?").get_by_label(
        "Yes"
    ).check()
    page.get_by_label("Staffing").check()
    page.get_by_role("button", name="Submit report").click()
    page.wait_for_load_state()
    assert "report submitted" in page.inner_text("main")
    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("What needs to happen").fill("repair the side gate lock.")
    page.get_by_label("Owner").fill("Registered manager")
    page.get_by_label("Due by").fill(f"{timezone.localdate() + dt.timedelta(days=14):%d/%m/%Y}")
    page.get_by_role("button", name="Save action").click()
    page.wait_for_load_state()
    assert "repair the side gate lock." in page.inner_text("main")
    # The independent visitor sees only her homes.
    page.goto(live_server.url + reverse("visits:home-list"))
    assert "Hollins Journey Lodge" in page.inner_text("main")
    assert "Private Journey House" not in page.inner_text("main")
    assert page.goto(live_server.url + reverse("visits:visit-detail", args=[other.pk])).status == 404

    # The manager acknowledges the report and responds to the action.
    page = _page(chromium, live_server, "j-manager")
    page.goto(live_server.url + reverse("visits:visit-detail", args=[visit.pk]))
    page.get_by_role("button", name="Acknowledge the report").click()
    page.wait_for_load_state()
    assert "report acknowledged" in page.inner_text("main")
    page.get_by_role("link", name="repair the side gate lock.").click()
    page.get_by_role("link", name="Respond for the home").click()
    page.get_by_label("The home's response").fill("locksmith booked for next week.")
    page.get_by_role("button", name="Send the home's response").click()
    page.wait_for_load_state()
    assert "locksmith booked for next week." in page.inner_text("main")
    assert Action.objects.get().responded_on == timezone.localdate()

    # The board member: compliance updated, the summary, 403 on the full report, 404 outside the council's homes.
    page = _page(chromium, live_server, "j-board")
    page.goto(live_server.url + reverse("visits:compliance"))
    # last month's visit, its report written this month: no longer missed, but late
    grid = page.get_by_label("Hollins Journey Lodge: each month")
    assert f"{month:%b %Y}\nLate" in grid.inner_text()
    assert "Private Journey House" not in page.inner_text("main")
    page.get_by_role("link", name="Six-monthly summary for the board").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Visits: six-monthly summary"
    assert "Hollins Journey Lodge" in page.inner_text("main")
    assert page.goto(live_server.url + reverse("visits:visit-detail", args=[visit.pk])).status == 403
    assert page.goto(live_server.url + reverse("visits:visit-detail", args=[other.pk])).status == 404
    assert "food has improved" not in page.content()
