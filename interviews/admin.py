from django.contrib import admin

from interviews.models import Availability, Interview, SchedulingLink, ScreeningQuestion


@admin.register(ScreeningQuestion)
class ScreeningQuestionAdmin(admin.ModelAdmin):
    list_display = ("text", "job", "position", "kind", "difficulty", "approved_at")
    list_filter = ("kind", "difficulty", ("approved_at", admin.EmptyFieldListFilter), "job")
    search_fields = ("text", "job__title")
    list_select_related = ("job",)
    autocomplete_fields = ("job",)
    readonly_fields = ("created_at", "approved_at", "approved_by", "ai_run")


@admin.register(Availability)
class AvailabilityAdmin(admin.ModelAdmin):
    list_display = ("interviewer", "weekday", "start_time", "end_time", "timezone")
    list_filter = ("weekday", "timezone")
    search_fields = ("interviewer__email", "interviewer__first_name", "interviewer__last_name")
    list_select_related = ("interviewer",)
    autocomplete_fields = ("interviewer",)


@admin.register(SchedulingLink)
class SchedulingLinkAdmin(admin.ModelAdmin):
    list_display = ("application", "purpose", "created_at", "expires_at", "used_at", "sent_at")
    list_filter = ("purpose", ("used_at", admin.EmptyFieldListFilter))
    search_fields = ("application__candidate__name", "application__candidate__email")
    list_select_related = ("application__candidate", "application__job")
    raw_id_fields = ("application",)
    readonly_fields = ("token_hash", "created_at", "used_at", "sent_at")


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ("application", "starts_at", "ends_at", "status", "ics_sequence")
    list_filter = ("status", "starts_at")
    search_fields = ("application__candidate__name", "application__job__title", "ics_uid")
    list_select_related = ("application__candidate", "application__job")
    raw_id_fields = ("application", "booked_with")
    autocomplete_fields = ("panel",)
    readonly_fields = ("ics_uid", "ics_sequence", "created_at", "updated_at")
    date_hierarchy = "starts_at"
