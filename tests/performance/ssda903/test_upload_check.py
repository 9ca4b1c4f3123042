"""The core upload check's zip and XML kinds: real content sniffing, zip-bomb limits (expanded size, member
count, compression ratio), no path traversal; the other kinds behave as before."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from cpboard.core import uploads
from cpboard.core.uploads import sniff
from tests.performance.ssda903.conftest import FAKE_DIR, fake_files, zipped


def _zip(members, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_of_the_return_and_the_xml_form_pass():
    assert sniff(zipped(fake_files())[1], "return.zip", {"zip"}) == "zip"
    assert sniff((FAKE_DIR / "fake_903.xml").read_bytes(), "fake_903.xml", {"xml"}) == "xml"


def test_a_file_named_zip_that_is_not_one():
    with pytest.raises(ValidationError, match="not a zip file"):
        sniff(b"CHILD,DOB\n1,01/01/2010\n", "return.zip", {"zip"})


@pytest.mark.parametrize(
    "name",
    ["../header.csv", "/etc/header.csv", "tables/../../header.csv", "C:\\header.csv", "..\\header.csv"],
)
def test_a_zip_naming_a_file_outside_itself_is_refused(name):
    with pytest.raises(ValidationError, match="outside its own folder"):
        sniff(_zip([(name, b"CHILD\n1\n")]), "return.zip", {"zip"})


def test_a_zip_bomb_is_refused_before_anything_reads_it():
    with pytest.raises(ValidationError, match="expands to far more"):
        sniff(_zip([("episodes.csv", b"0" * (20 * 1024 * 1024))]), "return.zip", {"zip"})


def test_a_zip_over_the_expanded_size_limit(monkeypatch):
    monkeypatch.setattr(uploads, "ZIP_MAX_EXPANDED_BYTES", 1000)
    data = _zip([(f"t{i}.csv", bytes(range(256)) * 2) for i in range(3)], compression=zipfile.ZIP_STORED)
    with pytest.raises(ValidationError, match="expands to far more"):
        sniff(data, "return.zip", {"zip"})


def test_a_zip_with_too_many_files():
    data = _zip([(f"t{i}.csv", b"CHILD\n1\n") for i in range(uploads.ZIP_MAX_MEMBERS + 1)])
    with pytest.raises(ValidationError, match="may hold at most"):
        sniff(data, "return.zip", {"zip"})


def test_a_damaged_zip():
    data = bytearray(_zip([("header.csv", b"CHILD,SEX\n" * 200)]))
    data[60:70] = b"XXXXXXXXXX"
    with pytest.raises(ValidationError):
        sniff(bytes(data), "return.zip", {"zip"})


def test_xml_with_entities_or_a_doctype_is_refused():
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><EXPSSDA903>&a;</EXPSSDA903>'
    with pytest.raises(ValidationError, match="document type or entities"):
        sniff(bomb, "return.xml", {"xml"})


def test_a_binary_file_named_xml():
    with pytest.raises(ValidationError, match="not an XML file"):
        sniff(b"\x89PNG\r\n\x1a\n", "return.xml", {"xml"})


def test_other_purposes_still_refuse_a_zip_and_xml():
    with pytest.raises(ValidationError, match="must be a .csv or .xlsx"):
        sniff(zipped(fake_files())[1], "return.zip", {"csv", "xlsx"})
    with pytest.raises(ValidationError, match="contains binary data"):
        sniff(zipped(fake_files())[1], "return.csv", {"csv"})
