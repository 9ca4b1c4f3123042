"""The terms of reference page and the board's members."""

from __future__ import annotations

from django import forms

from cpboard.board.forms.sections import PersonChoice, people
from cpboard.board.models import Board, Membership
from cpboard.core.forms import CrispyFormMixin
from cpboard.core.locking import VersionedFormMixin

_DATE = forms.DateInput(format="%d/%m/%Y", attrs={"class": "govuk-input--width-10", "inputmode": "numeric"})
_INVALID_DATE = "Enter the date as day/month/year, for example 20/05/2026."


class TermsForm(CrispyFormMixin, VersionedFormMixin, forms.ModelForm):
    submit_label = "Save terms of reference"

    reason = forms.CharField(
        label="Why are you changing them?",
        max_length=200,
        help_text="Kept in the history with the change, for example Agreed by Council on 18/07/2026.",
        error_messages={"required": "Say why the terms of reference or board details are changing."},
    )

    class Meta:
        model = Board
        fields = [
            "name",
            "terms_of_reference",
            "quorum",
            "terms_agreed_on",
            "terms_review_due_on",
            "protective_marking",
        ]
        widgets = {
            "terms_of_reference": forms.Textarea(attrs={"rows": 14}),
            "terms_agreed_on": _DATE,
            "terms_review_due_on": _DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = "Enter the board's name."
        self.fields["quorum"].error_messages.update(
            {
                "required": "Enter how many voting members make the meeting quorate.",
                "invalid": "Enter a whole number, such as 3.",
            }
        )
        self.fields["quorum"].min_value = 1  # type: ignore[attr-defined]
        self.fields["quorum"].widget.attrs.update(
            {"class": "govuk-input--width-3", "inputmode": "numeric", "min": 1}
        )
        for name in ("terms_agreed_on", "terms_review_due_on"):
            self.fields[name].error_messages["invalid"] = _INVALID_DATE
        self.fields["protective_marking"].error_messages["required"] = (
            "Enter the protective marking, for example OFFICIAL."
        )

    def clean_quorum(self):
        quorum = self.cleaned_data["quorum"]
        if quorum < 1:
            raise forms.ValidationError("The quorum must be at least 1.")
        return quorum

    def clean(self):
        data = super().clean()
        agreed, review = data.get("terms_agreed_on"), data.get("terms_review_due_on")
        if agreed and review and review <= agreed:
            self.add_error(
                "terms_review_due_on", "The review must be due after the date the terms were agreed."
            )
        return data


class MembershipForm(CrispyFormMixin, VersionedFormMixin, forms.ModelForm):
    submit_label = "Add to the board"

    person = PersonChoice(
        queryset=None,
        label="Person",
        help_text="From the people directory. Someone not listed must be added to the directory first.",
        error_messages={"required": "Choose the person from the people directory."},
    )

    class Meta:
        model = Membership
        fields = ["person", "role", "represents", "started_on", "ended_on"]
        widgets = {"started_on": _DATE, "ended_on": _DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people()  # type: ignore[attr-defined]
        self.fields["role"].error_messages["required"] = "Choose the person's role on the board."
        self.fields["started_on"].error_messages.update(
            {"required": "Enter the date they joined the board.", "invalid": _INVALID_DATE}
        )
        self.fields["ended_on"].error_messages["invalid"] = _INVALID_DATE

    def clean(self):
        data = super().clean()
        started, ended = data.get("started_on"), data.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", "The end date must be on or after the date they joined.")
        return data


class MembershipEndForm(CrispyFormMixin, VersionedFormMixin, forms.ModelForm):
    submit_label = "End membership"

    class Meta:
        model = Membership
        fields = ["ended_on"]
        widgets = {"ended_on": _DATE}
        labels = {"ended_on": "Last day on the board"}
        help_texts = {"ended_on": "For example 19/05/2027."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].required = True
        self.fields["ended_on"].error_messages.update(
            {"required": "Enter their last day on the board.", "invalid": _INVALID_DATE}
        )

    def clean_ended_on(self):
        ended = self.cleaned_data["ended_on"]
        if ended < self.instance.started_on:
            raise forms.ValidationError(
                f"The last day must be on or after the day they joined ({self.instance.started_on:%d/%m/%Y})."
            )
        return ended
