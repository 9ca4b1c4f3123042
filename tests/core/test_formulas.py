"""The formula-safety rule both ways: what an export neutralises, an import reads back as it was."""

from __future__ import annotations

import pytest

from cpboard.core import tabular
from cpboard.core.exports import csv_bytes, safe_cell, xlsx_bytes
from cpboard.core.formulas import FORMULA_PREFIXES, neutralise, restore

RISKY = ["-INJ", "=SUM(A1:A2)", "+44 1234", "@user", "\tcmd", "\rcmd"]


@pytest.mark.parametrize("text", RISKY)
def test_an_import_reads_back_exactly_what_the_export_neutralised(text):
    assert neutralise(text) == "'" + text
    assert restore(neutralise(text)) == text


@pytest.mark.parametrize("text", ["'tis the season", "'", "''", "O'Brien", "PS-1", ""])
def test_an_apostrophe_in_front_of_ordinary_text_is_kept(text):
    assert restore(text) == text
    assert neutralise(text) == text


def test_only_one_apostrophe_is_dropped():
    assert restore("''-INJ") == "''-INJ"  # the rest starts with an apostrophe, not a formula
    assert restore("'-INJ") == "-INJ"


def test_exports_use_the_shared_rule():
    for prefix in FORMULA_PREFIXES:
        assert safe_cell(prefix + "x") == neutralise(prefix + "x")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_exported_file_reads_back_as_the_text_that_went_in(kind):
    header = ["indicator_code", "note"]
    body = [["-INJ", "=1+1"], ["@HOME", "'tis fine"], ["PS-1", "+ more"]]
    data = csv_bytes(header, body) if kind == "csv" else xlsx_bytes(header, body)

    _, rows = tabular.read_rows(data, kind)

    assert [[cells["indicator_code"], cells["note"]] for _, cells in rows] == body
