"""Jobs: their applications at a glance, and the upload of resumes or a CSV onto one job."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from recruiting import uploads
from recruiting.admin.base import ReadOnlyInline
from recruiting.forms import CsvImportForm, ResumeUploadForm
from recruiting.models import Application, ImportBatch, Job


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
        "add_resumes",
    )
    date_hierarchy = "created_at"
    inlines = [JobApplicationInline]
    fieldsets = (
        (None, {"fields": ("title", "status", "location", "description", "add_resumes")}),
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

    def get_urls(self):
        upload = self.admin_site.admin_view(uploads.accepts_uploads(self.upload_view))
        return [
            path("<int:job_id>/upload/", upload, name="recruiting_job_upload"),
            *super().get_urls(),
        ]

    @admin.display(description="Resumes")
    def add_resumes(self, obj):
        if not obj.pk:
            return "Save the job first."
        return format_html(
            '<a class="button" href="{}">Upload resumes or a CSV</a> '
            '<a href="{}">Open the HR page</a>',
            reverse("admin:recruiting_job_upload", args=[obj.pk]),
            reverse("job_detail", args=[obj.pk]),
        )

    def upload_view(self, request, job_id: int):
        """Many files (or zips), or a CSV with a zip, onto one job: the same services as
        every other way in. Redirects to the batch, which shows each file's outcome."""
        job = get_object_or_404(Job, pk=job_id)
        if not self.has_change_permission(request, job):
            raise PermissionDenied
        refusal = uploads.refusal(request)
        refused = uploads.refused_files(request)
        data = (request.POST or None, request.FILES or None) if not refusal else (None, None)
        files_form = ResumeUploadForm(*data, prefix="files")
        csv_form = CsvImportForm(*data, prefix="csv")
        if request.method == "POST":
            batch = None
            refused_fields = {f.field_name for f in refused}
            if refusal:
                messages.error(request, refusal)
            elif (
                "files-files" in request.FILES and files_form.is_valid()
            ) or "files-files" in refused_fields:
                # Files stopped while they arrived (too large) are reported in the batch.
                batch = files_form.start_import(
                    job=job, source=ImportBatch.Source.ADMIN, by=request.user, refused=refused
                )
            elif refused:
                # A CSV import needs its files whole: a missing one would reject every row.
                for each in refused:
                    messages.error(request, f"{each.name}: {each.reason}")
            elif "csv-csv_file" in request.FILES and csv_form.is_valid():
                batch = csv_form.start_import(job=job, by=request.user)
            else:
                messages.error(request, "Choose resume files, or a CSV.")
            if batch:
                messages.success(
                    request,
                    "Uploaded. Each file's outcome appears below as the worker finishes it.",
                )
                return redirect("admin:recruiting_importbatch_change", batch.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Add resumes to {job}",
            "job": job,
            "opts": self.model._meta,
            "files_form": files_form,
            "csv_form": csv_form,
        }
        return TemplateResponse(request, "admin/recruiting/job/upload.html", context)

    @admin.display(description="Applications", ordering="_application_count")
    def application_count(self, obj):
        url = reverse("admin:recruiting_application_changelist") + f"?job__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj._application_count)

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
