"""Arranging a meeting, its details, the agenda items and their minutes, and attendance."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from cpboard.board.forms.sections import PersonChoice, SectionOptionsMixin, people
from cpboard.board.models import AgendaItem, Attendance, Meeting
from cpboard.core.forms import CrispyFormMixin
from cpboard.core.locking import VersionedFormMixin

DATE_HINT = "For example 10/06/2026."
TIME_HINT = "24-hour clock, for example 14:00."


def _date_field(label: str = "Date") -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=DATE_HINT,
        error_messages={
            "required": "Enter the date of the meeting.",
            "invalid": "Enter the date as day/month/year, for example 10/06/2026.",
        },
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}
        ),
    )


def _time_field() -> forms.TimeField:
    return forms.TimeField(
        label="Start time",
        help_text=TIME_HINT,
        input_formats=["%H:%M", "%H.%M"],
        error_messages={
            "required": "Enter the time the meeting starts.",
            "invalid": "Enter the time as hours and minutes, for example 14:00.",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )


class _WhenMixin(forms.Form):
    date = _date_field()
    time = _time_field()

    def starts_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"]))


class MeetingCreateForm(CrispyFormMixin, _WhenMixin, forms.Form):
    submit_label = "Arrange meeting"

    place = forms.CharField(
        max_length=200,
        help_text="For example: Committee Room 1, Thistledon Civic Centre.",
        error_messages={"required": "Enter where the meeting is held."},
    )
    field_order = ["date", "time", "place"]


class MeetingForm(CrispyFormMixin, VersionedFormMixin, _WhenMixin, forms.ModelForm):
    submit_label = "Save meeting"

    class Meta:
        model = Meeting
        fields = ["place", "status", "minutes_approved_at"]

    field_order = ["date", "time", "place", "status", "minutes_approved_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        when = timezone.localtime(self.instance.starts_at)
        self.fields["date"].initial = when.date()
        self.fields["time"].initial = when.strftime("%H:%M")
        self.fields["place"].error_messages["required"] = "Enter where the meeting is held."
        later = Meeting.objects.filter(starts_at__gt=self.instance.starts_at).order_by("starts_at")
        field = self.fields["minutes_approved_at"]
        field.queryset = later  # type: ignore[attr-defined]
        field.label = "Minutes agreed as a true record at"
        field.empty_label = "Not agreed yet"  # type: ignore[attr-defined]
        field.label_from_instance = lambda m: f"The meeting on {timezone.localtime(m.starts_at):%d/%m/%Y}"  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("time"):
            self.instance.starts_at = self.starts_at()
            approved = data.get("minutes_approved_at")
            if approved and approved.starts_at <= self.instance.starts_at:
                self.add_error(
                    "minutes_approved_at", "Choose a meeting after this one: minutes are agreed later."
                )
        return data


class AgendaItemForm(CrispyFormMixin, VersionedFormMixin, SectionOptionsMixin, forms.ModelForm):
    submit_label = "Save item"

    presenter = PersonChoice(queryset=None, required=False, empty_label="No one named", label="Presented by")

    class Meta:
        model = AgendaItem
        fields = ["title", "narrative", "section", "presenter"]
        widgets = {"narrative": forms.Textarea(attrs={"rows": 6})}
        labels = {"narrative": "What the item is about"}

    field_order = ["title", "narrative", "section", "area", "survey", "presenter"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = people()  # type: ignore[attr-defined]
        self.fields["title"].error_messages["required"] = (
            "Enter the item's title, for example Fostering annual report."
        )
        self.fields[
            "narrative"
        ].help_text = (
            "Shown exactly as written: web addresses, formatting and pictures are not followed or fetched."
        )


class MinutesForm(CrispyFormMixin, VersionedFormMixin, forms.ModelForm):
    submit_label = "Save minutes"

    class Meta:
        model = AgendaItem
        fields = ["minutes"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 8})}
        labels = {"minutes": "Minutes of this item"}
        help_texts = {
            "minutes": "What was reported and discussed. Record decisions and questions separately."
        }


class AttendanceForm(CrispyFormMixin, forms.Form):
    """One row per member of the board on the meeting's date: present, apologies, absent or substituted."""

    submit_label = "Save attendance"

    def __init__(self, *args, members, existing: dict[int, Attendance], **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        substitutes = people()
        for membership in members:
            person = membership.person
            row = existing.get(person.pk)
            self.fields[self.status_name(person.pk)] = forms.ChoiceField(
                label=f"{person.display_name} ({membership.get_role_display()})",
                required=False,
                choices=[("", "Not recorded"), *Attendance.Status.choices],
                initial=row.status if row else "",
            )
            self.fields[self.substitute_name(person.pk)] = PersonChoice(
                queryset=substitutes.exclude(pk=person.pk),
                required=False,
                label=f"Substituted by (for {person.display_name})",
                empty_label="No substitute",
                initial=row.substitute_id if row else None,
            )
            self.fields[self.version_name(person.pk)] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, initial=row.version if row else 0
            )

    @staticmethod
    def status_name(pk: int) -> str:
        return f"status_{pk}"

    @staticmethod
    def substitute_name(pk: int) -> str:
        return f"substitute_{pk}"

    @staticmethod
    def version_name(pk: int) -> str:
        return f"version_{pk}"

    def clean(self):
        data = super().clean()
        for membership in self.members:
            pk = membership.person.pk
            status, substitute = data.get(self.status_name(pk)), data.get(self.substitute_name(pk))
            if status == Attendance.Status.SUBSTITUTE and not substitute:
                self.add_error(
                    self.substitute_name(pk), f"Choose who came instead of {membership.person.display_name}."
                )
            elif substitute and status != Attendance.Status.SUBSTITUTE:
                self.add_error(
                    self.status_name(pk),
                    f"Choose Substituted for {membership.person.display_name}, or take out the substitute.",
                )
        return data

    def entries(self):
        from cpboard.board.services.meetings import AttendanceEntry

        return [
            AttendanceEntry(
                person=m.person,
                status=self.cleaned_data.get(self.status_name(m.person.pk)) or "",
                substitute=self.cleaned_data.get(self.substitute_name(m.person.pk)),
                version=self.cleaned_data.get(self.version_name(m.person.pk)) or 0,
            )
            for m in self.members
        ]
