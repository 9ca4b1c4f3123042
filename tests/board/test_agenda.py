"""The agenda: adding items (narrative or a live section with its options), reordering, removing (never a
standing item), minutes per item, decisions and the action a decision creates."""

import datetime as dt

import pytest
from django.urls import reverse

from cpboard.actions.models import Action, ActionSource
from cpboard.board.models import AgendaItem, Decision, Section
from cpboard.board.services.meetings import create_meeting
from tests.factories.accounts import UserFactory
from tests.factories.actions import ObjectiveFactory
from tests.factories.board import AgendaItemFactory, BoardFactory, DecisionFactory
from tests.factories.performance import OutcomeAreaFactory
from tests.factories.pledge import SurveyFactory
from tests.factories.training import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    from zoneinfo import ZoneInfo

    when = dt.datetime(2026, 6, 10, 14, 0, tzinfo=ZoneInfo("Europe/London"))
    return create_meeting(BoardFactory(), starts_at=when, place="Committee Room 1", by=UserFactory())


def _titles(meeting):
    return list(meeting.items.order_by("position").values_list("title", flat=True))


def test_adding_a_live_scorecard_section_for_one_outcome_area(client_as, scrutiny_officer, meeting):
    area = OutcomeAreaFactory(slug="staying-safe", name="Staying safe")
    presenter = PersonFactory(display_name="Priya Performance Lead", kind="officer")
    client = client_as(scrutiny_officer)
    response = client.post(
        reverse("board:item-create", args=[meeting.pk]),
        {
            "title": "Quarterly performance",
            "section": Section.SCORECARD,
            "area": area.slug,
            "presenter": presenter.pk,
        },
    )
    assert response.status_code == 302
    item = meeting.items.get(title="Quarterly performance")
    assert item.section == Section.SCORECARD and item.section_options == {"area": "staying-safe"}
    assert item.position == 6  # after the five standing items
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Live section:</strong> Performance scorecard (Staying safe)" in page
    assert "Presented by Priya Performance Lead" in page


def test_a_survey_section_must_say_which_survey(client_as, scrutiny_officer, meeting):
    survey = SurveyFactory(title="Pledge survey 2026")
    client = client_as(scrutiny_officer)
    url = reverse("board:item-create", args=[meeting.pk])
    response = client.post(url, {"title": "What children told us", "section": Section.SURVEY_RESULTS})
    assert response.status_code == 200
    assert "Choose which pledge survey this section shows." in response.content.decode()
    client.post(
        url, {"title": "What children told us", "section": Section.SURVEY_RESULTS, "survey": survey.pk}
    )
    assert meeting.items.get(title="What children told us").section_options == {"survey": survey.pk}


def test_items_move_up_and_down_and_standing_items_can_be_moved(client_as, scrutiny_officer, meeting):
    client = client_as(scrutiny_officer)
    cicc = meeting.items.get(kind=AgendaItem.Kind.CICC)
    client.post(reverse("board:item-move", args=[cicc.pk]), {"direction": "up", "version": cicc.version})
    assert _titles(meeting)[:4] == [
        "Apologies for absence",
        "Minutes of the last meeting",
        "Children in Care Council update",
        "Matters arising",
    ]
    apologies = meeting.items.get(kind=AgendaItem.Kind.APOLOGIES)
    client.post(
        reverse("board:item-move", args=[apologies.pk]), {"direction": "up", "version": apologies.version}
    )
    assert _titles(meeting)[0] == "Apologies for absence"  # already first: nothing changes
    stale = meeting.items.get(kind=AgendaItem.Kind.PLAN)
    client.post(
        reverse("board:item-move", args=[stale.pk]), {"direction": "up", "version": stale.version + 5}
    )
    assert _titles(meeting)[-1] == "Action-plan progress"  # a stale page moves nothing


def test_a_standing_item_cannot_be_removed_but_a_report_can(client_as, scrutiny_officer, meeting):
    client = client_as(scrutiny_officer)
    standing = meeting.items.get(kind=AgendaItem.Kind.MINUTES)
    response = client.post(reverse("board:item-remove", args=[standing.pk]))
    assert response.status_code == 400 and "standing item" in response.content.decode()
    assert meeting.items.filter(pk=standing.pk).exists()
    report = AgendaItemFactory(meeting=meeting)
    assert client.post(reverse("board:item-remove", args=[report.pk])).status_code == 302
    assert not meeting.items.filter(pk=report.pk).exists()


def test_minutes_of_an_item_are_saved_and_shown(client_as, scrutiny_officer, meeting):
    item = meeting.items.get(kind=AgendaItem.Kind.CICC)
    client = client_as(scrutiny_officer)
    response = client.post(
        reverse("board:item-minutes", args=[item.pk]),
        {
            "minutes": "The council's young people presented their film about moving placements.",
            "version": item.version,
        },
    )
    assert response.status_code == 302
    assert "presented their film" in client.get(meeting.get_absolute_url()).content.decode()
    stale = client.post(
        reverse("board:item-minutes", args=[item.pk]), {"minutes": "Other", "version": item.version}
    )
    assert stale.status_code == 409


def test_a_decision_creates_an_action_in_the_plan_citing_it(client_as, scrutiny_officer, meeting):
    item = meeting.items.get(kind=AgendaItem.Kind.PLAN)
    client = client_as(scrutiny_officer)
    client.post(
        reverse("board:decision-create", args=[meeting.pk]),
        {"item": item.pk, "text": "The board asked for a plan to raise health assessment timeliness."},
    )
    decision = Decision.objects.get()
    assert decision.item == item
    objective = ObjectiveFactory()
    owner = PersonFactory(display_name="Sam Health Lead", kind="officer")
    url = reverse("board:decision-action", args=[decision.pk])
    response = client.post(
        url,
        {
            "objective": objective.pk,
            "text": "Weekly tracking of health assessments",
            "due_on": "31/03/2027",
            "owner": owner.pk,
            "version": decision.version,
        },
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    action = decision.plan_action
    assert action is not None and action.objective == objective and action.due_on == dt.date(2027, 3, 31)
    assert list(action.owners.values_list("person__display_name", flat=True)) == ["Sam Health Lead"]
    source = ActionSource.objects.get(action=action)
    assert source.kind == ActionSource.Kind.BOARD_DECISION and source.source_id == decision.pk
    # a second try (two clicks) creates nothing more
    again = client.post(url, {"objective": objective.pk, "text": "Again", "version": decision.version})
    assert again.status_code == 409 and Action.objects.count() == 1
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "In the action plan:" in page and "Weekly tracking of health assessments" in page


def test_a_decision_action_needs_an_objective(client_as, scrutiny_officer):
    decision = DecisionFactory()
    response = client_as(scrutiny_officer).post(
        reverse("board:decision-action", args=[decision.pk]), {"text": "", "version": decision.version}
    )
    page = response.content.decode()
    assert response.status_code == 200 and not Action.objects.exists()
    assert "Choose the objective the action comes under." in page


def test_officers_cannot_change_the_agenda(client_as, officer, meeting):
    item = meeting.items.first()
    client = client_as(officer)
    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert client.get(reverse("board:item-edit", args=[item.pk])).status_code == 403
    assert client.post(reverse("board:item-move", args=[item.pk]), {"direction": "down"}).status_code == 403
