"""The Django administration site, with no powers beyond cpboard/core/roles.py.

Roles are given only on the People pages (which log it); passwords are set only through a one-time link
(People page, "Reset password"). So nothing here lets anyone tick "superuser" or "staff", give a group or a
permission, or set a password, and every change made here is logged (`admin_change` in the security log,
cpboard.accounts.signals). Django's groups and permissions are not registered: `sync_roles` keeps them
matching the table. Authenticators are reset on the People pages, never made or read here.
"""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from cpboard.accounts.models import User
from cpboard.core.admin import HistoryReadOnlyAdmin
from cpboard.core.locking import save_audited
from cpboard.core.roles import ADMINISTRATOR, has_role

CHANGED_IN_ADMIN = "Changed in the administration site"

# Fields that carry powers or secrets: no form on the administration site may offer them.
POWER_FIELDS = frozenset(
    {
        "is_superuser",
        "is_staff",
        "groups",
        "user_permissions",
        "permissions",
        "password",
        "password1",
        "password2",
    }
)


def _admin_has_permission(request) -> bool:
    user = request.user
    return user.is_active and (user.is_superuser or has_role(user, ADMINISTRATOR))


admin.site.has_permission = _admin_has_permission  # type: ignore[method-assign]  # roles, not is_staff


def _no_password_change(request, extra_context=None):
    raise PermissionDenied(
        "Passwords are reset by an administrator on the People pages, with a one-time link."
    )


# Django's own "Change password" page would set a password outside the People pages and the log.
admin.site.password_change = _no_password_change  # type: ignore[method-assign]
# Deleting many records at once writes the admin log in bulk, which would skip the security log.
admin.site.disable_action("delete_selected")

for model in (Group, TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class PersonAdminForm(forms.ModelForm):
    """Details only: no password, superuser, staff, group or permission fields."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "organisation", "job_title"]


@admin.register(User)
class PersonAdmin(HistoryReadOnlyAdmin, UserAdmin):
    """Names and positions may be corrected here; people are added, given roles, deactivated and have their
    password reset on the People pages."""

    form = PersonAdminForm
    fieldsets = (
        (None, {"fields": ("username",)}),
        ("Name and email", {"fields": ("first_name", "last_name", "email")}),
        ("Position", {"fields": ("organisation", "job_title")}),
        ("Account (change these on the People pages)", {"fields": ("is_active", "roles", "last_login")}),
    )
    readonly_fields = ("is_active", "roles", "last_login")
    list_display = ("username", "first_name", "last_name", "organisation", "is_active")
    list_filter = ("is_active",)
    filter_horizontal = ()

    @admin.display(description="Roles")
    def roles(self, obj) -> str:
        return ", ".join(g.name for g in obj.groups.all()) or "None"

    def has_add_permission(self, request):
        return False  # People pages: "Add a person"

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate on the People pages; retention anonymises later

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = self.form  # never UserAdmin's add form, which sets a password
        return super().get_form(request, obj, **kwargs)

    def user_change_password(self, request, id, form_url=""):
        raise PermissionDenied("Passwords are reset on the People pages, with a one-time link.")

    def save_model(self, request, obj, form, change):
        save_audited(obj, by=request.user, reason=CHANGED_IN_ADMIN)


class _ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


for model, model_admin in (
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    # Read-only; deleting a sign-in attempt (to lift a lockout early) is logged like any admin change.
    admin.site.register(
        model, type(f"Logged{model_admin.__name__}", (_ReadOnly, model_admin), {"actions": []})
    )
