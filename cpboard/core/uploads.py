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
# A zip of CSV or XML files (the SSDA903 return's tables): what it may expand to, and how many files it holds
ZIP_MAX_EXPANDED_BYTES = 200 * 1024 * 1024
ZIP_MAX_MEMBERS = 50
ZIP_MAX_RATIO = 200
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
    """Return the kind of file ("csv", "xlsx", "pdf", "zip", "xml") or raise ValidationError saying what is wrong."""
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
    if ext == "zip":
        _check_zip(data)
        return "zip"
    if ext == "xml":
        _check_xml(data)
        return "xml"
    raise ValidationError("This kind of file cannot be uploaded.")


def _check_xml(data: bytes) -> None:
    """Text that starts like XML, with no document type or entities (nothing for a parser to expand)."""
    not_xml = "The selected file is not an XML file. Export it again as XML and try again."
    if data.startswith(_BINARY_SIGNATURES) or b"\x00" in data[:65536]:
        raise ValidationError(not_xml)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError("The XML file is not saved as UTF-8 (or plain ASCII) text.") from None
    if not text.lstrip().startswith("<"):
        raise ValidationError(not_xml)
    upper = text.upper()
    if "<!DOCTYPE" in upper or "<!ENTITY" in upper:
        raise ValidationError("The XML file declares a document type or entities, so it has not been opened.")


def _check_zip(data: bytes) -> None:
    """A real zip, within the member-count and expanded-size limits, with no member named outside the
    archive's own folder (../, an absolute path or a drive), none encrypted, and every member intact."""
    archive, members = _open_zip(
        data, "The selected file is not a zip file. Create the zip again and try again."
    )
    if len(members) > ZIP_MAX_MEMBERS:
        raise ValidationError(
            f"The zip holds {len(members)} files; it may hold at most {ZIP_MAX_MEMBERS}. Put only the return's "
            "tables in it."
        )
    _check_members(
        members,
        max_expanded=ZIP_MAX_EXPANDED_BYTES,
        max_ratio=ZIP_MAX_RATIO,
        encrypted="The zip is password-protected. Remove the password and try again.",
        too_big=(
            f"The zip expands to far more data than a return should (the limit is "
            f"{_human_size(ZIP_MAX_EXPANDED_BYTES)}), so it has not been opened."
        ),
        outside=(
            "The zip names a file outside its own folder, so it has not been opened. Create the zip again "
            "from the files themselves."
        ),
    )
    if not _intact(archive):
        raise ValidationError("The zip file is damaged. Create it again and try again.")


def _check_xlsx(data: bytes) -> None:
    not_workbook = (
        "The selected file is not an Excel workbook (.xlsx). Save it as “Excel Workbook” and try again."
    )
    archive, members = _open_zip(data, not_workbook)
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise ValidationError(not_workbook)
    if len(members) > XLSX_MAX_MEMBERS:
        raise ValidationError(
            "The workbook is too complex to import. Copy the data into the template and try again."
        )
    _check_members(
        members,
        max_expanded=XLSX_MAX_EXPANDED_BYTES,
        max_ratio=XLSX_MAX_RATIO,
        encrypted="The workbook is password-protected. Remove the password and try again.",
        too_big=(
            "The workbook expands to far more data than it should, so it has not been opened. Copy the data "
            "into the template and try again."
        ),
    )
    if not _intact(archive):
        raise ValidationError(not_workbook)


def _open_zip(data: bytes, not_this: str) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """The archive and its members (a workbook is a zip too), or `not_this` as the error."""
    if not data.startswith(b"PK\x03\x04"):
        raise ValidationError(not_this)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        return archive, archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise ValidationError(not_this) from None


def _check_members(
    members: list[zipfile.ZipInfo],
    *,
    max_expanded: int,
    max_ratio: int,
    encrypted: str,
    too_big: str,
    outside: str | None = None,
) -> None:
    """What an archive claims of its members: none encrypted, their sizes within `max_expanded` in all and
    each compressed at most `max_ratio` to one; with `outside`, none named outside the archive's folder."""
    expanded = 0
    for member in members:
        if outside is not None:
            name = member.filename.replace("\\", "/")
            parts = PurePath(name).parts
            if name.startswith("/") or ".." in parts or (parts and ":" in parts[0]):
                raise ValidationError(outside)
        if member.flag_bits & 0x1:
            raise ValidationError(encrypted)
        expanded += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if expanded > max_expanded or ratio > max_ratio:
            raise ValidationError(too_big)


def _intact(archive: zipfile.ZipFile) -> bool:
    """Every member read against its CRC. The sizes checked above are what the archive claims; Python's
    zipfile never inflates a member past its claimed size, so a lying archive is caught here, within the
    limit just checked, before any parser opens it."""
    try:
        return archive.testzip() is None  # testzip gives the first bad member's name, or None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
        return False


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
