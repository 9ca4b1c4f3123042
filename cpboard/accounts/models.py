from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords

from cpboard.core.models import VersionedModel


class User(VersionedModel, AbstractUser):
    """A person who signs in. Roles are groups (cpboard.core.roles); a person may hold several."""

    organisation = models.CharField(
        max_length=120, blank=True, help_text="For example, Thistledon Council or the NHS trust."
    )
    job_title = models.CharField("job title or position", max_length=120, blank=True)
    deactivated_at = models.DateTimeField(null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = "person"
        verbose_name_plural = "people"
        ordering = ["last_name", "first_name", "username"]
        permissions = [("reset_mfa", "Can reset a person's authenticator device")]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("accounts:person-detail", args=[self.pk])


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
