from django.contrib import admin, messages

from recruiting.admin import RecordAdmin
from voice import services
from voice.models import Answer, Call, PhoneScreen, PhoneScreenQuestion, WebhookEvent


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


class FrozenQuestionInline(admin.TabularInline):
    model = PhoneScreenQuestion
    extra = 0
    can_delete = False
    fields = ("position", "text", "kind", "difficulty", "source")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PhoneScreen)
class PhoneScreenAdmin(admin.ModelAdmin):
    list_display = ("application", "status", "score", "next_attempt_at", "completed_at")
    list_filter = ("status",)
    search_fields = ("application__candidate__name", "application__candidate__email")
    list_select_related = ("application__candidate", "application__job")
    raw_id_fields = ("application",)
    readonly_fields = ("created_at", "updated_at", "completed_at", "score")
    inlines = [FrozenQuestionInline, CallInline]
    actions = ["start_again"]

    @admin.action(description="Start a phone screen for these applications")
    def start_again(self, request, queryset):
        """A new screen for each application whose screen is over (an open one is kept)."""
        applications = {s.application_id: s.application for s in queryset}.values()
        for result in services.phone_screens_start(applications=applications, by=request.user):
            if result.refused:
                self.message_user(
                    request, f"{result.application}: {result.refused}", messages.WARNING
                )
            elif result.started:
                self.message_user(request, f"{result.application}: phone screen started.")
            else:
                self.message_user(request, f"{result.application}: a screen is under way.")


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    can_delete = False
    fields = ("asked", "transcript", "score", "reasoning")
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
    list_display = ("asked", "call", "score", "created_at")
    list_select_related = (
        "asked",
        "call__phone_screen__application__candidate",
        "call__phone_screen__application__job",
    )
    search_fields = ("transcript",)
    raw_id_fields = ("call", "asked", "ai_run")
    readonly_fields = ("created_at", "updated_at", "ai_run")


@admin.register(WebhookEvent)
class WebhookEventAdmin(RecordAdmin):
    list_display = ("received_at", "provider", "kind", "verified", "processed_at", "dedupe_key")
    list_filter = (
        "provider",
        "kind",
        "verified",
        ("processed_at", admin.EmptyFieldListFilter),
        "received_at",
    )
    search_fields = ("dedupe_key", "error")
    readonly_fields = ("received_at",)
    date_hierarchy = "received_at"


@admin.register(PhoneScreenQuestion)
class PhoneScreenQuestionAdmin(admin.ModelAdmin):
    """The questions as each screen asked them: frozen, so never edited here."""

    list_display = ("text", "position", "phone_screen", "source", "created_at")
    list_select_related = ("phone_screen__application__candidate", "phone_screen__application__job")
    search_fields = ("text",)
    raw_id_fields = ("phone_screen", "source")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
