"""Writing training records: a session with its attendees, a single record, and removing or retiring a course."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from cpboard.core.locking import delete_audited, save_audited, save_versioned
from cpboard.core.uploads import store_upload
from training.forms.records import RecordForm, SessionForm
from training.models import Course, Session, TrainingRecord

SESSION_RECORDED = "Session recorded"
SESSION_CHANGED = "Session changed"
ATTENDED = "Attended a session"
ATTENDANCE_REMOVED = "Taken off a session's attendance"
SESSION_MOVED = "Session's course or date changed"
RECORDED = "Training done elsewhere recorded"
RECORD_REMOVED = "Training record removed"
RECORD_CORRECTED = "Training record corrected"
COURSE_REMOVED = "Removed from the catalogue"
COURSE_RETIRED = "Retired"
CERTIFICATE_PURPOSE = "training-certificate"


@transaction.atomic
def session_save(*, form: SessionForm, by) -> Session:
    """Save the session and make its attendance match the ticks: new ticks get a record, unticked people
    lose theirs, and everyone's record follows the session's course and date."""
    adding = form.instance.pk is None
    session = save_versioned(form, by=by, reason=SESSION_RECORDED if adding else SESSION_CHANGED)
    wanted = {person.pk: person for person in form.cleaned_data["attendees"]}
    for record in session.records.select_for_update():
        if record.person_id not in wanted:
            delete_audited(record, by=by, reason=ATTENDANCE_REMOVED)
            continue
        wanted.pop(record.person_id)
        if record.course_id != session.course_id or record.completed_on != session.held_on:
            record.course, record.completed_on = session.course, session.held_on
            save_audited(record, by=by, reason=SESSION_MOVED)
    for person in wanted.values():
        record = TrainingRecord(
            person=person, course=session.course, completed_on=session.held_on, session=session
        )
        save_audited(record, by=by, reason=ATTENDED)
    return session


@transaction.atomic
def record_save(*, form: RecordForm, by, certificate: tuple[bytes, str, str] | None) -> TrainingRecord:
    """Save a single record, new or corrected, unless it changed since the form was shown; `certificate`
    is (bytes, name, kind) already checked by read_upload, and replaces any earlier one."""
    if certificate is not None:
        data, name, kind = certificate
        form.instance.certificate = store_upload(
            data, name=name, kind=kind, purpose=CERTIFICATE_PURPOSE, by=by
        )
    return save_versioned(form, by=by, reason=RECORDED if form.instance.pk is None else RECORD_CORRECTED)


def record_delete(*, record: TrainingRecord, by) -> None:
    if record.session_id:
        raise ValidationError("This record belongs to a session: untick the person on the session’s page.")
    delete_audited(record, by=by, reason=RECORD_REMOVED)


def course_in_use(course: Course) -> int:
    """How many records and sessions the course has (a course with any can only be retired)."""
    return course.records.count() + course.sessions.count() + course.refreshers.count()


@transaction.atomic
def course_delete(*, course: Course, by) -> None:
    if course_in_use(course):
        raise ValidationError(
            f"{course.name} has training records, sessions or refreshers, so it cannot be removed: the "
            "records would lose their course. Retire it instead."
        )
    delete_audited(course, by=by, reason=COURSE_REMOVED)


@transaction.atomic
def course_retire(*, course: Course, by) -> Course:
    course.is_retired = True
    return save_audited(course, by=by, reason=COURSE_RETIRED)
