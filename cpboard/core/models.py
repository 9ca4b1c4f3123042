from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class VersionedModel(models.Model):
    """A record edited through forms: `version` goes out with the form and is checked on save
    (see cpboard.core.locking), so a stale save is refused instead of overwriting someone's change."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


def _upload_path(instance: StoredFile, filename: str) -> str:
    return f"{instance.purpose}/{instance.uuid.hex}"


class StoredFile(models.Model):
    """An uploaded file, checked by cpboard.core.uploads before it is kept. Stored under a generated name
    outside the static tree (MEDIA_ROOT is never served) and downloaded only through a permission-checked
    view, as an attachment."""

    class Kind(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel workbook (.xlsx)"
        PDF = "pdf", "PDF"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    purpose = models.SlugField(max_length=50, help_text="Which feature the file belongs to.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    file = models.FileField(upload_to=_upload_path, max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-uploaded_at"]
        permissions = [("download_storedfile", "Can download stored files of features they can see")]

    def __str__(self) -> str:
        return self.original_name

    @property
    def content_type(self) -> str:
        return {
            self.Kind.CSV: "text/csv",
            self.Kind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            self.Kind.PDF: "application/pdf",
        }[self.Kind(self.kind)]


class Disclosure(models.Model):
    """No rows: it carries the core permission `core.view_small_numbers` (see cpboard.core.disclosure), so
    the small-number rule does not belong to any one app."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_small_numbers", "Can see numbers below the small-number threshold")]

    def __str__(self) -> str:
        return "Disclosure control"
