"""The options of a live section, shared by the agenda and work programme forms: which outcome area a
scorecard shows (or all), and which pledge survey's results or messages."""

from __future__ import annotations

from django import forms

from cpboard.board.models import Section

SURVEY_SECTIONS = (Section.SURVEY_RESULTS, Section.SURVEY_MESSAGES)


def _area_choices():
    from performance.models import OutcomeArea

    return [("", "All outcome areas"), *[(a.slug, a.name) for a in OutcomeArea.objects.all()]]


def _survey_choices():
    from pledge.models import Survey

    return [
        ("", "Choose a survey"),
        *[(str(s.pk), f"{s.title} ({s.year})") for s in Survey.objects.order_by("-year", "-pk")],
    ]


class SectionOptionsMixin(forms.Form):
    """Adds `area` and `survey` and folds them into `section_options` for the chosen section."""

    area = forms.ChoiceField(
        label="Outcome area (performance scorecard only)",
        required=False,
        help_text="Show one outcome area's indicators, or all of them.",
    )
    survey = forms.ChoiceField(
        label="Survey (pledge-survey sections only)",
        required=False,
        help_text="Which year's pledge survey to show.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = _area_choices()  # type: ignore[attr-defined]
        self.fields["survey"].choices = _survey_choices()  # type: ignore[attr-defined]
        self.fields[
            "section"
        ].help_text = "Leave blank for a written report. A live section shows the figures as they are when the pack is made."
        options = getattr(getattr(self, "instance", None), "section_options", None) or {}
        self.fields["area"].initial = options.get("area", "")
        self.fields["survey"].initial = str(options.get("survey", ""))

    def clean(self):
        data = super().clean()
        section = data.get("section", "")
        options: dict = {}
        if section == Section.SCORECARD:
            options = {"area": data.get("area", "")}
        elif section in SURVEY_SECTIONS:
            if not data.get("survey"):
                self.add_error("survey", "Choose which pledge survey this section shows.")
            else:
                options = {"survey": int(data["survey"])}
        self.instance.section_options = options  # type: ignore[attr-defined]
        return data


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:  # type: ignore[override]
        description = obj.description()
        return f"{obj.display_name} ({description})" if description else obj.display_name


def people():
    from cpboard.accounts.models import Person

    return Person.objects.current()
