"""The DfE loader against the real published files, and the shape of the preloaded catalogue.

No database. The expected figures below were read by hand from the CSV files (line numbers given).
"""

from __future__ import annotations

import csv
import os
import re
import statistics
from decimal import Decimal
from pathlib import Path

import pytest

from performance import dfe
from performance.reference import catalogue

HERE = Path(__file__).resolve()


def _find_data_dir() -> Path | None:
    candidates = []
    if os.environ.get("CPBOARD_DFE_DATA_DIR"):
        candidates.append(Path(os.environ["CPBOARD_DFE_DATA_DIR"]))
    candidates.append(HERE.parents[2] / "data" / "dfe")  # <repo>/data/dfe
    candidates.append(HERE.parents[3] / "shared" / "data" / "dfe")  # /work/shared/data/dfe
    return next((path for path in candidates if (path / dfe.NEIGHBOURS_FILE).is_file()), None)


DATA_DIR = _find_data_dir()
NORTH_LINCS = "813"


@pytest.fixture(scope="module")
def data_dir() -> Path:
    if DATA_DIR is None:
        pytest.fail("DfE data not found: set CPBOARD_DFE_DATA_DIR or copy the files into <repo>/data/dfe")
    return DATA_DIR


@pytest.fixture(scope="module")
def north_lincs(data_dir) -> list[dfe.DfeFigure]:
    return dfe.load_dfe_figures(data_dir, NORTH_LINCS)


def _one(figures, measure: str, year_start: int, area: str) -> dfe.DfeFigure:
    found = [f for f in figures if f.measure == measure and f.year_start == year_start and f.area == area]
    assert len(found) == 1, f"{measure} {year_start} {area}: {len(found)} figures"
    return found[0]


def _line(data_dir: Path, file_name: str, number: int) -> list[str]:
    """The CSV fields on a 1-based line of a file (header = 1)."""
    with open(data_dir / file_name, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        for row in reader:
            if reader.line_num == number:
                return row
    raise AssertionError(f"{file_name} has no line {number}")


# ---------------------------------------------------------------------------------------------- authorities


def test_la_name_and_statistical_neighbours(data_dir):
    assert dfe.la_name(data_dir, "813") == "North Lincolnshire"
    assert dfe.la_name(data_dir, "812") == "North East Lincolnshire"
    assert dfe.la_name(data_dir, "343") == "Sefton"
    neighbours = dfe.statistical_neighbours(data_dir, "813")
    assert len(neighbours) == 10
    assert neighbours[0] == ("384", "Wakefield")  # closest first, as in sn_model_2025_wide.csv
    assert neighbours[-1] == ("888", "Lancashire")


def test_unknown_authority_and_measure_are_refused(data_dir):
    with pytest.raises(KeyError):
        dfe.la_name(data_dir, "999")
    with pytest.raises(KeyError):
        dfe.load_dfe_figures(data_dir, "999")
    with pytest.raises(KeyError):
        dfe.load_dfe_figures(data_dir, NORTH_LINCS, {"no_such_measure"})


def test_abolished_council_has_a_name_but_no_neighbours(data_dir):
    # Cumbria (909) still has rows in the older years but is not in the 2025 neighbour model.
    assert dfe.la_name(data_dir, "909") == "Cumbria"
    assert dfe.statistical_neighbours(data_dir, "909") == []


# ------------------------------------------------------------------------------------------ real figures


def test_rate_per_10k_2025_for_la_region_and_england(data_dir, north_lincs):
    # cla_number_and_rate_per_10k_children.csv, "Children looked after on 31 March each year", 2025
    own = _one(north_lincs, "cla_rate_per_10k", 2024, "la")
    assert own.value == Decimal("62")
    assert own.period_kind == "financial_year"
    assert own.period_label == "Year ending 31 March 2025"
    assert (own.source_file, own.source_row) == ("cla_number_and_rate_per_10k_children.csv", 159)
    line = _line(data_dir, own.source_file, own.source_row)
    assert line[7:9] == ["813", "North Lincolnshire"]
    assert line[-1] == "62"

    region = _one(north_lincs, "cla_rate_per_10k", 2024, "region")
    assert (region.value, region.source_row) == (Decimal("77"), 12)
    assert _line(data_dir, region.source_file, 12)[6] == "Yorkshire and The Humber"

    england = _one(north_lincs, "cla_rate_per_10k", 2024, "england")
    assert (england.value, england.source_row) == (Decimal("67"), 3)
    assert _line(data_dir, england.source_file, 3)[2] == "National"

    count = _one(north_lincs, "cla_count", 2024, "la")
    assert count.value == Decimal("215")


def test_every_year_in_the_file_is_returned(north_lincs):
    def years(measure):
        return sorted({f.year_start for f in north_lincs if f.measure == measure and f.area == "la"})

    assert years("cla_rate_per_10k") == [2020, 2021, 2022, 2023, 2024]  # time_period 2021 .. 2025
    assert years("ks2_rwm_expected") == [2018, 2019, 2020, 2021, 2022, 2023, 2024]  # 201819 .. 202425


def test_suppressed_value_becomes_none_with_the_confidentiality_reason(data_dir, north_lincs):
    # ks4_la.csv line 224: North Lincolnshire, 202425, CLA 12 months: avg_att8 10.8 but pt_l2basics_94 "c".
    suppressed = _one(north_lincs, "ks4_english_maths_4plus", 2024, "la")
    assert suppressed.value is None
    assert suppressed.not_published_reason == "Suppressed to protect confidentiality (small numbers)"
    assert (suppressed.source_file, suppressed.source_row) == ("ks4_la.csv", 224)
    line = _line(data_dir, "ks4_la.csv", 224)
    assert [line[0], line[7], line[10]] == ["202425", "813", "CLA 12 months at 31 March"]

    published = _one(north_lincs, "ks4_attainment8", 2024, "la")
    assert published.value == Decimal("10.8")
    assert published.not_published_reason == ""
    assert published.period_kind == "academic_year"
    assert published.period_label == "2024/25 academic year"


def test_rounds_to_zero_symbol(data_dir):
    # la_care_leavers_activity.csv line 1128: Wirral, 2025, 19 to 21, "Total information not known", 1, k
    figures = dfe.load_dfe_figures(data_dir, "344", {"care_leavers_19_21_activity_not_known"})
    figure = _one(figures, "care_leavers_19_21_activity_not_known", 2024, "la")
    assert figure.value == Decimal(0)  # a figure, read as 0 for RAG and direction, shown "less than 0.5%"
    assert figure.rounds_to_zero and figure.not_published_reason == dfe.ROUNDS_TO_ZERO
    assert figure.source_row == 1128


def test_not_available_year(north_lincs):
    # No KS2 tests in 2019/20 (COVID): the file carries "x" for every area.
    figure = _one(north_lincs, "ks2_rwm_expected", 2019, "england")
    assert figure.value is None
    assert figure.not_published_reason == "Not available"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("62", (Decimal("62"), "")),
        ("14.9", (Decimal("14.9"), "")),
        ("-0.5", (Decimal("-0.5"), "")),
        ("c", (None, "Suppressed to protect confidentiality (small numbers)")),
        ("z", (None, "Not applicable")),
        ("x", (None, "Not available")),
        ("k", (Decimal(0), dfe.ROUNDS_TO_ZERO)),
        ("low", (None, "Low number, not published")),
        ("u", (None, "Low reliability, not published")),
        (":", (None, "Not published")),
    ],
)
def test_parse_value(raw, expected):
    assert dfe.parse_value(raw) == expected


@pytest.mark.parametrize("raw", ["", "6 9", "69%", "1,234", "6.", ".5", "69x", "c1", "--1"])
def test_parse_value_refuses_anything_but_a_whole_number_or_a_symbol(raw):
    with pytest.raises(ValueError, match=r"is not a number or a DfE symbol \(c, k, low, u, x, z or :\)"):
        dfe.parse_value(raw)


@pytest.mark.parametrize(
    ("time_period", "kind", "expected"),
    [("2025", "financial_year", 2024), ("202425", "financial_year", 2024), ("202324", "academic_year", 2023)],
)
def test_year_start(time_period, kind, expected):
    assert dfe.year_start(time_period, kind) == expected


def test_sdq_average_comes_from_the_count_column(north_lincs):
    # la_conviction_health_outcome_cla.csv puts the average in children_count ("14.9,z" for England 2025).
    assert _one(north_lincs, "sdq_average_score", 2024, "england").value == Decimal("14.9")
    assert _one(north_lincs, "sdq_average_score", 2024, "la").value == Decimal("15.9")


def test_adoption_timeliness_is_england_only_and_converted_to_days(data_dir):
    figures = dfe.load_dfe_figures(data_dir, NORTH_LINCS, {"adoption_days_care_to_placement"})
    assert {f.area for f in figures} == {"england"}
    # 2025, stage 4, Total: "01:07" = 19 months = 19 * 365.25 / 12 = 578.3 days
    figure = _one(figures, "adoption_days_care_to_placement", 2024, "england")
    assert figure.value == Decimal("578")
    assert dfe.parse_value("01:07", "years_months") == (Decimal("578"), "")


def test_london_boroughs_compare_with_inner_or_outer_london(data_dir):
    figures = dfe.load_dfe_figures(data_dir, "202", {"cla_rate_per_10k"})  # Camden
    region = _one(figures, "cla_rate_per_10k", 2024, "region")
    assert region.source_row == 33
    assert _line(data_dir, region.source_file, 33)[6] == "Inner London"
    assert region.value == Decimal("59")


# ------------------------------------------------------------------------------------ neighbours' median


def test_neighbours_median_by_hand(north_lincs):
    # 2025 rates for the ten neighbours of North Lincolnshire, read from the file:
    # Wakefield 89, Lincolnshire 54, Doncaster 74, Barnsley 71, North Northamptonshire 68, Dudley 81,
    # Cumberland 87, Rotherham 80, Telford and Wrekin 93, Lancashire 65
    # sorted: 54 65 68 71 74 | 80 81 87 89 93 -> (74 + 80) / 2 = 77
    figure = _one(north_lincs, "cla_rate_per_10k", 2024, "statistical_neighbours")
    assert figure.value == Decimal("77")
    assert figure.source_row == 0
    assert figure.source_note.startswith("Median of 10 statistical neighbours (10 published): Wakefield 89,")
    assert "Telford and Wrekin 93" in figure.source_note


def test_neighbours_median_leaves_out_suppressed_neighbours(north_lincs):
    # New placements outside the area over 20 miles, year ending March 2024: Doncaster and Rotherham are "c".
    # published: 13 11 12 23 18 30 20 9 -> sorted 9 11 12 13 | 18 20 23 30 -> (13 + 18) / 2 = 15.5
    figure = _one(north_lincs, "new_placements_outside_over_20_miles", 2023, "statistical_neighbours")
    assert figure.value == Decimal("15.5")
    assert "(8 published)" in figure.source_note
    assert "Doncaster not published" in figure.source_note


def test_neighbours_median_needs_five_published(north_lincs):
    # Care leavers 19-21 in higher education, year ending March 2024: only 4 neighbours published.
    figure = _one(north_lincs, "care_leavers_19_21_higher_education", 2023, "statistical_neighbours")
    assert figure.value is None
    assert figure.not_published_reason == "Fewer than 5 statistical neighbours published a figure"
    assert "(4 published)" in figure.source_note


def test_neighbours_median_matches_an_independent_reading_of_the_file(data_dir, north_lincs):
    """Recompute the KS4 Attainment 8 median for 2024/25 straight from the CSV with DictReader."""
    codes = {code for code, _ in dfe.statistical_neighbours(data_dir, NORTH_LINCS)}
    values = []
    with open(data_dir / "ks4_la.csv", encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if (
                row["time_period"] == "202425"
                and row["geographic_level"] == "Local authority"
                and row["old_la_code"] in codes
                and row["social_care_group"] == "CLA 12 months at 31 March"
                and re.fullmatch(r"-?\d+(\.\d+)?", row["avg_att8"])
            ):
                values.append(Decimal(row["avg_att8"]))
    assert len(values) == 9  # North Northamptonshire is suppressed
    figure = _one(north_lincs, "ks4_attainment8", 2024, "statistical_neighbours")
    assert figure.value == statistics.median(values) == Decimal("17.4")


def test_no_neighbours_median_for_counts(north_lincs):
    assert not [f for f in north_lincs if f.measure == "cla_count" and f.area == "statistical_neighbours"]


# --------------------------------------------------------------------------------------- whole-load checks


def test_every_measure_loads_for_the_demo_authority(data_dir):
    # How long it takes is measured by bench/dfe_load.py, never asserted here (shared machines are noisy).
    figures = dfe.load_dfe_figures(data_dir, NORTH_LINCS)
    assert {f.measure for f in figures} == set(dfe.MEASURES)
    keys = [(f.measure, f.year_start, f.area) for f in figures]
    assert len(keys) == len(set(keys)), "one figure per measure, year and area"
    for f in figures:
        assert f.area in dfe.AREA_ORDER
        assert f.period_kind in (dfe.FINANCIAL_YEAR, dfe.ACADEMIC_YEAR)
        assert (f.value is None) == bool(f.not_published_reason)
        assert (f.source_row == 0) == (f.area == "statistical_neighbours")


def test_every_measure_has_england_figures_and_the_la_where_published(north_lincs):
    for key in dfe.MEASURES:
        areas = {f.area for f in north_lincs if f.measure == key}
        assert "england" in areas, key
        if key != "adoption_days_care_to_placement":
            assert {"la", "region"} <= areas, key


def test_measures_filter(data_dir):
    figures = dfe.load_dfe_figures(data_dir, NORTH_LINCS, {"health_assessment", "ks2_rwm_expected"})
    assert {f.measure for f in figures} == {"health_assessment", "ks2_rwm_expected"}


def test_measure_table_points_at_real_columns(data_dir):
    for key, measure in dfe.MEASURES.items():
        with open(data_dir / measure.file, encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh))
        for column in [*measure.filters, measure.column]:
            assert column in header, f"{key}: {measure.file} has no column {column!r}"
        assert measure.unit in catalogue.UNITS
        assert measure.period_kind in (dfe.FINANCIAL_YEAR, dfe.ACADEMIC_YEAR)


# ------------------------------------------------------------------------------------------------ catalogue

KEYS = {
    "code", "title", "definition", "unit", "polarity", "outcome_area", "cohort", "frequency", "source",
    "is_proportion", "numerator_label", "denominator_label", "tolerance", "questions", "dfe_measure",
}  # fmt: skip


def test_outcome_areas():
    assert catalogue.OUTCOME_AREAS == [
        ("being-healthy", "Being healthy"),
        ("staying-safe", "Staying safe"),
        ("enjoying-achieving", "Enjoying and achieving"),
        ("positive-contribution", "Making a positive contribution"),
        ("economic-wellbeing", "Achieving economic well-being"),
    ]


def test_catalogue_entries_are_complete_and_valid():
    areas = {slug for slug, _ in catalogue.OUTCOME_AREAS}
    assert 30 <= len(catalogue.INDICATORS) <= 45
    for item in catalogue.INDICATORS:
        code = item.get("code")
        assert set(item) == KEYS, code
        assert re.fullmatch(r"[A-Z0-9]+(-[A-Z0-9]+)*", code), code
        assert len(code) <= 30, code
        assert item["unit"] in ("percent", "rate_per_10k", "count", "days", "score", "ratio"), code
        assert item["polarity"] in ("higher", "lower", "neither"), code
        assert item["outcome_area"] in areas, code
        assert item["frequency"] in ("quarterly", "annual"), code
        assert isinstance(item["tolerance"], float), code
        assert item["tolerance"] > 0, code
        for field in ("title", "definition", "cohort", "source"):
            assert item[field].strip(), f"{code}: empty {field}"
        assert len(item["title"]) <= 200, code
        assert len(item["cohort"]) <= 300, code
        assert len(item["source"]) <= 120, code
        assert 2 <= len(item["questions"]) <= 4, code
        assert all(q.strip() and "\n" not in q for q in item["questions"]), code
        if item["is_proportion"]:
            assert item["unit"] == "percent", code
            assert item["numerator_label"], code
            assert item["denominator_label"], code
        else:
            assert item["numerator_label"] == item["denominator_label"] == "", code


def test_catalogue_codes_are_unique():
    codes = [item["code"] for item in catalogue.INDICATORS]
    assert len(codes) == len(set(codes))


def test_every_outcome_area_has_indicators_and_both_frequencies_are_used():
    assert {item["outcome_area"] for item in catalogue.INDICATORS} == {s for s, _ in catalogue.OUTCOME_AREAS}
    assert {item["frequency"] for item in catalogue.INDICATORS} == {"quarterly", "annual"}


def test_catalogue_dfe_measures_exist_and_agree_on_unit_and_year():
    for item in catalogue.INDICATORS:
        key = item["dfe_measure"]
        if key is None:
            continue
        assert key in dfe.MEASURES, f"{item['code']}: unknown DfE measure {key!r}"
        assert dfe.MEASURES[key].unit == item["unit"], item["code"]
    annual_academic = {item["code"] for item in catalogue.INDICATORS if item["dfe_measure"]
                       and dfe.MEASURES[item["dfe_measure"]].period_kind == dfe.ACADEMIC_YEAR}  # fmt: skip
    assert annual_academic == {"KS2-RWM", "KS4-ATT8", "KS4-EM4", "ABSENCE", "PERSISTENT-ABSENCE"}


def test_required_indicators_are_covered():
    by_measure = {item["dfe_measure"] for item in catalogue.INDICATORS}
    for key in (
        "placement_3plus_in_year", "placement_same_carer_2_years", "health_assessment", "dental_check",
        "immunisations", "sdq_average_score", "care_leavers_19_21_suitable_accommodation",
        "care_leavers_19_21_eet", "cla_rate_per_10k", "new_placements_outside_over_20_miles",
        "ks2_rwm_expected", "ks4_attainment8", "ks4_english_maths_4plus", "absence_persistent",
        "convictions_10_to_17", "adoption_days_care_to_placement",
    ):  # fmt: skip
        assert key in by_measure, key
    codes = {item["code"] for item in catalogue.INDICATORS}
    local_only = {"FOSTER", "ADOPT-PLACED", "PLACED-OUTSIDE", "MISSING-EPISODES", "PEP", "REVIEWS-ON-TIME",
                  "CL-IN-TOUCH", "EXCL-SUSPENSION", "EXCL-PERMANENT"}  # fmt: skip
    assert local_only <= codes


def test_catalogue_never_says_lac():
    for item in catalogue.INDICATORS:
        texts = [str(value) for value in item.values() if isinstance(value, str)] + list(item["questions"])
        for text in texts:
            assert not re.search(r"\bLAC\b", text, flags=re.IGNORECASE), f"{item['code']}: {text!r}"
    for _, name in catalogue.OUTCOME_AREAS:
        assert "LAC" not in name
