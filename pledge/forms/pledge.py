"""Officers' forms for writing the pledge: the version's title and introduction, promises, commitments."""

from __future__ import annotations

from crispy_forms.layout import Submit
from django import forms

from cpboard.core.forms import CrispyFormMixin
from cpboard.core.locking import VersionedFormMixin
from performance.models import OutcomeArea
from pledge.models import Commitment, PledgeVersion, Principle, Promise
from pledge.services import readability

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]


class ReadingAgeMixin:
    """Which fields children read: their reading age is shown beside the form (never blocking a save)."""

    child_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Shows the reading age of what was typed without saving it (the page works without JavaScript).
        self.helper.add_input(Submit("check", "Check reading age", css_class="govuk-button--secondary"))  # type: ignore[attr-defined]

    def readings(self) -> list[tuple[str, str, readability.Reading]]:
        """(label, field id, reading) for each child-facing field, from what was typed or what is saved."""
        found = []
        for name in self.child_fields:
            field = self[name]  # type: ignore[index]
            text = str(field.value() or "")
            found.append((str(field.label), field.auto_id, readability.check(text)))
        return found


class PledgeVersionForm(ReadingAgeMixin, CrispyFormMixin, VersionedFormMixin, forms.ModelForm):
    submit_label = "Save title and introduction"
    child_fields = ("title", "introduction")
    review_by = forms.DateField(
        label="Review by",
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "govuk-input--width-10"}),
        help_text="When the pledge should next be looked at with the Children in Care Council. "
        "For example, 31/03/2027.",
        error_messages={"invalid": "Enter the review date as day, month and year, for example 31/03/2027."},
    )

    class Meta:
        model = PledgeVersion
        fields = ["title", "introduction", "review_by"]
        labels = {"title": "Title children see", "introduction": "Introduction"}
        help_texts = {
            "title": "For example “Our promise to you”.",
            "introduction": "A few short sentences to children: what the pledge is and who helped write it.",
        }
        error_messages = {"title": {"required": "Enter the title children will see."}}


class PromiseForm(ReadingAgeMixin, CrispyFormMixin, VersionedFormMixin, forms.ModelForm):
    submit_label = "Save promise"
    child_fields = ("child_text",)
    principles = forms.MultipleChoiceField(
        label="Corporate parenting principles this promise serves",
        choices=Principle.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The principles of the Children and Social Work Act 2017, section 1. Tick all that apply.",
    )

    class Meta:
        model = Promise
        fields = ["outcome_area", "child_text", "plain_text", "principles"]
        labels = {
            "outcome_area": "Outcome area",
            "child_text": "The promise, in children's words",
            "plain_text": "The promise for adults, in plain English",
        }
        help_texts = {
            "child_text": "Start with “We promise …”. Short words and short sentences: a child of eight "
            "should be able to read it.",
            "plain_text": "What the council commits to, for board members and partners.",
        }
        error_messages = {
            "child_text": {
                "required": "Enter the promise in children's words.",
                "max_length": "Keep the promise to 300 characters or fewer (it has %(show_value)d).",
            },
            "outcome_area": {"required": "Choose the outcome area the promise belongs to."},
        }
        widgets = {
            "child_text": forms.Textarea(attrs={"rows": 3}),
            "plain_text": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome_area"].queryset = OutcomeArea.objects.all()
        self.fields["outcome_area"].empty_label = "Choose an outcome area"
        if self.instance.pk:
            self.fields["principles"].initial = list(self.instance.principles)


class CommitmentForm(ReadingAgeMixin, CrispyFormMixin, VersionedFormMixin, forms.ModelForm):
    submit_label = "Save commitment"
    child_fields = ("text", "measure")

    class Meta:
        model = Commitment
        fields = ["text", "kind", "measure"]
        labels = {
            "text": "What the promise means",
            "kind": "Is this in law, or our own promise?",
            "measure": "Something that can be checked",
        }
        help_texts = {
            "text": "Children read it after “This means …”, for example “you will have your social worker's "
            "phone number”.",
            "kind": "Say which it is, so children and the board know what the law already gives them.",
            "measure": "For example “we will call you back within 24 hours”. The survey can ask about it.",
        }
        error_messages = {
            "text": {
                "required": "Enter what the promise means.",
                "max_length": "Keep this to 400 characters or fewer (it has %(show_value)d).",
            },
            "measure": {"max_length": "Keep this to 200 characters or fewer (it has %(show_value)d)."},
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "kind": forms.RadioSelect}
