"""Officers' forms for quarterly figures: the quarter form (every quarterly indicator at once), revising a
signed-off figure, and the two file uploads."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import forms

from cpboard.core.forms import CrispyFormMixin
from cpboard.core.locking import VersionField
from performance.models import Indicator, IndicatorValue
from performance.reporting.presentation import plain_number, unit_words
from performance.services.figures import FigureEntry, figure_problems, figure_text, value_derive
from performance.services.quarters import SEND_BACK_REASON_MAX

PARTS = ("numerator", "denominator", "value")


def number_field(label: str, *, hint: str = "") -> forms.DecimalField:
    shown = label.replace("%", "%%")  # Django %-formats these messages (with %(max)s and friends)
    return forms.DecimalField(
        label=label,
        help_text=hint,
        required=False,
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(
            attrs={
                "inputmode": "decimal",
                "class": "govuk-input--width-5",
                "spellcheck": "false",
                "autocomplete": "off",
            }
        ),
        error_messages={
            "invalid": f"Enter “{shown}” as a number, like 12 or 12.5.",
            "max_digits": f"“{shown}” is too large. Check the number.",
            "max_whole_digits": f"“{shown}” is too large. Check the number.",
            "max_decimal_places": f"Give “{shown}” with no more than 2 decimal places.",
        },
    )


def value_label(indicator: Indicator) -> str:
    return unit_words(indicator.unit).input_label


def add_figure_fields(
    form: forms.Form, indicator: Indicator, *, prefix: str, figure: IndicatorValue | None
) -> list[str]:
    """Add the inputs for one indicator's figure to `form`; returns their names in display order."""
    names = []
    parts: tuple[tuple[str, str], ...]
    if indicator.is_proportion:
        parts = (("numerator", indicator.numerator_label), ("denominator", indicator.denominator_label))
    else:
        parts = (("value", value_label(indicator)),)
    for part, label in parts:
        name = f"{prefix}{part}"
        form.fields[name] = number_field(label)
        if figure is not None:
            form.fields[name].initial = plain_number(getattr(figure, part))
        names.append(name)
    return names


def figure_from(form: forms.Form, indicator: Indicator, *, prefix: str) -> dict[str, Decimal | None]:
    data = getattr(form, "cleaned_data", {})
    return {part: data.get(f"{prefix}{part}") for part in PARTS}


@dataclass
class QuarterRow:
    """One indicator on the quarter form, with what to show beside its inputs."""

    indicator: Indicator
    fields: list[forms.BoundField]
    reason_field: forms.BoundField
    version_field: forms.BoundField
    figure: IndicatorValue | None
    current: str
    previous: str
    last_year: str
    works_out: str


class QuarterForm(forms.Form):
    """All of a quarter's indicators at once, with the commentary. Each figure carries the version it was
    shown at, and the form the return's version, so a stale save is refused rather than overwriting."""

    commentary = forms.CharField(
        label="Commentary for the board",
        help_text="What the board should know about this quarter’s figures: what changed, and why.",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"max_length": "Keep the commentary to 5,000 characters or fewer."},
    )
    version = VersionField()

    def __init__(self, *args, quarter_return, indicators, saved, previous, last_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.quarter_return = quarter_return
        self.indicators = list(indicators)
        self.fields["commentary"].initial = quarter_return.commentary
        self.fields["version"].initial = quarter_return.version
        self._saved, self._previous, self._last_year = saved, previous, last_year
        self._names: dict[int, list[str]] = {}
        for indicator in self.indicators:
            prefix = self.prefix_for(indicator)
            figure = saved.get(indicator.pk)
            self._names[indicator.pk] = add_figure_fields(self, indicator, prefix=prefix, figure=figure)
            for name in self._names[indicator.pk]:
                # a draft may leave a figure blank, but submitting needs it (or the reason below): never
                # "(optional)"
                self.fields[name].shown_optional = False  # type: ignore[attr-defined]
            self.fields[f"{prefix}not_available"] = forms.CharField(
                label="Or, if there is no figure this quarter, say why",
                help_text="For example: “The health team’s system was replaced; figures follow next quarter.”",
                required=False,
                max_length=200,
                initial=figure.not_published_reason if figure else "",
                error_messages={"max_length": "Keep the reason to 200 characters or fewer."},
            )
            self.fields[f"{prefix}not_available"].shown_optional = False  # type: ignore[attr-defined]
            self.fields[f"{prefix}version"] = VersionField(initial=figure.version if figure else None)

    @staticmethod
    def prefix_for(indicator: Indicator) -> str:
        return f"i{indicator.pk}-"

    def clean(self):
        cleaned = super().clean()
        for indicator in self.indicators:
            prefix = self.prefix_for(indicator)
            parts = figure_from(self, indicator, prefix=prefix)
            problems = figure_problems(indicator, **parts)
            for part, message in problems.items():
                name = f"{prefix}{part}"
                if name in self.fields and not self.has_error(name):
                    self.add_error(name, message)
            reason = self.cleaned_data.get(f"{prefix}not_available", "").strip()
            if reason and any(v is not None for v in parts.values()):
                self.add_error(
                    f"{prefix}not_available",
                    f"{indicator.title}: give either the figure or the reason there is none, not both.",
                )
        return cleaned

    def entries(self) -> list[FigureEntry]:
        result = []
        for indicator in self.indicators:
            prefix = self.prefix_for(indicator)
            parts = figure_from(self, indicator, prefix=prefix)
            result.append(
                FigureEntry(
                    indicator,
                    version=self.cleaned_data.get(f"{prefix}version"),
                    not_available=self.cleaned_data.get(f"{prefix}not_available", "").strip(),
                    **parts,
                )
            )
        return result

    def _works_out(self, indicator: Indicator, figure: IndicatorValue | None) -> str:
        if not indicator.is_proportion:
            return ""
        prefix = self.prefix_for(indicator)
        if self.is_bound:
            names = self._names[indicator.pk]
            if any(self.has_error(n) for n in names) or not hasattr(self, "cleaned_data"):
                return ""
            parts = figure_from(self, indicator, prefix=prefix)
            derived = value_derive(parts["numerator"], parts["denominator"])
        else:
            derived = figure.value if figure else None
        return f"{plain_number(derived)}%" if derived is not None else ""

    @property
    def rows(self) -> list[QuarterRow]:
        rows = []
        for indicator in self.indicators:
            figure = self._saved.get(indicator.pk)
            rows.append(
                QuarterRow(
                    indicator=indicator,
                    fields=[self[name] for name in self._names[indicator.pk]],
                    reason_field=self[f"{self.prefix_for(indicator)}not_available"],
                    version_field=self[f"{self.prefix_for(indicator)}version"],
                    figure=figure,
                    current=_shown(indicator, figure),
                    previous=_shown(indicator, self._previous.get(indicator.pk)),
                    last_year=_shown(indicator, self._last_year.get(indicator.pk)),
                    works_out=self._works_out(indicator, figure),
                )
            )
        return rows


def _shown(indicator: Indicator, figure: IndicatorValue | None) -> str:
    if figure is None:
        return "No figure"
    if figure.value is None and figure.not_published_reason:
        return f"Not available: {figure.not_published_reason}"
    return figure_text(indicator, figure.numerator, figure.denominator, figure.value)


class ValueReviseForm(CrispyFormMixin, forms.Form):
    """Change one figure of a signed-off quarter, saying why."""

    submit_label = "Save the revised figure"
    version = VersionField()

    def __init__(self, *args, indicator_value: IndicatorValue, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator_value.indicator
        self.fields["version"].initial = indicator_value.version
        for name in add_figure_fields(self, self.indicator, prefix="", figure=indicator_value):
            field = self.fields[name]  # a corrected figure needs every part, so none is "(optional)"
            field.required = True
            field.error_messages["required"] = f"Enter the corrected “{field.label}”."
        self.fields["reason"] = forms.CharField(
            label="Why is the figure changing?",
            help_text="For example: “Two children were recorded twice in the case system.” "
            "This shows in the figure’s history.",
            max_length=500,
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={
                "required": "Say why the figure is being changed, so the board can see why it moved.",
                "max_length": "Keep the reason to 500 characters or fewer.",
            },
        )
        self.order_fields([*PARTS, "reason", "version"])

    def clean(self):
        cleaned = super().clean()
        parts = figure_from(self, self.indicator, prefix="")
        if all(v is None for v in parts.values()) and not any(
            self.has_error(p) for p in PARTS if p in self.fields
        ):
            first = "numerator" if self.indicator.is_proportion else "value"
            self.add_error(first, "Enter the corrected figure.")
        for part, message in figure_problems(self.indicator, **parts).items():
            if part in self.fields and not self.has_error(part):
                self.add_error(part, message)
        return cleaned


class SendBackForm(forms.Form):
    """A senior officer returns a submitted quarter to draft, saying why (officers read it on the quarter page)."""

    reason = forms.CharField(
        label="Why are you sending the figures back?",
        help_text="Officers see this on the quarter page. Say which figures to check and what looks wrong.",
        max_length=SEND_BACK_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Say why you are sending the figures back, so officers know what to check.",
            "max_length": f"Keep the reason to {SEND_BACK_REASON_MAX:,} characters or fewer.",
        },
    )
    version = VersionField()
