"""Twenty people creating the same record at the same moment: one record is saved, everyone else is told
someone has just created it, and nobody gets a server error. Real threads, real PostgreSQL transactions."""

from __future__ import annotations

import datetime as dt
import threading
import time
from decimal import Decimal

import pytest
from django import db
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from cpboard.core.locking import StaleEdit, save_audited
from performance.models import Comparator, Period, QuarterReturn, Target
from performance.services import quarters
from tests.conftest import signed_in
from tests.factories.performance import IndicatorFactory

PEOPLE = 20
ALREADY_STARTED = "2025-26 Q2 figures had already been started by someone else: here it is."
CREATED_MEANWHILE = "Someone has just created this record while you were filling in the form"

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("races")]


def _together(officer, request) -> list:
    """Each of PEOPLE clients, signed in as `officer`, sends `request(client, n)` at the same moment."""
    clients = [signed_in(Client(), officer) for _ in range(PEOPLE)]
    barrier = threading.Barrier(PEOPLE)
    responses: list = [None] * PEOPLE

    def person(n: int) -> None:
        try:
            barrier.wait()
            responses[n] = request(clients[n], n)
        finally:
            db.connection.close()

    threads = [threading.Thread(target=person, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def test_twenty_officers_entering_the_same_new_comparator_save_one_and_tell_the_rest(officer):
    IndicatorFactory(code="PS-3PLUS")
    url = reverse("performance:comparator-edit", args=["PS-3PLUS", 2024])
    blank = {"version_england": 0, "version_statistical_neighbours": 0, "version_region": 0}

    responses = _together(
        officer, lambda client, n: client.post(url, {**blank, "value_england": str(10 + n)})
    )

    codes = sorted(r.status_code for r in responses)
    assert 500 not in codes
    assert codes.count(302) == 1 and codes.count(409) == PEOPLE - 1
    # Whoever arrives before the winner commits is told it was created meanwhile; anyone after, that it
    # was saved meanwhile (their form still said "no figure yet"). Nobody's typing is lost silently.
    told = [r.content.decode() for r in responses if r.status_code == 409]
    assert all(CREATED_MEANWHILE in page or "Someone else saved this record" in page for page in told)
    assert Comparator.objects.count() == 1
    assert Comparator.history.filter(history_type="+").count() == 1  # no half-saved attempts


def test_twenty_officers_setting_the_same_new_target_save_one_and_tell_the_rest(officer):
    IndicatorFactory(code="PS-3PLUS")
    url = reverse("performance:target-edit", args=[2024])

    responses = _together(
        officer, lambda client, n: client.post(url, {"target_PS-3PLUS": str(10 + n), "version_PS-3PLUS": "0"})
    )

    codes = sorted(r.status_code for r in responses)
    assert 500 not in codes and codes.count(302) == 1 and codes.count(409) == PEOPLE - 1
    assert Target.objects.count() == 1


def test_twenty_officers_starting_the_next_quarter_open_the_one_return(officer, time_machine):
    """One quarter is started; the other 19 are told it was already started and shown it, whether they
    arrive while the winner is still saving or just after it has (the staggered half)."""
    time_machine.move_to("2025-08-15 12:00 +01:00")
    url = reverse("performance:quarter-start")

    def start(client, n):
        time.sleep(0.02 * (n % 5))  # some arrive together, some after the first has finished
        return client.post(url, {"year": "2025", "quarter": "2"})

    responses = _together(officer, start)

    assert {r.status_code for r in responses} == {302}
    assert {r["Location"] for r in responses} == {reverse("performance:quarter-edit", args=[2025, 2])}
    said = sorted(str(m) for r in responses for m in get_messages(r.wsgi_request))
    assert said.count("Started 2025-26 Q2. Enter the figures, then save.") == 1
    assert said.count(ALREADY_STARTED) == PEOPLE - 1 and len(said) == PEOPLE
    assert QuarterReturn.objects.count() == 1
    assert QuarterReturn.history.filter(history_type="+").count() == 1


def test_twenty_calls_to_start_the_same_quarter_create_one_and_name_it_to_the_rest(officer):
    """The service as the view uses it, on 20 real connections at once: one return, 19 StaleEdit(created)
    naming it, nothing else raised."""
    barrier = threading.Barrier(PEOPLE)
    outcomes: list = [None] * PEOPLE

    def person(n: int) -> None:
        try:
            barrier.wait()
            time.sleep(0.02 * (n % 5))
            outcomes[n] = quarters.quarter_start(by=officer, quarter=(2025, 2), today=dt.date(2025, 8, 15))
        except Exception as error:  # noqa: BLE001 - every outcome is checked below
            outcomes[n] = error
        finally:
            db.connection.close()

    threads = [threading.Thread(target=person, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    started = QuarterReturn.objects.get()
    assert [o for o in outcomes if isinstance(o, QuarterReturn)] == [started]
    lost = [o for o in outcomes if isinstance(o, StaleEdit)]
    assert len(lost) == PEOPLE - 1
    assert all(o.created and o.current == started for o in lost)


def test_a_lost_create_race_names_the_record_that_won(officer):
    indicator = IndicatorFactory()
    period = Period.get(Period.Kind.FINANCIAL_YEAR, 2024)
    winner = Comparator.objects.create(indicator=indicator, period=period, area="england", value=Decimal(1))

    with pytest.raises(StaleEdit) as lost:
        save_audited(
            Comparator(indicator=indicator, period=period, area="england", value=Decimal(2)),
            by=officer,
            reason="test",
        )

    assert lost.value.created and lost.value.current == winner
