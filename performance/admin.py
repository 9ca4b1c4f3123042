from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from performance.models import OutcomeArea


@admin.register(OutcomeArea)
class OutcomeAreaAdmin(SimpleHistoryAdmin):
    """Councils group indicators under their own framework (Sefton five, Wirral three, others six)."""

    list_display = ("name", "slug", "order")
    list_editable = ("order",)
    prepopulated_fields = {"slug": ("name",)}
