"""Someone must always be able to manage people: the last active administrator cannot be deactivated or
lose the Administrator role, by themselves or anyone else, even when two administrators act at once."""

from __future__ import annotations

import threading

import pytest
from django import db
from django.test import Client
from django.urls import reverse

from cpboard.accounts.views import ONLY_ADMINISTRATOR, ONLY_ADMINISTRATOR_YOU
from cpboard.core import roles
from tests.conftest import make_person, signed_in
from tests.factories.accounts import UserFactory, person_form_data


def _edit(client, person, **changes):
    person.refresh_from_db()
    return client.post(reverse("accounts:person-edit", args=[person.pk]), person_form_data(person, **changes))


def _is_active_admin(person) -> bool:
    person.refresh_from_db()
    return person.is_active and roles.has_role(type(person).objects.get(pk=person.pk), roles.ADMINISTRATOR)


@pytest.mark.django_db
def test_the_only_administrator_cannot_deactivate_themselves(client, admin_user):
    response = _edit(signed_in(client, admin_user), admin_user, roles=[roles.ADMINISTRATOR], is_active="")

    assert response.status_code == 200
    assert response.context["form"].errors["is_active"] == [ONLY_ADMINISTRATOR_YOU]
    assert "You are the only administrator: give someone else the Administrator role first." in response.text
    assert _is_active_admin(admin_user)


@pytest.mark.django_db
def test_the_only_administrator_cannot_remove_their_own_role(client, admin_user):
    response = _edit(signed_in(client, admin_user), admin_user, roles=[roles.OFFICER])

    assert response.status_code == 200
    assert response.context["form"].errors["roles"] == [ONLY_ADMINISTRATOR_YOU]
    assert _is_active_admin(admin_user)
    assert not roles.has_role(admin_user, roles.OFFICER)  # nothing of the edit was saved


@pytest.mark.django_db
def test_nobody_else_can_deactivate_or_unrole_the_last_active_administrator(client, admin_user):
    break_glass = UserFactory(username="break-glass", is_superuser=True)
    retired = make_person(roles.ADMINISTRATOR, username="retired-admin", is_active=False)  # does not count
    signed_in(client, break_glass)

    for changes in ({"is_active": "", "roles": [roles.ADMINISTRATOR]}, {"roles": []}):
        response = _edit(client, admin_user, **changes)
        field = "is_active" if "is_active" in changes else "roles"
        assert response.context["form"].errors[field] == [ONLY_ADMINISTRATOR.format(person=admin_user)]
        assert _is_active_admin(admin_user)
    assert not _is_active_admin(retired)


@pytest.mark.django_db
def test_with_a_second_administrator_either_may_step_down(client, admin_user):
    other = make_person(roles.ADMINISTRATOR, username="second-admin")
    response = _edit(signed_in(client, admin_user), admin_user, roles=[roles.OFFICER])
    assert response.status_code == 302
    assert not _is_active_admin(admin_user)
    assert _is_active_admin(other)


@pytest.mark.django_db(transaction=True)
@pytest.mark.xdist_group("races")
def test_two_administrators_removing_each_others_role_at_once_leave_one(admin_user):
    other = make_person(roles.ADMINISTRATOR, username="second-admin")
    pairs = [(admin_user, other), (other, admin_user)]
    clients = [signed_in(Client(), actor) for actor, _ in pairs]
    data = [person_form_data(target, roles=[roles.OFFICER]) for _, target in pairs]
    barrier = threading.Barrier(2)
    responses: list = [None, None]

    def act(n: int) -> None:
        try:
            barrier.wait()
            target = pairs[n][1]
            responses[n] = clients[n].post(reverse("accounts:person-edit", args=[target.pk]), data[n])
        finally:
            db.connection.close()

    threads = [threading.Thread(target=act, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # One change is saved. The other is refused: beside the field if both were deciding at once, or as a 403
    # if the first had already committed before the second request was checked (its sender was no longer
    # an administrator). Either way one administrator is left.
    codes = sorted(r.status_code for r in responses)
    assert codes in ([200, 302], [302, 403]), codes
    assert [_is_active_admin(admin_user), _is_active_admin(other)].count(True) == 1
    if codes == [200, 302]:
        refused = next(r for r in responses if r.status_code == 200)
        assert "is the only administrator" in refused.text
