"""Action-plan page speed with a large plan: 500 actions under 100 objectives and 6 themes, 5,000 progress
updates and a 25-recommendation review. Prints timings and query counts; asserts nothing (the fixed query
count is guarded in tests/actions/test_plan.py).

    .venv/bin/python bench/action_plan.py [--runs 20]
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
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

ACTIONS, UPDATES = 500, 5000


def measure(client: Client, url: str, runs: int) -> tuple[list[float], int, int]:
    client.get(url)  # warm up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return times, len(queries.captured_queries), len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from django.contrib.auth.models import Group
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from cpboard.accounts.models import User
        from cpboard.core.roles import ROLES
        from tests.factories.actions import big_plan

        started = time.perf_counter()
        big_plan(actions=ACTIONS, updates=UPDATES)
        print(
            f"data: {ACTIONS} actions, {UPDATES} progress updates (built in {time.perf_counter() - started:.1f} s)"
        )
        user = User.objects.create(username="bench-member", first_name="Bench")
        user.groups.set(Group.objects.filter(name=ROLES["board_member"].name))
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        client = Client()
        client.force_login(user)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
        for label, url in [
            ("plan table", reverse("actions:plan")),
            ("plan, red only", reverse("actions:plan") + "?rag=red"),
            ("recommendation tracker", reverse("actions:tracker")),
            ("plan CSV", reverse("actions:plan-export", args=["csv"])),
        ]:
            times, queries, size = measure(client, url, args.runs)
            times.sort()
            print(
                f"{label}: median {statistics.median(times):.1f} ms, p95 {times[int(len(times) * 0.95) - 1]:.1f} ms "
                f"over {args.runs} runs; {queries} SQL queries; {size / 1024:.0f} KB"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
