"""Dashboard and indicator-page speed with a large board: 60 indicators x 12 years of quarters,
targets and three comparators a year. Prints figures; asserts nothing (targets live in README/notes).

    .venv/bin/python bench/dashboard.py [--runs 50]
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
import tracemalloc
from decimal import Decimal
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
from simple_history.utils import bulk_create_with_history  # noqa: E402

INDICATORS, YEARS = 60, 12


def build_data():
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cpboard.accounts.models import User
    from cpboard.core.roles import ROLES
    from performance.models import Comparator, Indicator, IndicatorValue, OutcomeArea, Period, Target

    areas = [
        OutcomeArea.objects.create(slug=f"area-{i}", name=f"Outcome area {i}", order=i) for i in range(5)
    ]
    indicators = bulk_create_with_history(
        [
            Indicator(
                code=f"B{i:03d}",
                title=f"Benchmark indicator {i}",
                definition="For the benchmark.",
                unit=Indicator.Unit.PERCENT,
                polarity=Indicator.Polarity.HIGHER if i % 2 else Indicator.Polarity.LOWER,
                outcome_area=areas[i % 5],
                cohort="Everyone",
                frequency=Indicator.Frequency.QUARTERLY,
                source="Benchmark",
                is_proportion=True,
                numerator_label="n",
                denominator_label="d",
            )
            for i in range(INDICATORS)
        ],
        Indicator,
    )
    first_year = 2026 - YEARS
    quarters = [Period.get(Period.Kind.QUARTER, y, q) for y in range(first_year, 2026) for q in (1, 2, 3, 4)]
    years = [Period.get(Period.Kind.FINANCIAL_YEAR, y) for y in range(first_year, 2026)]
    values, targets, comparators = [], [], []
    for n, indicator in enumerate(indicators):
        for k, period in enumerate(quarters):
            num, den = 20 + (n + k) % 17, 200
            values.append(
                IndicatorValue(
                    indicator=indicator,
                    period=period,
                    numerator=num,
                    denominator=den,
                    value=Decimal(num * 100) / den,
                )
            )
        for period in years:
            targets.append(Target(indicator=indicator, period=period, value=Decimal("12.5")))
            for area in Comparator.Area.values:
                comparators.append(
                    Comparator(indicator=indicator, period=period, area=area, value=Decimal("11.0"))
                )
    bulk_create_with_history(values, IndicatorValue, batch_size=2000)
    bulk_create_with_history(targets, Target, batch_size=2000)
    bulk_create_with_history(comparators, Comparator, batch_size=2000)
    user = User.objects.create(username="bench-member", first_name="Bench")
    user.groups.set(Group.objects.filter(name=ROLES["board_member"].name))
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    return user, device, len(values), len(targets), len(comparators)


def measure(client: Client, url: str, runs: int) -> tuple[list[float], int, int, int]:
    client.get(url)  # warm up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    query_count = len(queries.captured_queries)  # read now: the next request resets Django's query log
    tracemalloc.start()
    client.get(url)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return times, query_count, len(response.content), peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        user, device, n_values, n_targets, n_comparators = build_data()
        print(
            f"data: {INDICATORS} indicators, {n_values} quarterly values, {n_targets} targets, "
            f"{n_comparators} comparators (built in {time.perf_counter() - started:.1f} s)"
        )
        gc.collect()
        gc.freeze()  # as cpboard/wsgi.py does once the app has loaded
        client = Client()
        client.force_login(user)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
        for label, url in [
            ("dashboard", reverse("performance:dashboard")),
            ("indicator page", reverse("performance:indicator-detail", args=["B007"])),
        ]:
            times, queries, size, peak = measure(client, url, args.runs)
            times.sort()
            print(
                f"{label}: median {statistics.median(times):.1f} ms, p95 {times[int(len(times) * 0.95) - 1]:.1f} ms, "
                f"min {times[0]:.1f} ms over {args.runs} runs; {queries} SQL queries; {size / 1024:.0f} KB of HTML; "
                f"peak Python memory {peak / 1024 / 1024:.1f} MB per request"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
