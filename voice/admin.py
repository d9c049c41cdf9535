from django.contrib import admin

from voice.models import Answer, Call, PhoneScreen


class CallInline(admin.TabularInline):
    model = Call
    extra = 0
    can_delete = False
    fields = (
        "attempt",
        "status",
        "answered_by",
        "provider_call_id",
        "started_at",
        "duration_seconds",
    )
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PhoneScreen)
class PhoneScreenAdmin(admin.ModelAdmin):
    list_display = ("application", "status", "score", "next_attempt_at", "completed_at")
    list_filter = ("status",)
    search_fields = ("application__candidate__name", "application__candidate__email")
    list_select_related = ("application__candidate", "application__job")
    raw_id_fields = ("application",)
    readonly_fields = ("created_at", "updated_at", "completed_at", "score", "questions")
    inlines = [CallInline]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    can_delete = False
    fields = ("question", "transcript", "score", "reasoning")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = (
        "phone_screen",
        "attempt",
        "status",
        "answered_by",
        "to_number",
        "duration_seconds",
        "created_at",
    )
    list_filter = ("status", "answered_by", "provider")
    search_fields = ("provider_call_id", "to_number")
    list_select_related = ("phone_screen__application__candidate", "phone_screen__application__job")
    raw_id_fields = ("phone_screen",)
    readonly_fields = (
        "provider",
        "provider_call_id",
        "to_number",
        "from_number",
        "started_at",
        "ended_at",
        "duration_seconds",
        "recording_url",
        "created_at",
        "updated_at",
    )
    inlines = [AnswerInline]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ("question", "call", "score", "created_at")
    list_select_related = (
        "question",
        "call__phone_screen__application__candidate",
        "call__phone_screen__application__job",
    )
    search_fields = ("transcript",)
    raw_id_fields = ("call", "question", "ai_run")
    readonly_fields = ("created_at", "ai_run")
