from django.contrib import admin

from ai.models import AIRun, Screening


@admin.register(AIRun)
class AIRunAdmin(admin.ModelAdmin):
    """The audit log: readable by staff, never edited."""

    list_display = (
        "created_at",
        "purpose",
        "provider",
        "model",
        "prompt_version",
        "status",
        "input_tokens",
        "output_tokens",
        "cost_usd",
        "latency_ms",
        "job",
    )
    list_filter = ("purpose", "provider", "status", "prompt_version", "created_at")
    search_fields = ("input_hash", "provider_batch_id", "job__title", "error")
    list_select_related = ("job",)
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Screening)
class ScreeningAdmin(admin.ModelAdmin):
    list_display = (
        "application",
        "status",
        "score",
        "recommendation",
        "provider",
        "prompt_version",
        "feedback",
        "created_at",
    )
    list_filter = ("status", "recommendation", "feedback", "provider", "prompt_version")
    search_fields = (
        "application__candidate__name",
        "application__candidate__email",
        "application__job__title",
    )
    list_select_related = ("application__candidate", "application__job")
    raw_id_fields = ("application", "ai_run", "feedback_by")
    readonly_fields = (
        "created_at",
        "updated_at",
        "claimed_at",
        "ai_run",
        "provider",
        "prompt_version",
        "criteria",
        "score",
        "recommendation",
        "summary",
        "flags",
        "error",
        "feedback_by",
        "feedback_at",
    )
