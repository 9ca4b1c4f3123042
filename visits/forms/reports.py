"""The visit report, and the actions arising from it."""

from __future__ import annotations

from crispy_forms.layout import Layout, Submit
from django import forms
from django.utils import timezone
from django.utils.html import format_html

from cpboard.core.forms import CrispyFormMixin, PlainFieldset
from cpboard.core.locking import VersionedFormMixin
from visits.models import Action, Visit
from visits.services.reports import submission_problems

DATE_HINT = "For example, 14/03/2026."
NO_NAMES = "Do not write any child's name, date of birth, school or address: describe, don't identify."


class ReportForm(CrispyFormMixin, VersionedFormMixin, forms.ModelForm):
    submit_label = "Save as draft"

    themes = forms.MultipleChoiceField(
        label="Themes of this visit",
        required=False,
        choices=Visit.Theme.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="The board's six-monthly summary counts these across homes.",
    )
    privacy_reason = forms.CharField(
        label="The check found details that may identify someone. Why should they stay?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only needed if you keep the highlighted words. Better: change them to a description.",
    )
    amendment_reason = forms.CharField(
        label="Why are you changing a submitted report?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required once a report has been submitted. The report's history keeps it.",
    )

    class Meta:
        model = Visit
        fields = [
            "visited_on",
            "arrived_at",
            "left_at",
            "accompanied_by",
            "children_spoken_to",
            "children_spoken_how",
            "children_consented",
            "parents_spoken_to",
            "staff_spoken_to",
            "premises",
            "records_complaints",
            "records_incidents",
            "records_restraint",
            "records_missing",
            "records_allegations",
            "records_sanctions",
            "records_notes",
            "children_said",
            "staff_said",
            "safeguarded",
            "wellbeing",
            "opinion_notes",
            "strengths",
            "concerns",
            "recommendations",
            "themes",
            "privacy_reason",
            "amendment_reason",
        ]
        widgets = {
            "safeguarded": forms.RadioSelect,
            "wellbeing": forms.RadioSelect,
            "children_spoken_how": forms.RadioSelect,
            **{
                name: forms.Textarea(attrs={"rows": 4})
                for name in (
                    "premises",
                    "records_notes",
                    "children_said",
                    "staff_said",
                    "opinion_notes",
                    "strengths",
                    "concerns",
                    "recommendations",
                )
            },
        }

    def __init__(self, *args, flagged: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.add_input(Submit("submit_report", "Submit report", css_class="govuk-button--secondary"))
        self.fields["themes"].initial = self.instance.themes
        self.fields["amendment_reason"].initial = ""
        self.fields["visited_on"].help_text = DATE_HINT
        self.fields["visited_on"].error_messages["invalid"] = f"Enter a real date. {DATE_HINT}"
        for name in ("arrived_at", "left_at"):
            self.fields[name].help_text = "For example, 16:30."
            self.fields[name].error_messages["invalid"] = "Enter a time on the 24-hour clock, like 16:30."
        self.fields["safeguarded"].choices = list(Visit.Opinion.choices)  # type: ignore[attr-defined]
        self.fields["wellbeing"].choices = list(Visit.Opinion.choices)  # type: ignore[attr-defined]
        self.fields["children_spoken_how"].choices = self.fields["children_spoken_how"].choices[1:]  # type: ignore[attr-defined]
        for name in ("children_said", "staff_said", "strengths", "concerns", "recommendations"):
            self.fields[name].help_text = NO_NAMES
        self.fields[
            "children_spoken_to"
        ].help_text = "A number. Only with their agreement; never their names."
        self.fields["children_spoken_to"].error_messages["invalid"] = "Enter a whole number, like 3."
        self.fields["parents_spoken_to"].error_messages["invalid"] = "Enter a whole number, like 0."
        if not flagged:
            self.fields["privacy_reason"].widget = forms.HiddenInput()
        if not self.instance.has_report:
            self.fields["amendment_reason"].widget = forms.HiddenInput()
        self.helper.layout = Layout(
            PlainFieldset("The visit", "visited_on", "arrived_at", "left_at", "accompanied_by"),
            PlainFieldset(
                "Whom you spoke to (numbers and roles, never names)",
                "children_spoken_to",
                "children_spoken_how",
                "children_consented",
                "parents_spoken_to",
                "staff_spoken_to",
            ),
            PlainFieldset("Premises", "premises"),
            PlainFieldset(
                "Records checked",
                "records_complaints",
                "records_incidents",
                "records_restraint",
                "records_missing",
                "records_allegations",
                "records_sanctions",
                "records_notes",
            ),
            PlainFieldset("What people said", "children_said", "staff_said"),
            PlainFieldset(
                format_html('Your opinion <span class="govuk-caption-m">{}</span>', "needed to submit"),
                "safeguarded",
                "wellbeing",
                "opinion_notes",
            ),
            PlainFieldset("Findings", "strengths", "concerns", "recommendations", "themes"),
            "privacy_reason",
            "amendment_reason",
            "version",
        )

    @property
    def submitting(self) -> bool:
        return "submit_report" in self.data

    def clean_visited_on(self):
        day = self.cleaned_data.get("visited_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(
                f"The visit date {day:%d/%m/%Y} is in the future. Write the report after the visit."
            )
        if day and day < self.instance.period_start.replace(day=1).replace(
            year=self.instance.period_start.year - 1
        ):
            raise forms.ValidationError(
                "That date is more than a year before the visit was due. Check the year."
            )
        return day

    def clean(self):
        data = super().clean()
        if data.get("children_spoken_to") and not data.get("children_consented"):
            self.add_error(
                "children_consented",
                "Children talk to visitors only if they agree. Tick this to confirm they did, or record 0.",
            )
        arrived, left = data.get("arrived_at"), data.get("left_at")
        if arrived and left and left <= arrived:
            self.add_error("left_at", "The time you left must be after the time you arrived.")
        if self.instance.has_report and not (data.get("amendment_reason") or "").strip():
            self.add_error("amendment_reason", "Say why you are changing a report that has been submitted.")
        if self.submitting and not self.instance.has_report:
            trial = Visit(**{k: data.get(k) for k in ("visited_on", "safeguarded", "wellbeing")})
            for name, message in submission_problems(trial).items():
                if name not in self.errors:
                    self.add_error(name, message)
        return data

    def save(self, commit=True):
        visit = super().save(commit=False)
        visit.themes = list(self.cleaned_data.get("themes") or [])
        return visit


class ActionForm(CrispyFormMixin, VersionedFormMixin, forms.ModelForm):
    submit_label = "Save action"

    class Meta:
        model = Action
        fields = ["what", "owner", "due_on", "status"]
        widgets = {"what": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["what"].help_text = NO_NAMES
        self.fields["what"].error_messages["required"] = "Say what needs to happen."
        self.fields["owner"].error_messages["required"] = (
            "Enter who will do it, for example the registered manager."
        )
        self.fields["due_on"].help_text = DATE_HINT
        self.fields["due_on"].error_messages.update(
            required=f"Enter the date it must be done by. {DATE_HINT}",
            invalid=f"Enter a real date. {DATE_HINT}",
        )
        if not self.instance.pk:
            del self.fields["status"]


class ResponseForm(CrispyFormMixin, VersionedFormMixin, forms.ModelForm):
    submit_label = "Send the home's response"

    class Meta:
        model = Action
        fields = ["manager_response", "status"]
        widgets = {"manager_response": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager_response"].required = True
        self.fields["manager_response"].help_text = "What the home has done or will do. " + NO_NAMES
        self.fields["manager_response"].error_messages["required"] = "Write the home's response."


class UpdateForm(CrispyFormMixin, forms.Form):
    submit_label = "Add update"

    text = forms.CharField(
        label="Progress update",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Dated today. " + NO_NAMES,
        error_messages={"required": "Write what has happened since the last update."},
    )


class PlanLinkForm(CrispyFormMixin, forms.Form):
    submit_label = "Raise to the action plan"

    plan_id = forms.IntegerField(
        label="Action plan item number",
        min_value=1,
        help_text="The number of the item in the board's action plan this action feeds.",
        error_messages={
            "required": "Enter the action plan item's number.",
            "invalid": "Enter a whole number.",
        },
    )
