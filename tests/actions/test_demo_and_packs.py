"""The demo council's plan, and the board-pack section and PDF."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from cpboard.actions.models import Action, Recommendation, Review, Theme
from cpboard.actions.packs import plan_section
from cpboard.actions.services.reporting import build_plan
from tests.factories.actions import ActionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC), tick=False)


def test_the_demo_plan_has_the_wirral_shape_a_review_and_some_overdue_actions():
    call_command("seed_demo", stdout=io.StringIO())
    themes = list(Theme.objects.values_list("name", flat=True))
    assert "Listen to children and young people and show we have acted" in themes
    assert "Being healthy" in themes and "Staying safe" in themes
    assert "Enjoying and achieving economic well-being" in themes
    assert Review.objects.get().recommendations.count() == 12
    plan = build_plan(as_at=dt.date(2026, 12, 1))
    assert plan.counts["overdue"] == 4
    assert Action.objects.filter(owners__person__user__username="officer").exists()
    assert Recommendation.objects.due_for_revisit(dt.date(2026, 12, 1)).count() >= 2
    counts = (Action.objects.count(), Action.history.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Action.objects.count(), Action.history.count()) == counts


def test_the_pack_section_puts_overdue_then_off_track_first():
    ActionFactory(text="Quietly on track", status="on_track", due_on=dt.date(2027, 6, 1))
    ActionFactory(text="Marked off track", status="off_track", due_on=dt.date(2027, 6, 1))
    ActionFactory(text="Past its month", status="on_track", due_on=dt.date(2026, 9, 1))
    RecommendationFactory(text="Revisit in twelve months")
    html = plan_section(None, as_at=dt.date(2026, 12, 1))
    attention = html[html.index("Needing attention") : html.index("Recommendation tracker")]
    assert attention.index("Past its month") < attention.index("Marked off track")
    assert "Quietly on track" not in attention
    assert "Revisit in twelve months" in html


def test_the_plan_pdf_downloads(client_as, board_member):
    ActionFactory(text="Refresh the Promise with the children in care council")
    response = client_as(board_member).get(reverse("actions:plan-pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Action plan progress at 01/12/2026" in text
    assert "Refresh the Promise" not in text or "Needing attention" in text
