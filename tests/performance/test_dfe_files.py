"""A damaged, truncated or changed DfE file never loads, and says what is wrong and what to do.

No database. Each test copies the shipped files into a temporary folder (links, except the file it damages)."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest

from performance import dfe

SHIPPED = dfe.SHIPPED_MANIFEST.parent
STABILITY = "la_cla_placement_stability.csv"
AGAIN = "Download the file again from Explore Education Statistics."
NORTH_LINCS = "813"
# la_cla_placement_stability.csv line 4322: North Lincolnshire 2021, same carer for 2+ years: 71 children, 69%
LONG_TERM_LINE = 4322


def _lines(name: str) -> list[str]:
    return (SHIPPED / name).read_text(encoding="utf-8-sig").splitlines(keepends=True)


@pytest.fixture
def folder(tmp_path) -> Path:
    for path in SHIPPED.glob("*.csv"):
        os.symlink(path, tmp_path / path.name)
    return tmp_path


def _write(folder: Path, name: str, text: str) -> None:
    (folder / name).unlink()
    (folder / name).write_text(text, encoding="utf-8")


def _problems(folder: Path, measures: set[str] | None = None) -> list[str]:
    with pytest.raises(dfe.DfeFileError) as caught:
        dfe.read_dfe(folder, NORTH_LINCS, measures)
    return caught.value.problems


def test_the_shipped_files_match_their_manifest():
    manifest = json.loads(dfe.SHIPPED_MANIFEST.read_text())["files"]
    assert sorted(manifest) == sorted(p.name for p in SHIPPED.glob("*.csv"))
    assert dfe.build_manifest(SHIPPED)["files"] == manifest
    reading = dfe.read_dfe(SHIPPED, NORTH_LINCS)
    assert reading.files and all(f.status == dfe.AS_SHIPPED for f in reading.files)
    assert reading.unmatched == {}


def test_a_file_cut_inside_its_last_field_never_loads(folder):
    # The testers' copy: cut after the "6" of North Lincolnshire's 69% (2020-21 long-term stability).
    text = "".join(_lines(STABILITY)[:LONG_TERM_LINE])
    assert text.endswith(",71,69\n")
    _write(folder, STABILITY, text[:-2])
    assert _problems(folder) == [
        f"{STABILITY} is incomplete: its last line (line {LONG_TERM_LINE}) does not end with a line break, "
        f"so the file was probably cut short while it was copied or downloaded. {AGAIN}"
    ]


def test_a_row_with_too_few_fields_never_loads(folder):
    lines = _lines(STABILITY)
    lines[LONG_TERM_LINE - 1] = lines[LONG_TERM_LINE - 1].replace(",71,69\n", ",7169\n")
    _write(folder, STABILITY, "".join(lines))
    assert _problems(folder) == [
        f"{STABILITY} line {LONG_TERM_LINE} has 13 fields where the header has 14. {AGAIN}"
    ]


@pytest.mark.parametrize(
    ("cell", "why"),
    [
        ("6x", '"6x" is not a number or a DfE symbol (c, k, low, u, x, z or :)'),
        ("", '"" is not a number or a DfE symbol (c, k, low, u, x, z or :)'),
        ("6 9", '"6 9" is not a number or a DfE symbol (c, k, low, u, x, z or :)'),
        ("690", "690 is not a plausible value for a percentage (0 to 100)"),
        ("-1", "-1 is not a plausible value for a percentage (0 to 100)"),
    ],
)
def test_a_value_that_is_not_strictly_a_plausible_number_never_loads(folder, cell, why):
    lines = _lines(STABILITY)
    lines[LONG_TERM_LINE - 1] = lines[LONG_TERM_LINE - 1].replace(",71,69\n", f",71,{cell}\n")
    _write(folder, STABILITY, "".join(lines))
    assert _problems(folder) == [
        f'{STABILITY} line {LONG_TERM_LINE}, column "children_percent": {why}. {AGAIN}'
    ]


def test_an_implausible_rate_and_a_negative_count_never_load(folder):
    name = "cla_number_and_rate_per_10k_children.csv"
    lines = _lines(name)
    # line 159: North Lincolnshire 2025, children looked after on 31 March: 215 children, 62 per 10,000
    assert lines[158].endswith(",215,62\n"), lines[158]
    lines[158] = lines[158].replace(",215,62\n", ",-215,62000\n")
    _write(folder, name, "".join(lines))
    assert _problems(folder) == [
        f'{name} line 159, column "children_count": -215 is not a plausible value for a count (0 or more). {AGAIN}',
        f'{name} line 159, column "rate_per_10000": 62000 is not a plausible value for a rate per 10,000 '
        f"children (0 to 10000). {AGAIN}",
    ]


def test_k_is_a_published_value_that_rounds_to_zero(folder):
    lines = _lines(STABILITY)
    lines[LONG_TERM_LINE - 1] = lines[LONG_TERM_LINE - 1].replace(",71,69\n", ",71,k\n")
    _write(folder, STABILITY, "".join(lines))
    figures = dfe.read_dfe(folder, NORTH_LINCS, {"placement_same_carer_2_years"}).figures
    [own] = [f for f in figures if f.year_start == 2020 and f.area == "la"]
    assert (own.value, own.not_published_reason, own.source_row) == (
        Decimal(0),
        dfe.ROUNDS_TO_ZERO,
        LONG_TERM_LINE,
    )
    assert own.rounds_to_zero


def test_an_empty_file_says_so(folder):
    _write(folder, STABILITY, "")
    assert _problems(folder) == [f"{STABILITY} is empty. {AGAIN}"]


def test_a_file_with_only_its_header_says_so(folder):
    _write(folder, STABILITY, _lines(STABILITY)[0])
    assert _problems(folder) == [f"{STABILITY} has a header row but no figures. {AGAIN}"]


def _rename_column(folder: Path, name: str, old: str, new: str) -> None:
    lines = _lines(name)
    header = lines[0].rstrip("\n").split(",")
    lines[0] = ",".join(new if h == old else h for h in header) + "\n"
    _write(folder, name, "".join(lines))


def test_a_renamed_value_column_is_named_with_the_columns_the_file_has(folder):
    _rename_column(folder, STABILITY, "children_percent", "pct")
    assert _problems(folder) == [
        f'{STABILITY} has no column "children_percent" (it has: time_period, time_identifier, '
        "geographic_level, country_code, country_name, region_code, region_name, old_la_code, la_name, "
        f"new_la_code, cla_group, placement_stability, children_count, pct). {AGAIN}"
    ]


def test_a_renamed_time_period_is_a_missing_column_not_an_unknown_council(folder):
    _rename_column(folder, STABILITY, "time_period", "period")
    [problem] = _problems(folder)
    assert problem.startswith(f'{STABILITY} has no column "time_period" (it has: period, time_identifier, ')
    assert problem.endswith(AGAIN)


def test_a_dropped_region_code_column_is_named(folder):
    lines = [line.rstrip("\n").split(",") for line in _lines(STABILITY)]
    i = lines[0].index("region_code")
    _write(folder, STABILITY, "".join(",".join(row[:i] + row[i + 1 :]) + "\n" for row in lines))
    [problem] = _problems(folder)
    assert problem.startswith(f'{STABILITY} has no column "region_code" (it has: time_period, ')


def test_a_missing_file_is_named_with_the_folder(folder):
    (folder / "ks4_la.csv").unlink()
    assert _problems(folder) == [
        f"ks4_la.csv is missing from the DfE data folder ({folder}). Put the file back (the project ships a "
        "copy in data/dfe/) or download it again from Explore Education Statistics."
    ]


def test_a_damaged_neighbour_model_is_a_file_problem_not_a_traceback(folder):
    _rename_column(folder, dfe.NEIGHBOURS_FILE, "SN_3", "SN3")
    [problem] = _problems(folder)
    assert problem.startswith(f'{dfe.NEIGHBOURS_FILE} has no column "SN_3" (it has: old_la_code, la_name, ')


def test_every_damaged_file_is_listed_at_once(folder):
    _write(folder, STABILITY, "")
    _write(folder, "ks4_la.csv", _lines("ks4_la.csv")[0])
    assert _problems(folder) == [
        f"{STABILITY} is empty. {AGAIN}",
        f"ks4_la.csv has a header row but no figures. {AGAIN}",
    ]


def test_a_changed_but_sound_file_loads_and_is_reported_as_different(folder):
    lines = _lines(STABILITY)
    lines[LONG_TERM_LINE - 1] = lines[LONG_TERM_LINE - 1].replace(",71,69\n", ",71,70\n")
    _write(folder, STABILITY, "".join(lines))
    reading = dfe.read_dfe(folder, NORTH_LINCS)
    status = {f.name: f.status for f in reading.files}
    assert status[STABILITY] == dfe.DIFFERENT == "different from the shipped copy"
    assert {s for name, s in status.items() if name != STABILITY} == {dfe.AS_SHIPPED}
    [own] = [
        f
        for f in reading.figures
        if f.measure == "placement_same_carer_2_years" and f.year_start == 2020 and f.area == "la"
    ]
    assert own.value == 70


def test_a_file_the_manifest_does_not_know_is_reported_as_new(folder):
    reading = dfe.read_dfe(folder, NORTH_LINCS, {"cla_rate_per_10k"}, manifest={})
    assert {f.status for f in reading.files} == {dfe.NEW} == {"not in the shipped manifest"}


def test_a_renamed_breakdown_label_is_reported_as_unmatched(folder):
    name = "la_cla_placement_stability.csv"
    text = (SHIPPED / name).read_text(encoding="utf-8-sig")
    _write(
        folder, name, text.replace("Living with the same carer for at least 2 years", "Same carer 2+ years")
    )
    reading = dfe.read_dfe(folder, NORTH_LINCS)
    assert not [f for f in reading.figures if f.measure == "placement_same_carer_2_years"]
    assert reading.unmatched == {
        "placement_same_carer_2_years": (
            f'{name} has no rows where placement_stability is "Living with the same carer for at least 2 years" '
            '(it has: "Same carer 2+ years", "Total children", "With 3 or more placements during the previous '
            '2 years", "With 3 or more placements during the year")'
        )
    }
