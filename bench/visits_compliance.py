"""Visit compliance with a large council: 30 homes with 5 years of monthly visits (one in seven missed).
Prints timings and query counts for the compliance page (last 12 months) and for the five-year grid the
reporting builds; asserts nothing (the fixed query count is guarded in tests/visits/test_board.py).

    .venv/bin/python bench/visits_compliance.py [--runs 30]
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
os.environ.setdefault("CPBOARD_TEST_DATABASE", "bench_visits")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

HOMES, YEARS = 30, 5


def build_data():
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cpboard.accounts.models import User
    from cpboard.core.locking import create_many_audited
    from cpboard.core.roles import BOARD_MEMBER, ROLES
    from training.models import add_months
    from visits.models import Home, Visit
    from visits.periods import month_start

    this_month = month_start(timezone.localdate())
    first = add_months(this_month, -12 * YEARS)
    homes = create_many_audited(
        Home,
        [
            Home(
                name=f"Bench Home {n:02d}",
                urn=f"SC{800000 + n}",
                ownership=Home.Ownership.COUNCIL,
                kind=Home.Kind.SPECIAL_SCHOOL if n % 10 == 0 else Home.Kind.RESIDENTIAL,
                places=4,
                visits_from=first,
            )
            for n in range(HOMES)
        ],
        by=None,
        reason="Bench",
    )
    visits = []
    for n, home in enumerate(homes):
        for m in range(1, 12 * YEARS + 1):
            month = add_months(this_month, -m)
            if (n + m) % 7 == 0:
                continue
            visited = month + dt.timedelta(days=9)
            visits.append(
                Visit(
                    home=home,
                    period_start=month,
                    visited_on=visited,
                    submitted_on=visited + dt.timedelta(days=3 + (n + m) % 25),
                    status=Visit.Status.SUBMITTED,
                    themes=["staffing"],
                )
            )
    create_many_audited(Visit, visits, by=None, reason="Bench")
    user = User.objects.create_user("bench-board", password="x")
    user.groups.add(Group.objects.get(name=ROLES[BOARD_MEMBER].name))
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    return user, device, len(visits), first


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from visits.reporting.compliance import build_compliance

        started = time.perf_counter()
        user, device, n_visits, first = build_data()
        print(
            f"data: {HOMES} homes, {n_visits} visits over {YEARS} years (built in {time.perf_counter() - started:.1f} s)"
        )
        client = Client()
        client.force_login(user)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
        url = reverse("visits:compliance")
        client.get(url)
        times = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                begun = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - begun) * 1000)
        times.sort()
        print(
            f"compliance page (12 months): median {statistics.median(times):.1f} ms, "
            f"p95 {times[int(len(times) * 0.95) - 1]:.1f} ms over {args.runs} runs; {len(queries)} SQL queries; "
            f"{len(response.content) / 1024:.0f} KB of HTML"
        )
        grid_times = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                begun = time.perf_counter()
                result = build_compliance(user, first=first)
                grid_times.append((time.perf_counter() - begun) * 1000)
        grid_times.sort()
        cells = sum(len(r.cells) for r in result.rows)
        print(
            f"five-year grid ({cells} cells): median {statistics.median(grid_times):.1f} ms over {args.runs} runs; "
            f"{len(queries)} SQL queries"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
