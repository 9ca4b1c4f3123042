"""Administrators add people and give them roles."""

import pytest
from django.urls import reverse

from cpboard.accounts.models import User
from cpboard.core.models import SecurityEvent

pytestmark = pytest.mark.django_db


def test_administrator_adds_a_person_with_roles_and_sees_the_first_password_once(client_as, admin_user):
    client = client_as(admin_user)
    response = client.post(
        reverse("accounts:person-create"),
        {
            "first_name": "Maya",
            "last_name": "Patel",
            "email": "maya@thistledon.example",
            "username": "mpatel",
            "organisation": "Thistledon Council",
            "job_title": "Councillor",
            "is_active": "on",
            "roles": ["board_member"],
        },
    )
    assert response.status_code == 200
    person = User.objects.get(username="mpatel")
    password = response.context["password"]
    assert password in response.content.decode()
    assert person.check_password(password)
    assert [g.name for g in person.groups.all()] == ["Board member"]
    assert person.history.latest().history_user == admin_user
    assert SecurityEvent.objects.filter(kind="role_added", subject=person, detail="Board member").exists()
    # Not kept anywhere else: the next page does not show it.
    assert password not in client.get(reverse("accounts:person-detail", args=[person.pk])).content.decode()


def test_adding_a_person_without_a_name_says_what_to_do(client_as, admin_user):
    response = client_as(admin_user).post(reverse("accounts:person-create"), {"username": "nobody"})
    assert response.status_code == 200
    assert "Enter the person&#x27;s first name." in response.content.decode()
    assert not User.objects.filter(username="nobody").exists()


def test_a_person_with_one_name_is_added_and_edited_without_inventing_a_surname(client_as, admin_user):
    from tests.factories.accounts import person_form_data

    client = client_as(admin_user)
    response = client.post(
        reverse("accounts:person-create"),
        {
            "first_name": "Zara",
            "last_name": "",
            "username": "zara",
            "is_active": "on",
            "roles": ["cicc_member"],
        },
    )
    assert response.status_code == 200, response.context["form"].errors
    person = User.objects.get(username="zara")
    assert (person.first_name, person.last_name, str(person)) == ("Zara", "", "Zara")

    edited = client.post(
        reverse("accounts:person-edit", args=[person.pk]),
        person_form_data(person, job_title="Youth voice", roles=["cicc_member"]),
    )
    assert edited.status_code == 302
    person.refresh_from_db()
    assert person.job_title == "Youth voice" and person.last_name == ""

    # Shown as the one name everywhere, with no stray space, and sorted by it among others' last names.
    from tests.factories.accounts import UserFactory

    UserFactory(username="a-yates", first_name="Al", last_name="Yates")
    UserFactory(username="b-adams", first_name="Bo", last_name="Adams")
    listing = client.get(reverse("accounts:person-list")).text
    assert ">Zara</a>" in listing
    assert listing.index(">Bo Adams<") < listing.index(">Al Yates<") < listing.index(">Zara<")
    assert '<h1 class="govuk-heading-l">Zara</h1>' in client.get(person.get_absolute_url()).text
    history = client.get(reverse("core:record-history", args=["accounts", "user", person.pk])).text
    assert "Zara" in history
    assert SecurityEvent.objects.filter(kind="role_added", subject=person).exists()
    assert ">Zara<" in client.get(reverse("accounts:security-log")).text.replace("\n", "").replace("  ", "")


def test_a_first_name_is_still_needed(client_as, admin_user):
    response = client_as(admin_user).post(
        reverse("accounts:person-create"), {"first_name": "", "last_name": "Jones", "username": "jones"}
    )
    assert "Enter the person&#x27;s first name." in response.text
    assert not User.objects.filter(username="jones").exists()
