"""Apply the retention periods in settings.RETENTION_DAYS. Safe to run every day (a second run finds nothing).

What it does, oldest first (see SECURITY.md, "Retention"):
- security log entries older than RETENTION_DAYS["security_events"]: deleted;
- django-axes sign-in attempt records older than RETENTION_DAYS["axes_attempts"]: deleted;
- uploaded import files older than RETENTION_DAYS["import_files"]: the file is deleted from the upload storage; the
  StoredFile row stays (figures cite it as their source) with an empty `file`, which marks it as purged
  (board packs and their attached documents are kept: uploads.KEPT_PURPOSES);
- people deactivated longer than RETENTION_DAYS["deactivated_people"]: anonymised. Name, email,
  username, organisation and job title are replaced, in every row of their history too; their
  authenticators, sign-in records and security-log usernames go; what they entered stays, attributed to
  "Former user N";
- people in the directory (accounts.Person) without a sign-in account who left longer ago than
  RETENTION_DAYS["people_who_left"]: anonymised. Name, family name, email, ward, party, job title and
  organisation are replaced, in every row of their history too; their training records and appointments
  stay, attributed to "Former person N", so figures for past dates do not change. People with an account
  are anonymised with the account (above), once it is deactivated;
- expired sessions and finished rate-limit windows: deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from cpboard.core.history import attribute_next_save
from cpboard.core.storage import upload_storage


@dataclass
class Step:
    label: str
    count: int


def _cutoff(kind: str):
    return timezone.now() - timedelta(days=settings.RETENTION_DAYS[kind])


def purge_security_events(*, dry_run: bool) -> int:
    from cpboard.core.models import SecurityEvent

    expired = SecurityEvent.objects.filter(at__lt=_cutoff("security_events"))
    count = expired.count()
    if not dry_run:
        expired.delete()  # not an audited model: the log itself is the record
    return count


def purge_login_attempts(*, dry_run: bool) -> int:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    cutoff = _cutoff("axes_attempts")
    count = 0
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        expired = model.objects.filter(attempt_time__lt=cutoff)
        count += expired.count()
        if not dry_run:
            expired.delete()
    return count


def purge_import_files(*, dry_run: bool) -> int:
    from cpboard.core.models import StoredFile
    from cpboard.core.uploads import KEPT_PURPOSES

    expired = (
        StoredFile.objects.filter(uploaded_at__lt=_cutoff("import_files"))
        .exclude(file="")
        .exclude(purpose__in=KEPT_PURPOSES)
    )
    count = 0
    for stored in expired:
        count += 1
        if dry_run:
            continue
        name = stored.file.name
        stored.file.name = ""  # an empty file field marks the record as purged
        attribute_next_save(stored, reason="File deleted at the end of its retention period")
        stored.save()
        # The bytes go only once the database change is committed, so a failed run loses nothing.
        transaction.on_commit(partial(upload_storage.delete, name))
    return count


def anonymised_values(pk: int) -> dict:
    return {
        "username": f"former-user-{pk}",
        "first_name": "Former",
        "last_name": f"user {pk}",
        "email": "",
        "organisation": "",
        "job_title": "",
    }


def anonymise_deactivated_people(*, dry_run: bool) -> int:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cpboard.core.models import SecurityEvent

    User = get_user_model()

    # Deactivated without a date (for example by a direct database change): the clock starts now.
    for person in User.objects.filter(
        is_active=False, deactivated_at__isnull=True, anonymised_at__isnull=True
    ):
        if not dry_run:
            person.deactivated_at = timezone.now()
            attribute_next_save(person, reason="Retention period started")
            person.save()
    due = User.objects.filter(
        is_active=False, deactivated_at__lt=_cutoff("deactivated_people"), anonymised_at__isnull=True
    )
    count = 0
    for person in due:
        count += 1
        if dry_run:
            continue
        old_username = person.username
        values = anonymised_values(person.pk)
        for name, value in values.items():
            setattr(person, name, value)
        person.set_unusable_password()
        person.anonymised_at = timezone.now()
        attribute_next_save(person, reason="Anonymised at the end of the retention period")
        person.save()
        # Scrub every earlier version too: history rows are not audited themselves, so update() is right here.
        User.history.filter(id=person.pk).update(**values)
        TOTPDevice.objects.filter(user=person).delete()
        StaticDevice.objects.filter(user=person).delete()
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username=old_username).delete()
        # The security log is an append-only log, not an audited domain model: update() is right here too.
        SecurityEvent.objects.filter(user=person).update(username=values["username"])
        SecurityEvent.objects.filter(user__isnull=True, username=old_username).update(username="")
    return count


def anonymised_person_values(pk: int) -> dict:
    return {
        "display_name": f"Former person {pk}",
        "sort_name": f"Former person {pk}",
        "email": "",
        "ward": "",
        "party": "",
        "job_title": "",
        "organisation": "",
    }


def anonymise_people_who_left(*, dry_run: bool) -> int:
    from django.apps import apps

    Person = apps.get_model("accounts", "Person")  # core imports no app: the directory is looked up by name
    User = apps.get_model(settings.AUTH_USER_MODEL)
    left_before = timezone.localdate() - timedelta(days=settings.RETENTION_DAYS["people_who_left"])
    due = Person.objects.filter(left_on__lt=left_before, anonymised_at__isnull=True)
    # A person with an account is anonymised once the account is (anonymise_deactivated_people).
    due = due.filter(user__isnull=True) | due.filter(
        user__in=User.objects.filter(anonymised_at__isnull=False)
    )
    count = 0
    for person in due.distinct():
        count += 1
        if dry_run:
            continue
        values = anonymised_person_values(person.pk)
        for name, value in values.items():
            setattr(person, name, value)
        person.anonymised_at = timezone.now()
        attribute_next_save(person, reason="Anonymised at the end of the retention period")
        person.save()
        # History rows are not audited themselves, so update() is right here.
        Person.history.filter(id=person.pk).update(**values)
    return count


def purge_sessions_and_rate_limits(*, dry_run: bool) -> int:
    from django.contrib.sessions.models import Session

    from cpboard.core.models import RateLimitWindow

    now = timezone.now()
    sessions = Session.objects.filter(expire_date__lt=now)
    windows = RateLimitWindow.objects.filter(window_start__lt=now - timedelta(days=1))
    count = sessions.count() + windows.count()
    if not dry_run:
        sessions.delete()
        windows.delete()
    return count


STEPS = [
    ("security log entries deleted", purge_security_events),
    ("sign-in attempt records deleted", purge_login_attempts),
    ("uploaded files deleted (their records kept)", purge_import_files),
    ("deactivated people anonymised", anonymise_deactivated_people),
    ("people in the directory who left anonymised", anonymise_people_who_left),
    ("expired sessions and rate-limit counts deleted", purge_sessions_and_rate_limits),
]


def purge_expired(*, dry_run: bool = False) -> list[Step]:
    with transaction.atomic():
        return [Step(label, function(dry_run=dry_run)) for label, function in STEPS]


class Command(BaseCommand):
    help = "Delete or anonymise records past their retention period (settings.RETENTION_DAYS). Run daily."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be done; change nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        steps = purge_expired(dry_run=dry_run)
        prefix = "Would have: " if dry_run else ""
        for step in steps:
            self.stdout.write(f"{prefix}{step.count} {step.label}")
        total = sum(step.count for step in steps)
        if total == 0:
            self.stdout.write("Nothing has passed its retention period.")
        elif not dry_run:
            self.stdout.write(self.style.SUCCESS(f"Done: {total} records purged or anonymised."))
