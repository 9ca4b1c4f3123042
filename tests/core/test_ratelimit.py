"""The shared rate limiter (cpboard.core.ratelimit) that the pledge survey's access-code entry will use."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.http import HttpResponse
from django.test import RequestFactory

from cpboard.core.models import RateLimitWindow
from cpboard.core.ratelimit import attempts, hit, rate_limited, reset

START = dt.datetime(2026, 1, 15, 9, 0, 0, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_hits_within_the_limit_are_allowed_and_the_next_is_refused():
    with time_machine.travel(START, tick=False):
        results = [hit("code-entry:203.0.113.5", limit=3, window_seconds=600) for _ in range(5)]
    assert results == [True, True, True, False, False]


@pytest.mark.django_db
def test_the_count_starts_again_in_the_next_window():
    with time_machine.travel(START, tick=False):
        for _ in range(3):
            hit("code-entry:203.0.113.5", limit=3, window_seconds=600)
        assert not hit("code-entry:203.0.113.5", limit=3, window_seconds=600)
    with time_machine.travel(START + dt.timedelta(minutes=10), tick=False):
        assert hit("code-entry:203.0.113.5", limit=3, window_seconds=600)


@pytest.mark.django_db
def test_each_key_has_its_own_count():
    with time_machine.travel(START, tick=False):
        assert hit("a", limit=1, window_seconds=60)
        assert not hit("a", limit=1, window_seconds=60)
        assert hit("b", limit=1, window_seconds=60)
        assert attempts("a", window_seconds=60) == 2
        reset("a")
        assert hit("a", limit=1, window_seconds=60)


@pytest.mark.django_db
def test_keys_are_stored_as_digests_not_as_typed():
    hit("pledge-code:ABCD-1234:203.0.113.5", limit=5, window_seconds=60)
    stored = RateLimitWindow.objects.get()
    assert "ABCD" not in stored.key
    assert "203.0.113.5" not in stored.key


def test_nonsense_limits_are_refused():
    with pytest.raises(ValueError, match="at least 1"):
        hit("x", limit=0, window_seconds=60)


@rate_limited("test-view", limit=2, window_seconds=600)
def _code_entry(request):
    return HttpResponse("ok")


@pytest.mark.django_db
def test_the_decorator_refuses_posts_beyond_the_limit_with_a_plain_page():
    factory = RequestFactory()
    with time_machine.travel(START, tick=False):
        statuses = [
            _code_entry(factory.post("/code/", REMOTE_ADDR="203.0.113.5")).status_code for _ in range(3)
        ]
        refused = _code_entry(factory.post("/code/", REMOTE_ADDR="203.0.113.5"))
        other_address = _code_entry(factory.post("/code/", REMOTE_ADDR="198.51.100.7"))
        reading = _code_entry(factory.get("/code/", REMOTE_ADDR="203.0.113.5"))
    assert statuses == [200, 200, 429]
    assert "You have tried too many times. Wait 10 minutes and try again." in refused.content.decode()
    assert 'href="/">Go to the start page</a>' in refused.content.decode()  # never a dead end
    assert other_address.status_code == 200
    assert reading.status_code == 200
