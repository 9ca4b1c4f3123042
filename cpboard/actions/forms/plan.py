"""Forms for keeping the plan: themes, objectives, actions with owners, progress updates, sources, the plan
table's filters and the plan import."""

from __future__ import annotations

from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone

from cpboard.accounts.models import Person
from cpboard.actions import sources
from cpboard.actions.models import Action, ActionSource, Objective, Theme
from cpboard.core.forms import CrispyFormMixin
from cpboard.core.locking import VersionedFormMixin
from cpboard.core.uploads import read_upload

DATE_HINT = "For example, 30/06/2026."


def _date_messages(field: forms.Field, what: str) -> None:
    field.error_messages.update(
        required=f"Enter {what}. {DATE_HINT}", invalid="Enter a real date, written like 30/06/2026."
    )


class ThemeForm(CrispyFormMixin, VersionedFormMixin, forms.ModelForm):
    submit_label = "Save theme"

    class Meta:
        model = Theme
        fields = ["name", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages.update(
            required="Enter the theme's name, for example Being healthy.",
            unique="There is already a theme with that name. Use it, or choose another name.",
        )
        self.fields["position"].widget.attrs.update({"class": "govuk-input--width-4", "inputmode": "numeric"})
        self.fields["position"].error_messages["invalid"] = "Enter a whole number, such as 3."


class ObjectiveForm(CrispyFormMixin, VersionedFormMixin, forms.ModelForm):
    submit_label = "Save objective"

    class Meta:
        model = Objective
        fields = ["theme", "reference", "text", "position"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].error_messages["required"] = "Choose the theme the objective comes under."
        self.fields["text"].error_messages["required"] = (
            "Write the objective: what the plan sets out to achieve."
        )
        self.fields["reference"].widget.attrs["class"] = "govuk-input--width-10"
        self.fields["position"].widget.attrs.update({"class": "govuk-input--width-4", "inputmode": "numeric"})
        self.fields["position"].error_messages["invalid"] = "Enter a whole number, such as 3."


class OwnerChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:  # type: ignore[override]
        return f"{obj.display_name} ({obj.description()})"


class ActionForm(CrispyFormMixin, VersionedFormMixin, forms.ModelForm):
    submit_label = "Save action"

    people = OwnerChoices(
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Owners from the people directory",
        help_text="Tick each person who answers for the action.",
    )
    posts = forms.CharField(
        label="Owners by post or team",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One a line, for example Fostering Service Team Leader. Give at least one owner here or above.",
    )

    class Meta:
        model = Action
        fields = [
            "objective",
            "reference",
            "text",
            "outcome",
            "measure",
            "priority",
            "timescale",
            "due_on",
            "every",
            "condition",
            "condition_met_on",
            "position",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
            "measure": forms.Textarea(attrs={"rows": 2}),
            "timescale": forms.RadioSelect,
            "priority": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.helper.add_input(
                Submit("another", "Save and add another", css_class="govuk-button--secondary")
            )
        people = Person.objects.current().exclude(kind=Person.Kind.YOUNG_PERSON)
        if self.instance.pk:
            owners = list(self.instance.owners.all())
            people = people | Person.objects.filter(pk__in=[o.person_id for o in owners if o.person_id])
            self.fields["people"].initial = [o.person_id for o in owners if o.person_id]
            self.fields["posts"].initial = "\n".join(o.post for o in owners if not o.person_id)
        self.fields["people"].queryset = people.distinct()  # type: ignore[attr-defined]
        self.fields["objective"].queryset = Objective.objects.select_related("theme")  # type: ignore[attr-defined]
        self.fields["objective"].error_messages["required"] = "Choose the objective the action works towards."
        self.fields["text"].error_messages["required"] = "Write the action: what will be done."
        self.fields["timescale"].error_messages["required"] = "Choose the kind of timescale."
        self.fields["every"].empty_label = "Choose how often"  # type: ignore[attr-defined]
        self.fields["reference"].widget.attrs["class"] = "govuk-input--width-10"
        for name in ("position",):
            self.fields[name].widget.attrs.update({"class": "govuk-input--width-4", "inputmode": "numeric"})
            self.fields[name].error_messages["invalid"] = "Enter a whole number, such as 3."
        self.fields["due_on"].help_text += f" {DATE_HINT}"
        _date_messages(self.fields["due_on"], "the date")
        _date_messages(self.fields["condition_met_on"], "the date the condition was met")

    def owners(self) -> list[Person | str]:
        people = list(self.cleaned_data.get("people") or [])
        posts = [line.strip() for line in (self.cleaned_data.get("posts") or "").splitlines() if line.strip()]
        return [*people, *dict.fromkeys(posts)]

    def clean(self):
        data = super().clean()
        if not self.owners() and "people" not in self.errors:
            self.add_error("posts", "Name who owns the action: tick a person or write a post or team.")
        kind, due = data.get("timescale"), data.get("due_on")
        needs_date = {
            Action.Timescale.DATE: "Enter the date the action is due by.",
            Action.Timescale.MONTH: "Enter a day in the month the action is due in, for example 01/06/2026.",
            Action.Timescale.RECURRING: "Enter a day in the month the action is first due, for example 01/06/2026.",
        }
        if kind in needs_date and not due and "due_on" not in self.errors:
            self.add_error("due_on", needs_date[kind])
        if kind == Action.Timescale.RECURRING and not data.get("every"):
            self.add_error("every", "Choose how often the action comes round again.")
        if kind == Action.Timescale.CONDITIONAL and not data.get("condition", "").strip():
            self.add_error(
                "condition", "Say what the action depends on, for example Future Council decisions."
            )
        met = data.get("condition_met_on")
        if met and kind != Action.Timescale.CONDITIONAL:
            self.add_error(
                "condition_met_on", "Only a conditional timescale has a condition to meet. Clear this date."
            )
        if met and met > timezone.localdate():
            self.add_error(
                "condition_met_on", "The condition cannot have been met in the future. Use today or earlier."
            )
        if kind != Action.Timescale.RECURRING:
            data["every"] = None
        if kind != Action.Timescale.CONDITIONAL:
            data["condition"] = ""
        return data


class UpdateForm(CrispyFormMixin, forms.Form):
    """A progress update, optionally changing the status. `version` is the action's, for the status check."""

    submit_label = "Post update"

    written_on = forms.DateField(label="Date of the update", help_text=DATE_HINT)
    text = forms.CharField(
        label="Progress since the last update",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write what has happened since the last update."},
        help_text="What has been done, and what the evidence is. Closing the action needs a final update.",
    )
    status = forms.ChoiceField(label="Status after this update", choices=Action.Status.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, action: Action, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["written_on"].initial = timezone.localdate().strftime("%d/%m/%Y")
        _date_messages(self.fields["written_on"], "the date of the update")
        self.action = action
        self.fields["status"].initial = action.status
        self.fields["version"].initial = action.version
        self.helper.form_action = f"{action.get_absolute_url()}update/"

    def clean(self):
        data = super().clean()
        from cpboard.actions.services.plan import CLOSING_NEEDS_UPDATE

        closing = CLOSING_NEEDS_UPDATE.get(data.get("status", ""))
        if closing and "text" in self.errors and self.action.status != data.get("status"):
            self.errors["text"] = self.error_class([closing])
        return data


class SourceForm(CrispyFormMixin, forms.Form):
    submit_label = "Add source"

    record = forms.ChoiceField(
        label="A record in the system",
        required=False,
        help_text="A scrutiny recommendation or another record the action answers.",
    )
    kind = forms.ChoiceField(
        label="Or another kind of source",
        required=False,
        choices=[
            ("", "Not another kind"),
            *[(k.value, k.label) for k in ActionSource.Kind if k in sources.DESCRIBED_KINDS],
        ],
    )
    description = forms.CharField(
        label="Which one",
        required=False,
        max_length=300,
        help_text="For an inspection finding or a board decision, for example Ofsted inspection, March 2016.",
    )

    def __init__(self, *args, user, action: Action, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Choose a record"), *sources.record_choices(user)]
        self.fields["record"].choices = choices  # type: ignore[attr-defined]
        self.helper.form_action = f"{action.get_absolute_url()}sources/add/"

    def clean(self):
        data = super().clean()
        if not data.get("record") and not data.get("kind"):
            self.add_error("record", "Choose a record, or choose another kind of source and say which one.")
        if data.get("record") and data.get("kind"):
            self.add_error("kind", "Choose a record or another kind of source, not both.")
        return data

    def source(self) -> tuple[str, int | None, str]:
        record = self.cleaned_data.get("record") or ""
        if record:
            kind, _, pk = record.partition(":")
            return kind, int(pk) if pk.isdigit() else None, self.cleaned_data.get("description", "")
        return self.cleaned_data["kind"], None, self.cleaned_data.get("description", "")


class PlanFilterForm(forms.Form):
    theme = forms.ModelChoiceField(queryset=Theme.objects.all(), required=False, empty_label="All themes")
    owner = forms.ChoiceField(label="Owner", required=False)
    rag = forms.ChoiceField(
        label="RAG",
        required=False,
        choices=[("", "Any"), ("red", "Red"), ("amber", "Amber"), ("green", "Green"), ("none", "No colour")],
    )
    overdue = forms.BooleanField(label="Overdue only", required=False)

    def __init__(self, *args, owner_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Anyone"), *owner_choices]  # type: ignore[attr-defined]


class PlanImportForm(CrispyFormMixin, forms.Form):
    submit_label = "Check and import"

    file = forms.FileField(
        label="Action plan spreadsheet",
        help_text="A CSV or Excel (.xlsx) file laid out like the template.",
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        data, kind = read_upload(upload, allowed={"csv", "xlsx"})
        self.file_bytes, self.file_kind, self.file_name = data, kind, upload.name
        return upload
