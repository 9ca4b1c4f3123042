from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.contrib.auth.models import Group

from cpboard.accounts.models import User
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
