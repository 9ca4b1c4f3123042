"""Attaching a PDF to an agenda item: bad files are refused next to the field and nothing is stored; a good
one is listed in the accessible pack and merged, bookmarks kept, into the print pack after its item."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from pypdf import PdfReader, PdfWriter

from cpboard.board.services import attachments
from cpboard.core.models import StoredFile
from cpboard.core.storage import upload_storage
from tests.board.pack_helpers import blank_pdf, build_for, pdf_text
from tests.factories.board import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC), tick=False)


def _encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _malformed_pdf() -> bytes:
    # Looks like a PDF at both ends (so the core check passes it on) but its body is not one.
    return b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ngarbage garbage\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _post(client, item, name, data):
    return client.post(
        reverse("board:item-attachment", args=[item.pk]),
        {"file": SimpleUploadedFile(name, data, "application/pdf")},
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.docx", b"PK\x03\x04 not a pdf", "The file must be a .pdf file"),
        ("report.pdf", b"Just some text, not a PDF at all", "The selected file is not a PDF"),
        ("report.pdf", _encrypted_pdf(), attachments.ENCRYPTED),
        ("report.pdf", _malformed_pdf(), attachments.NOT_A_PDF),
    ],
)
def test_a_bad_attachment_is_refused_next_to_the_field_and_nothing_is_stored(
    client_as, scrutiny_officer, name, data, message
):
    item = AgendaItemFactory()
    response = _post(client_as(scrutiny_officer), item, name, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert message.replace("“", "&ldquo;")[:30] in body or message[:30] in body
    assert 'class="govuk-error-summary' in body
    item.refresh_from_db()
    assert item.attachment is None and not StoredFile.objects.exists()


def test_an_attachment_over_the_size_limit_is_refused(client_as, scrutiny_officer, settings):
    settings.BOARD_ATTACHMENT_MAX_BYTES = 2048
    item = AgendaItemFactory()
    response = _post(client_as(scrutiny_officer), item, "big.pdf", blank_pdf(1) + b"%" * 4096)
    assert "The selected file must be smaller than 2 KB" in response.content.decode()
    assert not StoredFile.objects.exists()


def test_a_good_attachment_is_stored_and_merged_into_the_print_pack_after_its_item(
    client_as, scrutiny_officer
):
    meeting = MeetingFactory()
    first = AgendaItemFactory(meeting=meeting, position=1, title="Health of children in care")
    AgendaItemFactory(meeting=meeting, position=2, title="Any other business")
    response = _post(
        client_as(scrutiny_officer),
        first,
        "health-report.pdf",
        blank_pdf(3, outline="Health report contents"),
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert (
        first.attachment.purpose == "board-attachment"
        and first.attachment.original_name == "health-report.pdf"
    )

    version, _ = build_for(meeting, scrutiny_officer)
    accessible = _read(version.pdf)
    printed = _read(version.print_pdf)
    assert "health-report.pdf (3 pages)" in " ".join(pdf_text(accessible).split())
    assert len(PdfReader(io.BytesIO(printed)).pages) == version.pages + 3
    reader = PdfReader(io.BytesIO(printed))
    titles = _titles(reader.outline)
    assert "1. Health of children in care" in titles and "2. Any other business" in titles
    assert "Attachment to item 1: health-report.pdf" in titles and "Health report contents" in titles
    # the attachment's pages come after item 1's pages and before item 2's
    page_of = {t: reader.get_destination_page_number(d) for t, d in _destinations(reader.outline)}
    attached = page_of["Attachment to item 1: health-report.pdf"]
    assert page_of["1. Health of children in care"] < attached < page_of["2. Any other business"]
    assert page_of["2. Any other business"] == attached + 3
    assert version.figures["attachments"][0]["name"] == "health-report.pdf"


def test_the_attachment_can_be_taken_off(client_as, scrutiny_officer):
    item = AgendaItemFactory()
    client = client_as(scrutiny_officer)
    _post(client, item, "a.pdf", blank_pdf())
    response = client.post(reverse("board:item-attachment", args=[item.pk]), {"remove": "1"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.attachment is None


def _read(stored) -> bytes:
    with upload_storage.open(stored.file.name, "rb") as handle:
        return handle.read()


def _titles(outline) -> list[str]:
    return [t for t, _ in _destinations(outline)]


def _destinations(outline):
    for entry in outline:
        if isinstance(entry, list):
            yield from _destinations(entry)
        else:
            yield entry.title, entry


def test_packs_and_attachments_outlive_the_import_files_retention(scrutiny_officer, time_machine):
    from django.core.management import call_command

    from tests.board.pack_helpers import stored_version

    version = stored_version()
    item = AgendaItemFactory()
    attachments.attach(item, SimpleUploadedFile("a.pdf", blank_pdf()), by=scrutiny_officer)
    time_machine.move_to(dt.datetime(2029, 1, 1, tzinfo=dt.UTC), tick=False)
    call_command("purge_expired", stdout=io.StringIO())
    version.pdf.refresh_from_db()
    item.attachment.refresh_from_db()
    assert version.pdf.file and item.attachment.file
    assert upload_storage.exists(version.pdf.file.name)


def test_an_attachment_goes_straight_after_its_item_when_the_next_item_runs_over_several_pages(
    client_as, scrutiny_officer
):
    # WeasyPrint lists a section's id on every page the section runs over: the attachment must go before
    # the next item's first page, not its last.
    meeting = MeetingFactory()
    first = AgendaItemFactory(meeting=meeting, position=1, title="Fostering annual report")
    AgendaItemFactory(
        meeting=meeting,
        position=2,
        title="Adoption annual report",
        narrative="\n\n".join(f"Paragraph {n} of the adoption report." for n in range(200)),
    )
    _post(client_as(scrutiny_officer), first, "fostering.pdf", blank_pdf(2))

    version, _ = build_for(meeting, scrutiny_officer)
    accessible = PdfReader(io.BytesIO(_read(version.pdf)))
    starts = {t: accessible.get_destination_page_number(d) for t, d in _destinations(accessible.outline)}
    assert starts["Key to RAG ratings and arrows"] - starts["2. Adoption annual report"] >= 3
    reader = PdfReader(io.BytesIO(_read(version.print_pdf)))
    page_of = {t: reader.get_destination_page_number(d) for t, d in _destinations(reader.outline)}
    attached = page_of["Attachment to item 1: fostering.pdf"]
    assert page_of["2. Adoption annual report"] == attached + 2
    assert page_of["Key to RAG ratings and arrows"] == starts["Key to RAG ratings and arrows"] + 2


def test_the_print_packs_page_labels_agree_with_the_numbers_printed_on_its_pages(client_as, scrutiny_officer):
    """A reader's page box shows the pack's own page numbers (those in the footers and the contents) on the
    pack's pages, and names an attachment's pages, although the attachment sits between them."""
    meeting = MeetingFactory()
    first = AgendaItemFactory(meeting=meeting, position=1, title="Fostering annual report")
    AgendaItemFactory(meeting=meeting, position=2, title="Adoption annual report")
    _post(client_as(scrutiny_officer), first, "fostering.pdf", blank_pdf(2))

    version, _ = build_for(meeting, scrutiny_officer)
    reader = PdfReader(io.BytesIO(_read(version.print_pdf)))
    attached = {t: reader.get_destination_page_number(d) for t, d in _destinations(reader.outline)}[
        "Attachment to item 1: fostering.pdf"
    ]
    labels = reader.page_labels
    assert len(labels) == version.pages + 2
    assert labels[:attached] == [str(n) for n in range(1, attached + 1)]
    assert labels[attached : attached + 2] == ["Item 1 attachment, page 1", "Item 1 attachment, page 2"]
    assert labels[attached + 2 :] == [str(n) for n in range(attached + 1, version.pages + 1)]
    footers = [reader.pages[n].extract_text() for n in (attached - 1, attached + 2)]
    assert f"Page {attached} of {version.pages}" in " ".join(footers[0].split())
    assert f"Page {attached + 1} of {version.pages}" in " ".join(footers[1].split())


def test_the_attachment_limit_is_one_the_server_really_accepts(client_as, scrutiny_officer, settings):
    # The web server refuses a request over REQUEST_MAX_BYTES (the upload limit and the form around it)
    # with a bare 413 page; the attachment form must never promise more than that, and a PDF over the limit
    # it states is explained next to the field.
    assert attachments.max_bytes() <= settings.UPLOAD_MAX_BYTES
    item = AgendaItemFactory()
    client = client_as(scrutiny_officer)
    page = client.get(reverse("board:item-attachment", args=[item.pk])).content.decode()
    assert f"A PDF up to {filesizeformat(settings.UPLOAD_MAX_BYTES)}" in page
    big = blank_pdf(1) + b"%" * (settings.UPLOAD_MAX_BYTES + 1024)
    assert len(big) < settings.REQUEST_MAX_BYTES
    response = _post(client, item, "big.pdf", big)
    assert response.status_code == 200
    assert "The selected file must be smaller than 5.0 MB" in response.content.decode()
    assert not StoredFile.objects.exists()


def test_a_pdf_far_over_the_limit_gets_advice_about_pdfs_not_only_spreadsheets(
    client_as, scrutiny_officer, settings
):
    settings.UPLOAD_MAX_BYTES = 2048
    settings.REQUEST_MAX_BYTES = 2048 + 4096
    item = AgendaItemFactory()
    response = _post(client_as(scrutiny_officer), item, "report.pdf", blank_pdf(1) + b"%" * 10_000)
    assert response.status_code == 413
    page = " ".join(response.content.decode().split())
    assert "larger than 2 KB, the largest file you can upload" in page
    assert "For a PDF" in page
    assert not StoredFile.objects.exists()


def test_the_document_field_is_not_labelled_optional(client_as, scrutiny_officer):
    # Choosing a file is the whole point of the page: "(optional)", then "Select a file", confuses.
    item = AgendaItemFactory()
    client = client_as(scrutiny_officer)
    page = client.get(reverse("board:item-attachment", args=[item.pk])).content.decode()
    assert "Document (PDF)" in page and "(optional)" not in page
    response = client.post(reverse("board:item-attachment", args=[item.pk]), {"submit": "Attach"})
    assert response.status_code == 200
    assert "Select a PDF to attach." in response.content.decode()
    assert not StoredFile.objects.exists()
