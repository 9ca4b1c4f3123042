"""The reader: the shipped fake return as CSV tables, a zip and the DfE XML form; byte-order marks, blanks and
DD/MM/YYYY dates; each table recognised by its columns whatever the file is called."""

from __future__ import annotations

import datetime as dt

from performance.ssda903.read import parse_date, read_return
from tests.performance.ssda903.conftest import (
    EPISODES,
    FAKE_DIR,
    HEADER,
    fake_files,
    small_return,
    table_csv,
    zipped,
)

FAKE_COUNTS = {
    "header": 2675,
    "episodes": 5050,
    "uasc": 132,
    "missing": 43,
    "oc2": 2675,
    "oc3": 53,
    "reviews": 12582,
    "ad1": 29,
    "placed_for_adoption": 29,
    "previous_permanence": 2675,
}


def test_the_fake_return_reads_every_table_with_its_row_count():
    result = read_return(fake_files(), year=2018)
    assert {key: len(rows) for key, rows in result.ret.tables.items()} == FAKE_COUNTS
    assert not result.report.blocking
    assert [f.table for f in result.files] == list(FAKE_COUNTS)
    assert all(len(f.sha256) == 64 for f in result.files)


def test_rows_are_typed_dates_blanks_and_codes_as_text():
    result = read_return(fake_files(), year=2018)
    first = result.ret.rows("episodes")[0]
    assert first["CHILD"] == "566910"
    assert first["DECOM"] == dt.date(2016, 2, 15)
    assert first["DEC"] == dt.date(2017, 8, 14)
    assert first["HOME_POST"] is None  # blank
    assert result.ret.rows("oc3")[0]["ACCOM"] == "01"  # a code stays text: "01" is not 1


def test_file_names_do_not_matter_only_columns():
    renamed = [(f"export_{i}.csv", data) for i, (_name, data) in enumerate(fake_files())]
    result = read_return(renamed, year=2018)
    assert {key: len(rows) for key, rows in result.ret.tables.items()} == FAKE_COUNTS


def test_one_zip_of_the_tables_reads_the_same():
    result = read_return([zipped(fake_files())], year=2018)
    assert {key: len(rows) for key, rows in result.ret.tables.items()} == FAKE_COUNTS
    assert len(result.files) == 1 and result.files[0].name == "return.zip"


def test_the_dfe_xml_form_gives_the_same_tables():
    result = read_return([("fake_903.xml", (FAKE_DIR / "fake_903.xml").read_bytes())], year=2018)
    counts = {key: len(rows) for key, rows in result.ret.tables.items()}
    assert counts == {
        "header": 253,
        "episodes": 459,
        "uasc": 12,
        "missing": 6,
        "oc2": 253,
        "oc3": 6,
        "reviews": 1206,
        "ad1": 3,
        "placed_for_adoption": 3,
        "previous_permanence": 253,
    }
    episode = result.ret.rows("episodes")[0]
    assert episode["CHILD"] == "907440" and episode["PLACE"] == "R5"  # PL in the XML
    assert episode["DECOM"] == dt.date(2017, 1, 6)
    assert not result.report.blocking


def test_a_byte_order_mark_lower_case_headers_and_spaces_are_handled():
    files = [
        ("h.csv", table_csv(HEADER.lower(), " A1 ,1,01/02/2010,WBRI,A123456789012,,", bom=True)),
        ("e.csv", table_csv(EPISODES, "A1,1/5/2016,S,C2,N1,U1,PR1,,,,,,", bom=True)),
    ]
    result = read_return(files, year=2018)
    assert result.ret.rows("header")[0]["CHILD"] == "A1"
    assert result.ret.rows("header")[0]["MOTHER"] is None
    assert result.ret.rows("episodes")[0]["DECOM"] == dt.date(2016, 5, 1)


def test_an_impossible_date_stays_text_for_the_checks():
    assert parse_date("31/02/2017") == "31/02/2017"
    assert parse_date("2017-02-01") == "2017-02-01"
    assert parse_date("01/02/2017") == dt.date(2017, 2, 1)


def test_a_missing_optional_table_is_noted_and_read_as_empty():
    result = read_return(small_return(), year=2018)
    assert result.ret.rows("reviews") == []
    assert "absent_table" in result.report.counts()
    assert not result.report.blocking
