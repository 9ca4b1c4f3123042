"""Officers keep the indicator catalogue: list, add, change (audited, with optimistic locking)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from performance.models import Indicator, OutcomeArea
from performance.reference import catalogue
from performance.services.catalogue import catalogue_load
from tests.factories.performance import IndicatorFactory, OutcomeAreaFactory

pytestmark = pytest.mark.django_db


def indicator_data(indicator: Indicator, **changes) -> dict:
    data = {
        "code": indicator.code,
        "title": indicator.title,
        "definition": indicator.definition,
        "outcome_area": indicator.outcome_area_id,
        "unit": indicator.unit,
        "polarity": indicator.polarity,
        "tolerance": str(indicator.tolerance),
        "frequency": indicator.frequency,
        "cohort": indicator.cohort,
        "source": indicator.source,
        "is_proportion": "on" if indicator.is_proportion else "",
        "numerator_label": indicator.numerator_label,
        "denominator_label": indicator.denominator_label,
        "questions": indicator.questions,
        "dfe_measure": indicator.dfe_measure,
        "is_active": "on" if indicator.is_active else "",
        "order": indicator.order,
        "version": indicator.version,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_catalogue_lists_indicators_under_their_outcome_areas(client_as, officer, django_assert_num_queries):
    healthy = OutcomeAreaFactory(slug="being-healthy", name="Being healthy", order=1)
    safe = OutcomeAreaFactory(slug="staying-safe", name="Staying safe", order=2)
    IndicatorFactory(code="DENTAL", title="Dental checks", outcome_area=healthy)
    IndicatorFactory(code="PS-3PLUS", title="Three or more placements", outcome_area=safe)
    IndicatorFactory(code="FOSTER", title="Children living in foster care", outcome_area=safe)
    client = client_as(officer)
    # Signing in, permissions and the session take 11 (with savepoints); the page itself takes two queries
    # (outcome areas, then all their indicators) however many indicators there are.
    with django_assert_num_queries(13):
        response = client.get(reverse("performance:indicator-list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Being healthy") < html.index("Dental checks") < html.index("Staying safe")
    assert html.index("Staying safe") < html.index("Three or more placements")
    assert reverse("performance:indicator-edit", args=["FOSTER"]) in html
    assert reverse("performance:indicator-detail", args=["FOSTER"]) in html


def test_officer_change_is_saved_and_history_shows_it_with_the_author(client_as, officer):
    indicator = IndicatorFactory(code="DENTAL", title="Dental checks", tolerance=Decimal("3"))
    client = client_as(officer)
    response = client.post(
        reverse("performance:indicator-edit", args=["DENTAL"]),
        indicator_data(indicator, title="Dental check-ups", tolerance="2.5"),
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.title, indicator.tolerance, indicator.version) == (
        "Dental check-ups",
        Decimal("2.5"),
        2,
    )
    assert indicator.history.latest().history_user == officer

    history = client.get(reverse("core:record-history", args=["performance", "indicator", indicator.pk]))
    text = history.content.decode()
    assert "Dental checks" in text and "Dental check-ups" in text
    assert officer.get_full_name() in text


def test_stale_edit_shows_the_conflict_and_overwrites_nothing(client_as, officer):
    indicator = IndicatorFactory(code="DENTAL", title="Dental checks")
    form_shown_at = indicator_data(indicator)
    # Someone else saves first.
    indicator.title = "Dental checks (changed by a colleague)"
    indicator.version += 1
    indicator.save()

    response = client_as(officer).post(
        reverse("performance:indicator-edit", args=["DENTAL"]), {**form_shown_at, "title": "My new title"}
    )
    assert response.status_code == 409
    text = response.content.decode()
    assert "Someone else saved this record while you were editing it" in text
    assert "Dental checks (changed by a colleague)" in text  # theirs, beside what I typed
    assert "My new title" in text
    indicator.refresh_from_db()
    assert indicator.title == "Dental checks (changed by a colleague)"
    assert indicator.version == 2


def test_proportion_without_labels_is_refused_next_to_the_fields(client_as, officer):
    indicator = IndicatorFactory(code="DENTAL")
    response = client_as(officer).post(
        reverse("performance:indicator-edit", args=["DENTAL"]),
        indicator_data(indicator, numerator_label="", denominator_label="", unit="count"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "Say what the numerator counts" in form.errors["numerator_label"][0]
    assert "Say what the denominator counts" in form.errors["denominator_label"][0]
    assert form.errors["unit"] == [
        "An indicator entered as numerator and denominator is worked out as a percentage: choose Percentage, "
        "or untick “entered as numerator and denominator”."
    ]
    assert not form.non_field_errors()  # said once, next to the field, not again in general terms
    indicator.refresh_from_db()
    assert indicator.unit == "percent"


def test_negative_tolerance_and_missing_title_are_explained(client_as, officer):
    indicator = IndicatorFactory(code="DENTAL")
    response = client_as(officer).post(
        reverse("performance:indicator-edit", args=["DENTAL"]),
        indicator_data(indicator, tolerance="-1", title=""),
    )
    form = response.context["form"]
    assert form.errors["tolerance"] == ["Enter an amber tolerance of 0 or more."]
    assert form.errors["title"] == ["Enter the indicator's title."]
    assert 'href="#id_tolerance"' in response.content.decode()  # the error summary links to the field


def test_officer_adds_an_indicator_with_questions_one_per_line(client_as, officer):
    area = OutcomeAreaFactory()
    response = client_as(officer).post(
        reverse("performance:indicator-create"),
        {
            "code": "life-story",
            "title": "Life story work",
            "definition": "The share of children with an adoption plan who have a life story book.",
            "outcome_area": area.pk,
            "unit": "percent",
            "polarity": "higher",
            "tolerance": "5",
            "frequency": "quarterly",
            "cohort": "Children with an adoption plan",
            "source": "Local case records",
            "questions": "Who writes the book?\n\n  Do children keep a copy?  \n",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="LIFE-STORY")
    assert indicator.question_list == ["Who writes the book?", "Do children keep a copy?"]
    assert indicator.history.get().history_user == officer


def test_code_cannot_be_changed_once_the_indicator_exists(client_as, officer):
    indicator = IndicatorFactory(code="DENTAL")
    response = client_as(officer).post(
        reverse("performance:indicator-edit", args=["DENTAL"]), indicator_data(indicator, code="TEETH")
    )
    assert response.status_code == 302
    assert Indicator.objects.filter(code="DENTAL").exists()
    assert not Indicator.objects.filter(code="TEETH").exists()


def test_board_member_cannot_change_an_indicator(client_as, board_member):
    indicator = IndicatorFactory(code="DENTAL", title="Dental checks")
    response = client_as(board_member).post(
        reverse("performance:indicator-edit", args=["DENTAL"]), indicator_data(indicator, title="Changed")
    )
    assert response.status_code == 403
    indicator.refresh_from_db()
    assert indicator.title == "Dental checks"


def test_catalogue_load_adds_the_standard_set_and_never_overwrites_an_edit(officer):
    first = catalogue_load(by=officer)
    assert first.outcome_areas_created == 5
    assert first.indicators_created == len(catalogue.INDICATORS)
    assert list(OutcomeArea.objects.values_list("name", flat=True)) == [n for _, n in catalogue.OUTCOME_AREAS]
    health = Indicator.objects.get(code="HEALTH-ASSESS")
    assert health.dfe_measure == "health_assessment"
    assert len(health.question_list) == 3
    assert health.history.get().history_user == officer

    health.title = "Health assessments (our wording)"
    health.save()
    Indicator.objects.get(code="DENTAL").delete()
    again = catalogue_load(by=officer)
    assert (again.outcome_areas_created, again.indicators_created) == (0, 1)  # only the missing one
    assert Indicator.objects.get(code="HEALTH-ASSESS").title == "Health assessments (our wording)"
