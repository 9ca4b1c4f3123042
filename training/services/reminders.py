"""Reminders about mandatory training that expires within N days or is overdue. Each reminder is recorded
(person, course, due date, stage), so running daily sends each one once: "expires soon" once before the
date, "overdue" once after it, and again only when a new expiry date comes round."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from cpboard.accounts.models import Person
from cpboard.core.locking import StaleEdit, save_audited
from training.models import Course, Reminder
from training.services.compliance import Status, build_compliance

SENT = "Training reminder sent"
NO_BACKEND = "django.core.mail.backends.dummy.EmailBackend"


@dataclass(frozen=True)
class Due:
    person: Person
    course: Course
    due_on: dt.date
    stage: str
    detail: str
    already_sent: bool

    @property
    def email(self) -> str:
        return self.person.contact_email


def email_configured() -> bool:
    return settings.EMAIL_BACKEND != NO_BACKEND


def reminders_due(*, on: dt.date, days: int) -> list[Due]:
    """Everyone whose mandatory training expires (or, for new people, falls due) within `days` of `on`,
    or is overdue or never done past its deadline."""
    compliance = build_compliance(as_at=on)
    sent = set(Reminder.objects.values_list("person_id", "course_id", "due_on", "stage"))
    found = []
    horizon = on + dt.timedelta(days=days)
    for row in compliance.rows:
        for cell in row.cells:
            if not cell.required:
                continue
            if cell.status == Status.DUE and cell.due_by and cell.due_by <= horizon:
                stage, due_on = Reminder.Stage.EXPIRING, cell.due_by
            elif (
                cell.status == Status.COMPLIANT
                and cell.check is not None
                and cell.check.valid_until
                and cell.check.valid_until <= horizon
            ):
                stage, due_on = Reminder.Stage.EXPIRING, cell.check.valid_until
            elif cell.status in (Status.OVERDUE, Status.NEVER_DONE):
                stage, due_on = Reminder.Stage.OVERDUE, cell.due_by or row.person.started_on
            else:
                continue
            key = (row.person.pk, cell.course.pk, due_on, stage)
            found.append(Due(row.person, cell.course, due_on, stage, cell.detail, key in sent))
    return found


def _message(due: Due) -> tuple[str, str]:
    if due.stage == Reminder.Stage.EXPIRING:
        subject = f"Your {due.course.name} training is due by {due.due_on:%d/%m/%Y}"
        opening = f"Our records show that your {due.course.name} training is due by {due.due_on:%d/%m/%Y}."
    else:
        subject = f"Your {due.course.name} training is overdue"
        opening = f"Our records show that your {due.course.name} training is overdue ({due.detail})."
    body = (
        f"Dear {due.person.display_name},\n\n{opening}\n\n"
        "As a corporate parent you are asked to keep this training up to date. Please book onto the next "
        "session, or tell the member development officer if you have done it elsewhere so it can be recorded.\n\n"
        f"{settings.COUNCIL_NAME}, {settings.BOARD_NAME}\n"
    )
    return subject, body


def reminder_send(*, due: Due) -> bool:
    """Email one reminder and record it; False if it was recorded meanwhile (another run sent it)."""
    subject, body = _message(due)
    with transaction.atomic():
        reminder = Reminder(
            person=due.person, course=due.course, due_on=due.due_on, stage=due.stage, sent_to=due.email
        )
        try:
            save_audited(reminder, by=None, reason=SENT)
        except StaleEdit:
            return False
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [due.email])
    return True
