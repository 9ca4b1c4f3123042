"""Forms for the indicator catalogue and a year's targets (officers)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.utils import ErrorDict

from cpboard.core.forms import CrispyFormMixin
from cpboard.core.locking import VersionedFormMixin
from performance import dfe
from performance.models import Indicator, OutcomeArea

# What Indicator.clean() says when a proportion lacks labels or is not a percentage. IndicatorForm.clean()
# says it next to the field concerned instead, so the model's general copy is dropped (see _post_clean).
_MODEL_PROPORTION_MESSAGES = {
    "Say what the numerator and denominator count, for an indicator entered as a proportion.",
    "An indicator entered as numerator and denominator must be a percentage.",
}


def dfe_measure_choices(current: str = "") -> list[tuple[str, str]]:
    choices = [("", "None: no published DfE comparator")]
    choices += [(key, measure.title) for key, measure in dfe.MEASURES.items()]
    if current and current not in dfe.MEASURES:
        choices.append((current, f"{current} (not a measure the DfE loader knows)"))
    return choices


class IndicatorForm(CrispyFormMixin, VersionedFormMixin, forms.ModelForm):
    submit_label = "Save indicator"
    _errors: ErrorDict  # BaseForm's private error store, which _post_clean edits; not in django-stubs

    questions = forms.CharField(
        label="Questions to ask",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Questions board members could ask about this figure. Put each question on its own line.",
    )
    dfe_measure = forms.ChoiceField(
        label="DfE measure",
        required=False,
        help_text="The published DfE statistic that gives England, regional and statistical-neighbour figures.",
    )

    class Meta:
        model = Indicator
        fields = [
            "code",
            "title",
            "definition",
            "outcome_area",
            "unit",
            "polarity",
            "tolerance",
            "frequency",
            "cohort",
            "source",
            "is_proportion",
            "numerator_label",
            "denominator_label",
            "questions",
            "dfe_measure",
            "is_active",
            "order",
        ]
        labels = {
            "code": "Code",
            "title": "Title",
            "definition": "Plain-English definition",
            "outcome_area": "Outcome area",
            "numerator_label": "What the numerator counts",
            "denominator_label": "What the denominator counts",
            "order": "Position within its outcome area",
        }
        help_texts = {
            "title": "What board members will see, for example “Annual health assessment”.",
            "polarity": "Whether a higher or lower figure is better. Context measures are not rated.",
            "tolerance": (
                "How far short of the target (in the indicator's unit) a figure can be and still be amber "
                "rather than red. For example, 3 for a percentage means 3 percentage points."
            ),
            "numerator_label": "Needed if the figure is entered as numerator and denominator.",
            "denominator_label": "Needed if the figure is entered as numerator and denominator.",
            "order": "Lower numbers come first.",
        }
        error_messages = {
            "code": {
                "required": "Enter a short code for the indicator, for example HEALTH-ASSESS.",
                "invalid": "Use only letters, numbers, hyphens and underscores in the code, with no spaces.",
                "unique": "Another indicator already uses this code. Choose a different one.",
            },
            "title": {"required": "Enter the indicator's title."},
            "definition": {"required": "Say in plain English what the indicator measures."},
            "outcome_area": {"required": "Choose the outcome area the indicator belongs to."},
            "unit": {"required": "Choose the unit the figure is given in."},
            "polarity": {"required": "Say whether a higher or lower figure is better."},
            "cohort": {"required": "Say exactly which children are counted."},
            "frequency": {"required": "Say how often the figure is reported."},
            "source": {"required": "Say where the figure comes from, for example SSDA903 return."},
            "tolerance": {
                "required": "Enter the amber tolerance, or 0 if anything short of target is red.",
                "invalid": "Enter the amber tolerance as a number, for example 2 or 2.5.",
            },
            "order": {"invalid": "Enter the position as a whole number, for example 3."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome_area"].queryset = OutcomeArea.objects.all()
        self.fields["outcome_area"].empty_label = None
        self.fields["dfe_measure"].choices = dfe_measure_choices(self.instance.dfe_measure)
        if self.instance.pk:
            # Figures and links are keyed on the code, so it is fixed once the indicator exists.
            self.fields["code"].disabled = True
            self.fields["code"].help_text = "The code cannot be changed once the indicator exists."
        else:
            self.fields[
                "code"
            ].help_text = "A short, stable reference such as HEALTH-ASSESS. It cannot be changed later."
            self.fields["order"].required = False

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        return code if self.instance.pk else code.strip().upper()

    def clean_questions(self) -> str:
        lines = [line.strip() for line in self.cleaned_data.get("questions", "").splitlines()]
        return "\n".join(line for line in lines if line)

    def clean_order(self) -> int:
        order = self.cleaned_data.get("order")
        return 0 if order is None else order

    def clean_tolerance(self) -> Decimal:
        tolerance = self.cleaned_data["tolerance"]
        if tolerance is not None and tolerance < 0:
            raise forms.ValidationError("Enter an amber tolerance of 0 or more.")
        return tolerance

    def clean(self) -> dict:
        data = cast(dict[str, Any], super().clean())  # ModelForm.clean returns cleaned_data, never None
        if data.get("is_proportion"):
            if not (data.get("numerator_label") or "").strip():
                self.add_error(
                    "numerator_label",
                    "Say what the numerator counts, for example “Children whose health assessment is up to "
                    "date”, or untick “entered as numerator and denominator”.",
                )
            if not (data.get("denominator_label") or "").strip():
                self.add_error(
                    "denominator_label",
                    "Say what the denominator counts, for example “Children in care for 12 months or more”, "
                    "or untick “entered as numerator and denominator”.",
                )
            if data.get("unit") and data["unit"] != Indicator.Unit.PERCENT:
                self.add_error(
                    "unit",
                    "An indicator entered as numerator and denominator is worked out as a percentage: choose "
                    "Percentage, or untick “entered as numerator and denominator”.",
                )
        return data

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]  # BaseModelForm._post_clean is private: not in django-stubs
        # The model repeats, in general terms, what clean() already said next to the fields.
        for name in (NON_FIELD_ERRORS, "unit"):
            if name not in self._errors:
                continue
            kept = [
                e for e in self._errors[name].as_data() if not set(e.messages) & _MODEL_PROPORTION_MESSAGES
            ]
            if kept:
                self._errors[name] = self.error_class(
                    kept, error_class="nonfield" if name == NON_FIELD_ERRORS else None, renderer=self.renderer
                )
            else:
                del self._errors[name]
