"""A year's targets for every rated indicator, on one page."""

from __future__ import annotations

from decimal import Decimal

from crispy_forms.layout import Layout
from django import forms

from cpboard.core.forms import CrispyFormMixin, PlainFieldset

# What Indicator.clean() says when a proportion lacks labels or is not a percentage. IndicatorForm.clean()
# says it next to the field concerned instead, so the model's general copy is dropped (see _post_clean).
from performance.models import Indicator, OutcomeArea, Period, Target
from performance.reporting.presentation import plain_number, unit_words


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
        unit = unit_words(indicator.unit).target_hint
        better = "higher is better" if indicator.polarity == Indicator.Polarity.HIGHER else "lower is better"
        hint = f"{unit}; {better}. Amber if short of the target by up to {plain_number(indicator.tolerance)}."
        if indicator.annual_kind == Period.Kind.ACADEMIC_YEAR:
            hint += (
                f" Reported by school year: this target is for the {Period.label_for(Period.Kind.ACADEMIC_YEAR, year)} "
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
