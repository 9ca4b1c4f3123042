"""Recording training: a session with the people who attended, or a single record of training done
elsewhere. Both refuse dates in the future or before the course was offered, and people whose term had
ended or who had left by then."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from cpboard.accounts.models import Person
from cpboard.core.forms import CrispyFormMixin
from cpboard.core.locking import VersionedFormMixin
from cpboard.core.uploads import read_upload
from training.models import Course, Session, TrainingRecord

DATE_HINT = "For example, 14/03/2026."


def date_problem(course: Course | None, day: dt.date | None) -> str:
    """What is wrong with recording `course` as done on `day`, or ''."""
    if day is None:
        return ""
    if day > timezone.localdate():
        return f"The date {day:%d/%m/%Y} is in the future. Record training once it has happened."
    if course is not None and day < course.offered_from:
        return (
            f"{course.name} was first offered on {course.offered_from:%d/%m/%Y}, so it cannot have been done "
            f"on {day:%d/%m/%Y}. Check the date or the course."
        )
    return ""


def attendance_problem(person: Person, day: dt.date) -> str:
    """Why `person` cannot have attended on `day` as recorded, or ''."""
    if person.kind == Person.Kind.COUNCILLOR and person.term_ends_on and person.term_ends_on < day:
        return (
            f"{person}’s term of office ended on {person.term_ends_on:%d/%m/%Y}, before {day:%d/%m/%Y}. "
            "Check the date, or update their term in the people directory if they were re-elected."
        )
    if person.left_on and person.left_on <= day:
        return f"{person} left on {person.left_on:%d/%m/%Y}, before {day:%d/%m/%Y}. Check the date or the person."
    return ""


class PersonChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:  # type: ignore[override]
        return f"{obj.display_name} ({obj.description()})"


class SessionForm(CrispyFormMixin, VersionedFormMixin, forms.ModelForm):
    submit_label = "Save session and attendance"

    attendees = PersonChoices(
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Who attended",
        help_text="Tick everyone who attended. The list is sorted by family name.",
    )

    class Meta:
        model = Session
        fields = ["course", "held_on", "trainer", "venue", "with_young_people", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        courses = Course.objects.in_use()
        if self.instance.pk:
            courses = Course.objects.filter(pk=self.instance.course_id) | courses
        self.fields["course"].queryset = courses  # type: ignore[attr-defined]
        self.fields["course"].error_messages["required"] = "Choose the course this session delivered."
        self.fields["held_on"].help_text = DATE_HINT
        self.fields["held_on"].error_messages.update(
            required=f"Enter the date of the session. {DATE_HINT}", invalid=f"Enter a real date. {DATE_HINT}"
        )
        self.fields["trainer"].error_messages["required"] = "Enter who delivered the session."
        attending = set()
        if self.instance.pk:
            attending = set(self.instance.records.values_list("person_id", flat=True))
            self.fields["attendees"].initial = list(attending)
        people = Person.objects.filter(left_on__isnull=True) | Person.objects.filter(pk__in=attending)
        if self.instance.pk:
            people = people | Person.objects.filter(left_on__gte=self.instance.held_on)
        self.fields["attendees"].queryset = people.distinct().order_by("sort_name", "display_name")  # type: ignore[attr-defined]

    def clean_held_on(self):
        day = self.cleaned_data.get("held_on")
        problem = date_problem(None, day)
        if problem:
            raise forms.ValidationError(problem)
        return day

    def clean(self):
        data = super().clean()
        course, day = data.get("course"), data.get("held_on")
        problem = date_problem(course, day)
        if problem and "held_on" not in self.errors:
            self.add_error("held_on", problem)
        ticked = self.data.getlist("attendees") if hasattr(self.data, "getlist") else []
        repeated = {value for value in ticked if ticked.count(value) > 1}
        if repeated:
            names = ", ".join(
                str(p) for p in Person.objects.filter(pk__in=[v for v in repeated if v.isdigit()])
            )
            self.add_error(
                "attendees", f"{names or 'Someone'} is ticked more than once. Tick each person once."
            )
        if day and not problem and data.get("attendees") is not None:
            problems = [p for person in data["attendees"] if (p := attendance_problem(person, day))]
            for message in problems:
                self.add_error("attendees", message)
        if course and day and data.get("attendees"):
            elsewhere = TrainingRecord.objects.filter(
                course=course, completed_on=day, person__in=data["attendees"]
            ).select_related("person")
            if self.instance.pk:
                elsewhere = elsewhere.exclude(session=self.instance)
            for record in elsewhere:
                self.add_error(
                    "attendees",
                    f"{record.person} already has {course} recorded on {day:%d/%m/%Y}"
                    f"{' at another session' if record.session_id else ''}. Untick them, or remove that record first.",
                )
        return data


class RecordForm(CrispyFormMixin, VersionedFormMixin, forms.ModelForm):
    """One person's training done elsewhere, with an evidence note or a certificate (PDF)."""

    submit_label = "Save training record"

    certificate_file = forms.FileField(
        label="Certificate (optional)",
        required=False,
        help_text="A PDF of the certificate, up to the upload size limit.",
    )

    class Meta:
        model = TrainingRecord
        fields = ["person", "course", "completed_on", "evidence"]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.order_by("sort_name", "display_name")  # type: ignore[attr-defined]
        self.fields["person"].error_messages["required"] = "Choose who did the training."
        self.fields["course"].queryset = Course.objects.in_use()  # type: ignore[attr-defined]
        self.fields["course"].error_messages["required"] = "Choose the course."
        self.fields["completed_on"].help_text = DATE_HINT
        self.fields["completed_on"].error_messages.update(
            required=f"Enter the date they completed it. {DATE_HINT}",
            invalid=f"Enter a real date. {DATE_HINT}",
        )
        if self.instance.pk:  # correcting a record: it stays the same person's
            self.fields["person"].disabled = True
            self.fields[
                "person"
            ].help_text = "To record this for someone else, remove it and add a new record."
            self.fields["course"].queryset = (
                Course.objects.filter(pk=self.instance.course_id) | Course.objects.in_use()
            )  # type: ignore[attr-defined]
            if self.instance.certificate_id:
                self.fields["certificate_file"].label = "Replace the certificate (optional)"

    certificate: tuple[bytes, str, str] | None = None

    def clean_certificate_file(self):
        upload = self.cleaned_data.get("certificate_file")
        if upload:
            data, kind = read_upload(upload, allowed={"pdf"})
            self.certificate = (data, upload.name, kind)
        return upload

    def clean(self):
        data = super().clean()
        person, course, day = data.get("person"), data.get("course"), data.get("completed_on")
        problem = date_problem(course, day)
        if problem:
            self.add_error("completed_on", problem)
        elif person and day and (problem := attendance_problem(person, day)):
            self.add_error("person", problem)
        if (
            person
            and course
            and day
            and TrainingRecord.objects.filter(person=person, course=course, completed_on=day)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error("completed_on", f"{person} already has {course} recorded on {day:%d/%m/%Y}.")
        has_certificate = self.files.get("certificate_file") or self.instance.certificate_id
        if not (data.get("evidence") or "").strip() and not has_certificate:
            self.add_error(
                "evidence", "Say how you know the training was completed, or upload the certificate."
            )
        return data
