"""Questions members raise, and their answers; decisions and the actions they create."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from cpboard.board.forms.sections import PersonChoice, people
from cpboard.board.models import Decision, Meeting, Question
from cpboard.core.forms import CrispyFormMixin
from cpboard.core.locking import VersionedFormMixin

_DATE = forms.DateInput(format="%d/%m/%Y", attrs={"class": "govuk-input--width-10", "inputmode": "numeric"})
_INVALID_DATE = "Enter the date as day/month/year, for example 05/08/2026."


def _meeting_label(meeting: Meeting) -> str:
    return f"The meeting on {timezone.localtime(meeting.starts_at):%d/%m/%Y}"


class QuestionForm(CrispyFormMixin, VersionedFormMixin, forms.ModelForm):
    submit_label = "Record question"

    asked_by = PersonChoice(queryset=None, required=False, empty_label="Not recorded", label="Asked by")
    to_answer = PersonChoice(
        queryset=None,
        label="Who must answer",
        error_messages={"required": "Choose who must answer the question."},
    )

    class Meta:
        model = Question
        fields = ["item", "text", "asked_by", "to_answer", "answer_by"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asked_by"].queryset = people()  # type: ignore[attr-defined]
        self.fields["to_answer"].queryset = people()  # type: ignore[attr-defined]
        item = self.fields["item"]
        item.queryset = meeting.items.order_by("position")  # type: ignore[attr-defined]
        item.label = "Agenda item"
        item.empty_label = "Not about one item"  # type: ignore[attr-defined]
        self.fields["text"].error_messages["required"] = "Write the question as the member asked it."
        due = self.fields["answer_by"]
        due.queryset = (  # type: ignore[attr-defined]
            Meeting.objects.filter(starts_at__gt=meeting.starts_at)
            .exclude(status=Meeting.Status.CANCELLED)  # a cancelled meeting answers nothing
            .order_by("starts_at")
        )
        due.empty_label = "No meeting set"  # type: ignore[attr-defined]
        due.label_from_instance = _meeting_label  # type: ignore[attr-defined]
        due.help_text = (
            "Until it is answered, the question is listed under matters arising at every later meeting."
        )


class AnswerForm(CrispyFormMixin, VersionedFormMixin, forms.ModelForm):
    submit_label = "Record answer"

    class Meta:
        model = Question
        fields = ["answer", "answered_on", "answered_at"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 5}), "answered_on": _DATE}
        labels = {"answered_on": "Answered on", "answered_at": "Answered at the meeting"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].required = True
        self.fields["answer"].error_messages["required"] = "Write the answer that was given."
        self.fields["answered_on"].required = True
        self.fields["answered_on"].help_text = "For example 05/08/2026."
        self.fields["answered_on"].error_messages.update(
            {"required": "Enter the date it was answered.", "invalid": _INVALID_DATE}
        )
        if not self.initial.get("answered_on"):
            self.initial["answered_on"] = timezone.localdate()
        at = self.fields["answered_at"]
        at.queryset = Meeting.objects.filter(starts_at__gt=self.instance.meeting.starts_at).order_by(
            "starts_at"
        )  # type: ignore[attr-defined]
        at.empty_label = "Answered outside a meeting"  # type: ignore[attr-defined]
        at.label_from_instance = _meeting_label  # type: ignore[attr-defined]

    def clean_answered_on(self):
        day = self.cleaned_data["answered_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                "The answer cannot be dated in the future. Use today's date or earlier."
            )
        if day < timezone.localtime(self.instance.meeting.starts_at).date():
            raise forms.ValidationError(
                "The answer cannot be dated before the meeting that asked the question."
            )
        return day


class DecisionForm(CrispyFormMixin, VersionedFormMixin, forms.ModelForm):
    submit_label = "Record decision"

    class Meta:
        model = Decision
        fields = ["item", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        labels = {"text": "What the board decided"}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        item = self.fields["item"]
        item.queryset = meeting.items.order_by("position")  # type: ignore[attr-defined]
        item.label = "Agenda item"
        item.empty_label = "Not under one item"  # type: ignore[attr-defined]
        self.fields["text"].error_messages["required"] = "Write what the board decided."


class DecisionActionForm(CrispyFormMixin, VersionedFormMixin, forms.Form):
    submit_label = "Add the action to the plan"

    objective: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None,
        label="Objective in the action plan",
        help_text="The action is added under this objective.",
        error_messages={"required": "Choose the objective the action comes under."},
    )
    text = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What will be done.",
        error_messages={"required": "Write the action: what will be done."},
    )
    due_on = forms.DateField(
        label="Due date (optional)",
        required=False,
        help_text="For example 31/03/2027. Leave blank for ongoing work.",
        widget=_DATE,
        error_messages={"invalid": "Enter the date as day/month/year, for example 31/03/2027."},
    )
    owner = PersonChoice(queryset=None, required=False, label="Owner (optional)", empty_label="No owner yet")

    def __init__(self, *args, decision: Decision, **kwargs):
        from cpboard.actions.models import Objective

        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = Objective.objects.select_related("theme")  # type: ignore[attr-defined]
        self.fields["owner"].queryset = people()  # type: ignore[attr-defined]
        self.fields["version"].initial = decision.version
        self.initial.setdefault("text", decision.text)
