"""The one upload check every feature uses: size, content sniffing, then storage under a generated name.

Refused before any parser sees the file: too large; a "CSV" holding binary or a zip; an .xlsx that is not a
real workbook or that would expand into far more than it claims (a zip bomb); a "PDF" that is not one.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from cpboard.core.locking import save_audited
from cpboard.core.models import StoredFile

# Which permission lets a person download the files of each feature (purpose).
PURPOSE_PERMISSIONS: dict[str, str] = {
    "performance-import": "performance.import_figures",
    "training-import": "training.import_records",
    "training-certificate": "training.view_trainingrecord",
    "action-plan-import": "actions.import_plan",
    # Board packs: attachments are read by everyone who reads agendas; a pack's own PDFs leave through
    # board:pack-download (drafts for pack builders only), so core's download view serves them to builders.
    "board-attachment": "board.view_agendaitem",
    "board-pack": "board.generate_pack",
}

# Files kept whatever their age (purge_expired leaves them): a board pack as issued, and the documents
# attached to it, are the council's record of what the board was given.
KEPT_PURPOSES = frozenset({"board-attachment", "board-pack"})

XLSX_MAX_EXPANDED_BYTES = 50 * 1024 * 1024
XLSX_MAX_RATIO = 100
XLSX_MAX_MEMBERS = 2000
_BINARY_SIGNATURES = (
    b"PK\x03\x04",
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"MZ",
    b"\xd0\xcf\x11\xe0",
    b"\x1f\x8b",
)


def _human_size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


def _extension(name: str) -> str:
    return PurePath(name).suffix.lower().lstrip(".")


def sniff(data: bytes, name: str, allowed: set[str]) -> str:
    """Return the kind of file ("csv", "xlsx", "pdf") or raise ValidationError saying what is wrong."""
    ext = _extension(name)
    if ext not in allowed:
        wanted = " or ".join(f".{k}" for k in sorted(allowed))
        raise ValidationError(f"The file must be a {wanted} file. “{name}” is not.")
    if not data:
        raise ValidationError("The selected file is empty.")
    if ext == "csv":
        if data.startswith(_BINARY_SIGNATURES) or b"\x00" in data[:65536]:
            raise ValidationError(
                "The selected file is not a CSV file: it contains binary data. Save it as “CSV UTF-8” and try again."
            )
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(
                "The CSV file is not saved as UTF-8 text. In Excel, choose “CSV UTF-8” when saving."
            ) from None
        return "csv"
    if ext == "xlsx":
        _check_xlsx(data)
        return "xlsx"
    if ext == "pdf":
        head = data[:1024]
        if b"%PDF-" not in head or b"%%EOF" not in data[-2048:]:
            raise ValidationError("The selected file is not a PDF.")
        return "pdf"
    raise ValidationError("This kind of file cannot be uploaded.")


def _check_xlsx(data: bytes) -> None:
    not_workbook = (
        "The selected file is not an Excel workbook (.xlsx). Save it as “Excel Workbook” and try again."
    )
    if not data.startswith(b"PK\x03\x04"):
        raise ValidationError(not_workbook)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise ValidationError(not_workbook) from None
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise ValidationError(not_workbook)
    if len(members) > XLSX_MAX_MEMBERS:
        raise ValidationError(
            "The workbook is too complex to import. Copy the data into the template and try again."
        )
    expanded = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise ValidationError("The workbook is password-protected. Remove the password and try again.")
        expanded += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if expanded > XLSX_MAX_EXPANDED_BYTES or ratio > XLSX_MAX_RATIO:
            raise ValidationError(
                "The workbook expands to far more data than it should, so it has not been opened. Copy the data into the template and try again."
            )
    # The sizes above are what the archive claims. Reading every member checks each against its CRC, and
    # Python's zipfile never inflates a member past its claimed size, so a lying archive is caught here,
    # within the limit just checked, before any parser opens it.
    try:
        corrupt = archive.testzip() is not None  # the first bad member's name, or None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
        corrupt = True
    if corrupt:
        raise ValidationError(not_workbook)


def read_upload(upload, *, allowed: set[str], max_bytes: int | None = None) -> tuple[bytes, str]:
    """Read an UploadedFile within the size limit and sniff it. Returns (bytes, kind)."""
    limit = max_bytes or settings.UPLOAD_MAX_BYTES
    if upload is None:
        raise ValidationError("Select a file to upload.")
    if upload.size is not None and upload.size > limit:
        raise ValidationError(f"The selected file must be smaller than {_human_size(limit)}.")
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(f"The selected file must be smaller than {_human_size(limit)}.")
    return data, sniff(data, upload.name or "", allowed)


UPLOADED = "Uploaded"


def store_upload(data: bytes, *, name: str, kind: str, purpose: str, by) -> StoredFile:
    """Keep a checked file under a generated name (its original name is only metadata)."""
    if purpose not in PURPOSE_PERMISSIONS:
        raise ValueError(f"Unknown upload purpose {purpose!r}: add it to PURPOSE_PERMISSIONS.")
    digest = hashlib.sha256(data).hexdigest()
    stored = StoredFile(
        purpose=purpose,
        kind=kind,
        original_name=PurePath(name).name[:255],
        size=len(data),
        sha256=digest,
        uploaded_by=by,
    )
    # Written through the field's storage, storages["uploads"] (cpboard.core.storage), never to a path.
    stored.file.save("upload", ContentFile(data), save=False)
    return save_audited(stored, by=by, reason=UPLOADED)
