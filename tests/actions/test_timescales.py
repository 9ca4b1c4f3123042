"""When each kind of timescale makes an action overdue, and the RAG that follows."""

import datetime as dt

import pytest

from cpboard.actions.models import Action
from tests.factories.actions import ActionFactory

pytestmark = pytest.mark.django_db
D = dt.date


def test_a_month_deadline_runs_to_the_last_day_of_the_month():
    action = ActionFactory.build(timescale=Action.Timescale.MONTH, due_on=D(2026, 6, 1))
    assert action.timescale_text() == "June 2026"
    assert not action.is_overdue(D(2026, 6, 30))
    assert action.is_overdue(D(2026, 7, 1))
    assert action.rag(D(2026, 7, 1)).code == "red"
    assert action.rag(D(2026, 7, 1)).label == "Overdue"


def test_a_date_deadline_is_overdue_the_day_after():
    action = ActionFactory.build(timescale=Action.Timescale.DATE, due_on=D(2026, 3, 31))
    assert action.timescale_text() == "31/03/2026"
    assert not action.is_overdue(D(2026, 3, 31))
    assert action.is_overdue(D(2026, 4, 1))


def test_a_closed_action_is_never_overdue():
    done = ActionFactory.build(due_on=D(2026, 1, 1), status=Action.Status.COMPLETE)
    dropped = ActionFactory.build(
        due_on=D(2026, 1, 1), status=Action.Status.DROPPED, dropped_reason="Cabinet said no"
    )
    assert not done.is_overdue(D(2027, 1, 1))
    assert done.rag(D(2027, 1, 1)).label == "Complete"
    assert dropped.rag(D(2027, 1, 1)).code == "none"
    assert dropped.rag(D(2027, 1, 1)).explanation == "Cabinet said no"


def test_a_recurring_action_needs_an_update_each_time_it_comes_round():
    action = ActionFactory.build(timescale=Action.Timescale.RECURRING, due_on=D(2025, 6, 1), every=12)
    assert action.timescale_text() == "June 2025 and annually"
    assert not action.is_overdue(D(2025, 6, 30))
    assert action.is_overdue(D(2025, 7, 1))  # first round passed with no update at all
    assert not action.is_overdue(D(2025, 7, 1), latest_update_on=D(2025, 6, 20))
    # the 2026 round: the June 2025 update does not count for it
    assert not action.is_overdue(D(2026, 6, 30), latest_update_on=D(2025, 6, 20))
    assert action.is_overdue(D(2026, 7, 1), latest_update_on=D(2025, 6, 20))
    assert not action.is_overdue(D(2026, 7, 1), latest_update_on=D(2026, 6, 28))


def test_ongoing_work_goes_overdue_after_six_months_without_an_update():
    action = ActionFactory.build(timescale=Action.Timescale.ONGOING, due_on=None, added_on=D(2026, 1, 5))
    assert action.timescale_text() == "Ongoing"
    assert not action.is_overdue(D(2026, 7, 5))
    assert action.is_overdue(D(2026, 7, 8))
    assert not action.is_overdue(D(2026, 7, 8), latest_update_on=D(2026, 5, 1))
    started = ActionFactory.build(timescale=Action.Timescale.ONGOING, due_on=D(2026, 7, 1))
    assert started.timescale_text() == "July 2026 and ongoing"


def test_a_conditional_action_waits_for_its_condition():
    action = ActionFactory.build(
        timescale=Action.Timescale.CONDITIONAL, condition="Future Council", due_on=D(2026, 3, 1)
    )
    assert action.timescale_text() == "Subject to Future Council, then by March 2026"
    assert not action.is_overdue(D(2027, 1, 1))
    action.condition_met_on = D(2026, 1, 10)
    assert action.is_overdue(D(2027, 1, 1))
    assert not action.is_overdue(D(2026, 3, 1))


def test_rag_follows_the_owners_status_until_the_deadline_passes():
    action = ActionFactory.build(due_on=D(2026, 6, 1))
    day = D(2026, 2, 1)
    assert action.rag(day).code == "none"  # not started, months to go
    assert action.rag(D(2026, 6, 10)).code == "amber"  # not started and due within 30 days
    for status, code in [("on_track", "green"), ("at_risk", "amber"), ("off_track", "red")]:
        action.status = status
        assert action.rag(day).code == code
    action.status = "on_track"
    assert action.rag(D(2026, 7, 1)).code == "red"  # overdue beats "on track"
