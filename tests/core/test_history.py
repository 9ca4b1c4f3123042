"""The History page: who changed which field, from what, to what, and when."""

import pytest
from django.urls import reverse

from cpboard.accounts.models import User
from tests.factories.accounts import UserFactory, person_form_data

pytestmark = pytest.mark.django_db


def _edit(client, person, **changes):
    return client.post(reverse("accounts:person-edit", args=[person.pk]), person_form_data(person, **changes))


def test_a_record_edited_twice_shows_both_changes_with_their_authors(client, client_as, admin_user):
    second_admin = UserFactory(
        username="second-admin", first_name="Rita", last_name="Okoro", roles=["administrator"]
    )
    person = UserFactory(username="cllr-lee", first_name="Sam", last_name="Lee", job_title="Councillor")

    assert _edit(client_as(admin_user), person, job_title="Vice-chair").status_code == 302
    person.refresh_from_db()
    client.logout()
    assert _edit(client_as(second_admin), person, organisation="Thistledon Borough").status_code == 302

    client.logout()
    page = client_as(admin_user).get(reverse("core:record-history", args=["accounts", "user", person.pk]))
    html = page.content.decode()
    assert f"Changed by {admin_user.get_full_name()}" in html
    assert "Councillor" in html and "Vice-chair" in html
    assert "Changed by Rita Okoro" in html
    assert "Thistledon Borough" in html
    entries = page.context["entries"]
    assert [e.who for e in entries[:2]] == ["Rita Okoro", admin_user.get_full_name()]
    assert [(c.field, c.old, c.new) for c in entries[1].changes] == [
        ("Job title or position", "Councillor", "Vice-chair")
    ]


def test_history_shows_choice_labels_and_blank_values_in_plain_english(client_as, admin_user):
    person = UserFactory(username="someone", organisation="")
    person.is_active = False
    person._history_user = admin_user
    person.save()
    entries = (
        client_as(admin_user)
        .get(reverse("core:record-history", args=["accounts", "user", person.pk]))
        .context["entries"]
    )
    assert ("Active", "Yes", "No") in [(c.field, c.old, c.new) for c in entries[0].changes]


def test_history_of_unknown_kind_of_record_is_not_found(client_as, admin_user):
    response = client_as(admin_user).get(reverse("core:record-history", args=["auth", "permission", 1]))
    assert response.status_code == 404


def test_history_needs_permission_to_see_that_kind_of_record(client_as, board_member):
    person = UserFactory(username="private-person")
    response = client_as(board_member).get(
        reverse("core:record-history", args=["accounts", "user", person.pk])
    )
    assert response.status_code == 403
    assert User.objects.filter(pk=person.pk).exists()
