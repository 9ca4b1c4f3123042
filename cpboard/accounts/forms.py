from __future__ import annotations

from datetime import date

from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.contrib.auth.models import Group

from cpboard.accounts.models import Appointment, Person, User
from cpboard.core.forms import CrispyFormMixin
from cpboard.core.locking import VersionedFormMixin
from cpboard.core.roles import ROLES


class SignInForm(CrispyFormMixin, AuthenticationForm):
    submit_label = "Sign in"
    error_messages = {
        "invalid_login": "The username or password is not right. Check them and try again.",
        "inactive": "The username or password is not right. Check them and try again.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "spellcheck": "false"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class NewPasswordForm(CrispyFormMixin, SetPasswordForm):
    """The one-time set-password page: the new password twice, checked by Django's validators."""

    submit_label = "Set password"
    error_messages = {
        "password_mismatch": "The two passwords are not the same. Type the same password twice."
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label = "New password"
        first.help_text = (
            "At least 12 characters. Not a common password, not only numbers, and not like your name or "
            "username. Three or four random words work well."
        )
        first.error_messages["required"] = "Enter a new password."
        second.label = "Type the new password again"
        second.help_text = ""
        second.error_messages["required"] = "Type the new password again."
        for field in (first, second):
            field.widget.attrs.update({"autocomplete": "new-password"})


class CodeForm(CrispyFormMixin, forms.Form):
    submit_label = "Continue"
    code = forms.CharField(
        label="Code",
        max_length=16,
        help_text="The 6-digit code from your authenticator app, or one of your 8-character backup codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "class": "govuk-input--width-10"}
        ),
        error_messages={"required": "Enter the code from your authenticator app."},
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).lower()


def role_choices():
    return [(role.slug, role.name) for role in ROLES.values()]


class PersonForm(CrispyFormMixin, VersionedFormMixin, forms.ModelForm):
    submit_label = "Save person"
    roles = forms.MultipleChoiceField(
        choices=role_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="A person can hold several roles.",
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "username", "organisation", "job_title", "is_active"]
        labels = {"is_active": "Can sign in", "email": "Email address"}
        help_texts = {
            "is_active": "Untick to deactivate: the person is signed out on their next request.",
            "username": "What the person types to sign in.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Many people, young people especially, give one name only: it goes in "First name".
        self.fields["first_name"].required = True
        self.fields["first_name"].error_messages["required"] = "Enter the person's first name."
        self.fields["last_name"].required = False
        self.fields["last_name"].label = "Last name (optional)"
        self.fields["last_name"].help_text = "Leave blank if the person uses one name only."
        if self.instance.pk:
            names = set(self.instance.groups.values_list("name", flat=True))
            self.fields["roles"].initial = [r.slug for r in ROLES.values() if r.name in names]

    def save(self, commit: bool = True):
        person = super().save(commit=commit)
        if commit:
            self._save_roles()
        else:
            self.save_m2m = self._save_roles  # type: ignore[method-assign]  # as ModelForm.save() does
        return person

    def _save_roles(self) -> None:
        wanted = {ROLES[slug].name for slug in self.cleaned_data.get("roles", [])}
        current = set(self.instance.groups.values_list("name", flat=True))
        role_names = {r.name for r in ROLES.values()}
        to_add = Group.objects.filter(name__in=wanted - current)
        to_remove = Group.objects.filter(name__in=(current & role_names) - wanted)
        if to_add:
            self.instance.groups.add(*to_add)
        if to_remove:
            self.instance.groups.remove(*to_remove)


# --- The people directory ------------------------------------------------------------------------------

DATE_HINT = "For example, 14/03/2026."


class DirectoryPersonForm(CrispyFormMixin, VersionedFormMixin, forms.ModelForm):
    submit_label = "Save person"

    class Meta:
        model = Person
        fields = [
            "display_name",
            "sort_name",
            "kind",
            "is_senior_officer",
            "job_title",
            "organisation",
            "ward",
            "party",
            "started_on",
            "term_ends_on",
            "left_on",
            "email",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("started_on", "term_ends_on", "left_on"):
            self.fields[name].help_text = f"{self.fields[name].help_text} {DATE_HINT}".strip()
        self.fields["display_name"].error_messages["required"] = "Enter the person’s name."
        self.fields["kind"].error_messages["required"] = "Choose what kind of person this is."
        self.fields["started_on"].error_messages["required"] = (
            "Enter their start date, for example 09/05/2024."
        )
        for name in ("started_on", "term_ends_on", "left_on"):
            self.fields[name].error_messages["invalid"] = f"Enter a real date. {DATE_HINT}"

    def clean(self):
        data = super().clean()
        started, ends, left = data.get("started_on"), data.get("term_ends_on"), data.get("left_on")
        kind = data.get("kind")
        if started and ends and ends < started:
            self.add_error("term_ends_on", "The term of office must end after the start date.")
        if started and left and left < started:
            self.add_error("left_on", "The date they left must be on or after their start date.")
        if kind and kind != Person.Kind.COUNCILLOR:
            for name in ("ward", "party", "term_ends_on"):
                if data.get(name):
                    self.add_error(name, "Only councillors have a ward, party or term of office. Clear it.")
        if data.get("is_senior_officer") and kind and kind != Person.Kind.OFFICER:
            self.add_error("is_senior_officer", "Only officers can be senior officers. Untick it.")
        return data


class PersonAccountForm(CrispyFormMixin, VersionedFormMixin, forms.ModelForm):
    submit_label = "Save sign-in account"

    class Meta:
        model = Person
        fields = ["user"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        taken = Person.objects.exclude(pk=self.instance.pk).exclude(user=None).values("user")
        field = self.fields["user"]
        field.queryset = User.objects.filter(is_active=True).exclude(pk__in=taken)  # type: ignore[attr-defined]
        field.required = False
        field.empty_label = "No account: this person does not sign in"  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = (
            "That account is already linked to someone else, or is not active. Choose another."
        )


class AppointmentForm(CrispyFormMixin, VersionedFormMixin, forms.ModelForm):
    submit_label = "Save appointment"

    class Meta:
        model = Appointment
        fields = ["kind", "started_on", "ended_on"]

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        for name in ("started_on", "ended_on"):
            self.fields[name].help_text = f"{self.fields[name].help_text} {DATE_HINT}".strip()
            self.fields[name].error_messages["invalid"] = f"Enter a real date. {DATE_HINT}"
        self.fields["started_on"].error_messages["required"] = "Enter the date the appointment began."
        self.fields["kind"].error_messages["required"] = "Choose the appointment."

    def clean(self):
        data = super().clean()
        started, ended, kind = data.get("started_on"), data.get("ended_on"), data.get("kind")
        if started and ended and ended < started:
            self.add_error("ended_on", "The appointment must end on or after the day it began.")
        if started and started < self.person.started_on:
            self.add_error(
                "started_on",
                f"{self.person} started on {self.person.started_on:%d/%m/%Y}: the appointment cannot begin earlier.",
            )
        if started and kind:
            others = self.person.appointments.filter(kind=kind).exclude(pk=self.instance.pk)
            for other in others:
                if other.started_on <= (ended or date.max) and (other.ended_on or date.max) >= started:
                    self.add_error(
                        "started_on", f"This overlaps another appointment: {other}. Change that one instead."
                    )
                    break
        return data
