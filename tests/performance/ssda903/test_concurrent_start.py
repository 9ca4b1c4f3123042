"""Officers who start, or import an extract into, the same quarter at the same moment: each gets the one
quarter (never a server error from the one-return-per-quarter rule), and every extract is kept.

Real PostgreSQL transactions, each request in its own thread and connection through the test client (so
each holds its transaction open for the whole request, as the server does), released together."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django import db
from django.test import Client
from django.urls import reverse

from performance.models import Period, QuarterReturn, ReturnImport
from tests.conftest import signed_in
from tests.performance.ssda903.conftest import small_return

committed = pytest.mark.django_db(transaction=True)

PEOPLE = 6
TODAY = dt.date(2017, 12, 31)  # the extract's date, in Q3 2017-18: the next quarter to start on the list


def _together(requests) -> list:
    """Run each request (a function of its Client) at once; return each response, or the error it raised."""
    barrier = threading.Barrier(len(requests))
    outcomes: list = [None] * len(requests)

    def run(n: int) -> None:
        try:
            client = requests[n][0]
            barrier.wait()
            outcomes[n] = requests[n][1](client)
        except Exception as error:  # noqa: BLE001 - every outcome is checked below
            outcomes[n] = error
        finally:
            db.connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _client(user) -> Client:
    return signed_in(Client(raise_request_exception=False), user)


def _upload(client: Client):
    files = [_file(name, data) for name, data in small_return()]
    return client.post(reverse("performance:ssda903-upload"), {"as_at": "31/12/2017", "return_files": files})


def _start(client: Client):
    return client.post(reverse("performance:quarter-start"), {"year": "2017", "quarter": "3"})


def _file(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.fixture
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture(params=["new period", "period already there"])
def period_state(request):
    """The quarter's Period row may not exist yet, or exist already (made by a target, a comparator or the
    DfE figures) with no return: then nothing holds the racers back before the return itself is created."""
    if request.param == "period already there":
        Period.get(Period.Kind.QUARTER, 2017, 3)
    return request.param


@committed
def test_simultaneous_imports_into_a_new_quarter_give_one_quarter(
    catalogue, officer, frozen_today, period_state
):
    outcomes = _together([(_client(officer), _upload) for _ in range(PEOPLE)])

    assert [getattr(o, "status_code", o) for o in outcomes] == [200] * PEOPLE
    assert Period.objects.filter(kind=Period.Kind.QUARTER, year_start=2017, quarter=3).count() == 1
    quarter = QuarterReturn.objects.get()
    assert ReturnImport.objects.filter(period=quarter.period).count() == PEOPLE


@committed
def test_starting_and_importing_the_same_quarter_at_once_give_one_quarter(
    catalogue, officer, frozen_today, period_state
):
    requests = [(_client(officer), _start if n % 2 else _upload) for n in range(PEOPLE)]

    outcomes = _together(requests)

    quarter = QuarterReturn.objects.get()
    for n, outcome in enumerate(outcomes):
        assert not isinstance(outcome, Exception), outcome
        if n % 2:  # started: taken to the quarter, theirs or the one started a moment before
            assert (outcome.status_code, outcome["Location"]) == (302, quarter.get_absolute_url())
        else:
            assert outcome.status_code == 200, outcome.content[:300]
    assert ReturnImport.objects.filter(period=quarter.period).count() == PEOPLE // 2
