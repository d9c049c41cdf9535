"""Applications: filtering by score, and the recruiter's bulk actions (shortlist, screen
again, reject with a reason, export)."""

import csv

from django.contrib import admin, messages
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from ai import services as ai_services
from recruiting import services
from recruiting.models import Application


def _csv_safe(value: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; resume-derived text is
    untrusted, so such cells are prefixed with a quote."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


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
    actions = ["shortlist", "screen_again", "reject_with_reason", "export_csv"]
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
        "hr_page",
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

    @admin.display(description="HR page")
    def hr_page(self, obj):
        return format_html('<a href="{}">Open</a>', reverse("application_detail", args=[obj.pk]))

    @admin.action(description="Shortlist selected applications", permissions=["change"])
    def shortlist(self, request, queryset):
        moved = services.applications_move(
            applications=queryset.select_related("candidate"),
            stage=Application.Stage.SHORTLISTED,
            by=request.user,
        )
        self.message_user(request, f"{moved} applications shortlisted.", messages.SUCCESS)

    @admin.action(description="Screen selected applications again", permissions=["change"])
    def screen_again(self, request, queryset):
        queued = ai_services.applications_rescreen(
            applications=queryset.select_related("resume"), by=request.user
        )
        self.message_user(request, f"{queued} screenings queued.", messages.SUCCESS)

    @admin.action(
        description="Reject selected applications (with a reason)", permissions=["change"]
    )
    def reject_with_reason(self, request, queryset):
        """Asks for the reason on an intermediate page, then rejects."""
        reason = request.POST.get("reason", "").strip()
        if request.POST.get("confirm") and reason:
            moved = services.applications_move(
                applications=queryset.select_related("candidate"),
                stage=Application.Stage.REJECTED,
                by=request.user,
                reason=reason,
            )
            self.message_user(request, f"{moved} applications rejected.", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Reject applications",
            "opts": self.model._meta,
            "applications": queryset.select_related("candidate", "job"),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "missing_reason": bool(request.POST.get("confirm")),
        }
        return TemplateResponse(request, "admin/recruiting/application/reject.html", context)

    @admin.action(description="Export selected applications as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="applications.csv"'
        writer = csv.writer(response)
        writer.writerow(
            [
                "candidate",
                "email",
                "phone",
                "job",
                "stage",
                "rank",
                "overall score",
                "resume score",
                "phone score",
                "recommendation",
                "rejection reason",
            ]
        )
        for application in queryset.select_related("candidate", "job").order_by("job", "rank"):
            writer.writerow(
                [
                    _csv_safe(application.candidate.name),
                    application.candidate.email,
                    application.candidate.phone,
                    _csv_safe(application.job.title),
                    application.get_stage_display(),
                    application.effective_rank or "",
                    application.overall_score if application.overall_score is not None else "",
                    application.resume_score if application.resume_score is not None else "",
                    application.phone_score if application.phone_score is not None else "",
                    application.effective_recommendation,
                    _csv_safe(application.rejection_reason),
                ]
            )
        return response
