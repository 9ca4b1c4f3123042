"""An agenda item's attached document: one PDF, checked before anything is kept.

The core upload check (`read_upload`) refuses a file over the size limit and one that is not a PDF by its
name or its first bytes; then pypdf must open it, it must not be encrypted (a password-protected paper
cannot be merged into the print pack or read by every member), and every page must parse. Only then is it
stored (`store_upload(purpose="board-attachment")`) and linked to the item. A refused file leaves nothing
behind.
"""

from __future__ import annotations

import io
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError

from cpboard.board.models import AgendaItem
from cpboard.core.locking import save_audited
from cpboard.core.uploads import read_upload, store_upload

logger = logging.getLogger(__name__)

ATTACHED = "Document attached"
REMOVED = "Attached document removed"
PURPOSE = "board-attachment"
MAX_PAGES = 300

NOT_A_PDF = "The selected file is not a PDF that can be opened. Save it again as a PDF and try again."
ENCRYPTED = "The selected PDF is protected by a password or encrypted. Save a copy without the password and try again."
DAMAGED = (
    "The selected PDF is damaged: some of its pages cannot be read. Save it again as a PDF and try again."
)
TOO_MANY_PAGES = f"The selected PDF has more than {MAX_PAGES} pages. Attach a shorter document, or a summary."


def max_bytes() -> int:
    """The largest attachment: the project's upload limit (CPBOARD_UPLOAD_MAX_BYTES), or less if
    BOARD_ATTACHMENT_MAX_BYTES says so. Never more: a request over the upload limit and the form around it
    is refused by the web server before the form sees it, with no word next to the field."""
    limit = settings.UPLOAD_MAX_BYTES
    return min(getattr(settings, "BOARD_ATTACHMENT_MAX_BYTES", limit), limit)


def check_pdf(data: bytes) -> int:
    """Raise ValidationError unless pypdf opens `data`, it is not encrypted and every page parses.
    Returns its page count."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(ENCRYPTED)
        pages = len(reader.pages)
    except ValidationError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        logger.info("Refused an attachment pypdf cannot open: %s", type(error).__name__)
        raise ValidationError(NOT_A_PDF) from None
    if pages == 0:
        raise ValidationError(NOT_A_PDF)
    if pages > MAX_PAGES:
        raise ValidationError(TOO_MANY_PAGES)
    try:
        for page in reader.pages:
            page.get_contents()
            page.mediabox  # noqa: B018 - reading it parses the page's size
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        raise ValidationError(DAMAGED) from None
    return pages


def read_attachment(upload) -> bytes:
    """The upload's bytes once every check has passed (ValidationError otherwise, with what to do)."""
    data, _kind = read_upload(upload, allowed={"pdf"}, max_bytes=max_bytes())
    check_pdf(data)
    return data


def attach(item: AgendaItem, upload, *, by, data: bytes | None = None) -> AgendaItem:
    """Check the upload (unless `data`, its bytes, were checked already) and attach it, replacing any
    document attached before (which stays stored: a pack built with it still lists it)."""
    data = data if data is not None else read_attachment(upload)
    with transaction.atomic():
        stored = store_upload(data, name=upload.name, kind="pdf", purpose=PURPOSE, by=by)
        item.attachment = stored
        return save_audited(item, by=by, reason=ATTACHED)


def detach(item: AgendaItem, *, by) -> AgendaItem:
    item.attachment = None
    return save_audited(item, by=by, reason=REMOVED)
