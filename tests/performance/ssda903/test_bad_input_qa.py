"""Bad input found in a tester's pass: each is a clear problem, counted once, and blocks only where it must."""

from __future__ import annotations

import datetime as dt

import pytest

from performance.ssda903 import read
from performance.ssda903.quality import check_return
from performance.ssda903.read import read_return
from tests.performance.ssda903.conftest import EPISODES, HEADER, small_return, table_csv, zipped

AS_AT = dt.date(2017, 12, 31)


def _checked(files, year=2018):
    result = read_return(files, year=year)
    return check_return(result.ret, as_at=AS_AT, report=result.report)


@pytest.mark.parametrize(
    "xml",
    [
        b"<?xml version='1.0'?><EXPSSDA903><FOO /></EXPSSDA903>",
        b"<EXPSSDA903><CHILDREN><CHILD><EPISODE><DECOM>01/01/2017</DECOM></EPISODE></CHILD></CHILDREN></EXPSSDA903>",
    ],
)
def test_a_903_xml_file_with_no_child_it_can_read_blocks(xml):
    report = _checked([("return.xml", xml)])
    assert not report.ok
    assert any("return.xml" in f.message for f in report.blocking)


def test_a_child_element_with_no_header_is_counted_not_dropped():
    xml = (
        b"<EXPSSDA903><CHILD><HEADER><CHILDID>A1</CHILDID><SEX>1</SEX><DOB>01/02/2010</DOB>"
        b"<ETHNIC>WBRI</ETHNIC><UPN>A123456789012</UPN></HEADER><EPISODE><DECOM>01/05/2016</DECOM><RNE>S</RNE>"
        b"<LS>C2</LS><CIN>N1</CIN><PL>U1</PL></EPISODE></CHILD>"
        b"<CHILD><EPISODE><DECOM>01/01/2017</DECOM></EPISODE></CHILD></EXPSSDA903>"
    )
    report = _checked([("return.xml", xml)])
    found = [f for f in report.blocking if "HEADER" in f.message]
    assert found and found[0].count == 1


def test_header_and_episodes_tables_with_no_rows_block():
    files = [("header.csv", table_csv(HEADER)), ("episodes.csv", table_csv(EPISODES))]
    report = _checked(files)
    assert not report.ok
    assert report.counts().get("empty_table") == 2


def test_a_file_cut_short_is_one_problem():
    header, episodes = small_return()
    report = _checked([header, ("episodes.csv", episodes[1][:-30])])
    assert report.counts()["truncated"] == 1


def test_a_header_that_cannot_be_read_does_not_also_call_every_episode_unknown():
    header, episodes = small_return()
    latin1 = ("header.csv", header[1].replace(b"WBRI", b"W\xe9RI", 1))
    report = _checked([latin1, episodes])
    assert "unreadable" in report.counts()
    assert "unknown_child" not in report.counts()


def test_a_zip_made_on_a_mac_ignores_its_resource_forks():
    header, episodes = small_return()
    files = [
        header,
        episodes,
        ("__MACOSX/._header.csv", b"\x00\x05\x16\x07\x00\x02junk"),
        (".DS_Store", b"x"),
    ]
    report = _checked([zipped(files)])
    assert report.ok, [f.message for f in report.blocking]
    assert report.counts().get("extra_file") == 2


def test_a_zip_expanding_past_the_returns_bound_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr(read, "MAX_RETURN_BYTES", 2_000)
    header, episodes = small_return()
    rows = [f"C{n},01/05/2016,S,C2,N1,U1,PR1,,,,,," for n in range(100)]
    big = ("episodes.csv", table_csv(EPISODES, *rows))
    result = read_return([zipped([header, big])], year=2018)
    assert "too_large" in result.report.counts() and not result.report.ok
    assert not result.ret.rows("episodes")


def test_plural_wording():
    rows = ("A1,1,01/02/2010,WBRI,A1,,", "A1,1,01/02/2010,WBRI,A1,,", "B2,2,15/06/2012,WBRI,B2,,")
    report = _checked(small_return(header_rows=rows))
    duplicate = next(f for f in report.findings if f.check == "duplicate_child")
    assert "1 child appears in the header" in duplicate.message
    xml = (
        small_return()[0],
        ("return.xml", b"<EXPSSDA903><CHILD><HEADER><CHILDID>Z9</CHILDID></HEADER></CHILD></EXPSSDA903>"),
    )
    twice = next(f for f in _checked(list(xml)).findings if f.check == "duplicate_table")
    assert "holds the Header table" in twice.message


def test_an_xml_file_that_cannot_be_read_is_one_problem():
    report = _checked([("return.xml", b"<?xml version='1.0'?><root><CHILD /></root>")])
    assert report.counts() == {"not_903": 1, "absent_table": 8}


def test_oc2_is_asked_for_exactly_the_childrens_the_health_figures_count():
    """Worked out by hand, as at 31/03/2018 (the indicators' cohort: looked after on the date, care begun on
    or before 01/04/2017, short breaks left out):
    C1 began 01/04/2017 and is still in care: in the cohort, so its OC2 row is needed;
    C2 has had only short breaks (V3) since 2016: not looked after as the DfE counts it, no OC2 needed;
    C3 left care on 31/03/2018 itself: not looked after on the date, no OC2 needed;
    C4 began 02/04/2017: not yet a year, no OC2 needed."""
    from performance.ssda903.indicators import compute

    header = (
        "C1,1,01/02/2010,WBRI,C1,,",
        "C2,1,01/02/2010,WBRI,C2,,",
        "C3,1,01/02/2010,WBRI,C3,,",
        "C4,1,01/02/2010,WBRI,C4,,",
    )
    episodes = (
        "C1,01/04/2017,S,C2,N1,U1,PR1,,,,,,",
        "C2,01/05/2016,S,V3,N1,U1,PR1,,,,,,",
        "C3,01/05/2016,S,C2,N1,U1,PR1,31/03/2018,E11,,,,",
        "C4,02/04/2017,S,C2,N1,U1,PR1,,,,,,",
    )
    files = small_return(header_rows=header, episode_rows=episodes)
    result = read_return(files, year=2018)
    report = check_return(result.ret, as_at=dt.date(2018, 3, 31), report=result.report)
    needed = next(f for f in report.findings if f.check == "oc2_missing")
    assert needed.children == ["C1"]
    assert compute(result.ret, as_at=dt.date(2018, 3, 31))["cohort_12_months"].numerator == 1


def test_a_date_of_birth_after_the_collection_year_or_a_date_centuries_ago_is_impossible():
    rows = ("A1,1,01/02/2030,WBRI,A1,,", "B2,2,15/06/0212,WBRI,B2,,")
    report = _checked(small_return(header_rows=rows))
    impossible = [f for f in report.findings if f.check == "impossible_date"]
    assert sum(f.count for f in impossible) == 2 and not report.ok
    assert any("after 31/03/2018" in f.message and f.children == ["A1"] for f in impossible)
    episodes = ("A1,01/05/0216,S,C2,N1,U1,PR1,,,,,,",)
    report = _checked(small_return(episode_rows=episodes))
    assert [f.children for f in report.findings if f.check == "impossible_date"] == [["A1"]]


def test_an_extract_far_older_than_its_date_blocks():
    """The small return's episodes start and end in 2016 and 2017 and it has no reviews. Read as an extract
    of 14/07/2026 its open episodes would count as children in care in 2026, so it blocks; as at 31/12/2017
    it does not (B2 started on 10/10/2017). A review in the 12 months is enough to show it is current."""
    result = read_return(small_return(), year=2027)
    report = check_return(result.ret, as_at=dt.date(2026, 7, 14), report=result.report)
    stale = [f for f in report.findings if f.check == "stale_extract"]
    assert (
        stale and stale[0].blocking and "14/07/2026" in stale[0].message and "10/10/2017" in stale[0].message
    )
    result = read_return(small_return(), year=2018)
    assert "stale_extract" not in check_return(result.ret, as_at=AS_AT, report=result.report).counts()
    reviews = ("reviews.csv", table_csv("CHILD,DOB,REVIEW,REVIEW_CODE", "A1,01/02/2010,01/06/2026,PN1"))
    result = read_return([*small_return(), reviews], year=2027)
    report = check_return(result.ret, as_at=dt.date(2026, 7, 14), report=result.report)
    assert "stale_extract" not in report.counts()


def test_rows_with_more_fields_than_the_header_are_counted():
    """An unquoted comma (a postcode typed "AB1, 2CD") shifts every later field into the wrong column."""
    rows = (
        "A1,01/05/2016,S,C2,N1,U1,PR1,,,,AB1, 2CD,EF3 4GH,SC1",
        "B2,10/10/2017,S,C2,N1,U1,PR1,,,,AB1, 2CD,EF3 4GH,SC1",
    )
    report = _checked(small_return(episode_rows=rows))
    found = [f for f in report.findings if f.check == "misaligned"]
    assert found and found[0].count == 2 and found[0].blocking
    assert "episodes.csv" in found[0].message and "rows 2 and 3" in found[0].message


def test_a_quotation_mark_left_open_is_a_problem_not_a_crash():
    """A stray quotation mark makes the rest of the file one field; past the CSV reader's field limit it
    raised an error (a server error on the upload page)."""
    rows = ['A1,01/05/2016,S,C2,N1,U1,PR1,,,,"AB1 2CD,EF3 4GH,SC1'] + [
        f"C{n},01/05/2016,S,C2,N1,U1,PR1,,,,AB1 2CD,EF3 4GH,SC{n}" for n in range(4000)
    ]
    report = _checked([small_return()[0], ("episodes.csv", table_csv(EPISODES, *rows))])
    found = [f for f in report.findings if f.check == "unreadable"]
    assert found and "episodes.csv" in found[0].message and "row 2" in found[0].message
    assert not report.ok


@pytest.mark.parametrize(("separator", "word"), [(";", "semicolons"), ("\t", "tabs")])
def test_a_file_separated_by_semicolons_or_tabs_says_so(separator, word):
    header, episodes = small_return()
    other = ("episodes.csv", episodes[1].replace(b",", separator.encode()))
    finding = next(f for f in _checked([header, other]).findings if f.check == "not_903")
    assert f"separated by {word}, not commas" in finding.message


def test_episodes_not_where_the_xml_form_puts_them_are_counted_not_dropped():
    xml = (
        b"<EXPSSDA903><CHILD><HEADER><CHILDID>A1</CHILDID><SEX>1</SEX><DOB>01/02/2010</DOB>"
        b"<ETHNIC>WBRI</ETHNIC><UPN>A123456789012</UPN></HEADER><EPISODE><DECOM>01/05/2016</DECOM><RNE>S</RNE>"
        b"<LS>C2</LS><CIN>N1</CIN><PL>U1</PL></EPISODE><EPISODES><EPISODE><DECOM>01/09/2017</DECOM><RNE>P</RNE>"
        b"<LS>C2</LS><CIN>N1</CIN><PL>U2</PL></EPISODE></EPISODES></CHILD></EXPSSDA903>"
    )
    result = read_return([("return.xml", xml)], year=2018)
    assert len(result.ret.rows("episodes")) == 1
    found = [f for f in result.report.findings if f.check == "xml_structure"]
    assert found and found[0].count == 1 and "EPISODE" in found[0].message and found[0].blocking


def test_an_xml_return_with_children_but_no_episode_blocks():
    xml = (
        b"<EXPSSDA903><CHILD><HEADER><CHILDID>A1</CHILDID><SEX>1</SEX><DOB>01/02/2010</DOB>"
        b"<ETHNIC>WBRI</ETHNIC><UPN>A123456789012</UPN></HEADER></CHILD></EXPSSDA903>"
    )
    report = _checked([("return.xml", xml)])
    assert report.counts().get("empty_table") == 1 and not report.ok


def test_an_extract_dated_before_every_episode_blocks():
    """Read as at 31/03/2010, every episode of the small return begins later: no child would be counted."""
    result = read_return(small_return(), year=2010)
    report = check_return(result.ret, as_at=dt.date(2010, 3, 31), report=result.report)
    found = [f for f in report.findings if f.check == "stale_extract"]
    assert found and "31/03/2010" in found[0].message and "01/05/2016" in found[0].message


def test_a_year_before_the_first_layout_is_read_with_the_first_not_a_crash():
    from performance.ssda903 import layouts

    assert set(layouts.tables_for(2010)) == set(layouts.tables_for(2017))


def test_an_extract_date_before_the_first_collection_year_is_refused_next_to_the_field():
    from django.core.exceptions import ValidationError

    from performance.services.ssda903 import check_as_at

    with pytest.raises(ValidationError) as error:
        check_as_at(dt.date(2010, 3, 31), today=dt.date(2026, 7, 14))
    assert "01/04/2016" in str(error.value.message_dict["as_at"])
    check_as_at(dt.date(2016, 4, 1), today=dt.date(2026, 7, 14))


def test_a_childs_reference_in_another_case_in_another_table_is_the_same_child():
    """The header says "a1" and the episodes "A1": the same child, not a blocking "child not in the header"."""
    files = small_return(
        header_rows=("a1,1,01/02/2010,WBRI,A123456789012,,", "B2,2,15/06/2012,WBRI,B123456789012,,")
    )
    report = _checked(files)
    assert "unknown_child" not in report.counts()
    assert report.ok
