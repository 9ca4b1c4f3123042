"""Recording sessions and single records, and the catalogue: every piece of bad input is refused next to
its field, with a message that says what to do."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cpboard.accounts.models import Person
from tests.factories.training import (
    CourseFactory,
    PersonFactory,
    SessionFactory,
    TrainingRecordFactory,
    induction_and_refresher,
)
from training.models import Course, Session, TrainingRecord

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _session_data(course, people, **changes):
    data = {
        "course": course.pk,
        "held_on": "11/03/2025",
        "trainer": "Children in Care Council members",
        "venue": "Civic Centre",
        "with_young_people": "on",
        "notes": "",
        "attendees": [p.pk for p in people],
    }
    data.update(changes)
    return data


def test_an_officer_records_a_session_and_each_attendee_gets_a_record(client_as, officer):
    course = CourseFactory(name="Corporate parenting refresher")
    people = [PersonFactory() for _ in range(3)]
    response = client_as(officer).post(reverse("training:session-create"), _session_data(course, people))
    session = Session.objects.get()
    assert response.status_code == 302
    assert response["Location"] == session.get_absolute_url()
    records = TrainingRecord.objects.filter(session=session)
    assert {r.person for r in records} == set(people)
    assert {r.completed_on for r in records} == {dt.date(2025, 3, 11)}
    assert records.first().history.latest().history_user == officer
    assert session.history.latest().history_change_reason == "Session recorded"


def test_changing_a_session_moves_its_records_and_unticking_removes_one(client_as, officer):
    course = CourseFactory()
    other = CourseFactory()
    people = [PersonFactory() for _ in range(3)]
    client = client_as(officer)
    client.post(reverse("training:session-create"), _session_data(course, people))
    session = Session.objects.get()
    data = _session_data(other, people[:2], held_on="12/03/2025", version=session.version)
    assert client.post(reverse("training:session-edit", args=[session.pk]), data).status_code == 302
    records = TrainingRecord.objects.filter(session=session)
    assert {(r.person, r.course, r.completed_on) for r in records} == {
        (p, other, dt.date(2025, 3, 12)) for p in people[:2]
    }


def test_a_session_in_the_future_or_before_the_course_existed_is_refused(client_as, officer):
    course = CourseFactory(name="Regulation 33/44 visitor training", offered_from=dt.date(2014, 1, 1))
    client = client_as(officer)
    future = client.post(reverse("training:session-create"), _session_data(course, [], held_on="01/01/2099"))
    assert "The date 01/01/2099 is in the future" in future.context["form"].errors["held_on"][0]
    early = client.post(reverse("training:session-create"), _session_data(course, [], held_on="01/06/2013"))
    assert early.context["form"].errors["held_on"] == [
        "Regulation 33/44 visitor training was first offered on 01/01/2014, so it cannot have been done on "
        "01/06/2013. Check the date or the course."
    ]
    assert not Session.objects.exists()


def test_the_same_person_twice_in_a_session_is_refused(client_as, officer):
    course = CourseFactory()
    person = PersonFactory(display_name="Aled Ashworth")
    response = client_as(officer).post(
        reverse("training:session-create"), _session_data(course, [], attendees=[person.pk, person.pk])
    )
    assert response.context["form"].errors["attendees"] == [
        "Aled Ashworth is ticked more than once. Tick each person once."
    ]
    assert not TrainingRecord.objects.exists()


def test_a_councillor_whose_term_had_ended_cannot_be_recorded_as_attending(client_as, officer):
    course = CourseFactory()
    ended = PersonFactory(display_name="Bethan Bevan", term_ends_on=dt.date(2024, 5, 6))
    response = client_as(officer).post(reverse("training:session-create"), _session_data(course, [ended]))
    assert response.status_code == 200
    error = response.context["form"].errors["attendees"][0]
    assert error.startswith("Bethan Bevan’s term of office ended on 06/05/2024, before 11/03/2025.")
    assert (
        'id="id_attendees-error"' in response.content.decode()
        or "govuk-error-message" in response.content.decode()
    )
    assert not Session.objects.exists()


def test_a_refresher_chain_that_loops_is_refused(client_as, officer):
    induction, refresher = induction_and_refresher()
    data = {
        "name": induction.name,
        "code": induction.code,
        "validity_months": "36",
        "renews": refresher.pk,
        "for_councillors": "on",
        "delivery": "in_person",
        "offered_from": "01/05/2012",
        "version": induction.version,
    }
    response = client_as(officer).post(reverse("training:course-edit", args=[induction.code]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["renews"] == [
        "That would make a loop of refreshers (Corporate parenting induction → Corporate parenting refresher → "
        "Corporate parenting induction). Choose a course that does not already renew this one."
    ]
    induction.refresh_from_db()
    assert induction.renews is None


def test_a_course_with_records_cannot_be_removed_and_is_offered_retirement(client_as, officer):
    record = TrainingRecordFactory()
    course = record.course
    client = client_as(officer)
    page = client.get(reverse("training:course-delete", args=[course.code]))
    assert f"Retire {course.name}" in page.content.decode()
    refused = client.post(reverse("training:course-delete", args=[course.code]))
    assert refused.status_code == 400
    assert "cannot be removed" in refused.content.decode()
    assert Course.objects.filter(pk=course.pk).exists()
    client.post(reverse("training:course-retire", args=[course.code]))
    course.refresh_from_db()
    assert course.is_retired
    assert TrainingRecord.objects.filter(pk=record.pk).exists()


def test_a_course_without_records_can_be_removed(client_as, officer):
    course = CourseFactory()
    assert client_as(officer).post(reverse("training:course-delete", args=[course.code])).status_code == 302
    assert not Course.objects.filter(pk=course.pk).exists()


def test_training_done_elsewhere_is_recorded_with_a_certificate(client_as, officer):
    course = CourseFactory(name="Safeguarding")
    person = PersonFactory()
    data = {"person": person.pk, "course": course.pk, "completed_on": "14/03/2026", "evidence": ""}
    data["certificate_file"] = SimpleUploadedFile("certificate.pdf", PDF, content_type="application/pdf")
    response = client_as(officer).post(reverse("training:record-create"), data)
    assert response.status_code == 302
    record = TrainingRecord.objects.get()
    assert record.certificate.purpose == "training-certificate"
    download = client_as(officer).get(reverse("core:file-download", args=[record.certificate.uuid]))
    assert download.status_code == 200


def test_a_single_record_needs_evidence_and_a_real_past_date(client_as, officer):
    course = CourseFactory()
    person = PersonFactory()
    client = client_as(officer)
    data = {"person": person.pk, "course": course.pk, "completed_on": "01/01/2099", "evidence": ""}
    errors = client.post(reverse("training:record-create"), data).context["form"].errors
    assert "in the future" in errors["completed_on"][0]
    assert errors["evidence"] == ["Say how you know the training was completed, or upload the certificate."]
    data["certificate_file"] = SimpleUploadedFile(
        "certificate.pdf", b"not a pdf", content_type="application/pdf"
    )
    errors = client.post(reverse("training:record-create"), data).context["form"].errors
    assert errors["certificate_file"] == ["The selected file is not a PDF."]


def test_someone_who_had_left_cannot_have_training_recorded_after(client_as, officer):
    course = CourseFactory()
    person = PersonFactory(
        kind=Person.Kind.OFFICER, ward="", party="", term_ends_on=None, left_on=dt.date(2025, 1, 1)
    )
    data = {"person": person.pk, "course": course.pk, "completed_on": "14/03/2025", "evidence": "Online"}
    errors = client_as(officer).post(reverse("training:record-create"), data).context["form"].errors
    assert errors["person"][0].startswith(f"{person} left on 01/01/2025")


def test_a_session_record_is_removed_from_its_session_not_on_its_own(client_as, officer):
    session = SessionFactory()
    record = TrainingRecordFactory(session=session, course=session.course, completed_on=session.held_on)
    response = client_as(officer).post(reverse("training:record-delete", args=[record.pk]))
    assert response.status_code == 400
    assert TrainingRecord.objects.filter(pk=record.pk).exists()


def test_someone_already_recorded_for_the_course_that_day_cannot_be_ticked_again(client_as, officer):
    course = CourseFactory()
    person = PersonFactory(display_name="Aled Ashworth")
    TrainingRecordFactory(person=person, course=course, completed_on=dt.date(2025, 3, 11), evidence="Online")
    response = client_as(officer).post(reverse("training:session-create"), _session_data(course, [person]))
    assert response.context["form"].errors["attendees"] == [
        f"Aled Ashworth already has {course} recorded on 11/03/2025. Untick them, or remove that record first."
    ]


def test_a_course_cannot_start_after_training_recorded_in_it(client_as, officer):
    record = TrainingRecordFactory(completed_on=dt.date(2015, 6, 1))
    course = record.course
    data = {
        "name": course.name,
        "code": course.code,
        "validity_months": "36",
        "for_councillors": "on",
        "delivery": "in_person",
        "offered_from": "01/01/2016",
        "version": course.version,
    }
    errors = (
        client_as(officer)
        .post(reverse("training:course-edit", args=[course.code]), data)
        .context["form"]
        .errors
    )
    assert errors["offered_from"][0].startswith("Training in this course is recorded on 01/06/2015")


def test_a_stale_session_edit_is_refused_with_the_conflict_page(client_as, officer):
    session = SessionFactory()
    person = PersonFactory()
    client = client_as(officer)
    data = _session_data(session.course, [person], version=session.version)
    session.trainer = "Someone else"
    session.version += 1
    session.save()
    response = client.post(reverse("training:session-edit", args=[session.pk]), data)
    assert response.status_code == 409
    assert not TrainingRecord.objects.exists()


def test_an_officer_corrects_a_single_records_date_and_history_keeps_both(client_as, officer):
    record = TrainingRecordFactory(completed_on=dt.date(2025, 3, 11), evidence="Another council's course")
    data = {
        "course": record.course_id,
        "completed_on": "12/03/2025",
        "evidence": record.evidence,
        "version": record.version,
    }
    response = client_as(officer).post(reverse("training:record-edit", args=[record.pk]), data)
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.completed_on == dt.date(2025, 3, 12)
    assert record.history.latest().history_change_reason == "Training record corrected"
    stale = client_as(officer).post(reverse("training:record-edit", args=[record.pk]), {**data, "version": 1})
    assert stale.status_code == 409


def test_a_session_record_is_corrected_on_its_session(client_as, officer):
    session = SessionFactory()
    record = TrainingRecordFactory(session=session, course=session.course, completed_on=session.held_on)
    response = client_as(officer).get(reverse("training:record-edit", args=[record.pk]))
    assert response["Location"] == session.get_absolute_url()
