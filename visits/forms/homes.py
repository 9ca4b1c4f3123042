"""The homes register and Regulation 45 reviews."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from cpboard.accounts.models import Person
from cpboard.core.forms import CrispyFormMixin
from cpboard.core.locking import VersionedFormMixin
from visits.models import Home, QualityReview

DATE_HINT = "For example, 14/03/2026."


class HomeForm(CrispyFormMixin, VersionedFormMixin, forms.ModelForm):
    submit_label = "Save home"

    class Meta:
        model = Home
        fields = [
            "name",
            "urn",
            "ownership",
            "kind",
            "places",
            "manager",
            "ofsted_rating",
            "inspected_on",
            "visits_from",
            "is_open",
            "closed_on",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = Person.objects.filter(left_on__isnull=True)  # type: ignore[attr-defined]
        for name in ("inspected_on", "visits_from", "closed_on"):
            self.fields[name].help_text = f"{self.fields[name].help_text} {DATE_HINT}".strip()
            self.fields[name].error_messages["invalid"] = f"Enter a real date. {DATE_HINT}"
        self.fields["name"].error_messages["required"] = "Enter the home's name."
        self.fields["urn"].error_messages["required"] = "Enter the home's Ofsted URN, for example SC123456."
        self.fields["places"].error_messages["required"] = "Enter how many children the home can look after."
        self.fields["visits_from"].error_messages["required"] = (
            f"Enter the first month a visit is due. {DATE_HINT}"
        )

    def clean_urn(self):
        urn = self.cleaned_data["urn"].strip().upper()
        if not (len(urn) >= 6 and urn[:2].isalpha() and urn[2:].isdigit()):
            raise forms.ValidationError(
                "Enter the URN as Ofsted gives it: two letters and digits, like SC123456."
            )
        return urn

    def clean_inspected_on(self):
        day = self.cleaned_data.get("inspected_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError("The last inspection date cannot be in the future.")
        return day

    def clean(self):
        data = super().clean()
        if data.get("is_open") is False and not data.get("closed_on"):
            self.add_error("closed_on", "Enter the date the home closed, or tick “open”.")
        if data.get("is_open") and data.get("closed_on"):
            self.add_error("closed_on", "An open home has no closing date: clear it, or untick “open”.")
        if data.get("ofsted_rating") not in (None, "", Home.Rating.NOT_YET) and not data.get("inspected_on"):
            self.add_error("inspected_on", "Enter the date of the inspection that gave this rating.")
        return data


class ReviewForm(CrispyFormMixin, forms.ModelForm):
    submit_label = "Save review"

    class Meta:
        model = QualityReview
        fields = ["completed_on", "author", "summary", "next_due_on"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_due_on"].required = False
        self.fields["completed_on"].help_text = DATE_HINT
        self.fields["completed_on"].error_messages.update(
            required=f"Enter the date of the review. {DATE_HINT}", invalid=f"Enter a real date. {DATE_HINT}"
        )
        self.fields["next_due_on"].error_messages["invalid"] = f"Enter a real date. {DATE_HINT}"
        self.fields["author"].error_messages["required"] = "Enter who wrote the review."
        self.fields["summary"].error_messages["required"] = "Summarise what the review found."

    def clean_completed_on(self):
        day = self.cleaned_data.get("completed_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError("The review date cannot be in the future. Record it once it is done.")
        return day

    def clean(self):
        data = super().clean()
        done, due = data.get("completed_on"), data.get("next_due_on")
        if done and due and due <= done:
            self.add_error("next_due_on", "The next review must be due after this one.")
        return data
