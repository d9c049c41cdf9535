from django.contrib import admin

from interviews.models import (
    Availability,
    Interview,
    InterviewRound,
    Panelist,
    SchedulingLink,
    ScreeningQuestion,
)


@admin.register(ScreeningQuestion)
class ScreeningQuestionAdmin(admin.ModelAdmin):
    list_display = ("text", "job", "position", "kind", "difficulty", "approved_at")
    list_filter = ("kind", "difficulty", ("approved_at", admin.EmptyFieldListFilter), "job")
    search_fields = ("text", "job__title")
    list_select_related = ("job",)
    autocomplete_fields = ("job",)
    readonly_fields = (
        "created_at",
        "updated_at",
        "approved_at",
        "approved_by",
        "edited_at",
        "edited_by",
        "stale_since",
        "retired_at",
        "ai_run",
    )


@admin.register(Availability)
class AvailabilityAdmin(admin.ModelAdmin):
    list_display = ("interviewer", "weekday", "start_time", "end_time", "timezone")
    list_filter = ("weekday", "timezone")
    search_fields = ("interviewer__email", "interviewer__first_name", "interviewer__last_name")
    list_select_related = ("interviewer",)
    autocomplete_fields = ("interviewer",)


@admin.register(InterviewRound)
class InterviewRoundAdmin(admin.ModelAdmin):
    list_display = ("job", "position", "name", "duration_minutes")
    list_filter = ("job",)
    search_fields = ("name", "job__title")
    list_select_related = ("job",)
    autocomplete_fields = ("job",)


@admin.register(SchedulingLink)
class SchedulingLinkAdmin(admin.ModelAdmin):
    list_display = (
        "application",
        "purpose",
        "round",
        "created_at",
        "expires_at",
        "used_at",
        "revoked_at",
        "sent_at",
    )
    list_filter = (
        "purpose",
        ("used_at", admin.EmptyFieldListFilter),
        ("revoked_at", admin.EmptyFieldListFilter),
    )
    search_fields = ("application__candidate__name", "application__candidate__email")
    list_select_related = ("application__candidate", "application__job", "round")
    raw_id_fields = ("application", "round", "interview")
    readonly_fields = ("token_hash", "created_at", "updated_at", "used_at", "sent_at", "revoked_at")


class PanelistInline(admin.TabularInline):
    model = Panelist
    extra = 0
    fields = ("user", "role", "required", "rsvp", "invite_status", "invite_sent_at")
    readonly_fields = ("rsvp", "invite_status", "invite_sent_at")
    autocomplete_fields = ("user",)


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ("application", "round", "starts_at", "ends_at", "status", "ics_sequence")
    list_filter = ("status", "starts_at")
    search_fields = ("application__candidate__name", "application__job__title", "ics_uid")
    list_select_related = ("application__candidate", "application__job", "round")
    raw_id_fields = ("application", "round", "booked_with")
    readonly_fields = ("ics_uid", "ics_sequence", "created_at", "updated_at")
    date_hierarchy = "starts_at"
    inlines = [PanelistInline]


@admin.register(Panelist)
class PanelistAdmin(admin.ModelAdmin):
    list_display = ("user", "interview", "role", "required", "rsvp", "invite_status")
    list_filter = ("role", "rsvp", "invite_status", "required")
    search_fields = ("user__email", "user__first_name", "user__last_name")
    list_select_related = ("user", "interview__application__candidate")
    raw_id_fields = ("interview",)
    autocomplete_fields = ("user",)
    readonly_fields = ("created_at", "updated_at")
