"""Training compliance speed for a large council: 60 people x 10 courses x 10 years of records (one a
course a year each: 6,000 records), with board and visitor appointments. Prints figures; asserts nothing.

    .venv/bin/python bench/training_compliance.py [--runs 30]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpboard.settings")
os.environ.setdefault("CPBOARD_TEST_DATABASE", "bench_cpboard_training")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

PEOPLE, COURSES, YEARS = 60, 10, 10
AS_AT = dt.date(2026, 12, 1)


def build_data():
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cpboard.accounts.models import Appointment, Person, User
    from cpboard.core.locking import create_many_audited
    from cpboard.core.roles import ROLES
    from training.models import Course, TrainingRecord

    people = create_many_audited(
        Person,
        [
            Person(
                display_name=f"Councillor {n:02d}",
                kind="councillor",
                ward=f"Ward {n % 15}",
                started_on=dt.date(2016, 5, 9),
                term_ends_on=dt.date(2028, 5, 8),
            )  # fmt: skip
            for n in range(PEOPLE)
        ],
        by=None,
        reason="Benchmark",
    )
    appointments = [
        Appointment(person=p, kind="board_member", started_on=dt.date(2024, 5, 20)) for p in people[:12]
    ]
    appointments += [
        Appointment(person=p, kind="visitor", started_on=dt.date(2024, 6, 1)) for p in people[10:20]
    ]
    create_many_audited(Appointment, appointments, by=None, reason="Benchmark")
    courses = create_many_audited(
        Course,
        [
            Course(
                name=f"Course {n}",
                code=f"course-{n}",
                validity_months=36 if n % 3 else None,
                for_councillors=n < 4,
                for_board_members=4 <= n < 7,
                for_visitors=n == 7,
                complete_within_months=3 if n == 0 else None,
                offered_from=dt.date(2010, 1, 1),
            )  # fmt: skip
            for n in range(COURSES)
        ],
        by=None,
        reason="Benchmark",
    )
    records = [
        TrainingRecord(person=p, course=c, completed_on=dt.date(2016 + year, 1 + (i + j) % 12, 1 + i % 28))
        for i, p in enumerate(people)
        for j, c in enumerate(courses)
        for year in range(YEARS)
        if (i + j + year) % 5  # four in five: some lapse, some never done
    ]
    create_many_audited(TrainingRecord, records, by=None, reason="Benchmark")
    user = User.objects.create(username="bench-chair")
    user.groups.set(Group.objects.filter(name=ROLES["board_member"].name))
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    return user, device, len(records)


def measure(client: Client, url: str, runs: int):
    client.get(url)  # warm up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return sorted(times), len(queries.captured_queries), len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        user, device, n_records = build_data()
        print(f"data: {PEOPLE} people, {COURSES} courses, {n_records} records over {YEARS} years "
              f"(built in {time.perf_counter() - started:.1f} s)")  # fmt: skip
        from training.services.compliance import build_compliance

        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            build_compliance(as_at=AS_AT)
            once = (time.perf_counter() - start) * 1000
        print(f"build_compliance: {once:.1f} ms, {len(queries.captured_queries)} SQL queries")
        client = Client()
        client.force_login(user)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
        base = reverse("training:compliance")
        for label, url in [
            ("compliance page (today)", base),
            ("compliance page as at 31/03/2021", base + "?as_at=31/03/2021"),
            ("compliance CSV", reverse("training:compliance-export", args=["csv"])),
        ]:
            times, count, size = measure(client, url, args.runs)
            print(
                f"{label}: median {statistics.median(times):.1f} ms, p95 {times[int(len(times) * 0.95) - 1]:.1f} ms "
                f"over {args.runs} runs; {count} SQL queries; {size / 1024:.0f} KB"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
