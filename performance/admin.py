from django.contrib import admin

from cpboard.core.admin import HistoryReadOnlyAdmin
from cpboard.core.locking import delete_audited, save_audited
from performance.models import OutcomeArea

CHANGED_IN_ADMIN = "Changed in the administration site"


@admin.register(OutcomeArea)
class OutcomeAreaAdmin(HistoryReadOnlyAdmin):
    """Councils group indicators under their own framework (Sefton five, Wirral three, others six)."""

    list_display = ("name", "slug", "order")
    list_editable = ("order",)
    prepopulated_fields = {"slug": ("name",)}

    def save_model(self, request, obj, form, change):
        save_audited(obj, by=request.user, reason=CHANGED_IN_ADMIN)

    def delete_model(self, request, obj):
        delete_audited(obj, by=request.user, reason=CHANGED_IN_ADMIN)
