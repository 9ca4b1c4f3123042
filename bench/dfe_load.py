"""How long reading and checking the DfE files takes for one council, against plain csv parsing of the same
files in the same run (the ratio is what to compare between machines). Prints figures; asserts nothing.

    .venv/bin/python bench/dfe_load.py [--runs 5]
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpboard.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from performance import dfe  # noqa: E402


def plain_read(folder: Path) -> int:
    rows = 0
    for path in sorted(folder.glob("*.csv")):
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows += sum(1 for _ in csv.reader(handle))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--la-code", default="813")
    args = parser.parse_args()
    folder = Path(settings.DFE_DATA_DIR)
    baseline, checked = [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        rows = plain_read(folder)
        baseline.append(time.perf_counter() - started)
        started = time.perf_counter()
        figures = dfe.load_dfe_figures(folder, args.la_code)
        checked.append(time.perf_counter() - started)
    base, ours = statistics.median(baseline), statistics.median(checked)
    print(
        f"DfE files: {rows:,} rows in {len(list(folder.glob('*.csv')))} files; {len(figures)} figures for {args.la_code}"
    )
    print(f"  plain csv read (baseline): median {base * 1000:.0f} ms over {args.runs} runs")
    print(f"  read + every check:        median {ours * 1000:.0f} ms ({ours / base:.1f}x the baseline)")


if __name__ == "__main__":
    main()
