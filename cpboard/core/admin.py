from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from cpboard.core.models import SecurityEvent, StoredFile


class HistoryReadOnlyAdmin(SimpleHistoryAdmin):
    """History pages that can be read but never saved from. SIMPLE_HISTORY_REVERT_DISABLED only hides the
    "Revert" button: a POST to an old version's page still saves, with every field the form does not offer
    (is_active, is_superuser ...) taken from that old version, outside the People pages and their log."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied("Old versions are for reading: make changes on the record's own page.")
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(StoredFile)
class StoredFileAdmin(HistoryReadOnlyAdmin):
    list_display = ("original_name", "purpose", "kind", "size", "uploaded_by", "uploaded_at")
    readonly_fields = ("uuid", "purpose", "kind", "original_name", "size", "sha256", "file", "uploaded_by")

    # Files are stored by the upload check and removed by retention (purge_expired), never here.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    list_display = ("at", "kind", "username", "subject", "ip_address", "detail")
    list_filter = ("kind",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
