"""The yearly work programme: what comes to which meeting, or to which month."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from cpboard.board.forms.sections import PersonChoice, SectionOptionsMixin, people
from cpboard.board.models import Meeting, WorkProgrammeItem
from cpboard.core.forms import CrispyFormMixin
from cpboard.core.locking import VersionedFormMixin


def month_choices(year: int) -> list[tuple[str, str]]:
    """The twelve months of a municipal year, May to April."""
    months = [dt.date(year, m, 1) for m in range(5, 13)] + [dt.date(year + 1, m, 1) for m in range(1, 5)]
    return [("", "No month set"), *[(d.isoformat(), d.strftime("%B %Y")) for d in months]]


class WorkProgrammeItemForm(CrispyFormMixin, VersionedFormMixin, SectionOptionsMixin, forms.ModelForm):
    submit_label = "Save"

    month = forms.ChoiceField(
        label="Month",
        required=False,
        help_text="When no meeting is set yet: the meeting arranged in this month gets it on its agenda.",
    )
    presenter = PersonChoice(queryset=None, required=False, empty_label="No one named", label="Presented by")

    class Meta:
        model = WorkProgrammeItem
        fields = ["title", "theme", "meeting", "section", "presenter", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        labels = {"notes": "Notes for the agenda"}

    field_order = ["title", "theme", "meeting", "month", "section", "area", "survey", "presenter", "notes"]

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        self.fields["title"].error_messages["required"] = (
            "Enter what comes to the board, for example Quarterly performance report."
        )
        self.fields["presenter"].queryset = people()  # type: ignore[attr-defined]
        meeting = self.fields["meeting"]
        meeting.queryset = Meeting.objects.in_municipal_year(year).order_by("starts_at")  # type: ignore[attr-defined]
        meeting.empty_label = "No meeting set yet"  # type: ignore[attr-defined]
        meeting.label_from_instance = lambda m: f"The meeting on {timezone.localtime(m.starts_at):%d/%m/%Y}"  # type: ignore[attr-defined]
        self.fields["month"].choices = month_choices(year)  # type: ignore[attr-defined]
        if self.instance.planned_month:
            self.fields["month"].initial = self.instance.planned_month.replace(day=1).isoformat()

    def clean(self):
        data = super().clean()
        month = data.get("month") or ""
        if not data.get("meeting") and not month:
            self.add_error("meeting", "Choose the meeting it comes to, or the month.")
        self.instance.municipal_year = self.year
        self.instance.planned_month = dt.date.fromisoformat(month) if month else None
        return data
