"""Putting a visit on the rota: the home, the month (or half term), the visitors and the planned date."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from cpboard.accounts.models import Appointment, Person
from cpboard.core.forms import CrispyFormMixin
from cpboard.core.locking import VersionedFormMixin
from visits.models import Declaration, Home, Visit
from visits.services.rota import check_visitors

DATE_HINT = "For example, 14/03/2026."


class VisitorChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:  # type: ignore[override]
        return f"{obj.display_name} ({obj.description()})"


class RotaForm(CrispyFormMixin, VersionedFormMixin, forms.ModelForm):
    submit_label = "Save to the rota"

    month = forms.DateField(
        label="Due in (any day in the month or half term)",
        help_text=f"The visit counts for the month (or, for a residential special school, the half term) "
        f"holding this date. {DATE_HINT}",
        error_messages={
            "required": f"Enter a day in the month the visit is due. {DATE_HINT}",
            "invalid": f"Enter a real date. {DATE_HINT}",
        },
    )
    people = VisitorChoices(
        queryset=Person.objects.none(),
        label="Visitors",
        widget=forms.CheckboxSelectMultiple,
        help_text="People on the Regulation 33/44 visitors' list. Each must hold valid visitor training on "
        "the visit date.",
        error_messages={"required": "Choose at least one visitor."},
    )
    override_reason = forms.CharField(
        label="Why this visitor should go despite their declaration",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only needed when a visitor's independence declaration shows a conflict.",
    )

    class Meta:
        model = Visit
        fields = ["home", "regulation", "planned_on", "announced"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home"].queryset = Home.objects.open()  # type: ignore[attr-defined]
        self.fields["home"].error_messages["required"] = "Choose the home to visit."
        self.fields["planned_on"].help_text = f"Leave blank if not yet agreed. {DATE_HINT}"
        self.fields["planned_on"].error_messages["invalid"] = f"Enter a real date. {DATE_HINT}"
        today = timezone.localdate()
        on_list = Appointment.objects.on(today).filter(kind=Appointment.Kind.VISITOR).values("person")
        people = Person.objects.filter(pk__in=on_list)
        if self.instance.pk:
            self.fields["month"].initial = self.instance.period_start
            self.fields["people"].initial = list(self.instance.visitors.values_list("pk", flat=True))
            people = people | Person.objects.filter(pk__in=self.instance.visitors.values("pk"))
        self.fields["people"].queryset = people.distinct().order_by("sort_name", "display_name")  # type: ignore[attr-defined]
        self.conflicts: list[str] = []

    def visit_day(self) -> dt.date | None:
        data = self.cleaned_data
        home, month = data.get("home"), data.get("month")
        if not home or not month:
            return None
        return data.get("planned_on") or min(home.period_of(month).end, max(timezone.localdate(), month))

    def clean(self):
        data = super().clean()
        home, month, planned = data.get("home"), data.get("month"), data.get("planned_on")
        if home and month:
            period = home.period_of(month)
            data["period_start"] = period.start
            if period.end < home.visits_from:
                self.add_error("month", f"Visits to {home} are due from {home.visits_from:%d/%m/%Y}.")
            if planned and not period.start <= planned <= period.end:
                self.add_error(
                    "planned_on",
                    f"The planned date must be in {period.label} "
                    f"({period.start:%d/%m/%Y} to {period.end:%d/%m/%Y}), the period the visit is due in.",
                )
            taken = Visit.objects.filter(home=home, period_start=period.start).exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error(
                    "month", f"{home} already has a visit on the rota for {period.label}. Change that one."
                )
        day = self.visit_day()
        if day and data.get("people") and not self.errors:
            checked = check_visitors(list(data["people"]), home, day)
            for message in checked.refusals:
                self.add_error("people", message)
            self.conflicts = checked.conflicts
            if checked.conflicts and not data.get("override_reason", "").strip():
                self.add_error(
                    "override_reason",
                    "A visitor's declaration shows a conflict (see the warning). Record why they should "
                    "still visit, or choose someone else.",
                )
        return data

    def save(self, commit=True):
        visit = super().save(commit=False)
        visit.period_start = self.cleaned_data["period_start"]
        return visit


class DeclarationForm(CrispyFormMixin, forms.ModelForm):
    submit_label = "Save declaration"

    class Meta:
        model = Declaration
        fields = [
            "person",
            "made_on",
            "employed_in_childrens_services",
            "involved_in_care_plans",
            "commissions_or_funds",
            "financial_interest",
            "homes",
            "notes",
        ]
        widgets = {"homes": forms.CheckboxSelectMultiple, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, person: Person | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        on_list = Appointment.objects.filter(kind=Appointment.Kind.VISITOR).values("person")
        if person is not None:  # a visitor declares for themselves
            self.fields["person"].queryset = Person.objects.filter(pk=person.pk)  # type: ignore[attr-defined]
            self.fields["person"].initial = person.pk
            self.fields["person"].widget = forms.HiddenInput()
        else:
            self.fields["person"].queryset = Person.objects.filter(pk__in=on_list)  # type: ignore[attr-defined]
        self.fields["person"].error_messages["required"] = "Choose whose declaration this is."
        self.fields["homes"].queryset = Home.objects.open()  # type: ignore[attr-defined]
        self.fields["made_on"].help_text = DATE_HINT
        self.fields["made_on"].error_messages.update(
            required=f"Enter the date of the declaration. {DATE_HINT}",
            invalid=f"Enter a real date. {DATE_HINT}",
        )

    def clean_made_on(self):
        day = self.cleaned_data.get("made_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError("A declaration cannot be dated in the future.")
        return day
