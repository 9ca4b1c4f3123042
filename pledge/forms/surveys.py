"""Officers' forms for building a survey: its dates, its questions, each band's welcome and translations."""

from __future__ import annotations

from django import forms
from django.utils.text import slugify

from cpboard.core.forms import CrispyFormMixin
from cpboard.core.locking import VersionedFormMixin
from pledge.models import AgeBand, Question, Survey, SurveyVersion, Translation
from pledge.services import codes

DATE_HINT = "For example, 01/11/2026."
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _date_field(label: str, help_text: str, *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=f"{help_text} {DATE_HINT}",
        error_messages={"invalid": f"Enter the {label.lower()} as a date, like 01/11/2026."},
        widget=forms.DateInput(format="%d/%m/%Y"),
    )


def _check_dates(form: forms.Form, cleaned: dict) -> None:
    opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
    if opens and closes and closes < opens:
        form.add_error("closes_on", "The closing date must be on or after the opening date.")


class SurveyCreateForm(CrispyFormMixin, forms.Form):
    submit_label = "Make the survey"

    title = forms.CharField(
        max_length=150,
        help_text='Children see this at the top of every page, for example "Pledge survey 2026".',
        error_messages={"required": "Enter a title for the survey."},
    )
    year = forms.IntegerField(
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text="The year the survey runs. Next year's survey with the same question keys is compared with it.",
        error_messages={
            "required": "Enter the year the survey runs, like 2026.",
            "invalid": "Enter the year as four digits, like 2026.",
            "min_value": f"Enter a year from {FIRST_YEAR} to {LAST_YEAR}.",
            "max_value": f"Enter a year from {FIRST_YEAR} to {LAST_YEAR}.",
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )
    opens_on = _date_field("Opening date", "The first day children can answer.")
    closes_on = _date_field("Closing date", "The last day answers are accepted.")

    def clean_year(self):
        year = self.cleaned_data["year"]
        if Survey.objects.filter(year=year).exists():
            raise forms.ValidationError(
                f"There is already a survey for {year}. Open it from the list instead."
            )
        return year

    def clean(self):
        cleaned = super().clean()
        _check_dates(self, cleaned)
        return cleaned


class SurveyForm(VersionedFormMixin, CrispyFormMixin, forms.ModelForm):
    submit_label = "Save survey"

    opens_on = _date_field("Opening date", "The first day children can answer.")
    closes_on = _date_field("Closing date", "The last day answers are accepted.")

    class Meta:
        model = Survey
        fields = ["title", "opens_on", "closes_on", "is_ready"]
        labels = {"is_ready": "The survey is checked and ready for children"}
        help_texts = {
            "is_ready": "Children can answer only when this is ticked, between the opening and closing dates."
        }
        error_messages = {"title": {"required": "Enter a title for the survey."}}

    def clean(self):
        cleaned = super().clean()
        _check_dates(self, cleaned)
        if cleaned.get("is_ready"):
            for name in ("opens_on", "closes_on"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, "Enter this date before marking the survey ready.")
        return cleaned


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class QuestionForm(VersionedFormMixin, CrispyFormMixin, forms.ModelForm):
    submit_label = "Save question"

    choices_text = forms.CharField(
        label="Answers to choose from",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text='For "choose one" questions only: one answer on each line, at least two.',
    )
    age_bands = forms.MultipleChoiceField(
        label="Which age bands are asked this question",
        choices=AgeBand.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one age band to ask this question."},
    )

    class Meta:
        model = Question
        fields = ["text", "hint", "kind", "show_faces", "age_bands", "is_core", "is_closing", "key", "order"]
        labels = {
            "text": "Question",
            "hint": "Hint",
            "kind": "Type of answer",
            "show_faces": "Show faces beside the scale's words",
            "is_core": "Core question",
            "is_closing": 'This is the closing "anything else?" question',
            "key": "Question key",
            "order": "Position",
        }
        help_texts = {
            "text": "What the child reads as the page's heading. Keep it short and in everyday words.",
            "hint": "A few words of help shown under the question.",
            "show_faces": "Only for the five-point scale. Each face also has words for screen readers.",
            "is_core": "Asked in every age band, so the bands' answers can be compared. Tick every band below.",
            "is_closing": "Asked last, after every other question. Usually free text.",
            "key": "Letters, numbers and dashes. The same key in next year's survey means the answers compare.",
            "order": "Questions are asked from the lowest number to the highest.",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "text": forms.TextInput(attrs={"class": "govuk-!-width-full"}),
            "hint": forms.TextInput(attrs={"class": "govuk-!-width-full"}),
            "order": forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
        }
        error_messages = {
            "text": {"required": "Enter the question.", "max_length": "Keep the question to 300 characters."},
            "key": {"invalid": "Use only letters, numbers and dashes in the key."},
        }

    field_order = [
        "text",
        "hint",
        "kind",
        "choices_text",
        "show_faces",
        "age_bands",
        "is_core",
        "is_closing",
        "key",
        "order",
    ]

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.fields["key"].required = False
        self.fields["key"].help_text += " Left empty, one is made from the question."
        self.fields["order"].required = False
        if self.instance.pk:
            self.fields["choices_text"].initial = "\n".join(self.instance.choices)

    def clean(self):
        cleaned = super().clean()
        kind, choices = cleaned.get("kind"), _lines(cleaned.get("choices_text", ""))
        if kind == Question.Kind.CHOOSE_ONE and len(choices) < 2:
            self.add_error("choices_text", "Give at least two answers to choose from, one on each line.")
        if any(len(choice) > 120 for choice in choices):
            self.add_error("choices_text", "Keep each answer to 120 characters.")
        cleaned["choices"] = choices if kind == Question.Kind.CHOOSE_ONE else []
        if cleaned.get("is_core") and set(cleaned.get("age_bands") or []) != set(AgeBand.values):
            self.add_error("age_bands", "A core question is asked in every age band: tick all four bands.")
        if cleaned.get("show_faces") and kind != Question.Kind.SCALE:
            self.add_error(
                "show_faces", "Faces go with the five-point scale only. Untick this, or choose the scale."
            )
        key = cleaned.get("key") or slugify(cleaned.get("text", ""))[:60].strip("-")
        if key and Question.objects.filter(survey=self.survey, key=key).exclude(pk=self.instance.pk).exists():
            self.add_error(
                "key" if cleaned.get("key") else "text",
                "Another question in this survey already has this key. Choose a different key.",
            )
        cleaned["key"] = key
        return cleaned

    def _post_clean(self):
        self.instance.choices = self.cleaned_data.get("choices", [])
        self.instance.survey = self.survey
        if self.cleaned_data.get("order") is None:
            last = self.survey.questions.order_by("-order").values_list("order", flat=True).first() or 0
            self.cleaned_data["order"] = last + 10
        super()._post_clean()

    @property
    def changed_data(self):
        names = list(super().changed_data)
        if "choices_text" in names:
            names.append("choices")
        return names


class WelcomeForm(VersionedFormMixin, CrispyFormMixin, forms.ModelForm):
    submit_label = "Save welcome"

    class Meta:
        model = SurveyVersion
        fields = ["welcome"]
        labels = {"welcome": "Welcome"}
        help_texts = {"welcome": "A few short sentences on the first page, before the questions."}
        widgets = {"welcome": forms.Textarea(attrs={"rows": 4})}


class TranslationForm(VersionedFormMixin, CrispyFormMixin, forms.ModelForm):
    submit_label = "Save translation"

    choices_text = forms.CharField(
        label="Answers to choose from",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One on each line, in the same order as the English.",
    )

    class Meta:
        model = Translation
        fields = ["text", "hint"]
        labels = {"text": "Translation", "hint": "Hint (optional)"}
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "hint": forms.TextInput()}
        error_messages = {"text": {"required": "Enter the translation."}}

    def __init__(self, *args, english_choices: list[str], welcome: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.english_choices = english_choices
        if welcome:
            del self.fields["hint"]
        if not english_choices:
            del self.fields["choices_text"]
        elif self.instance.pk:
            self.fields["choices_text"].initial = "\n".join(self.instance.choices)
        for field in self.fields.values():
            field.widget.attrs.setdefault("dir", "auto")

    def clean(self):
        cleaned = super().clean()
        if self.english_choices:
            choices = _lines(cleaned.get("choices_text", ""))
            if len(choices) != len(self.english_choices):
                self.add_error(
                    "choices_text",
                    f"Give {len(self.english_choices)} answers, one on each line, in the same order as the English.",
                )
            self.instance.choices = choices
        return cleaned


class CodeBatchForm(CrispyFormMixin, forms.Form):
    submit_label = "Make the codes"

    label = forms.CharField(
        label="Who the codes are for",
        max_length=100,
        help_text='Printed on each slip, for example "Oak House" or "Participation day, July".',
        error_messages={"required": "Say who the codes are for, so you can tell batches apart."},
    )
    age_band = forms.ChoiceField(
        label="Age band",
        choices=[("", "Let each child choose")] + list(AgeBand.choices),
        required=False,
        widget=forms.RadioSelect,
        help_text="If every child given these codes is in one age band, choose it; otherwise children choose.",
    )
    count = forms.IntegerField(
        label="How many codes",
        min_value=1,
        max_value=codes.MAX_BATCH,
        help_text=f"Up to {codes.MAX_BATCH}. Each printed page holds 8 to 10 slips.",
        error_messages={
            "required": "Enter how many codes to make.",
            "invalid": "Enter how many codes as a whole number, like 30.",
            "min_value": "Make at least 1 code.",
            "max_value": f"Make at most {codes.MAX_BATCH} codes at a time.",
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )


class VoidForm(forms.Form):
    reason = forms.CharField(
        label="Why cancel this code",
        max_length=200,
        error_messages={
            "required": 'Say why the code is being cancelled, for example "slip lost".',
            "max_length": "Keep the reason to 200 characters.",
        },
    )
