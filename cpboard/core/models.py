from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from cpboard.core.storage import get_upload_storage


class VersionedModel(models.Model):
    """A record edited through forms: `version` goes out with the form and is checked on save
    (see cpboard.core.locking), so a stale save is refused instead of overwriting someone's change."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


def _upload_path(instance: StoredFile, filename: str) -> str:
    return f"{instance.purpose}/{instance.uuid.hex}"


class StoredFile(models.Model):
    """An uploaded file, checked by cpboard.core.uploads before it is kept. Stored under a generated name in the
    upload storage (storages["uploads"]: a private folder or an object store, never served) and downloaded
    only through a permission-checked view, as an attachment. An empty `file` means retention deleted it."""

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
    file = models.FileField(upload_to=_upload_path, max_length=200, storage=get_upload_storage)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    history_visible_to_all = True  # the History page: anyone with core.view_storedfile

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


class SecurityEvent(models.Model):
    """Who did what security-relevant thing, when, from where. Never holds free text from reports or surveys."""

    class Kind(models.TextChoices):
        LOGIN = "login", "Signed in"
        LOGIN_FAILED = "login_failed", "Failed sign-in"
        LOCKED_OUT = "locked_out", "Locked out after repeated failures"
        LOGOUT = "logout", "Signed out"
        MFA_SET_UP = "mfa_set_up", "Authenticator set up"
        MFA_FAILED = "mfa_failed", "Wrong authentication code"
        MFA_RESET = "mfa_reset", "Authenticator reset by an administrator"
        BACKUP_CODE_USED = "backup_code_used", "Backup code used"
        ROLE_ADDED = "role_added", "Role given"
        ROLE_REMOVED = "role_removed", "Role taken away"
        DEACTIVATED = "deactivated", "Account deactivated"
        REACTIVATED = "reactivated", "Account reactivated"
        EXPORT = "export", "Data exported"
        DOWNLOAD = "download", "File downloaded"
        IMPORT = "import", "Data imported"
        ACCESS_REFUSED = "access_refused", "Access refused"
        SESSION_EXPIRED = "session_expired", "Session ended by time limit"
        ADMIN_CHANGE = "admin_change", "Changed in the administration site"
        SUPERUSER_CREATED = "superuser_created", "Superuser created (break-glass)"
        PASSWORD_RESET_LINK = "password_reset_link", "Set-password link made by an administrator"
        PASSWORD_SET = "password_set", "Password set with a one-time link"
        ADDRESS_LOCKED_OUT = "address_locked_out", "Address paused after failed sign-ins for many usernames"

    kind = models.CharField(max_length=30, choices=Kind.choices, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True, help_text="As typed, for failed sign-ins.")
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The person acted upon (for role changes and MFA resets).",
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-at"]
        # Failed sign-ins per address (cpboard.accounts.lockout).
        indexes = [models.Index(fields=["ip_address", "kind", "at"], name="securityevent_ip_kind_at_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%d/%m/%Y %H:%M}"


class RateLimitWindow(models.Model):
    """One fixed window of a rate limit (cpboard.core.ratelimit): how many hits `key` has had since
    `window_start`. Kept in the database so every web worker shares the count. purge_expired removes old ones."""

    key = models.CharField(max_length=200)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="ratelimit_key_window_unique")
        ]
        indexes = [models.Index(fields=["window_start"], name="ratelimit_window_start_idx")]

    def __str__(self) -> str:
        return f"{self.key}: {self.count} since {self.window_start:%d/%m/%Y %H:%M}"


class Disclosure(models.Model):
    """No rows: it carries the core permission `core.view_small_numbers` (see cpboard.core.disclosure), so
    the small-number rule does not belong to any one app."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_small_numbers", "Can see numbers below the small-number threshold")]

    def __str__(self) -> str:
        return "Disclosure control"


class Generation(models.Model):
    """A counter that says "these records changed": its value goes up with every write to them, in the same
    transaction as the write, so a cache keyed by it (cpboard.core.shared_cache) is never read after a change
    has committed. `figures` is bumped by PostgreSQL triggers on every performance table the dashboard reads
    (performance/migrations/0006_figures_generation.py): saves, bulk loads, deletes and raw SQL alike, from
    any app server."""

    name = models.CharField(max_length=50, unique=True)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"
