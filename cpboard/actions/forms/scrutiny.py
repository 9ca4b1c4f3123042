"""Forms for scrutiny reviews, recommendations (with the objectives and actions that answer them) and
progress commentary."""

from __future__ import annotations

from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone

from cpboard.actions.models import Action, Objective, Recommendation, Review
from cpboard.core.forms import CrispyFormMixin
from cpboard.core.locking import VersionedFormMixin

DATE_HINT = "For example, 20/04/2026."


def _dates(form: forms.Form, **labels: str) -> None:
    for name, what in labels.items():
        field = form.fields[name]
        field.help_text = (field.help_text + " " if field.help_text else "") + DATE_HINT
        field.error_messages.update(
            required=f"Enter {what}. {DATE_HINT}", invalid=f"Enter a real date. {DATE_HINT}"
        )


class ReviewForm(CrispyFormMixin, VersionedFormMixin, forms.ModelForm):
    submit_label = "Save review"

    class Meta:
        model = Review
        fields = ["title", "committee", "reported_on", "reference"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = "Enter the review's title."
        self.fields["committee"].error_messages["required"] = (
            "Enter the committee or panel that made the review."
        )
        _dates(self, reported_on="the date of the report")

    def clean_reported_on(self):
        day = self.cleaned_data.get("reported_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError("The report cannot be dated in the future. Use its actual date.")
        return day


class ObjectiveChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Objective) -> str:  # type: ignore[override]
        return f"{obj.theme.name}: {obj}"


class RecommendationForm(CrispyFormMixin, VersionedFormMixin, forms.ModelForm):
    submit_label = "Save recommendation"

    linked_objectives = ObjectiveChoices(
        queryset=Objective.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Objectives that answer it",
    )
    linked_actions = forms.ModelMultipleChoiceField(
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Actions that answer it directly",
        help_text="Only if the action answers it without its whole objective doing so.",
    )

    class Meta:
        model = Recommendation
        fields = [
            "number",
            "also_numbered",
            "position",
            "text",
            "addressee",
            "response",
            "response_on",
            "revisit_on",
            "status",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 4}), "response": forms.RadioSelect}

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.helper.add_input(
                Submit("another", "Save and add another", css_class="govuk-button--secondary")
            )
        self.review = review
        self.instance.review = review
        self.fields["linked_objectives"].queryset = Objective.objects.select_related("theme")  # type: ignore[attr-defined]
        self.fields["linked_actions"].queryset = Action.objects.select_related("objective")  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["linked_objectives"].initial = list(
                self.instance.objectives.values_list("pk", flat=True)
            )
            from cpboard.actions import sources

            content_type = sources.content_type_for("recommendation")
            self.fields["linked_actions"].initial = list(
                Action.objects.filter(
                    sources__source_type=content_type, sources__source_id=self.instance.pk
                ).values_list("pk", flat=True)
            )
        self.fields["number"].widget.attrs["class"] = "govuk-input--width-4"
        self.fields["number"].error_messages["required"] = "Enter the recommendation's number, for example 7."
        self.fields["text"].error_messages["required"] = "Write the recommendation."
        self.fields["position"].widget.attrs.update({"class": "govuk-input--width-4", "inputmode": "numeric"})
        self.fields["position"].error_messages["invalid"] = "Enter a whole number, such as 3."
        _dates(self, response_on="the date of the response", revisit_on="the revisit date")

    def validate_unique(self):
        super().validate_unique()
        number = self.cleaned_data.get("number")
        clash = Recommendation.objects.filter(review=self.review, number=number).exclude(pk=self.instance.pk)
        if number and clash.exists():
            self.add_error(
                "number", f"This review already has a recommendation {number}. Give this one another number."
            )

    def clean(self):
        data = super().clean()
        reported = self.review.reported_on
        response, response_on, revisit_on = (
            data.get("response"),
            data.get("response_on"),
            data.get("revisit_on"),
        )
        if revisit_on and revisit_on < reported:
            self.add_error(
                "revisit_on",
                f"The revisit date must be on or after the review's report of {reported:%d/%m/%Y}.",
            )
        if response_on and response_on < reported:
            self.add_error(
                "response_on",
                f"The response cannot come before the review's report of {reported:%d/%m/%Y}.",
            )
        if response_on and response_on > timezone.localdate():
            self.add_error("response_on", "The response cannot be dated in the future.")
        if (
            response
            and response != Recommendation.Response.AWAITED
            and not response_on
            and "response_on" not in self.errors
        ):
            self.add_error("response_on", "Enter the date of the council's response.")
        if response == Recommendation.Response.AWAITED and response_on:
            self.add_error("response", "Choose the response given on that date, or clear the date.")
        return data


class CommentaryForm(CrispyFormMixin, forms.Form):
    submit_label = "Add commentary"

    written_on = forms.DateField(label="Date of the commentary")
    text = forms.CharField(
        label="Commentary on progress", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, recommendation: Recommendation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["written_on"].initial = timezone.localdate().strftime("%d/%m/%Y")
        _dates(self, written_on="the date of the commentary")
        self.helper.form_action = f"{recommendation.get_absolute_url()}commentary/"
