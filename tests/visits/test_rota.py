"""The rota: visitors must hold valid visitor training on the visit date; conflicting declarations need a
reason; one visit per home and period; unannounced dates hidden from the home."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.conftest import signed_in
from tests.factories.training import PersonFactory
from tests.factories.visits import (
    DeclarationFactory,
    HomeFactory,
    VisitFactory,
    trained_visitor,
    untrained_visitor,
    visitor_course,
)
from training.models import add_months
from visits.models import Assignment, Home, Visit
from visits.periods import period_containing, periods_between

pytestmark = pytest.mark.django_db


def _post(client, home, people, month, **extra):
    data = {
        "home": home.pk,
        "regulation": "44",
        "month": f"{month:%d/%m/%Y}",
        "planned_on": f"{month + dt.timedelta(days=9):%d/%m/%Y}",
        "announced": "on",
        "people": [p.pk for p in people],
        **extra,
    }
    return client.post(reverse("visits:rota-create"), data)


def test_an_officer_puts_a_trained_visitor_on_the_rota(client, officer, this_month):
    home = HomeFactory()
    visitor = trained_visitor(display_name="Bryn Ashworth")
    response = _post(signed_in(client, officer), home, [visitor], this_month)
    assert response.status_code == 302
    visit = Visit.objects.get(home=home)
    assert visit.period_start == this_month
    assert list(visit.visitors.all()) == [visitor]
    assert visit.history.first().history_change_reason == "Added to the rota"


def test_a_visitor_without_training_is_refused_with_the_reason(client, officer, this_month):
    home = HomeFactory()
    visitor_course()
    never = untrained_visitor(display_name="Orla Lister")
    response = _post(signed_in(client, officer), home, [never], this_month)
    assert response.status_code == 400
    assert "Orla Lister cannot visit" in response.content.decode()
    assert "never done" in response.content.decode()
    assert not Visit.objects.exists()


def test_expired_training_is_refused_on_the_visit_date(client, officer, this_month):
    home = HomeFactory()
    lapsed = trained_visitor(display_name="Wyn Marsden", completed_on=add_months(this_month, -25))
    response = _post(signed_in(client, officer), home, [lapsed], this_month)
    assert response.status_code == 400
    assert "expired on" in response.content.decode()


def test_the_page_says_clearly_when_the_visitor_course_is_missing(client, officer, this_month):
    home = HomeFactory()
    person = untrained_visitor()
    response = _post(signed_in(client, officer), home, [person], this_month)
    assert "no Regulation 33/44 visitor course" in response.content.decode()
    assert "no Regulation 33/44 visitor course" in client.get(reverse("visits:rota")).content.decode()
    assert not Visit.objects.exists()


def test_a_conflicting_declaration_needs_a_recorded_reason(client, officer, this_month):
    home = HomeFactory()
    visitor = trained_visitor(display_name="Ceri Bevan")
    DeclarationFactory(person=visitor, made_on=add_months(this_month, -2), financial_interest=True)
    signed_in(client, officer)
    response = _post(client, home, [visitor], this_month)
    assert response.status_code == 400
    page = response.content.decode()
    assert "financial interest" in page and "Record why they should" in page
    response = _post(
        client, home, [visitor], this_month, override_reason="No other trained visitor this month."
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get(person=visitor)
    assert assignment.override_reason == "No other trained visitor this month."


def test_a_declaration_about_another_home_is_no_conflict(client, officer, this_month):
    home, other = HomeFactory(), HomeFactory()
    visitor = trained_visitor()
    declaration = DeclarationFactory(
        person=visitor, made_on=add_months(this_month, -2), commissions_or_funds=True
    )
    declaration.homes.set([other])
    assert _post(signed_in(client, officer), home, [visitor], this_month).status_code == 302


def test_a_second_visit_for_the_same_month_is_refused(client, officer, this_month):
    home = HomeFactory()
    visitor = trained_visitor()
    VisitFactory(home=home, period_start=this_month)
    response = _post(signed_in(client, officer), home, [visitor], this_month)
    assert response.status_code == 400
    assert "already has a visit on the rota" in response.content.decode()


def test_the_planned_date_must_be_in_the_month(client, officer, this_month):
    home = HomeFactory()
    visitor = trained_visitor()
    response = _post(
        signed_in(client, officer),
        home,
        [visitor],
        this_month,
        planned_on=f"{add_months(this_month, 1):%d/%m/%Y}",
    )
    assert response.status_code == 400
    assert "The planned date must be in" in response.content.decode()


def test_only_people_on_the_visitors_list_are_offered(client, officer):
    on_list = trained_visitor(display_name="Listed Visitor")
    PersonFactory(display_name="Not A Visitor")
    page = signed_in(client, officer).get(reverse("visits:rota-create")).content.decode()
    assert on_list.display_name in page and "Not A Visitor" not in page


def test_changing_the_rota_with_a_stale_form_is_a_conflict(client, officer, this_month):
    visitor = trained_visitor()
    visit = VisitFactory(period_start=this_month, planned_on=this_month + dt.timedelta(days=3))
    signed_in(client, officer)
    data = {
        "home": visit.home.pk,
        "regulation": "44",
        "month": f"{this_month:%d/%m/%Y}",
        "planned_on": f"{this_month + dt.timedelta(days=5):%d/%m/%Y}",
        "people": [visitor.pk],
        "version": "1",
    }
    assert client.post(reverse("visits:rota-edit", args=[visit.pk]), data).status_code == 302
    response = client.post(reverse("visits:rota-edit", args=[visit.pk]), data)  # version 1 again
    assert response.status_code == 409
    assert "Someone else saved this record" in response.content.decode()


def test_unannounced_dates_are_hidden_from_the_homes_manager(client, manager_user, this_month):
    manager = PersonFactory(user=manager_user)
    home = HomeFactory(manager=manager)
    visitor = trained_visitor()
    visit = VisitFactory(
        home=home, period_start=this_month, planned_on=this_month + dt.timedelta(days=20), announced=False
    )
    visit.visitors.add(visitor)
    page = (
        signed_in(client, manager_user).get(reverse("visits:visit-detail", args=[visit.pk])).content.decode()
    )
    assert f"{visit.planned_on:%d/%m/%Y}" not in page
    page = client.get(reverse("visits:home-detail", args=[home.pk])).content.decode()
    assert "Unannounced" in page and f"{visit.planned_on:%d/%m/%Y}" not in page


def test_residential_special_schools_are_due_every_half_term():
    periods = periods_between(dt.date(2026, 9, 1), dt.date(2027, 8, 31), half_term=True)
    assert len(periods) == 6
    assert period_containing(dt.date(2026, 10, 20), half_term=True).start == dt.date(2026, 9, 1)
    assert period_containing(dt.date(2027, 2, 1), half_term=True).end == dt.date(2027, 2, 28)
    assert Home(kind=Home.Kind.SPECIAL_SCHOOL).frequency_text == "Every half term"
