"""The course catalogue form: a refresher must not renew itself, directly or round a loop."""

from __future__ import annotations

from django import forms

from cpboard.core.forms import CrispyFormMixin
from cpboard.core.locking import VersionedFormMixin
from training.models import Course

DATE_HINT = "For example, 14/03/2026."


class CourseForm(CrispyFormMixin, VersionedFormMixin, forms.ModelForm):
    submit_label = "Save course"

    class Meta:
        model = Course
        fields = [
            "name",
            "code",
            "description",
            "validity_months",
            "renews",
            "for_councillors",
            "for_board_members",
            "for_visitors",
            "for_senior_officers",
            "delivery",
            "complete_within_months",
            "offered_from",
            "is_retired",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        renews = self.fields["renews"]
        renews.queryset = Course.objects.exclude(pk=self.instance.pk)  # type: ignore[attr-defined]
        renews.empty_label = "Not a refresher"  # type: ignore[attr-defined]
        self.fields["offered_from"].help_text += f" {DATE_HINT}"
        self.fields["offered_from"].error_messages.update(
            required=f"Enter the date the course was first offered. {DATE_HINT}",
            invalid=f"Enter a real date. {DATE_HINT}",
        )
        self.fields["name"].error_messages["required"] = "Enter the course’s name."
        self.fields["code"].error_messages["required"] = "Enter a short code, for example cp-induction."
        self.fields["code"].error_messages["invalid"] = (
            "Use only lower-case letters, numbers and hyphens, for example cp-refresher."
        )
        for name in ("validity_months", "complete_within_months"):
            self.fields[name].error_messages["invalid"] = "Enter a whole number of months, such as 36."
            self.fields[name].widget.attrs.update({"class": "govuk-input--width-4", "inputmode": "numeric"})

    def clean_validity_months(self):
        months = self.cleaned_data.get("validity_months")
        if months == 0:
            raise forms.ValidationError(
                "A course cannot be valid for 0 months. Leave it blank if it never expires."
            )
        return months

    def clean_offered_from(self):
        day = self.cleaned_data.get("offered_from")
        if day and self.instance.pk:
            earliest = (
                self.instance.records.order_by("completed_on").values_list("completed_on", flat=True).first()
            )
            if earliest and earliest < day:
                raise forms.ValidationError(
                    f"Training in this course is recorded on {earliest:%d/%m/%Y}, before that date. Choose "
                    f"{earliest:%d/%m/%Y} or earlier."
                )
        return day

    def clean_renews(self):
        renews = self.cleaned_data.get("renews")
        if renews is None:
            return renews
        if self.instance.pk and renews.pk == self.instance.pk:
            raise forms.ValidationError("A course cannot be a refresher for itself. Choose another course.")
        if self.instance.pk:
            chain = [renews, *renews.renewal_chain()]
            if any(course.pk == self.instance.pk for course in chain):
                names = " → ".join(
                    [
                        self.instance.name,
                        *[c.name for c in chain[: [c.pk for c in chain].index(self.instance.pk) + 1]],
                    ]
                )
                raise forms.ValidationError(
                    f"That would make a loop of refreshers ({names}). Choose a course that does not "
                    "already renew this one."
                )
        return renews
