"""Reviews and recommendations: responses, revisit dates, renumbering, links to the plan, the tracker and
the "due for revisit" list."""

import datetime as dt

import pytest
from django.urls import reverse

from cpboard.actions.models import (
    ActionSource,
    ObjectiveRecommendation,
    Recommendation,
    RecommendationProgress,
)
from cpboard.actions.sources import content_type_for
from tests.factories.actions import (
    ActionFactory,
    ObjectiveFactory,
    RecommendationFactory,
    RecommendationProgressFactory,
    ReviewFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC), tick=False)


def _data(**values):
    data = {
        "number": "3",
        "position": "3",
        "text": "That all councillors receive corporate parenting training",
        "addressee": "Director of People",
        "response": "accepted",
        "response_on": "01/10/2025",
        "revisit_on": "15/09/2026",
        "status": "open",
    }
    data.update(values)
    return data


def test_a_scrutiny_officer_records_a_recommendation_with_its_response(client_as, scrutiny_officer):
    review = ReviewFactory(reported_on=dt.date(2025, 9, 15))
    response = client_as(scrutiny_officer).post(
        reverse("actions:recommendation-create", args=[review.pk]), _data()
    )
    assert response.status_code == 302
    recommendation = Recommendation.objects.get(review=review)
    assert recommendation.response == "accepted"
    assert recommendation.history.latest().history_user == scrutiny_officer


def test_a_revisit_date_before_the_report_is_refused(client_as, scrutiny_officer):
    review = ReviewFactory(reported_on=dt.date(2025, 9, 15))
    response = client_as(scrutiny_officer).post(
        reverse("actions:recommendation-create", args=[review.pk]), _data(revisit_on="01/09/2025")
    )
    assert response.status_code == 200
    assert (
        "The revisit date must be on or after the review’s report of 15/09/2025"
        in response.content.decode().replace("'", "’").replace("&#x27;", "’")
    )
    assert not Recommendation.objects.exists()


def test_a_response_needs_its_date_and_numbers_are_unique_in_a_review(client_as, scrutiny_officer):
    review = ReviewFactory()
    RecommendationFactory(review=review, number="3")
    client = client_as(scrutiny_officer)
    page = client.post(
        reverse("actions:recommendation-create", args=[review.pk]), _data(response_on="")
    ).content.decode()
    assert "Enter the date of the council" in page
    assert "already has a recommendation 3" in page


def test_renumbering_keeps_the_links_and_commentary(client_as, scrutiny_officer):
    objective = ObjectiveFactory()
    recommendation = RecommendationFactory(number="11")
    ObjectiveRecommendation.objects.create(objective=objective, recommendation=recommendation)
    RecommendationProgressFactory(recommendation=recommendation)
    data = _data(
        number="13",
        also_numbered="11 in the conclusions",
        version=recommendation.version,
        linked_objectives=[objective.pk],
    )
    response = client_as(scrutiny_officer).post(
        reverse("actions:recommendation-edit", args=[recommendation.pk]), data
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.number == "13"
    assert list(recommendation.objectives.all()) == [objective]
    assert recommendation.progress.count() == 1
    assert [h.number for h in recommendation.history.order_by("history_id")] == ["11", "13"]


def test_a_linked_action_shows_on_the_tracker_with_its_rag(client_as, board_member):
    recommendation = RecommendationFactory(number="6", text="Refresh the website for children in care")
    overdue = ActionFactory(reference="A2.1", due_on=dt.date(2026, 3, 1))
    ActionSource.objects.create(
        action=overdue,
        kind="recommendation",
        source_type=content_type_for("recommendation"),
        source_id=recommendation.pk,
    )
    through_objective = ActionFactory(reference="D1.1", status="on_track", due_on=dt.date(2026, 9, 1))
    ObjectiveRecommendation.objects.create(
        objective=through_objective.objective, recommendation=recommendation
    )
    RecommendationProgressFactory(recommendation=recommendation, text="Website relaunched in February")
    page = client_as(board_member).get(reverse("actions:tracker")).content.decode()
    assert "Refresh the website for children in care" in page
    assert "Website relaunched in February" in page
    row = page[page.index(f'id="recommendation-{recommendation.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "A2.1" in row and "Overdue" in row
    assert "D1.1" in row and "On track" in row
    detail = client_as(board_member).get(recommendation.get_absolute_url()).content.decode()
    assert "A2.1" in detail and "D1.1" in detail


def test_a_scrutiny_officer_links_actions_from_the_recommendation(client_as, scrutiny_officer):
    recommendation = RecommendationFactory()
    action = ActionFactory()
    data = _data(number=recommendation.number, version=recommendation.version, linked_actions=[action.pk])
    client = client_as(scrutiny_officer)
    assert (
        client.post(reverse("actions:recommendation-edit", args=[recommendation.pk]), data).status_code == 302
    )
    assert ActionSource.objects.filter(action=action, source_id=recommendation.pk).exists()
    recommendation.refresh_from_db()
    data["version"] = recommendation.version
    data["linked_actions"] = []
    assert (
        client.post(reverse("actions:recommendation-edit", args=[recommendation.pk]), data).status_code == 302
    )
    assert not ActionSource.objects.filter(action=action).exists()


def test_due_for_revisit_until_commentary_is_written(client_as, scrutiny_officer):
    due = RecommendationFactory(revisit_on=dt.date(2026, 4, 30), text="Revisit the pledge in twelve months")
    RecommendationFactory(revisit_on=dt.date(2026, 6, 1), text="Coming up soon")
    RecommendationFactory(revisit_on=dt.date(2026, 4, 1), status="implemented", text="Already implemented")
    client = client_as(scrutiny_officer)
    page = client.get(reverse("actions:revisits")).content.decode()
    due_part, coming_part = page.split("Coming up in the next eight weeks")
    assert "Revisit the pledge" in due_part
    assert "Coming up soon" in coming_part
    assert "Already implemented" not in page
    response = client.post(
        reverse("actions:commentary-add", args=[due.pk]),
        {"written_on": "04/05/2026", "text": "Panel revisited it"},
    )
    assert response.status_code == 302
    assert RecommendationProgress.objects.get(recommendation=due).author == scrutiny_officer
    assert "Revisit the pledge" not in client.get(reverse("actions:revisits")).content.decode()


def test_commentary_cannot_predate_the_review(client_as, scrutiny_officer):
    recommendation = RecommendationFactory(review=ReviewFactory(reported_on=dt.date(2025, 9, 15)))
    response = client_as(scrutiny_officer).post(
        reverse("actions:commentary-add", args=[recommendation.pk]),
        {"written_on": "01/01/2025", "text": "Early"},
    )
    assert response.status_code == 400
    assert "before the review" in response.content.decode()
