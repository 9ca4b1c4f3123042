"""Each bad input of the issue is a clear, counted problem, and blocks the figures where it should."""

from __future__ import annotations

import datetime as dt

import pytest

from performance.ssda903.quality import check_return
from performance.ssda903.read import read_return
from tests.performance.ssda903.conftest import EPISODES, HEADER, fake_files, small_return, table_csv

AS_AT = dt.date(2017, 12, 31)


def _checked(files, year=2018):
    result = read_return(files, year=year)
    return check_return(result.ret, as_at=AS_AT, report=result.report)


def _only(report, check):
    found = [f for f in report.findings if f.check == check]
    assert found, f"no {check} finding in {[f.check for f in report.findings]}"
    return found


def test_the_fake_return_has_no_blocking_problem_and_counted_warnings():
    report = _checked(fake_files())
    assert report.ok
    counts = report.counts()
    assert counts["invalid_code"] == 1 + 56 + 51 + 61 + 58 + 216 + 1 + 1 + 29
    assert counts["overlap"] == 72


def test_a_file_that_is_not_a_903_table_names_what_is_missing():
    files = [*small_return(), ("budget.csv", table_csv("Cost centre,Amount", "CC1,100"))]
    finding = _only(_checked(files), "not_903")[0]
    assert finding.blocking
    assert "budget.csv" in finding.message and "Cost centre" in finding.message and "CHILD" in finding.message


def test_a_table_short_of_columns_names_the_missing_ones():
    cut = table_csv("CHILD,DECOM,RNE,LS,CIN,PLACE,DEC,REC", "A1,01/05/2016,S,C2,N1,U1,,")
    files = [small_return()[0], ("episodes.csv", cut)]
    report = _checked(files)
    finding = _only(report, "other_year")[0]
    assert "PLACE_PROVIDER" in finding.message and "REASON_PLACE_CHANGE" in finding.message
    assert "missing_table" in report.counts()  # so there is no episodes table at all
    assert not report.ok


def test_a_table_from_another_collection_years_layout():
    social_worker = table_csv("CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON", "A1,01/02/2010,SW1,01/05/2016,,")
    report = _checked([*small_return(), ("sw.csv", social_worker)])
    finding = _only(report, "other_year")[0]
    assert "2023-24" in finding.message and "2017-18" in finding.message
    assert not report.ok
    # the same table is part of a 2023-24 return
    assert "other_year" not in _checked([*small_return(), ("sw.csv", social_worker)], year=2024).counts()


def test_duplicate_children_in_the_header():
    rows = ("A1,1,01/02/2010,WBRI,A1,,", "A1,1,01/02/2010,WBRI,A1,,", "B2,2,15/06/2012,WBRI,B2,,")
    report = _checked(small_return(header_rows=rows))
    finding = _only(report, "duplicate_child")[0]
    assert finding.count == 1 and finding.children == ["A1"] and finding.blocking


def test_episodes_for_children_not_in_the_header():
    rows = ("A1,1,01/02/2010,WBRI,A1,,",)
    report = _checked(small_return(header_rows=rows))
    finding = _only(report, "unknown_child")[0]
    assert finding.count == 1 and finding.children == ["B2"] and not report.ok


@pytest.mark.parametrize("cut", [30, 45])
def test_a_truncated_file(cut):
    header, episodes = small_return()
    cut_short = ("episodes.csv", episodes[1][: len(episodes[1]) - cut])
    report = _checked([header, cut_short])
    assert _only(report, "truncated")[0].blocking
    assert "cut short" in _only(report, "truncated")[0].message


def test_a_truncated_xml_file():
    from tests.performance.ssda903.conftest import FAKE_DIR

    data = (FAKE_DIR / "fake_903.xml").read_bytes()
    report = _checked([("fake_903.xml", data[: len(data) // 2])])
    assert "truncated" in report.counts() and not report.ok


def test_invalid_codes_are_counted_warnings_naming_the_code():
    rows = (
        "A1,01/05/2016,S,C2,N1,ZZ,PR1,,,,,,",
        "B2,10/10/2017,S,V2,N2,ZZ,PR1,,,,,,",
    )
    report = _checked(small_return(episode_rows=rows))
    finding = _only(report, "invalid_code")[0]
    assert finding.count == 2 and "“ZZ”" in finding.message and "PLACE" in finding.message
    assert report.ok  # a warning: the figures are still worked out


def test_codes_depend_on_the_collection_year():
    rows = ("A1,01/05/2016,S,C2,N1,U1,PR1,01/09/2017,E45,CUSTOD,,,",)
    assert "invalid_code" in _checked(small_return(episode_rows=rows)).counts()
    assert "invalid_code" not in _checked(small_return(episode_rows=rows), year=2022).counts()


def test_impossible_dates_block():
    rows = ("A1,31/02/2017,S,C2,N1,U1,PR1,,,,,,", "B2,10/10/2017,S,V2,N2,U1,PR1,,,,,,")
    report = _checked(small_return(episode_rows=rows))
    finding = _only(report, "impossible_date")[0]
    assert finding.children == ["A1"] and not report.ok


def test_episodes_ending_before_they_start_and_overlaps_and_gaps():
    rows = (
        "A1,01/05/2016,S,C2,N1,U1,PR1,01/04/2016,X1,,,,",
        "B2,10/10/2016,S,V2,N2,U1,PR1,,,,,,",
        "B2,10/10/2017,S,V2,N2,U1,PR1,,,,,,",
    )
    report = _checked(small_return(episode_rows=rows))
    assert _only(report, "date_order")[0].children == ["A1"]
    assert _only(report, "overlap")[0].children == ["B2"]
    gap_rows = ("A1,01/05/2016,S,C2,N1,U1,PR1,01/06/2016,X1,,,,", "A1,05/06/2016,P,C2,N1,U1,PR1,,,,,,")
    assert _only(_checked(small_return(episode_rows=gap_rows)), "gap")[0].children == ["A1"]


def test_oc2_must_exist_for_children_in_care_a_year():
    report = _checked(small_return())
    assert _only(report, "oc2_missing")[0].children == ["A1"]  # B2 only since October 2017


def test_missing_episodes_with_no_end():
    missing = table_csv(
        "CHILD,DOB,MISSING,MIS_START,MIS_END",
        "A1,01/02/2010,M,01/11/2017,",
        "B2,15/06/2012,A,01/11/2017,03/11/2017",
    )
    report = _checked([*small_return(), ("missing.csv", missing)])
    assert _only(report, "missing_open")[0].children == ["A1"]


def test_dates_after_the_collection_year():
    rows = ("A1,01/05/2016,S,C2,N1,U1,PR1,,,,,,", "B2,10/04/2018,S,V2,N2,U1,PR1,,,,,,")
    assert _only(_checked(small_return(episode_rows=rows)), "outside_year")[0].children == ["B2"]


def test_no_episodes_table_at_all():
    report = _checked(small_return()[:1])
    assert "Episodes" in _only(report, "missing_table")[0].message and not report.ok


def test_the_same_table_twice():
    report = _checked([*small_return(), ("copy.csv", small_return()[1][1])])
    assert "duplicate_table" in report.counts() and not report.ok


def test_counts_carry_no_child_reference_or_text():
    rows = ("A1,1,01/02/2010,WBRI,A1,,", "A1,1,01/02/2010,WBRI,A1,,", "B2,2,15/06/2012,WBRI,B2,,")
    counts = _checked(small_return(header_rows=rows)).counts()
    assert all(isinstance(k, str) and isinstance(v, int) for k, v in counts.items())
    assert "A1" not in repr(counts)


def test_header_columns_for_the_header_table():
    assert HEADER.startswith("CHILD") and EPISODES.startswith("CHILD")
