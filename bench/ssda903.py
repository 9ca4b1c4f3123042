"""SSDA903 speed and memory: a large council's return (about 2,000 children, 5,000 episodes, 12,000 reviews)
written as CSV files in a temporary folder, then read, checked and computed as an upload is; then a return with
20,000 episodes, and one just under the most an upload may hold once unzipped (read.MAX_RETURN_BYTES), to show
memory stays bounded (the issue's bound: under 5 s and under 300 MB). Each size runs
in a fresh process, so its peak resident memory is its own. Prints figures; asserts nothing.

    .venv/bin/python bench/ssda903.py [--runs 3] [--read-only]
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpboard.settings")

SIZES = {
    "large council": (2_000, 5_000, 12_000),
    "20,000 episodes": (8_000, 20_000, 48_000),
    # just under read.MAX_RETURN_BYTES (5 MB), the most one upload may hold once unzipped
    "the largest return accepted": (10_500, 26_000, 63_000),
}
AS_AT = dt.date(2025, 12, 31)  # Q3 of collection year 2025-26
YEAR = 2026


def _d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def write_return(folder: Path, children: int, episodes: int, reviews: int, seed: int = 903) -> None:
    """A plausible return: each child's episodes follow on (X1) or end with a leaving code; the codes are
    valid 2025-26 codes; about one child in eight is a care leaver with an OC3 row."""
    rng = random.Random(seed)
    refs = [f"C{100000 + i}" for i in range(children)]
    header, eps, revs, oc2, oc3, missing, prev = [], [], [], [], [], [], []
    per_child = [1] * children
    for _ in range(episodes - children):
        per_child[rng.randrange(children)] += 1
    for index, ref in enumerate(refs):
        born = dt.date(2004, 1, 1) + dt.timedelta(days=rng.randrange(21 * 365))
        header.append(f"{ref},{rng.choice('12')},{_d(born)},WBRI,A{index:012d},,")
        prev.append(f"{ref},{_d(born)},Z1,,")
        start = max(born, AS_AT - dt.timedelta(days=rng.randrange(30, 2_500)))
        count = per_child[index]
        for n in range(count):
            last = n == count - 1
            end = start + dt.timedelta(days=rng.randrange(20, 300))
            if last and (rng.random() < 0.7 or end > AS_AT):
                eps.append(
                    f"{ref},{_d(start)},{'S' if n == 0 else 'P'},C2,N1,U1,PR1,,,,AB1 2CD,EF3 4GH,SC{index}"
                )
                break
            rec = "E8" if last else "X1"
            reason = "" if last else "CARPL"
            eps.append(
                f"{ref},{_d(start)},{'S' if n == 0 else 'P'},C2,N1,U1,PR1,{_d(end)},{rec},{reason},AB1 2CD,EF3 4GH,SC{index}"
            )
            start = end
        oc2.append(f"{ref},{_d(born)},{rng.randrange(0, 40)},,0,1,1,1,1,0,0,0")
        if index % 8 == 0:
            oc3.append(f"{ref},{_d(born)},YES,F1,B1")
        if index % 20 == 0:
            gone = AS_AT - dt.timedelta(days=rng.randrange(5, 200))
            missing.append(f"{ref},{_d(born)},M,{_d(gone)},{_d(gone + dt.timedelta(days=2))}")
    for n in range(reviews):
        ref = refs[n % children]
        day = AS_AT - dt.timedelta(days=rng.randrange(1, 360))
        revs.append(f"{ref},01/01/2010,{_d(day)},PN1")
    tables = {
        "header": ("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB", header),
        "episodes": (
            "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN",
            eps,
        ),
        "reviews": ("CHILD,DOB,REVIEW,REVIEW_CODE", revs),
        "oc2": (
            "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,"
            "SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED",
            oc2,
        ),
        "oc3": ("CHILD,DOB,IN_TOUCH,ACTIV,ACCOM", oc3),
        "missing": ("CHILD,DOB,MISSING,MIS_START,MIS_END", missing),
        "previous_permanence": ("CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM", prev),
        "uasc": ("CHILD,SEX,DOB,DUC", []),
        "ad1": ("CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR", []),
        "placed_for_adoption": ("CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED", []),
        "social_worker": ("CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON", []),
    }
    for name, (columns, rows) in tables.items():
        (folder / f"{name}.csv").write_text(columns + "\n" + "\n".join(rows) + ("\n" if rows else ""))


def _run(label: str, children: int, episodes: int, reviews: int, runs: int, read_only: bool, queue) -> None:
    import django

    django.setup()
    from performance.ssda903.quality import check_return
    from performance.ssda903.read import read_return

    compute: Callable[..., dict] | None = None
    if not read_only:
        from performance.ssda903.indicators import compute as calculations

        compute = calculations

    with tempfile.TemporaryDirectory() as folder:
        write_return(Path(folder), children, episodes, reviews)
        files = sorted(Path(folder).glob("*.csv"))
        size = sum(f.stat().st_size for f in files)
        timings: dict[str, list[float]] = {"read": [], "checks": [], "compute": [], "total": []}
        figures = rows = 0
        peak = 0
        for run in range(runs + 1):  # the last run traces allocations (slower), for the peak only
            traced = run == runs
            if traced:
                tracemalloc.start()
            started = time.perf_counter()
            uploads = [(f.name, f.read_bytes()) for f in files]
            result = read_return(uploads, year=YEAR)
            read_at = time.perf_counter()
            report = check_return(result.ret, as_at=AS_AT, report=result.report)
            checked_at = time.perf_counter()
            if compute is not None and report.ok:
                figures = len(compute(result.ret, as_at=AS_AT))
            done = time.perf_counter()
            rows = sum(len(r) for r in result.ret.tables.values())
            assert report.ok, [f.message for f in report.blocking]
            del result, uploads
            if traced:
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
                continue
            timings["read"].append(read_at - started)
            timings["checks"].append(checked_at - read_at)
            timings["compute"].append(done - checked_at)
            timings["total"].append(done - started)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    queue.put((label, children, episodes, reviews, size, rows, figures, timings, peak / 1e6, rss))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--read-only", action="store_true", help="read and check only (no indicator calculations)"
    )
    args = parser.parse_args()
    context = multiprocessing.get_context("spawn")
    print(
        f"SSDA903 read + checks{'' if args.read_only else ' + compute'}, median of {args.runs} runs, as at {AS_AT:%d/%m/%Y}"
    )
    for label, (children, episodes, reviews) in SIZES.items():
        queue = context.Queue()
        process = context.Process(
            target=_run, args=(label, children, episodes, reviews, args.runs, args.read_only, queue)
        )
        process.start()
        (_, children, episodes, reviews, size, rows, figures, timings, peak, rss) = queue.get()
        process.join()
        median = {k: statistics.median(v) for k, v in timings.items()}
        print(
            f"  {label}: {children:,} children, {episodes:,} episodes, {reviews:,} reviews "
            f"({size / 1e6:.1f} MB of CSV, {rows:,} rows, {figures} figures)\n"
            f"    read {median['read']:.2f} s, checks {median['checks']:.2f} s, compute {median['compute']:.2f} s, "
            f"total {median['total']:.2f} s (slowest {max(timings['total']):.2f} s)\n"
            f"    peak Python allocations {peak:.0f} MB; peak resident memory of the process {rss:.0f} MB"
        )


if __name__ == "__main__":
    main()
