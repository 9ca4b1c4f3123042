"""The people directory: officers keep it, administrators link accounts, and "My training" follows the link."""

import datetime as dt

import pytest
from django.urls import reverse

from cpboard.accounts.models import Appointment, Person
from cpboard.core.management.commands.purge_expired import purge_expired
from tests.factories.accounts import UserFactory
from tests.factories.training import PersonFactory, TrainingRecordFactory, induction_and_refresher

pytestmark = pytest.mark.django_db


def _person_data(**changes):
    data = {
        "display_name": "Aled Ashworth",
        "sort_name": "",
        "kind": "councillor",
        "ward": "Castle",
        "party": "Green",
        "started_on": "06/05/2024",
        "term_ends_on": "08/05/2028",
        "left_on": "",
        "email": "",
        "job_title": "",
        "organisation": "",
    }
    data.update(changes)
    return data


def test_an_officer_adds_a_councillor_who_never_signs_in(client_as, officer):
    response = client_as(officer).post(reverse("accounts:directory-create"), _person_data())
    person = Person.objects.get()
    assert response["Location"] == person.get_absolute_url()
    assert (person.sort_name, person.user) == ("Ashworth", None)
    assert person.history.latest().history_user == officer


def test_the_directory_searches_by_name_ward_and_party(client_as, officer):
    PersonFactory(display_name="Aled Ashworth", ward="Castle")
    PersonFactory(display_name="Bethan Bevan", ward="Harbour")
    PersonFactory(display_name="Left Long Ago", left_on=dt.date(2024, 5, 6))
    client = client_as(officer)
    page = client.get(reverse("accounts:directory"), {"q": "harb"}).content.decode()
    assert "Bethan Bevan" in page and "Aled Ashworth" not in page
    everyone = client.get(reverse("accounts:directory"), {"show": "all"}).content.decode()
    assert "Left Long Ago" in everyone
    assert "Left Long Ago" not in client.get(reverse("accounts:directory")).content.decode()


def test_dates_that_do_not_make_sense_are_refused_next_to_their_field(client_as, officer):
    response = client_as(officer).post(
        reverse("accounts:directory-create"),
        _person_data(term_ends_on="01/01/2020", kind="officer", is_senior_officer="", left_on="not a date"),
    )
    errors = response.context["form"].errors
    assert errors["term_ends_on"][0] == "The term of office must end after the start date."
    assert errors["ward"] == ["Only councillors have a ward, party or term of office. Clear it."]
    assert errors["left_on"] == ["Enter a real date. For example, 14/03/2026."]


def test_an_administrator_links_an_account_and_it_links_to_one_person_only(client_as, admin_user):
    account = UserFactory(username="cllr.ashworth")
    first = PersonFactory()
    second = PersonFactory()
    client = client_as(admin_user)
    url = reverse("accounts:directory-account", args=[first.pk])
    assert client.post(url, {"user": account.pk, "version": first.version}).status_code == 302
    refused = client.post(
        reverse("accounts:directory-account", args=[second.pk]),
        {"user": account.pk, "version": second.version},
    )
    assert "already linked to someone else" in refused.context["form"].errors["user"][0]


def test_appointments_that_overlap_are_refused(client_as, officer):
    person = PersonFactory(started_on=dt.date(2020, 5, 11))
    client = client_as(officer)
    url = reverse("accounts:appointment-create", args=[person.pk])
    assert (
        client.post(url, {"kind": "visitor", "started_on": "01/06/2024", "ended_on": ""}).status_code == 302
    )
    errors = (
        client.post(url, {"kind": "visitor", "started_on": "01/01/2025", "ended_on": ""})
        .context["form"]
        .errors
    )
    assert errors["started_on"][0].startswith("This overlaps another appointment")
    assert Appointment.objects.count() == 1


def test_my_training_shows_the_linked_persons_valid_until_dates(client_as, board_member):
    induction, refresher = induction_and_refresher()
    person = PersonFactory(display_name="Tomasz Nowak", user=board_member)
    TrainingRecordFactory(person=person, course=refresher, completed_on=dt.date(2025, 3, 11))
    page = client_as(board_member).get(reverse("training:my-training")).content.decode()
    assert "Corporate parenting induction" in page
    assert "10/03/2028" in page


def test_my_training_explains_kindly_when_the_account_has_no_person(client_as, cicc_member):
    page = client_as(cicc_member).get(reverse("training:my-training")).content.decode()
    assert "not linked to anyone in the people directory" in page


def test_people_without_accounts_are_anonymised_after_they_left_and_their_records_stay(settings):
    long_ago = PersonFactory(
        display_name="Glenys Morrow", email="g@thistledon.example", left_on=dt.date(2020, 5, 1)
    )
    record = TrainingRecordFactory(person=long_ago)
    recent = PersonFactory(display_name="Recent Leaver", left_on=dt.date.today())  # noqa: DTZ011
    with_account = PersonFactory(display_name="Has Account", left_on=dt.date(2020, 5, 1), user=UserFactory())

    steps = {s.label: s.count for s in purge_expired()}

    assert steps["people in the directory who left anonymised"] == 1
    long_ago.refresh_from_db()
    assert (long_ago.display_name, long_ago.email, long_ago.ward) == (f"Former person {long_ago.pk}", "", "")
    assert not long_ago.history.filter(display_name="Glenys Morrow").exists()
    assert long_ago.training_records.get() == record
    recent.refresh_from_db()
    with_account.refresh_from_db()
    assert recent.display_name == "Recent Leaver"
    assert with_account.display_name == "Has Account"
    assert {s.label: s.count for s in purge_expired()}["people in the directory who left anonymised"] == 0
