"""The "as at" date and group on the compliance page, and the attendance import upload."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from cpboard.core.forms import CrispyFormMixin
from cpboard.core.uploads import read_upload
from training.services.compliance import GROUPS

DATE_HINT = "For example, 31/03/2026."


class AsAtForm(forms.Form):
    as_at = forms.DateField(
        label="As at",
        required=False,
        help_text=f"See what was true on a past date. {DATE_HINT}",
        error_messages={"invalid": f"Enter a real date. {DATE_HINT}"},
    )
    group = forms.ChoiceField(label="People", required=False, choices=[("", "Everyone"), *GROUPS])
    needing = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("", "Everyone in the group"), ("action", "Only people who are due, overdue or never done")],
    )

    def clean_as_at(self):
        day = self.cleaned_data.get("as_at")
        if day and day > timezone.localdate():
            raise ValidationError("Choose today or a date in the past: compliance cannot be known ahead.")
        if day and day.year < 2000:
            raise ValidationError(f"Choose a date from 2000 onwards. {DATE_HINT}")
        return day

    def day(self):
        if self.is_valid() and self.cleaned_data.get("as_at"):
            return self.cleaned_data["as_at"]
        return timezone.localdate()


class AttendanceImportForm(CrispyFormMixin, forms.Form):
    submit_label = "Check and import"

    file = forms.FileField(
        label="Attendance spreadsheet",
        help_text="A CSV or Excel (.xlsx) file with the columns name, course and date.",
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        data, kind = read_upload(upload, allowed={"csv", "xlsx"})
        self.file_bytes, self.file_kind, self.file_name = data, kind, upload.name
        return upload
