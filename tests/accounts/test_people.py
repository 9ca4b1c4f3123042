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
