"""Aggregate-only, by design: after an officer imports the fake return, no child identifier (child reference,
UPN, date of birth, postcode) is in any table of the database (history tables included), in the logs, or in
the upload store. The child references are shown once in the response, and nowhere else."""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from cpboard.core.models import StoredFile
from performance.models import ReturnImport
from tests.performance.ssda903.conftest import FAKE_DIR, fake_files

pytestmark = pytest.mark.django_db

POSTCODE = re.compile(r"\b[A-Z]{1,2}\d{1,2}[A-Z]? ?\d[A-Z]{2}\b")
DATE = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")
WORD = re.compile(r"\b\w+\b")
# A timestamp's fraction of a second ("04:20:21.652166") is six digits, like most child references: drop it
# before scanning, or the scan fails whenever a row's time happens to match a child's reference.
FRACTION_OF_SECOND = re.compile(r"(\d{2}:\d{2}:\d{2})\.\d+")


def _identifiers():
    def rows(name):
        return list(csv.DictReader(io.StringIO((FAKE_DIR / f"{name}.csv").read_text("utf-8-sig"))))

    header = rows("header")
    # references of five or more characters (nearly all are six digits): a two-digit one such as "32" cannot
    # be told apart from any other number in the database
    children = {r["CHILD"] for r in header if len(r["CHILD"]) >= 5}
    upns = {r["UPN"] for r in header if r["UPN"]}
    births = {dt.date(*map(int, reversed(r["DOB"].split("/")))) for r in header}
    postcodes = {r[c].replace(" ", "") for r in rows("episodes") for c in ("HOME_POST", "PL_POST") if r[c]}
    return children, upns, births, postcodes


def _found(text: str, *, allowed_dates: set[dt.date]):
    children, upns, births, postcodes = _identifiers()
    text = FRACTION_OF_SECOND.sub(r"\1", text)
    words = set(WORD.findall(text))
    dates = set()
    for match in DATE.finditer(text):
        day, month, year = (match[1], match[2], match[3]) if match[1] else (match[6], match[5], match[4])
        try:
            dates.add(dt.date(int(year), int(month), int(day)))
        except ValueError:
            continue
    codes = {p.replace(" ", "") for p in POSTCODE.findall(text)}
    return {
        "child references": words & children,
        "UPNs": words & upns,
        "dates of birth": (dates & births) - allowed_dates,
        "postcodes": codes & postcodes,
    }


def _database_text() -> str:
    parts: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT row_to_json(t)::text FROM "{table}" t')  # noqa: S608 (names from the schema)
            parts.extend(row[0] for row in cursor.fetchall())
    return "\n".join(parts)


@pytest.mark.parametrize("form", ["csv", "xml"])
def test_no_child_identifier_is_stored_logged_or_kept(
    form, catalogue, calculations, officer, client_as, caplog, upload_root
):
    caplog.set_level(logging.DEBUG)
    stored_before = StoredFile.objects.count()
    if form == "csv":
        files = [SimpleUploadedFile(name, data, content_type="text/csv") for name, data in fake_files()]
    else:
        files = [SimpleUploadedFile("fake_903.xml", (FAKE_DIR / "fake_903.xml").read_bytes())]
    response = client_as(officer).post(
        reverse("performance:ssda903-upload"), {"as_at": "31/12/2017", "return_files": files}
    )
    assert response.status_code == 200
    record = ReturnImport.objects.get()
    assert record.figures.exists()
    page = response.content.decode()
    # the child references to fix are in this response (once), for the officer
    assert "child references to fix" in page
    assert "no-store" in response["Cache-Control"]

    allowed = {record.as_at, record.period.start_date, record.period.end_date}
    database = _database_text()
    assert "ssda903" in database  # the scan does read the stored figures
    assert {k: v for k, v in _found(database, allowed_dates=allowed).items() if v} == {}

    logs = "\n".join(r.getMessage() for r in caplog.records)
    assert {k: v for k, v in _found(logs, allowed_dates=allowed).items() if v} == {}

    assert StoredFile.objects.count() == stored_before
    assert not any(p.is_file() for p in upload_root.rglob("*")) if upload_root.exists() else True


def test_the_scan_would_find_an_identifier(db):
    """The scan itself works: a child reference, UPN, date of birth and postcode are each found."""
    found = _found("566910 D051910639385 27/03/2008 EG19 7TT", allowed_dates=set())
    assert all(found.values())


def test_the_scan_ignores_a_timestamp_whose_fraction_of_a_second_matches_a_reference(db):
    children, *_ = _identifiers()
    reference = next(c for c in sorted(children) if len(c) == 6)
    found = _found(f'{{"changed_at": "2026-12-02T04:20:21.{reference}+00:00"}}', allowed_dates=set())
    assert not found["child references"]
    assert _found(f'{{"note": "child {reference}"}}', allowed_dates=set())["child references"]
