"""The event log: read-only, what happened to whom and who did it."""

from django.contrib import admin

from recruiting.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "candidate", "application", "actor", "message")
    list_filter = ("kind", "created_at")
    search_fields = ("message", "candidate__name", "candidate__email")
    list_select_related = ("candidate", "application__job", "application__candidate", "actor")
    raw_id_fields = ("candidate", "application", "actor")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
