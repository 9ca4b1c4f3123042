"""A full meeting's board pack, built as the worker builds it, in a throwaway database: the demo council's
visits, training and pledge survey, plus a scorecard of 60 indicators with 12 years of quarters (each with
its trend chart) and a plan of 150 actions. Prints the pages, the seconds, the peak memory and the ratio
to WeasyPrint rendering the same HTML alone. Asserts nothing (targets: under 15 s, under 500 MB, within
1.2 times WeasyPrint alone).

    .venv/bin/python bench/board_pack.py [--runs 2] [--out /tmp/pack.pdf]
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpboard.settings")
os.environ.setdefault("CPBOARD_TEST_DATABASE", "bench_cpboard")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

ACTIONS = 150


def build_data():
    from dashboard import build_data as scorecard_data  # bench/dashboard.py: the same 60 indicators

    from cpboard.actions.models import Action
    from performance.models import Indicator, Period, QuarterReturn
    from tests.factories.actions import big_plan

    call_command("seed_demo", stdout=io.StringIO())
    Indicator.objects.exclude(code__startswith="B").update(is_active=False)  # only the 60 below are shown
    user, _, values, _, _ = scorecard_data()
    for period in Period.objects.filter(kind=Period.Kind.QUARTER, quarter_return__isnull=True):
        QuarterReturn.objects.create(period=period, status=QuarterReturn.Status.SIGNED_OFF)
    more = max(0, ACTIONS - Action.objects.count())
    if more:
        big_plan(actions=more, updates=more * 4)
    return values


def build_meeting():
    from cpboard.accounts.models import User
    from cpboard.board.models import AgendaItem, Board, Meeting, PackBuild, Section
    from pledge.models import Survey

    board = Board.objects.first() or Board.objects.create(name="Corporate Parenting Board")
    meeting = Meeting.objects.create(
        board=board, starts_at=django.utils.timezone.now(), place="Committee Room 1, Civic Centre"
    )
    survey = Survey.objects.order_by("-year").first()
    items = [
        (AgendaItem.Kind.APOLOGIES, "Apologies for absence", "", {}),
        (AgendaItem.Kind.MINUTES, "Minutes of the last meeting", "", {}),
        (AgendaItem.Kind.MATTERS_ARISING, "Matters arising", "", {}),
        (AgendaItem.Kind.CICC, "Children in Care Council update", "", {}),
        (AgendaItem.Kind.PLAN, "Action-plan progress", Section.PLAN, {}),
        (AgendaItem.Kind.REPORT, "Quarterly performance report", Section.SCORECARD, {"area": ""}),
        (AgendaItem.Kind.REPORT, "Regulation 44 visits: six-monthly report", Section.VISITS_COMPLIANCE, {}),
        (AgendaItem.Kind.REPORT, "Member training", Section.TRAINING, {}),
        (
            AgendaItem.Kind.REPORT,
            "Pledge survey results",
            Section.SURVEY_RESULTS,
            {"survey": survey.pk if survey else None},
        ),
        (
            AgendaItem.Kind.REPORT,
            "What children told us",
            Section.SURVEY_MESSAGES,
            {"survey": survey.pk if survey else None},
        ),
        (AgendaItem.Kind.REPORT, "Scrutiny recommendations", Section.RECOMMENDATIONS, {}),
    ]
    for position, (kind, title, section, options) in enumerate(items, 1):
        AgendaItem.objects.create(
            meeting=meeting,
            position=position,
            kind=kind,
            title=title,
            section=section,
            section_options=options,
            narrative="The report for this item, as the officer wrote it.\n\nA second paragraph.",
        )
    user = User.objects.filter(is_active=True).first()
    return meeting, user, PackBuild


def note(stages: list[tuple[float, str]], percent: int, stage: str) -> None:
    stages.append((time.perf_counter(), stage))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--out", help="write the last accessible PDF here, to look at")
    args = parser.parse_args()
    from django.conf import settings

    uploads = settings.STORAGES["uploads"]  # the packs' PDFs go to a folder of their own, deleted after
    scratch = tempfile.mkdtemp(prefix="cpboard-bench-pack-")
    settings.STORAGES = {
        **settings.STORAGES,
        "uploads": {**uploads, "OPTIONS": {**uploads.get("OPTIONS", {}), "location": scratch}},
    }
    # No setup_test_environment(): it instruments every template render, which the worker does not pay.
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from cpboard.board.services.packs import build_pack
        from cpboard.core.pdf import PDF_UA, render_pdf_pages, warm_up
        from cpboard.core.storage import upload_storage

        started = time.perf_counter()
        values = build_data()
        meeting, user, PackBuild = build_meeting()
        print(
            f"data: demo council + 60 indicators ({values} quarterly values) + a plan of {ACTIONS}+ actions "
            f"(built in {time.perf_counter() - started:.1f} s)"
        )
        if args.out:  # keep the HTML too, written before rendering starts
            from cpboard.board.services import packs

            def keeping_html(html, **kwargs):
                Path(args.out).with_suffix(".html").write_text(html)
                return render_pdf_pages(html, **kwargs)

            packs.render_pdf_pages = keeping_html  # type: ignore[assignment]
        warm_up()
        gc.collect()
        builds, alone, build_cpu, alone_cpu, pages = [], [], [], [], 0
        version = None
        for _ in range(args.runs):
            build = PackBuild.objects.create(
                meeting=meeting, requested_by=user, status=PackBuild.Status.RUNNING
            )
            stages: list[tuple[float, str]] = []
            cpu = time.process_time()
            start = time.perf_counter()
            version = build_pack(build, progress=partial(note, stages))
            builds.append(time.perf_counter() - start)
            build_cpu.append(time.process_time() - cpu)
            marks = [(start, "start"), *stages]
            print(
                "  stages: "
                + "; ".join(
                    f"{stage} {later - at:.2f} s"
                    for (at, stage), (later, _) in zip(marks[1:], marks[2:], strict=False)
                )
            )
            build.status, build.result = PackBuild.Status.DONE, version
            build.save()
            cpu = time.process_time()
            start = time.perf_counter()
            rendered = render_pdf_pages(version.html, variant=PDF_UA)
            alone.append(time.perf_counter() - start)
            alone_cpu.append(time.process_time() - cpu)
            pages = rendered.pages
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        build_s, alone_s = statistics.median(builds), statistics.median(alone)
        print(
            f"board pack: {pages} pages; build_pack {build_s:.2f} s (runs: {', '.join(f'{b:.2f}' for b in builds)}); "
            f"WeasyPrint alone on the same HTML {alone_s:.2f} s; ratio {build_s / alone_s:.2f}; "
            f"peak memory (RSS of this process) {peak:.0f} MB"
        )
        # On a shared machine the wall clock includes waiting for a core; CPU time is this process's own work.
        cpu_build, cpu_alone = statistics.median(build_cpu), statistics.median(alone_cpu)
        print(
            f"CPU time: build_pack {cpu_build:.2f} s, WeasyPrint alone {cpu_alone:.2f} s, ratio {cpu_build / cpu_alone:.2f}; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
        if args.out and version is not None:
            with upload_storage.open(version.pdf.file.name, "rb") as handle:
                Path(args.out).write_bytes(handle.read())
            print(f"wrote {args.out} and its HTML")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
