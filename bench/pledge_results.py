"""Pledge survey results with a big survey: 2,000+ answers from 252 children in three age bands, a previous
year to compare with, and free-text messages. Prints how long the results page and its parts take and how
many SQL queries each runs (the count is fixed whatever the number of answers: tests/pledge/test_results.py
guards it). Asserts nothing about speed.

    .venv/bin/python bench/pledge_results.py [--runs 30] [--children 252]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpboard.settings")
os.environ.setdefault("CPBOARD_TEST_DATABASE", "bench_cpboard")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

QUESTIONS = 12


def build_data(children: int):
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cpboard.accounts.models import User
    from cpboard.core.roles import ROLES
    from pledge.models import AgeBand, Answer, Question
    from tests.pledge.results_data import answer, make_survey, many, promise, question

    bands = [AgeBand.YOUNGER, AgeBand.OLDER, AgeBand.CARE_LEAVERS]
    band_values = [b.value for b in bands]
    before = make_survey(2025, bands=bands)
    now = make_survey(2026, previous=before, bands=bands)
    for survey, count in ((before, children // 2), (now, children)):
        questions = [
            question(
                survey,
                f"q{i}",
                kind=Question.Kind.YES_NO if i % 4 == 0 else Question.Kind.SCALE,
                text=f"Benchmark question {i} about a promise to children in care.",
                promise=promise(f"p{i}")
                if survey is before
                else Question.objects.get(survey=before, key=f"q{i}").promise,
                age_bands=band_values,
            )
            for i in range(QUESTIONS)
        ]
        closing = question(survey, "closing", kind=Question.Kind.FREE_TEXT, age_bands=band_values)
        values = {
            q: (
                ["yes", "no", "not-sure", "yes"]
                if q.kind == Question.Kind.YES_NO
                else ["5", "4", "3", "2", "1", "4"]
            )
            for q in questions
        }
        kids = many(values, count // 3)
        for i, kid in enumerate(kids):
            if i % 3 == 0:
                kid[closing] = f"A message from a child, number {i}."
        answer(survey, {band: kids for band in band_values}, label=f"Bench {survey.year}")
    user = User.objects.create(username="bench-member", first_name="Bench")
    user.groups.set(Group.objects.filter(name=ROLES["board_member"].name))
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    return now, user, device, Answer.objects.filter(response__survey=now).count()


class Counter:
    """Counts the SQL statements run inside it (a request resets Django's own query log as it starts)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)

    def __len__(self) -> int:
        return self.count


def timed(fn, runs: int) -> list[float]:
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return sorted(times)


def report(label: str, times: list[float], queries: int) -> None:
    print(
        f"{label}: median {statistics.median(times):.1f} ms, p95 {times[max(int(len(times) * 0.95) - 1, 0)]:.1f} ms, "
        f"min {times[0]:.1f} ms over {len(times)} runs; {queries} SQL queries"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--children", type=int, default=252)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from cpboard.accounts.models import User
        from pledge.packs import results_pdf
        from pledge.reporting.results import build_results

        started = time.perf_counter()
        survey, user, device, n_answers = build_data(args.children)
        print(
            f"data: {args.children} children, {n_answers} answers this year (built in {time.perf_counter() - started:.1f} s)"
        )

        def fresh_user():
            return User.objects.get(pk=user.pk)

        with Counter() as captured:
            build_results(survey, fresh_user())
        # a fresh person each time, as each request has: their permissions are looked up once (two queries)
        report("build_results", timed(lambda: build_results(survey, fresh_user()), args.runs), len(captured))

        client = Client()
        client.force_login(user)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
        url = reverse("pledge:results", args=[survey.pk])
        with Counter() as captured:
            assert client.get(url).status_code == 200
        report("results page", timed(lambda: client.get(url), args.runs), len(captured))
        pdf_runs = max(args.runs // 10, 3)
        with Counter() as captured:
            results_pdf(fresh_user(), survey)
        report("results PDF", timed(lambda: results_pdf(fresh_user(), survey), pdf_runs), len(captured))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
