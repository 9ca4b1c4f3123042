from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cpboard.core.models import SecurityEvent, StoredFile


@admin.register(StoredFile)
class StoredFileAdmin(SimpleHistoryAdmin):
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
