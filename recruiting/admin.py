from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html

from recruiting.models import Application, Candidate, Event, ImportBatch, Job, Resume, User


class ReadOnlyInline(admin.TabularInline):
    """A read-only list of related rows that stays small on a big parent.

    A job can have thousands of applications; the inline shows the first ``max_shown``
    in the model's order and links to the filtered changelist for the rest.
    """

    extra = 0
    max_shown = 50
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        max_shown = self.max_shown

        class Limited(formset):
            def get_queryset(self):
                if not hasattr(self, "_limited_queryset"):
                    self._limited_queryset = super().get_queryset()[:max_shown]
                return self._limited_queryset

        return Limited


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "group_names")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("username", "first_name", "last_name", "email")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="Roles")
    def group_names(self, obj):
        return ", ".join(group.name for group in obj.groups.all())


class JobApplicationInline(ReadOnlyInline):
    model = Application
    fk_name = "job"
    fields = ("rank", "candidate", "stage", "overall_score", "recommendation")
    readonly_fields = fields
    ordering = ("rank", "id")
    verbose_name_plural = "Applications (top 50 by rank)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("candidate")


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "status",
        "location",
        "hiring_manager",
        "application_count",
        "created_at",
    )
    list_filter = ("status", "blind_screening", "created_at")
    search_fields = ("title", "description", "location")
    list_select_related = ("hiring_manager",)
    autocomplete_fields = ("hiring_manager", "interviewers")
    readonly_fields = (
        "created_at",
        "updated_at",
        "created_by",
        "requirements_approved_at",
        "requirements_approved_by",
    )
    date_hierarchy = "created_at"
    inlines = [JobApplicationInline]
    fieldsets = (
        (None, {"fields": ("title", "status", "location", "description")}),
        ("People", {"fields": ("hiring_manager", "interviewers", "created_by")}),
        (
            "Requirements",
            {"fields": ("requirements", "requirements_approved_at", "requirements_approved_by")},
        ),
        (
            "Screening",
            {
                "fields": (
                    "shortlist_size",
                    "phone_screen_threshold",
                    "blind_screening",
                    "phone_screen_weight",
                )
            },
        ),
        ("Audit", {"fields": ("created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_application_count=Count("applications"))

    @admin.display(description="Applications", ordering="_application_count")
    def application_count(self, obj):
        url = reverse("admin:recruiting_application_changelist") + f"?job__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj._application_count)

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class CandidateApplicationInline(ReadOnlyInline):
    model = Application
    fk_name = "candidate"
    fields = ("job", "stage", "overall_score", "rank", "recommendation")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("job")


class CandidateResumeInline(ReadOnlyInline):
    model = Resume
    fk_name = "candidate"
    fields = ("original_name", "status", "is_current", "size", "created_at")
    readonly_fields = fields


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ("__str__", "email", "phone", "location", "do_not_call", "created_at")
    list_filter = ("do_not_call", "created_at")
    search_fields = ("name", "email", "phone")
    readonly_fields = ("created_at", "updated_at")
    inlines = [CandidateApplicationInline, CandidateResumeInline]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("id", "job", "source", "created_by", "resume_count", "created_at")
    list_filter = ("source", "created_at")
    list_select_related = ("job", "created_by")
    search_fields = ("job__title",)
    raw_id_fields = ("job",)
    readonly_fields = ("created_at", "updated_at", "created_by", "report")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_resume_count=Count("resumes"))

    @admin.display(description="Files", ordering="_resume_count")
    def resume_count(self, obj):
        return obj._resume_count


@admin.register(Resume)
class ResumeAdmin(admin.ModelAdmin):
    list_display = (
        "original_name",
        "candidate",
        "status",
        "is_current",
        "content_type",
        "size",
        "page_count",
        "created_at",
    )
    list_filter = ("status", "is_current", "content_type", "created_at")
    search_fields = ("original_name", "sha256", "candidate__name", "candidate__email")
    list_select_related = ("candidate",)
    raw_id_fields = ("candidate", "batch", "duplicate_of")
    readonly_fields = (
        "sha256",
        "size",
        "content_type",
        "page_count",
        "extraction_method",
        "attempts",
        "claimed_at",
        "processed_at",
        "created_at",
        "updated_at",
        "error_code",
    )


class ScoreBandFilter(admin.SimpleListFilter):
    title = "overall score"
    parameter_name = "score"
    BANDS = {"80+": (80, None), "60-79": (60, 80), "40-59": (40, 60), "<40": (None, 40)}

    def lookups(self, request, model_admin):
        return [(band, band) for band in self.BANDS] + [("none", "Not scored")]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(overall_score__isnull=True)
        if value in self.BANDS:
            low, high = self.BANDS[value]
            if low is not None:
                queryset = queryset.filter(overall_score__gte=low)
            if high is not None:
                queryset = queryset.filter(overall_score__lt=high)
        return queryset


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = (
        "candidate",
        "job",
        "stage",
        "rank",
        "overall_score",
        "resume_score",
        "phone_score",
        "recommendation",
        "updated_at",
    )
    list_filter = ("stage", "recommendation", ScoreBandFilter, "job")
    search_fields = ("candidate__name", "candidate__email", "job__title")
    list_select_related = ("candidate", "job")
    autocomplete_fields = ("candidate", "job")
    raw_id_fields = ("resume",)
    readonly_fields = (
        "created_at",
        "updated_at",
        "stage_changed_at",
        "stage_changed_by",
        "overridden_by",
        "overridden_at",
        "resume_score",
        "phone_score",
        "overall_score",
        "rank",
        "recommendation",
    )
    list_per_page = 100
    show_full_result_count = False


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
