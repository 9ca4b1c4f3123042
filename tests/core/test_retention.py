"""Retention: purge_expired deletes or anonymises what has passed its period, reports it, and is safe to rerun."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from axes.models import AccessAttempt, AccessLog
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from cpboard.accounts.models import User
from cpboard.core.models import RateLimitWindow, SecurityEvent, StoredFile
from cpboard.core.ratelimit import hit
from cpboard.core.security_log import record_event
from cpboard.core.uploads import store_upload
from tests.factories.accounts import UserFactory

LONG_AGO = dt.datetime(2022, 1, 10, 9, 0, tzinfo=dt.UTC)
NOW = dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC)
LAST_MONTH = NOW - dt.timedelta(days=30)


def purge(*args) -> str:
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("purge_expired", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def expired_and_current(db):
    """One record of each kind past its retention period, and one still within it."""
    uploader = UserFactory(username="uploader", first_name="Uma", last_name="Loader")
    records = {}
    for label, when in (("old", LONG_AGO), ("new", LAST_MONTH)):
        with time_machine.travel(when, tick=False):
            person = UserFactory(
                username=f"leaver-{label}",
                first_name="Lee",
                last_name=f"Leaver{label.title()}",
                email=f"lee.{label}@thistledon.example",
                organisation="NHS trust",
                job_title="Designated nurse",
            )
            person.job_title = "Named nurse"  # a second history row to scrub
            person.save()
            person.is_active = False
            person.deactivated_at = when
            person.save()
            TOTPDevice.objects.create(user=person, name="Phone", confirmed=True)
            event = record_event(None, SecurityEvent.Kind.LOGIN, user=person)
            AccessAttempt.objects.create(
                username=person.username, ip_address="203.0.113.5", user_agent="x", failures_since_start=1
            )
            AccessLog.objects.create(username=person.username, ip_address="203.0.113.5", user_agent="x")
            stored = store_upload(
                b"a,b\n", name=f"{label}.csv", kind="csv", purpose="performance-import", by=uploader
            )
            hit(f"code:{label}", limit=5, window_seconds=60)
        records[label] = {"person": person, "event": event, "file": stored, "path": Path(stored.file.path)}
    return records


@pytest.mark.django_db(transaction=True)
def test_expired_records_are_purged_and_current_ones_kept(expired_and_current):
    old, new = expired_and_current["old"], expired_and_current["new"]

    report = purge()

    assert not SecurityEvent.objects.filter(pk=old["event"].pk).exists()
    assert SecurityEvent.objects.filter(pk=new["event"].pk).exists()
    assert not AccessAttempt.objects.filter(username="leaver-old").exists()
    assert AccessAttempt.objects.filter(username="leaver-new").exists()
    assert not old["path"].exists()
    assert new["path"].exists()
    assert RateLimitWindow.objects.count() == 0  # finished windows go after a day
    assert "1 deactivated people anonymised" in report
    assert "1 uploaded files deleted (their records kept)" in report


@pytest.mark.django_db(transaction=True)
def test_an_expired_upload_keeps_its_record_marked_as_purged(expired_and_current, client_as):
    old = expired_and_current["old"]
    purge()
    stored = StoredFile.objects.get(pk=old["file"].pk)
    assert not stored.file
    assert stored.original_name == "old.csv"
    assert stored.history.latest().history_change_reason == "File deleted at the end of its retention period"


@pytest.mark.django_db(transaction=True)
def test_people_deactivated_long_ago_are_anonymised_in_their_history_too(expired_and_current):
    old, new = expired_and_current["old"]["person"], expired_and_current["new"]["person"]

    purge()

    person = User.objects.get(pk=old.pk)
    assert (person.username, person.first_name, person.last_name) == (
        f"former-user-{old.pk}",
        "Former",
        f"user {old.pk}",
    )
    assert (person.email, person.organisation, person.job_title) == ("", "", "")
    assert not person.has_usable_password()
    assert person.anonymised_at is not None
    history = list(User.history.filter(id=old.pk))
    assert len(history) >= 4
    for row in history:
        values = [row.username, row.first_name, row.last_name, row.email, row.organisation, row.job_title]
        assert not any(word in value for value in values for word in ("Lee", "leaver", "nurse", "NHS")), (
            values
        )
    assert not TOTPDevice.objects.filter(user=old).exists()
    assert not AccessLog.objects.filter(username="leaver-old").exists()
    assert not SecurityEvent.objects.filter(username="leaver-old").exists()

    kept = User.objects.get(pk=new.pk)
    assert kept.first_name == "Lee"
    assert User.history.filter(id=new.pk, first_name="Lee").exists()


@pytest.mark.django_db(transaction=True)
def test_a_second_run_does_nothing(expired_and_current):
    from tests.security.support import table_fingerprints

    purge()
    before = table_fingerprints(exclude=("django_session",))

    report = purge()

    assert "Nothing has passed its retention period." in report
    assert table_fingerprints(exclude=("django_session",)) == before


@pytest.mark.django_db(transaction=True)
def test_a_dry_run_reports_and_changes_nothing(expired_and_current):
    from tests.security.support import table_fingerprints

    before = table_fingerprints(exclude=("django_session",))

    report = purge("--dry-run")

    assert "Would have: 1 deactivated people anonymised" in report
    assert "Would have: 1 security log entries deleted" in report
    assert table_fingerprints(exclude=("django_session",)) == before
    assert expired_and_current["old"]["path"].exists()


@pytest.mark.django_db(transaction=True)
def test_retention_periods_come_from_settings(expired_and_current, settings):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "deactivated_people": 10, "import_files": 10}
    report = purge()
    assert "2 deactivated people anonymised" in report
    assert not expired_and_current["new"]["path"].exists()


@pytest.mark.django_db(transaction=True)
def test_a_person_deactivated_without_a_date_starts_the_clock(db):
    person = UserFactory(username="quiet-leaver")
    User.objects.filter(pk=person.pk).update(is_active=False)  # as a direct database change would
    purge()
    person.refresh_from_db()
    assert person.deactivated_at == NOW
    assert person.anonymised_at is None
