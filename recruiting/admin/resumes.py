"""Import batches (each file's outcome) and the resumes they brought in."""

from django.contrib import admin
from django.db.models import Count

from recruiting.admin.base import ReadOnlyInline
from recruiting.models import ImportBatch, Resume


class BatchResumeInline(ReadOnlyInline):
    model = Resume
    fk_name = "batch"
    max_shown = 500
    fields = ("original_name", "status", "error", "candidate", "content_type", "size")
    readonly_fields = fields
    ordering = ("id",)
    verbose_name_plural = "Files"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("candidate")


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    inlines = [BatchResumeInline]
    list_display = ("id", "job", "source", "status", "created_by", "resume_count", "created_at")
    list_filter = ("source", "created_at")
    list_select_related = ("job", "created_by")
    search_fields = ("job__title",)
    raw_id_fields = ("job",)
    readonly_fields = (
        "created_at",
        "updated_at",
        "created_by",
        "status",
        "error",
        "csv_file",
        "archive_file",
        "report",
    )

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
    list_filter = ("status", "match", "is_current", "content_type", "created_at")
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
        "match",
    )
