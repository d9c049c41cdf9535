import csv

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from ai import services as ai_services
from recruiting import accounts, roles, services, uploads
from recruiting.apps import PRODUCT_APPS
from recruiting.forms import CsvImportForm, ResumeUploadForm, StaffInviteForm
from recruiting.models import (
    Application,
    Candidate,
    ConsentRecord,
    Event,
    ImportBatch,
    Job,
    PossibleDuplicate,
    Resume,
    User,
)


def _csv_safe(value: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; resume-derived text is
    untrusted, so such cells are prefixed with a quote."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _recruiters_only(request) -> bool:
    """The back office is for recruiters; hiring managers and interviewers use the HR
    pages, which scope everything to their jobs."""
    return request.user.is_active and request.user.is_staff and roles.is_recruiter(request.user)


admin.site.has_permission = _recruiters_only


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


class RecordAdmin(admin.ModelAdmin):
    """For rows that record what happened (consents given or withdrawn, inbound provider
    callbacks): recruiters read them; nobody adds one by hand, and only a superuser changes
    or deletes one (to correct a mistake or honour an erasure request)."""

    def has_add_permission(self, request, *args, **kwargs):
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Staff accounts. New people are invited (they choose their own password from the
    emailed link) rather than given one.

    Superusers get Django's full user admin. Everyone else (recruiters: the back office
    lets no one else in) edits names, email, whether the account is active and its roles,
    within ``recruiting.accounts``' rules: no superuser status, per-user permissions,
    groups outside the roles, passwords, or changes to a superuser's account.
    """

    change_list_template = "admin/recruiting/user/change_list.html"
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "group_names")
    actions = ["deactivate"]
    staff_fieldsets = (
        (None, {"fields": ("username",)}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        ("Access", {"fields": ("is_active", "groups", "is_staff", "is_superuser")}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    staff_readonly_fields = ("is_staff", "is_superuser", "last_login", "date_joined")

    def get_urls(self):
        invite = self.admin_site.admin_view(self.invite_view)
        return [path("invite/", invite, name="recruiting_user_invite"), *super().get_urls()]

    def invite_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = StaffInviteForm(request.POST or None, roles=accounts.assignable_roles(request.user))
        if request.method == "POST" and form.is_valid():
            user = accounts.staff_invite(invited_by=request.user, **form.cleaned_data)
            messages.success(request, f"Invitation sent to {user.email}.")
            return redirect("admin:recruiting_user_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": "Invite a member of staff",
            "opts": self.model._meta,
            "form": form,
        }
        return TemplateResponse(request, "admin/recruiting/user/invite.html", context)

    def add_view(self, request, form_url="", extra_context=None):
        # Django's add form sets the new person's password; staff are invited instead.
        if not request.user.is_superuser:
            return redirect("admin:recruiting_user_invite")
        return super().add_view(request, form_url, extra_context)

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def get_fieldsets(self, request, obj=None):
        if obj is None or request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.staff_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return self.staff_readonly_fields

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = accounts.assignable_groups(request.user)
            if not request.user.is_superuser:
                kwargs["label"] = "Roles"
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or accounts.can_manage_account(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        # Leavers are deactivated, which keeps their history; only superusers delete.
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        if request.user.is_superuser or "groups" not in form.cleaned_data:
            return super().save_related(request, form, formsets, change)
        groups = form.cleaned_data.pop("groups")
        super().save_related(request, form, formsets, change)
        accounts.staff_roles_set(account=form.instance, groups=groups, by=request.user)

    @admin.action(description="Deactivate selected accounts", permissions=["change"])
    def deactivate(self, request, queryset):
        count = accounts.staff_deactivate(accounts=queryset, by=request.user)
        noun = "account" if count == 1 else "accounts"
        self.message_user(request, f"{count} {noun} deactivated.", messages.SUCCESS)

    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("username", "first_name", "last_name", "email")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="Roles")
    def group_names(self, obj):
        return ", ".join(group.name for group in obj.groups.all())


class SuperusersOnly:
    """For the admin of a model outside the product (groups and permissions, two-factor
    devices, email addresses, beat schedules, ...): only superusers see or touch it,
    whatever permissions a group was given."""

    def has_module_permission(self, request):
        return request.user.is_superuser and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args, **kwargs):
        return request.user.is_superuser and super().has_add_permission(request, *args, **kwargs)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


def _superusers_only_outside(app_labels) -> None:
    """Re-register every admin already registered for a model outside ``app_labels`` with
    ``SuperusersOnly`` in front. Third-party apps come before ours in INSTALLED_APPS, so
    theirs are registered by the time this module is imported."""
    for model, model_admin in list(admin.site._registry.items()):
        if model._meta.app_label in app_labels or isinstance(model_admin, SuperusersOnly):
            continue
        base = type(model_admin)
        admin.site.unregister(model)
        admin.site.register(
            model, type(f"SuperusersOnly{base.__name__}", (SuperusersOnly, base), {})
        )


_superusers_only_outside(PRODUCT_APPS)


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
