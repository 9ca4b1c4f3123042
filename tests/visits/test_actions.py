"""Actions arising: required owner and due date, the manager's response for their own home only, updates,
overdue flags, earlier open actions shown to the next visitor, and the generic link to the action plan."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import signed_in
from tests.factories.training import PersonFactory
from tests.factories.visits import ActionFactory, HomeFactory, VisitFactory
from visits.models import Action
from visits.services.actions import plan_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(visitor_user, last_month):
    visit = VisitFactory(period_start=last_month)
    visit.visitors.add(PersonFactory(user=visitor_user))
    return visit


def test_an_action_needs_an_owner_and_a_due_date(client, visitor_user, visit):
    response = signed_in(client, visitor_user).post(
        reverse("visits:action-create", args=[visit.pk]), {"what": "Fix the gate", "owner": "", "due_on": ""}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter who will do it" in page and "Enter the date it must be done by" in page
    response = client.post(
        reverse("visits:action-create", args=[visit.pk]),
        {"what": "Fix the gate", "owner": "Registered manager", "due_on": "15/01/2027"},
    )
    assert response.status_code == 302
    assert Action.objects.get().history.first().history_change_reason == "Action recorded"


def test_only_the_homes_manager_responds(client, manager_user, visit):
    action = ActionFactory(visit=visit)
    signed_in(client, manager_user)
    assert client.get(reverse("visits:action-respond", args=[action.pk])).status_code == 404  # not their home
    visit.home.manager = PersonFactory(user=manager_user)
    visit.home.save()
    response = client.post(
        reverse("visits:action-respond", args=[action.pk]),
        {"manager_response": "Contractor booked for Monday.", "status": "in_progress", "version": "1"},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (
        action.manager_response == "Contractor booked for Monday."
        and action.responded_on == timezone.localdate()
    )
    assert action.history.first().history_change_reason == "The home responded"


def test_a_response_cannot_be_blank(client, manager_user, visit):
    visit.home.manager = PersonFactory(user=manager_user)
    visit.home.save()
    action = ActionFactory(visit=visit)
    response = signed_in(client, manager_user).post(
        reverse("visits:action-respond", args=[action.pk]),
        {"manager_response": "", "status": "open", "version": "1"},
    )
    assert response.status_code == 400
    assert "Write the home" in response.content.decode()


def test_officers_add_dated_updates_and_overdue_is_shown(client, officer, visit):
    action = ActionFactory(visit=visit, due_on=timezone.localdate() - dt.timedelta(days=3))
    signed_in(client, officer)
    page = client.get(reverse("visits:action-detail", args=[action.pk])).content.decode()
    assert "Overdue" in page
    client.post(reverse("visits:action-update", args=[action.pk]), {"text": "Chased the contractor."})
    page = client.get(reverse("visits:action-detail", args=[action.pk])).content.decode()
    assert "Chased the contractor." in page and f"{timezone.localdate():%d/%m/%Y}" in page


def test_the_next_report_lists_earlier_open_actions(client, visitor_user, visit, this_month):
    ActionFactory(visit=visit, what="Repair the fence.")
    ActionFactory(visit=visit, what="Already done.", status=Action.Status.DONE)
    later = VisitFactory(home=visit.home, period_start=this_month)
    later.visitors.add(visitor_user.person)
    page = (
        signed_in(client, visitor_user).get(reverse("visits:report-edit", args=[later.pk])).content.decode()
    )
    assert "Earlier actions to check" in page and "Repair the fence." in page and "Already done." not in page


def test_raising_to_the_action_plan_is_checked_against_the_plan(client, officer, visit):
    action = ActionFactory(visit=visit)
    response = signed_in(client, officer).post(
        reverse("visits:action-raise", args=[action.pk]), {"plan_id": "999999"}
    )
    assert response.status_code == 400
    assert "has no item number 999999" in response.content.decode()
    action.refresh_from_db()
    assert action.plan_id is None


def test_an_action_raised_to_the_action_plan_links_to_the_plans_action(client, officer, visit):
    from django.contrib.contenttypes.models import ContentType

    from cpboard.actions.models import Action as PlanAction
    from tests.factories.actions import ActionFactory as PlanActionFactory

    assert plan_model() is PlanAction
    planned = PlanActionFactory()
    action = ActionFactory(visit=visit)
    response = signed_in(client, officer).post(
        reverse("visits:action-raise", args=[action.pk]), {"plan_id": str(planned.pk)}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.plan_type, action.plan_id) == (ContentType.objects.get_for_model(PlanAction), planned.pk)
    assert action.history.first().history_change_reason


def test_a_visitor_cannot_add_actions_to_someone_elses_visit(client, visitor_user):
    other = VisitFactory(home=HomeFactory())
    response = signed_in(client, visitor_user).get(reverse("visits:action-create", args=[other.pk]))
    assert response.status_code == 404
