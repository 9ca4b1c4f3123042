"""Uploads: refused before any parser sees them if too big, mislabelled or a zip bomb; kept under generated
names outside the static tree; downloaded only through the permission-checked view, as attachments."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from cpboard.core.models import SecurityEvent
from cpboard.core.uploads import read_upload, store_upload

CSV = b"indicator,numerator,denominator\nHEALTH-ASSESS,90,100\n"


def real_xlsx() -> bytes:
    workbook = Workbook()
    workbook.active.append(["indicator", "numerator", "denominator"])
    workbook.active.append(["HEALTH-ASSESS", 90, 100])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def xlsx_bomb(expanded_mb: int = 200) -> bytes:
    """A workbook-shaped zip whose sheet inflates to `expanded_mb` MB of zeros (about 200 KB compressed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(expanded_mb):
                sheet.write(chunk)
    return out.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def refused(name: str, data: bytes, allowed=frozenset({"csv", "xlsx", "pdf"}), **kwargs) -> str:
    with pytest.raises(ValidationError) as error:
        read_upload(upload(name, data), allowed=set(allowed), **kwargs)
    return " ".join(error.value.messages)


def test_a_real_csv_and_a_real_workbook_are_accepted():
    assert read_upload(upload("q1.csv", CSV), allowed={"csv"}) == (CSV, "csv")
    data = real_xlsx()
    assert read_upload(upload("q1.xlsx", data), allowed={"xlsx"}) == (data, "xlsx")


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    message = refused("q1.csv", b"a,b\n" * 300)
    assert message == "The selected file must be smaller than 1 KB."


def test_a_file_that_lies_about_its_size_is_still_cut_off(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    lying = upload("q1.csv", b"a,b\n" * 300)
    lying.size = 10
    with pytest.raises(ValidationError, match="smaller than 1 KB"):
        read_upload(lying, allowed={"csv"})


def test_a_csv_holding_a_zip_is_refused():
    assert "contains binary data" in refused("q1.csv", zip_bytes({"a.txt": b"hello"}))


def test_a_csv_holding_binary_is_refused():
    assert "contains binary data" in refused("q1.csv", b"indicator,value\n\x00\x01\x02\xff")
    assert "contains binary data" in refused("q1.csv", b"MZ\x90\x00 an executable")


def test_a_csv_not_saved_as_utf8_is_refused():
    assert "not saved as UTF-8" in refused("q1.csv", "indicator,note\nA,caf\u00e9\n".encode("cp1252"))


def test_an_xlsx_zip_bomb_is_refused_before_it_is_opened():
    bomb = xlsx_bomb()
    assert len(bomb) < 1024 * 1024  # small on the wire
    assert "expands to far more data than it should" in refused("q1.xlsx", bomb)


def test_a_zip_that_is_not_a_workbook_is_refused():
    assert "not an Excel workbook" in refused("q1.xlsx", zip_bytes({"evil.sh": b"rm -rf /"}))


def test_a_text_file_renamed_xlsx_is_refused():
    assert "not an Excel workbook" in refused("q1.xlsx", CSV)


def test_a_pdf_that_is_not_a_pdf_is_refused():
    assert (
        refused("report.pdf", b"<html><script>alert(1)</script></html>") == "The selected file is not a PDF."
    )
    assert refused("report.pdf", zip_bytes({"a": b"b"})) == "The selected file is not a PDF."


def test_a_real_pdf_is_accepted():
    from cpboard.core.pdf import render_pdf

    data = render_pdf("<p>Report</p>")
    assert read_upload(upload("report.pdf", data), allowed={"pdf"})[1] == "pdf"


def test_other_kinds_of_file_are_refused():
    assert "must be a .csv or .xlsx file" in refused("q1.exe", b"MZ", allowed={"csv", "xlsx"})
    assert "must be a .csv file" in refused("q1.csv.html", b"<p>", allowed={"csv"})
    assert refused("q1.csv", b"") == "The selected file is empty."


@pytest.fixture
def media_root(upload_root):
    return upload_root


@pytest.mark.django_db
def test_stored_files_get_generated_names_outside_the_static_tree(media_root, officer):
    stored = store_upload(
        CSV, name="../../static/evil.csv", kind="csv", purpose="performance-import", by=officer
    )

    path = Path(stored.file.path).resolve()
    assert path.is_relative_to(Path(media_root).resolve())
    assert path.read_bytes() == CSV
    assert "evil" not in path.name
    assert path.name == stored.uuid.hex
    assert stored.original_name == "evil.csv"
    for static_dir in [*django_settings.STATICFILES_DIRS, django_settings.STATIC_ROOT]:
        assert not path.is_relative_to(Path(static_dir).resolve())
    assert oct(path.stat().st_mode & 0o777) == oct(0o600)
    assert oct(path.parent.stat().st_mode & 0o777) == oct(0o700)


@pytest.mark.django_db
def test_an_unknown_purpose_is_refused(media_root, officer):
    with pytest.raises(ValueError, match="Unknown upload purpose"):
        store_upload(CSV, name="q1.csv", kind="csv", purpose="somewhere-else", by=officer)


@pytest.mark.django_db
def test_stored_files_are_downloaded_only_as_attachments_through_the_checked_view(
    media_root, client_as, officer
):
    stored = store_upload(
        b"<html><script>alert(1)</script>",
        name="q1.csv",
        kind="csv",
        purpose="performance-import",
        by=officer,
    )
    client = client_as(officer)

    response = client.get(reverse("core:file-download", args=[stored.uuid]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="q1.csv"' in response["Content-Disposition"]
    assert response["Content-Type"].startswith("text/csv")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"<html>")
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.DOWNLOAD)
    assert event.user == officer


@pytest.mark.django_db
def test_the_upload_folder_is_not_served_at_any_address(media_root, client_as, officer):
    stored = store_upload(CSV, name="q1.csv", kind="csv", purpose="performance-import", by=officer)
    client = client_as(officer)
    for url in (
        f"/{stored.file.name}",
        f"/media/{stored.file.name}",
        f"/static/{stored.file.name}",
        f"/uploads/{stored.file.name}",
    ):
        assert client.get(url).status_code == 404, url


def _claim_smaller_sizes(data: bytes, member: str, claimed: int) -> bytes:
    """Rewrite the archive's central directory so `member` claims to inflate to `claimed` bytes."""
    out = bytearray(data)
    name = member.encode()
    at = out.find(b"PK\x01\x02")
    while at != -1:
        name_length = int.from_bytes(out[at + 28 : at + 30], "little")
        if out[at + 46 : at + 46 + name_length] == name:
            out[at + 24 : at + 28] = claimed.to_bytes(4, "little")
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


def test_an_xlsx_bomb_that_lies_about_its_size_is_refused():
    liar = _claim_smaller_sizes(xlsx_bomb(20), "xl/worksheets/sheet1.xml", 2000)
    with zipfile.ZipFile(io.BytesIO(liar)) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size == 2000  # the lie is in place
    assert "not an Excel workbook" in refused("q1.xlsx", liar)


@pytest.fixture
def memory_uploads(settings):
    """The upload storage swapped for Django's in-memory one: anything that reads or writes a path on disk
    instead of going through storages["uploads"] fails."""
    settings.STORAGES = {
        **settings.STORAGES,
        "uploads": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    from cpboard.core.storage import upload_storage

    return upload_storage


@pytest.mark.django_db
def test_uploads_are_written_read_and_deleted_only_through_the_upload_storage(
    memory_uploads, client_as, officer, upload_root, django_capture_on_commit_callbacks
):
    import datetime as dt

    import time_machine
    from django.core.files.storage import InMemoryStorage, storages
    from django.core.management import call_command

    from cpboard.core.models import StoredFile

    assert isinstance(storages["uploads"], InMemoryStorage)
    assert isinstance(memory_uploads.backend, InMemoryStorage)
    with time_machine.travel(dt.datetime(2020, 1, 1, tzinfo=dt.UTC), tick=False):
        stored = store_upload(CSV, name="q1.csv", kind="csv", purpose="performance-import", by=officer)

    assert memory_uploads.exists(stored.file.name)
    assert not upload_root.exists()  # nothing on disk
    response = client_as(officer).get(reverse("core:file-download", args=[stored.uuid]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CSV

    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_expired", stdout=io.StringIO())
    assert not memory_uploads.exists(stored.file.name)
    assert not StoredFile.objects.get(pk=stored.pk).file


def test_the_upload_storage_is_a_private_local_folder_by_default():
    from cpboard.core.storage import UPLOADS

    uploads = django_settings.STORAGES[UPLOADS]
    assert uploads["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert uploads["OPTIONS"]["base_url"] is None  # no address to serve it from
    assert uploads["OPTIONS"]["file_permissions_mode"] == 0o600
    assert uploads["OPTIONS"]["directory_permissions_mode"] == 0o700


@pytest.mark.django_db
def test_a_file_missing_from_the_storage_gives_a_plain_410_page_not_a_500(
    media_root, client_as, officer, caplog
):
    from cpboard.core.storage import upload_storage

    stored = store_upload(CSV, name="q1.csv", kind="csv", purpose="performance-import", by=officer)
    upload_storage.delete(stored.file.name)  # a partial restore, a lost object

    response = client_as(officer).get(reverse("core:file-download", args=[stored.uuid]))

    assert response.status_code == 410
    assert "This file is no longer available" in response.content.decode()
    assert "cannot be found in the file store" in response.content.decode()
    assert "missing from the upload storage" in caplog.text  # the operator hears of it
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.DOWNLOAD).exists()


@pytest.mark.django_db
def test_a_file_deleted_by_retention_gives_the_same_plain_410_page(media_root, client_as, officer):
    from cpboard.core.models import StoredFile

    stored = store_upload(CSV, name="q1.csv", kind="csv", purpose="performance-import", by=officer)
    StoredFile.objects.filter(pk=stored.pk).update(file="")  # as purge_expired leaves it

    response = client_as(officer).get(reverse("core:file-download", args=[stored.uuid]))

    assert response.status_code == 410
    assert "deleted at the end of its retention period" in response.content.decode()
