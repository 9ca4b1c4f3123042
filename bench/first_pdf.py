"""The first PDF in each gunicorn worker: how long it takes and how much memory the worker gains, with WeasyPrint
loaded and warmed in the master before gc.freeze() (cpboard/wsgi.py) and without (CPBOARD_PDF_WARMUP=false,
as before). Prints figures; asserts nothing.

    .venv/bin/python bench/first_pdf.py [--runs 3] [--repo PATH]

Each run starts `cpboard serve` (production settings) with one worker, signs an officer in (password and TOTP),
asks for the dashboard (so the worker has served a page), then the scorecard PDF twice: the first and second
PDF's times, and the worker's resident and private (not shared with the master) memory before and after the
first. Uses bench/load.py's database of 60 indicators x 12 years.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # type: ignore[import-not-found]  # noqa: E402


def worker_pid(master: int) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.2)
    raise RuntimeError("no gunicorn worker")


def memory_mb(pid: int) -> tuple[float, float]:
    """(resident, private) in MB: private is what this worker alone holds (copy-on-write pages it changed)."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0])
    private = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
    return fields["Rss"] / 1024, private / 1024


def one_run(repo: Path, data: dict, *, warm: bool) -> dict:
    server, port, _ = load.start_server(repo, data, workers=1, CPBOARD_PDF_WARMUP="true" if warm else "false")
    try:
        person = load.Person(port)
        who = data["people"][0]
        person.sign_in(who["username"], who["key"])
        pid = worker_pid(server.pid)
        before = memory_mb(pid)
        status, _, _, first = person.request("GET", "/performance/scorecard.pdf")
        assert status == 200, status
        after = memory_mb(pid)
        _, _, _, second = person.request("GET", "/performance/scorecard.pdf")
        return {
            "first": first * 1000,
            "second": second * 1000,
            "rss_gain": after[0] - before[0],
            "private_gain": after[1] - before[1],
            "private_after": after[1],
        }
    finally:
        load.stop_server(server)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--repo", type=Path, default=load.HERE)
    args = parser.parse_args()
    repo = args.repo.resolve()
    commit = subprocess.run(
        ["git", "-C", str(repo), "log", "-1", "--format=%h"], capture_output=True, text=True
    ).stdout.strip()
    print(f"code served: {repo} at {commit}; one worker per run, {args.runs} runs each")
    built = load.in_repo(repo, "--build", "--users", "1", "--password", load.PASSWORD, "--role", "officer")
    data = json.loads(next(line for line in built.stdout.splitlines() if line.startswith("LOAD-JSON "))[10:])
    try:
        for warm, label in (
            (False, "WeasyPrint loaded by the first PDF (before)"),
            (True, "warmed in the master"),
        ):
            runs = [one_run(repo, data, warm=warm) for _ in range(args.runs)]

            def median(name: str, runs: list[dict] = runs) -> float:
                return statistics.median(r[name] for r in runs)

            print(
                f"{label}: first PDF {median('first'):.0f} ms, second {median('second'):.0f} ms; the worker "
                f"gained {median('rss_gain'):.1f} MB resident, {median('private_gain'):.1f} MB private "
                f"({median('private_after'):.1f} MB private after) — medians of {args.runs}"
            )
    finally:
        load.in_repo(repo, "--drop")


if __name__ == "__main__":
    main()
