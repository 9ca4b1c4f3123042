"""Progress updates: dated and attributed, never lost when two people post at once; a stale status change
is refused with the conflict page; closing needs a final update."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.urls import reverse

from cpboard.actions.models import Action, ProgressUpdate
from cpboard.actions.services.plan import update_post
from cpboard.core.locking import StaleEdit
from tests.factories.actions import ActionFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC), tick=False)


def _post(client, action, **data):
    values = {"written_on": "04/05/2026", "text": "Procedure agreed with health", "status": action.status}
    values["version"] = action.version
    values.update(data)
    return client.post(reverse("actions:update-post", args=[action.pk]), values)


def test_an_officer_posts_an_update_and_it_is_the_latest_shown(client_as, officer):
    action = ActionFactory()
    ProgressUpdateFactory(action=action, written_on=dt.date(2026, 3, 1), text="Earlier note")
    client = client_as(officer)
    response = _post(client, action, status="on_track")
    assert response.status_code == 302
    update = ProgressUpdate.objects.filter(action=action).latest("pk")
    assert update.author == officer
    assert update.status == "on_track"
    action.refresh_from_db()
    assert action.status == "on_track"
    assert action.history.latest().history_user == officer
    page = client.get(reverse("actions:plan")).content.decode()
    assert "Procedure agreed with health" in page
    assert "Earlier note" not in page


def test_closing_an_action_asks_for_a_final_update(client_as, officer):
    action = ActionFactory(status="on_track")
    response = _post(client_as(officer), action, status="complete", text="  ")
    assert response.status_code == 400
    assert "final update" in response.content.decode()
    action.refresh_from_db()
    assert action.status == "on_track"
    assert not ProgressUpdate.objects.filter(action=action).exists()


def test_completing_an_action_records_the_day_and_dropping_keeps_the_reason(client_as, officer):
    client = client_as(officer)
    action = ActionFactory(status="on_track")
    assert _post(client, action, status="complete", text="All carers trained").status_code == 302
    action.refresh_from_db()
    assert (action.status, action.closed_on) == ("complete", dt.date(2026, 5, 4))
    other = ActionFactory()
    assert _post(client, other, status="dropped", text="Cabinet did not fund it").status_code == 302
    other.refresh_from_db()
    assert other.dropped_reason == "Cabinet did not fund it"


def test_an_update_cannot_be_dated_in_the_future(client_as, officer):
    action = ActionFactory()
    response = _post(client_as(officer), action, written_on="05/05/2026")
    assert response.status_code == 400
    assert "cannot be dated in the future" in response.content.decode()


def test_a_stale_status_change_gets_the_conflict_page_and_keeps_what_was_typed(client_as, officer):
    action = ActionFactory(status="on_track")
    seen_version = action.version
    update_post(
        action=action,
        by=officer,
        written_on=dt.date(2026, 5, 1),
        text="Slipping",
        status="at_risk",
        version=seen_version,
    )
    response = _post(client_as(officer), action, status="off_track", text="My note", version=seen_version)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this record" in page
    assert "My note" in page
    action.refresh_from_db()
    assert action.status == "at_risk"
    assert not ProgressUpdate.objects.filter(text="My note").exists()


def test_updates_without_a_status_change_are_never_refused_as_stale(officer):
    action = ActionFactory()
    update_post(
        action=action, by=officer, written_on=dt.date(2026, 5, 1), text="First", status="", version=None
    )
    update_post(
        action=action,
        by=officer,
        written_on=dt.date(2026, 5, 1),
        text="Second",
        status=action.status,
        version=0,
    )
    assert ProgressUpdate.objects.filter(action=action).count() == 2


def test_a_stale_status_is_refused_by_the_service():
    action = ActionFactory()
    with pytest.raises(StaleEdit):
        update_post(
            action=action,
            by=None,
            written_on=dt.date(2026, 5, 1),
            text="x",
            status="on_track",
            version=action.version + 5,
        )


@pytest.mark.django_db(transaction=True)
def test_two_people_posting_at_once_both_keep_their_update(officer):
    action = ActionFactory()
    barrier = threading.Barrier(2)
    errors = []

    def post(text):
        try:
            barrier.wait()
            update_post(
                action=Action.objects.get(pk=action.pk),
                by=officer,
                written_on=dt.date(2026, 5, 1),
                text=text,
                status="",
                version=None,
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(text,)) for text in ("From Amira", "From Ben")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert set(ProgressUpdate.objects.filter(action=action).values_list("text", flat=True)) == {
        "From Amira",
        "From Ben",
    }
