"""Forms for the indicator catalogue and a year's targets (officers)."""

from __future__ import annotations

from decimal import Decimal

from crispy_forms.layout import Layout
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from cpboard.core.forms import CrispyFormMixin, PlainFieldset
from cpboard.core.locking import VersionedFormMixin
from performance import dfe
from performance.models import Comparator, Indicator, OutcomeArea, Period, Target

# What Indicator.clean() says when a proportion lacks labels or is not a percentage. IndicatorForm.clean()
# says it next to the field concerned instead, so the model's general copy is dropped (see _post_clean).
_MODEL_PROPORTION_MESSAGES = {
    "Say what the numerator and denominator count, for an indicator entered as a proportion.",
    "An indicator entered as numerator and denominator must be a percentage.",
}


def plain_number(value: Decimal) -> str:
    """12.50 -> "12.5", 10.00 -> "10" (never "1E+1")."""
    return f"{value.normalize():f}"


def dfe_measure_choices(current: str = "") -> list[tuple[str, str]]:
    choices = [("", "None: no published DfE comparator")]
    choices += [(key, measure.title) for key, measure in dfe.MEASURES.items()]
    if current and current not in dfe.MEASURES:
        choices.append((current, f"{current} (not a measure the DfE loader knows)"))
    return choices


class IndicatorForm(CrispyFormMixin, VersionedFormMixin, forms.ModelForm):
    submit_label = "Save indicator"

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
        data = super().clean()
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
        super()._post_clean()
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


class TargetYearForm(CrispyFormMixin, forms.Form):
    """One target per rated indicator for a year, grouped by outcome area, with the version of each existing
    target carried in a hidden field so a save never overwrites someone else's change unseen."""

    submit_label = "Save targets"

    def __init__(self, *args, year: int, indicators: list[Indicator], targets: dict[int, Target], **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        self.indicators = indicators
        groups: dict[OutcomeArea, list[str]] = {}
        for indicator in indicators:
            target = targets.get(indicator.pk)
            name = self.target_field_name(indicator)
            title = indicator.title.replace("%", "%%")
            self.fields[name] = forms.DecimalField(
                label=indicator.title,
                required=False,
                max_digits=12,
                decimal_places=2,
                min_value=0,
                max_value=100 if indicator.unit == Indicator.Unit.PERCENT else None,
                initial=plain_number(target.value) if target else None,
                help_text=self.hint(indicator, year),
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
                error_messages={  # Django %-formats these (with %(limit_value)s etc.), so % is doubled
                    "invalid": f"Enter the target for {title} as a number, for example 85 or 12.5.",
                    "max_value": f"Enter a target for {title} of 100%% or less.",
                    "min_value": f"Enter a target for {title} of 0 or more.",
                    "max_decimal_places": f"Give the target for {title} to at most 2 decimal places.",
                    "max_digits": f"Enter a smaller target for {title}.",
                    "max_whole_digits": f"Enter a smaller target for {title}.",
                },
            )
            self.fields[self.version_field_name(indicator)] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, initial=target.version if target else 0
            )
            groups.setdefault(indicator.outcome_area, []).append(name)
        version_names = [self.version_field_name(i) for i in indicators]
        self.helper.layout = Layout(
            *[PlainFieldset(area.name, *names) for area, names in groups.items()],
            *version_names,
        )

    @staticmethod
    def target_field_name(indicator: Indicator) -> str:
        return f"target_{indicator.code}"

    @staticmethod
    def version_field_name(indicator: Indicator) -> str:
        return f"version_{indicator.code}"

    @staticmethod
    def hint(indicator: Indicator, year: int) -> str:
        unit = {
            Indicator.Unit.PERCENT: "A percentage, for example 85 for 85%",
            Indicator.Unit.RATE_PER_10K: "A rate per 10,000 children",
            Indicator.Unit.COUNT: "A number of children or events",
            Indicator.Unit.DAYS: "A number of days",
            Indicator.Unit.SCORE: "A score",
            Indicator.Unit.RATIO: "A ratio",
        }.get(indicator.unit, indicator.get_unit_display())
        better = "higher is better" if indicator.polarity == Indicator.Polarity.HIGHER else "lower is better"
        hint = f"{unit}; {better}. Amber if short of the target by up to {plain_number(indicator.tolerance)}."
        if indicator.annual_kind == Period.Kind.ACADEMIC_YEAR:
            hint += (
                f" Reported by school year: this target is for the {year}/{(year + 1) % 100:02d} academic year "
                f"(September {year} to August {year + 1})."
            )
        return hint

    def entries(self) -> list[tuple[Indicator, Decimal | None, int]]:
        """(indicator, target or None, version the person started from), after is_valid()."""
        return [
            (
                indicator,
                self.cleaned_data.get(self.target_field_name(indicator)),
                self.cleaned_data.get(self.version_field_name(indicator)) or 0,
            )
            for indicator in self.indicators
        ]


class ComparatorYearForm(CrispyFormMixin, forms.Form):
    """England, statistical neighbours' median and region for one indicator in one year."""

    submit_label = "Save comparators"

    def __init__(self, *args, indicator: Indicator, comparators: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        unit = indicator.get_unit_display().lower()
        for area, label in Comparator.Area.choices:
            current = comparators.get(area)
            self.fields[f"value_{area}"] = forms.DecimalField(
                label=label,
                required=False,
                max_digits=12,
                decimal_places=2,
                min_value=Decimal(0),
                max_value=Decimal(100) if indicator.unit == Indicator.Unit.PERCENT else None,
                initial=plain_number(current.value) if current and current.value is not None else None,
                help_text=f"In the indicator's unit ({unit}). Leave blank if there is no figure."
                + (f" Now: {current.get_source_display().lower()}." if current else ""),
                error_messages={
                    "invalid": f"Enter the {label} figure as a number, like 12.5.",
                    "min_value": f"The {label} figure cannot be less than 0.",
                    "max_value": f"The {label} figure is a percentage, so it cannot be more than 100.",
                    "max_decimal_places": f"Give the {label} figure to at most 2 decimal places.",
                },
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
            )
            self.fields[f"version_{area}"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, initial=current.version if current else 0
            )

    def entries(self):
        from performance.services_comparators import ComparatorEntry

        return [
            ComparatorEntry(
                area, self.cleaned_data.get(f"value_{area}"), self.cleaned_data.get(f"version_{area}") or 0
            )
            for area in Comparator.Area.values
        ]
