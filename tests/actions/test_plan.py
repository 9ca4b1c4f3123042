"""Keeping the plan: objectives and actions need owners and dates; the plan table, its filters, downloads
and its fixed number of queries; "My actions"; sources through the generic link."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from cpboard.accounts.models import Person
from cpboard.actions.models import Action, ActionOwner, ActionSource
from cpboard.actions.services.reporting import build_plan
from cpboard.actions.sources import available_kinds, source_model
from tests.factories.actions import (
    ActionFactory,
    ObjectiveFactory,
    ProgressUpdateFactory,
    RecommendationFactory,
    ThemeFactory,
    big_plan,
)
from tests.factories.training import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC), tick=False)


def _action_data(objective, **values):
    data = {
        "objective": objective.pk,
        "reference": "E3.1",
        "text": "Engage with foster carers on linking fees to training",
        "outcome": "Carers keep their skills up to date",
        "measure": "Carers meeting the training requirement",
        "priority": "high",
        "timescale": "month",
        "due_on": "01/03/2027",
        "position": "1",
        "posts": "Fostering Service Team Leader",
    }
    data.update(values)
    return data


def test_an_officer_adds_an_objective_then_an_action_with_several_owners(client_as, officer):
    theme = ThemeFactory(name="Staying safe")
    client = client_as(officer)
    response = client.post(
        reverse("actions:objective-create"),
        {"theme": theme.pk, "reference": "E3", "text": "Support foster carers", "position": "1"},
    )
    objective = theme.objectives.get()
    assert response["Location"].endswith(f"?objective={objective.pk}")
    lead = PersonFactory(display_name="Marcus Oyelaran", kind=Person.Kind.OFFICER)
    data = _action_data(
        objective, people=[lead.pk], posts="Fostering Service Team Leader\nAdolescent Support Team Manager"
    )
    response = client.post(reverse("actions:action-create"), data)
    assert response.status_code == 302
    action = Action.objects.get()
    assert (
        action.owner_text()
        == "Marcus Oyelaran, Fostering Service Team Leader and Adolescent Support Team Manager"
    )
    assert action.timescale_text() == "March 2027"
    assert ActionOwner.history.count() == 3


def test_an_action_without_an_owner_or_a_date_is_refused(client_as, officer):
    objective = ObjectiveFactory()
    page = (
        client_as(officer)
        .post(reverse("actions:action-create"), _action_data(objective, posts="", due_on=""))
        .content.decode()
    )
    assert "Name who owns the action" in page
    assert "Enter a day in the month the action is due in" in page
    assert not Action.objects.exists()


def test_recurring_and_conditional_timescales_need_their_details(client_as, officer):
    objective = ObjectiveFactory()
    client = client_as(officer)
    page = client.post(
        reverse("actions:action-create"), _action_data(objective, timescale="recurring")
    ).content.decode()
    assert "Choose how often" in page
    page = client.post(
        reverse("actions:action-create"), _action_data(objective, timescale="conditional", due_on="")
    ).content.decode()
    assert "Say what the action depends on" in page
    client.post(
        reverse("actions:action-create"),
        _action_data(objective, timescale="conditional", condition="Future Council", due_on=""),
    )
    assert Action.objects.get().timescale_text() == "Subject to Future Council"


def test_a_stale_action_edit_gets_the_conflict_page(client_as, officer):
    action = ActionFactory()
    data = _action_data(action.objective, version=action.version, text="Changed by me")
    action.text = "Changed by someone else"
    action.version += 1
    action.save()
    response = client_as(officer).post(reverse("actions:action-edit", args=[action.pk]), data)
    assert response.status_code == 409
    action.refresh_from_db()
    assert action.text == "Changed by someone else"


def test_the_plan_filters_by_theme_owner_rag_and_overdue(client_as, board_member):
    healthy, safe = ThemeFactory(name="Being healthy"), ThemeFactory(name="Staying safe")
    person = PersonFactory(display_name="Lucy Penhale", kind=Person.Kind.OFFICER)
    late = ActionFactory(
        objective=ObjectiveFactory(theme=healthy), text="Late health action", due_on=dt.date(2026, 3, 1)
    )
    fine = ActionFactory(
        objective=ObjectiveFactory(theme=safe), text="Safe and on track", status="on_track", owner=person
    )
    client = client_as(board_member)
    url = reverse("actions:plan")
    page = client.get(url).content.decode()
    assert "Late health action" in page and "Safe and on track" in page
    assert "Late health action" not in client.get(url, {"theme": safe.pk}).content.decode()
    assert "Late health action" not in client.get(url, {"owner": f"p:{person.pk}"}).content.decode()
    assert "Safe and on track" in client.get(url, {"owner": f"p:{person.pk}"}).content.decode()
    page = client.get(url, {"overdue": "on"}).content.decode()
    assert "Late health action" in page and "Safe and on track" not in page
    page = client.get(url, {"rag": "green"}).content.decode()
    assert "Late health action" not in page and "Safe and on track" in page
    assert client.get(url, {"owner": "t:Fostering Service Team Leader"}).status_code == 200
    assert late and fine


def test_the_plan_table_runs_a_fixed_number_of_queries(client_as, board_member):
    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("actions:plan"))
        assert response.status_code == 200
        return len(queries)

    client = client_as(board_member)
    ProgressUpdateFactory()
    count()  # the first request of a session does its own one-off work
    small = count()
    for index in range(15):
        action = ActionFactory(objective=ObjectiveFactory(theme=ThemeFactory(name=f"Theme {index % 4}")))
        ProgressUpdateFactory.create_batch(3, action=action)
        action.objective.recommendations.add(RecommendationFactory())
    assert count() == small


def test_the_plan_with_500_actions_and_5000_updates_runs_the_same_queries(client_as, board_member):
    client = client_as(board_member)
    ProgressUpdateFactory(action=ActionFactory(objective=ObjectiveFactory()))
    RecommendationFactory().objectives.add(Action.objects.get().objective)
    client.get(reverse("actions:plan"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("actions:plan"))
    big_plan(actions=500, updates=5000)
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("actions:plan"))
    assert response.content.decode().count('data-rag="') == 501
    assert len(large) == len(small)


def test_the_plan_downloads_as_a_spreadsheet_with_the_six_columns(client_as, board_member):
    action = ActionFactory(reference="D1.2", text="Introduce the questionnaire")
    ProgressUpdateFactory(action=action, text="Talks with CAMHS started")
    response = client_as(board_member).get(reverse("actions:plan-export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    for column in ("Objective", "Responsibility", "Timescale", "Action", "Outcome", "Latest progress"):
        assert column in header
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["Action"] == "Introduce the questionnaire"
    assert row["Latest progress"] == "Talks with CAMHS started"


def test_my_actions_lists_what_the_signed_in_person_owns(client_as, officer):
    person = PersonFactory(display_name="Owen Tresidder", kind=Person.Kind.OFFICER, user=officer)
    ActionFactory(text="Mine to do", owner=person)
    ActionFactory(text="Someone else's")
    page = client_as(officer).get(reverse("actions:my-actions")).content.decode()
    assert "Mine to do" in page and "Someone else" not in page


def test_my_actions_explains_when_the_account_is_not_linked(client_as, board_member):
    page = client_as(board_member).get(reverse("actions:my-actions")).content.decode()
    assert "not linked to anyone in the people directory" in page


def test_an_action_cites_a_recommendation_or_an_inspection(client_as, officer):
    action = ActionFactory()
    recommendation = RecommendationFactory(number="22")
    client = client_as(officer)
    url = reverse("actions:source-add", args=[action.pk])
    assert client.post(url, {"record": f"recommendation:{recommendation.pk}"}).status_code == 302
    assert client.post(url, {"kind": "inspection", "description": "Ofsted, January 2025"}).status_code == 302
    page = client.get(action.get_absolute_url()).content.decode()
    assert "Recommendation 22" in page and "Ofsted, January 2025" in page
    assert (
        client.post(url, {"record": f"recommendation:{recommendation.pk}"}).status_code == 400
    )  # already cited
    assert client.post(url, {"kind": "inspection"}).status_code == 400  # which one?
    assert client.post(url, {"record": "visit_report:1"}).status_code == 400
    assert ActionSource.objects.filter(action=action).count() == 2


def test_only_models_that_exist_can_be_sources(settings):
    assert "recommendation" in available_kinds()
    assert source_model("visit_report") is None or source_model("visit_report")._meta.app_label == "visits"
    decision = source_model("board_decision")
    assert decision is None or decision._meta.label == "board.Decision"


def test_the_plan_is_grouped_theme_objective_action_in_order():
    first, second = (
        ThemeFactory(name="Listen to children", position=1),
        ThemeFactory(name="Being healthy", position=2),
    )
    ActionFactory(objective=ObjectiveFactory(theme=second, position=1))
    ActionFactory(objective=ObjectiveFactory(theme=first, position=1))
    plan = build_plan(as_at=dt.date(2026, 5, 4))
    assert [t.theme.name for t in plan.themes] == ["Listen to children", "Being healthy"]
