from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from cpboard.accounts.models import User
from cpboard.core.roles import ADMINISTRATOR, has_role


def _admin_has_permission(request) -> bool:
    user = request.user
    return user.is_active and (user.is_superuser or has_role(user, ADMINISTRATOR))


admin.site.has_permission = _admin_has_permission  # type: ignore[method-assign]  # roles, not is_staff


@admin.register(User)
class PersonAdmin(SimpleHistoryAdmin, UserAdmin):
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Position", {"fields": ("organisation", "job_title")}))
    list_display = ("username", "first_name", "last_name", "organisation", "is_active")

    def save_model(self, request, obj, form, change):
        """Deactivating here starts the retention clock, as it does on the People pages."""
        from django.utils import timezone

        if "is_active" in form.changed_data:
            obj.deactivated_at = None if obj.is_active else timezone.now()
        super().save_model(request, obj, form, change)
