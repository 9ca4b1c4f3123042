from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cpboard.core.models import StoredFile


@admin.register(StoredFile)
class StoredFileAdmin(SimpleHistoryAdmin):
    list_display = ("original_name", "purpose", "kind", "size", "uploaded_by", "uploaded_at")
    readonly_fields = ("uuid", "purpose", "kind", "original_name", "size", "sha256", "file", "uploaded_by")
