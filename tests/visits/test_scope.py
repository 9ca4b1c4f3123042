"""Who sees what: the same scope on lists, pages, History, exports and PDFs; 404 outside it; 403 for a
board member asking for a full report."""

import pytest
from django.urls import reverse

from cpboard.core import roles
from tests.conftest import make_person, signed_in
from tests.factories.training import PersonFactory
from tests.factories.visits import ActionFactory, HomeFactory, VisitFactory
from visits.models import Action, Home, Visit

pytestmark = pytest.mark.django_db


def _history(obj):
    return reverse(
        "core:record-history",
        kwargs={"app_label": obj._meta.app_label, "model_name": obj._meta.model_name, "pk": obj.pk},
    )


def test_an_independent_visitor_sees_only_their_visits_and_homes(client, visitor_user):
    mine = VisitFactory(home=HomeFactory(name="Mine House"))
    mine.visitors.add(PersonFactory(user=visitor_user))
    theirs = VisitFactory(home=HomeFactory(name="Other House"))
    signed_in(client, visitor_user)
    assert list(Visit.objects.visible_to(visitor_user)) == [mine]
    assert list(Home.objects.visible_to(visitor_user)) == [mine.home]
    page = client.get(reverse("visits:home-list")).content.decode()
    assert "Mine House" in page and "Other House" not in page
    assert client.get(reverse("visits:visit-detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("visits:home-detail", args=[theirs.home.pk])).status_code == 404
    assert client.get(_history(mine)).status_code == 200
    assert client.get(_history(theirs)).status_code == 404
    assert "Mine House" in client.get(reverse("visits:my-visits")).content.decode()


def test_a_home_manager_sees_only_their_home(client, manager_user):
    home = HomeFactory(manager=PersonFactory(user=manager_user))
    mine, theirs = VisitFactory(home=home), VisitFactory(home=HomeFactory())
    action = ActionFactory(visit=theirs)
    signed_in(client, manager_user)
    assert client.get(reverse("visits:visit-detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("visits:visit-detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("visits:action-detail", args=[action.pk])).status_code == 404
    assert client.get(_history(action)).status_code == 404
    assert list(Action.objects.visible_to(manager_user)) == []


def test_a_board_member_gets_403_on_a_report_and_404_outside_the_councils_homes(client, board_member):
    council = VisitFactory(home=HomeFactory(ownership=Home.Ownership.COUNCIL))
    independent = VisitFactory(home=HomeFactory(ownership=Home.Ownership.INDEPENDENT))
    signed_in(client, board_member)
    assert client.get(reverse("visits:visit-detail", args=[council.pk])).status_code == 403
    assert client.get(reverse("visits:report-pdf", args=[council.pk])).status_code == 403
    assert client.get(reverse("visits:visit-detail", args=[independent.pk])).status_code == 404
    assert client.get(reverse("visits:summary")).status_code == 200
    assert client.get(reverse("visits:compliance")).status_code == 200


def test_officers_and_administrators_see_everything(db):
    VisitFactory(), VisitFactory(home=HomeFactory(ownership=Home.Ownership.INDEPENDENT))
    for slug in (roles.OFFICER, roles.ADMINISTRATOR):
        assert Visit.objects.visible_to(make_person(slug)).count() == 2


def test_the_compliance_export_is_scoped(client, board_member):
    HomeFactory(name="Council Home")
    HomeFactory(name="Private Home", ownership=Home.Ownership.INDEPENDENT)
    content = (
        signed_in(client, board_member)
        .get(reverse("visits:compliance-export", args=["csv"]))
        .content.decode()
    )
    assert "Council Home" in content and "Private Home" not in content
