"""Candidates, their consent records, and the possible duplicates a recruiter merges or keeps
apart."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html

from recruiting import services
from recruiting.admin.base import ReadOnlyInline, RecordAdmin
from recruiting.models import Application, Candidate, ConsentRecord, PossibleDuplicate, Resume


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


class CandidateConsentInline(ReadOnlyInline):
    model = ConsentRecord
    fk_name = "candidate"
    fields = ("kind", "wording_version", "source", "granted_at", "withdrawn_at")
    readonly_fields = fields


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ("__str__", "email", "phone", "location", "do_not_call", "created_at")
    list_filter = ("do_not_call", "created_at")
    search_fields = ("name", "email", "phone")
    readonly_fields = ("created_at", "updated_at")
    inlines = [CandidateApplicationInline, CandidateResumeInline, CandidateConsentInline]


@admin.register(ConsentRecord)
class ConsentRecordAdmin(RecordAdmin):
    list_display = ("candidate", "kind", "wording_version", "source", "granted_at", "withdrawn_at")
    list_filter = ("kind", "source", ("withdrawn_at", admin.EmptyFieldListFilter), "granted_at")
    search_fields = ("candidate__name", "candidate__email", "wording_version")
    list_select_related = ("candidate",)
    raw_id_fields = ("candidate", "recorded_by", "withdrawn_by")
    readonly_fields = ("created_at", "updated_at")
    date_hierarchy = "granted_at"


@admin.register(PossibleDuplicate)
class PossibleDuplicateAdmin(admin.ModelAdmin):
    """Candidates who share an email, phone or file but whose names disagree: a recruiter
    merges them into one or keeps them apart (the same service as the candidate page)."""

    actions = ["merge", "keep_apart"]
    list_display = (
        "created_at",
        "existing_link",
        "candidate_link",
        "matched_on",
        "status",
        "resolved_by",
        "resolved_at",
    )
    list_filter = ("status", "matched_on", "created_at")
    search_fields = (
        "candidate__name",
        "candidate__email",
        "candidate__phone",
        "existing__name",
        "existing__email",
        "existing__phone",
    )
    list_select_related = ("candidate", "existing", "resolved_by")
    readonly_fields = (
        "candidate",
        "existing",
        "matched_on",
        "resume",
        "status",
        "resolved_by",
        "resolved_at",
        "created_at",
        "updated_at",
    )
    fields = readonly_fields
    change_form_template = "admin/recruiting/possibleduplicate/change_form.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        decide = self.admin_site.admin_view(self.resolve_view)
        return [
            path(
                "<int:duplicate_id>/resolve/<str:action>/",
                decide,
                name="recruiting_possibleduplicate_resolve",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="Existing candidate (kept by a merge)")
    def existing_link(self, obj):
        return self._candidate_link(obj.existing)

    @admin.display(description="Possible duplicate")
    def candidate_link(self, obj):
        return self._candidate_link(obj.candidate) if obj.candidate else "(merged)"

    def _candidate_link(self, candidate):
        url = reverse("admin:recruiting_candidate_change", args=[candidate.pk])
        contact = " · ".join(filter(None, [candidate.email, candidate.phone]))
        return format_html('<a href="{}">{}</a> <span>{}</span>', url, candidate, contact)

    def resolve_view(self, request, duplicate_id: int, action: str):
        if request.method != "POST":
            return redirect("admin:recruiting_possibleduplicate_change", duplicate_id)
        duplicate = get_object_or_404(PossibleDuplicate, pk=duplicate_id)
        if not self.has_change_permission(request, duplicate):
            raise PermissionDenied
        self._resolve(request, [duplicate], action)
        return redirect("admin:recruiting_possibleduplicate_change", duplicate_id)

    @admin.action(description="Merge each selected pair into one candidate", permissions=["change"])
    def merge(self, request, queryset):
        self._resolve(request, queryset, "merge")

    @admin.action(description="Keep each selected pair apart (two people)", permissions=["change"])
    def keep_apart(self, request, queryset):
        self._resolve(request, queryset, "keep_apart")

    def _resolve(self, request, duplicates, action: str) -> None:
        done = 0
        for duplicate in duplicates:
            try:
                services.candidate_duplicate_resolve(
                    duplicate=duplicate, action=action, by=request.user
                )
            except services.DecisionError as exc:
                self.message_user(request, f"{duplicate}: {exc}", messages.ERROR)
            else:
                done += 1
        if done:
            what = "merged" if action == "merge" else "kept apart"
            pairs = "1 pair" if done == 1 else f"{done} pairs"
            self.message_user(request, f"{pairs} {what}.", messages.SUCCESS)
