"""Optimistic locking: a stale save is refused and shown, never silently overwriting someone's change."""

import threading

import pytest
from django import db
from django.urls import reverse

from cpboard.accounts.forms import PersonForm
from cpboard.accounts.models import User
from cpboard.core.locking import StaleEdit, save_versioned
from tests.factories.accounts import UserFactory, person_form_data


def _data(person, **changes):
    return person_form_data(person, **changes)


@pytest.mark.django_db
def test_second_editor_with_a_stale_form_sees_a_conflict_and_nothing_is_overwritten(client_as, admin_user):
    person = UserFactory(username="target", job_title="Councillor")
    stale_version = person.version
    history_before = person.history.count()
    client = client_as(admin_user)
    assert (
        client.post(
            reverse("accounts:person-edit", args=[person.pk]), _data(person, job_title="Chair")
        ).status_code
        == 302
    )

    response = client.post(
        reverse("accounts:person-edit", args=[person.pk]),
        _data(person, job_title="Vice-chair", version=stale_version),
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this record while you were editing it" in html
    assert "Chair" in html and "Vice-chair" in html  # theirs beside yours, typed value kept
    person.refresh_from_db()
    assert person.job_title == "Chair"
    assert person.history.count() == history_before + 1  # one change: the stale save wrote nothing


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_editors_one_wins_nineteen_are_told(admin_user):
    person = UserFactory(username="contended", job_title="Councillor")
    version = person.version
    changes_before = person.history.filter(history_type="~").count()
    barrier = threading.Barrier(20)
    outcomes = []

    def editor(n):
        try:
            instance = User.objects.get(pk=person.pk)
            form = PersonForm(_data(instance, job_title=f"Title {n}", version=version), instance=instance)
            assert form.is_valid(), form.errors
            barrier.wait()
            try:
                save_versioned(form, by=admin_user)
                outcomes.append("saved")
            except StaleEdit:
                outcomes.append("conflict")
        finally:
            db.connection.close()

    threads = [threading.Thread(target=editor, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict"] * 19 + ["saved"]
    person.refresh_from_db()
    assert person.version == version + 1
    assert person.history.filter(history_type="~").count() == changes_before + 1
