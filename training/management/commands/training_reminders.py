"""List, and with --send email, people whose mandatory training expires within N days or is overdue.

Safe to run daily: each reminder (person, course, due date, stage) is recorded when sent and never sent
again. Without --send, or without an email backend (CPBOARD_EMAIL_HOST), it only lists."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from training.models import Reminder
from training.services.reminders import email_configured, reminder_send, reminders_due


class Command(BaseCommand):
    help = "List (and with --send, email once) people whose mandatory training expires soon or is overdue."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=60, help="How far ahead to look (default 60 days).")
        parser.add_argument("--send", action="store_true", help="Email the reminders not yet sent.")

    def handle(self, *args, days: int = 60, send: bool = False, **options):
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        if send and not email_configured():
            raise CommandError(
                "No email backend is configured (set CPBOARD_EMAIL_HOST), so nothing can be sent. "
                "Run without --send to list who is due."
            )
        today = timezone.localdate()
        due = reminders_due(on=today, days=days)
        if not due:
            self.stdout.write(f"Nobody’s mandatory training expires in the next {days} days or is overdue.")
            return
        sent = skipped = no_email = 0
        for item in due:
            stage = "expires" if item.stage == Reminder.Stage.EXPIRING else "OVERDUE"
            line = f"{item.person.display_name}: {item.course.name} {stage} {item.due_on:%d/%m/%Y} ({item.detail})"
            if item.already_sent:
                skipped += 1
                self.stdout.write(f"{line}: reminder already sent")
            elif not item.email:
                no_email += 1
                self.stdout.write(f"{line}: no email address; remind them another way")
            elif send and reminder_send(due=item):
                sent += 1
                self.stdout.write(f"{line}: reminder sent to {item.email}")
            else:
                self.stdout.write(f"{line}: {'already sent' if send else 'would be sent to ' + item.email}")
        summary = (
            f"{len(due)} due: {sent} sent, {skipped} already reminded, {no_email} without an email address."
        )
        if not send:
            summary += " Nothing was sent (run with --send to email them)."
        self.stdout.write(self.style.SUCCESS(summary))
