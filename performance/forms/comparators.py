"""A year's comparators for one indicator, entered by hand."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from cpboard.core.forms import CrispyFormMixin

# What Indicator.clean() says when a proportion lacks labels or is not a percentage. IndicatorForm.clean()
# says it next to the field concerned instead, so the model's general copy is dropped (see _post_clean).
from performance.models import Comparator, Indicator
from performance.reporting.presentation import plain_number


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
        from performance.services.comparators import ComparatorEntry

        return [
            ComparatorEntry(
                area, self.cleaned_data.get(f"value_{area}"), self.cleaned_data.get(f"version_{area}") or 0
            )
            for area in Comparator.Area.values
        ]
