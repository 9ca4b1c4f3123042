"""The reminders command: lists who is due, emails each reminder once, and is safe to run daily."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from tests.factories.training import PersonFactory, TrainingRecordFactory, induction_and_refresher
from training.models import Reminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_people():
    induction, refresher = induction_and_refresher()
    soon = PersonFactory(display_name="Aled Ashworth", email="aled@thistledon.example")
    today = dt.date.today()  # noqa: DTZ011 - the command uses today's date too
    TrainingRecordFactory(
        person=soon, course=refresher, completed_on=today.replace(year=today.year - 3) + dt.timedelta(days=30)
    )
    lapsed = PersonFactory(display_name="Bethan Bevan", email="bethan@thistledon.example")
    TrainingRecordFactory(person=lapsed, course=induction, completed_on=dt.date(2019, 6, 1))
    PersonFactory(display_name="Carys Carrick", email="")  # never done, no email
    fine = PersonFactory(display_name="Declan Dalton", email="declan@thistledon.example")
    TrainingRecordFactory(person=fine, course=induction, completed_on=today - dt.timedelta(days=10))


def _run(*args) -> str:
    out = io.StringIO()
    call_command("training_reminders", *args, stdout=out)
    return out.getvalue()


def test_without_send_it_only_lists(due_people, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    output = _run("--days", "60")
    assert "Aled Ashworth: Corporate parenting induction expires" in output
    assert "Bethan Bevan: Corporate parenting induction OVERDUE" in output
    assert "Carys Carrick" in output and "no email address" in output
    assert "Declan Dalton" not in output
    assert "Nothing was sent" in output
    assert not mail.outbox
    assert not Reminder.objects.exists()


def test_send_emails_each_reminder_once_however_often_it_runs(due_people, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _run("--days", "60", "--send")
    assert sorted(m.to[0] for m in mail.outbox) == ["aled@thistledon.example", "bethan@thistledon.example"]
    assert "overdue" in next(m for m in mail.outbox if m.to == ["bethan@thistledon.example"]).subject
    output = _run("--days", "60", "--send")
    assert len(mail.outbox) == 2
    assert "reminder already sent" in output
    assert Reminder.objects.count() == 2


def test_send_without_an_email_backend_is_refused(due_people, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    with pytest.raises(CommandError, match="No email backend is configured"):
        _run("--send")
