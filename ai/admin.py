"""The AI side of the back office: the audit log (read-only, with totals), screenings (HR
feedback, re-runs, agreement by prompt version) and per-job cost and agreement, with the
actions that generate requirements and questions, screen and re-rank."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.utils.html import format_html

from ai import selectors, services
from ai.models import AIRun, JobAIStats, JobGeneration, Screening, ScreeningBatch
from ai.providers import ProviderError
from interviews import services as interview_services


def _jobs(count: int) -> str:
    return f"{count} job{'' if count == 1 else 's'}"


@admin.register(AIRun)
class AIRunAdmin(admin.ModelAdmin):
    """The audit log: readable by staff, never edited. The changelist shows the totals of
    what is filtered (cost per job: filter by job)."""

    list_display = (
        "created_at",
        "purpose",
        "provider",
        "model",
        "prompt_version",
        "status",
        "attempts",
        "input_tokens",
        "output_tokens",
        "cache_read_tokens",
        "cache_write_tokens",
        "cost_usd",
        "latency_ms",
        "job",
    )
    list_filter = ("purpose", "provider", "status", "prompt_version", "created_at", "job")
    search_fields = ("input_hash", "provider_batch_id", "job__title", "error")
    list_select_related = ("job",)
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        cl = (
            getattr(response, "context_data", {}).get("cl")
            if hasattr(response, "context_data")
            else None
        )
        if cl is not None:
            response.context_data["ai_totals"] = cl.queryset.aggregate(
                runs=Count("pk"),
                cost=Sum("cost_usd"),
                input_tokens=Sum("input_tokens"),
                output_tokens=Sum("output_tokens"),
                cache_read_tokens=Sum("cache_read_tokens"),
                cache_write_tokens=Sum("cache_write_tokens"),
            )
        return response


@admin.register(Screening)
class ScreeningAdmin(admin.ModelAdmin):
    """Screenings and HR's feedback on them; the changelist shows agreement by prompt
    version and by job."""

    list_display = (
        "application",
        "status",
        "score",
        "recommendation",
        "flag_count",
        "provider",
        "prompt_version",
        "feedback",
        "created_at",
    )
    list_filter = ("status", "recommendation", "feedback", "provider", "prompt_version")
    search_fields = (
        "application__candidate__name",
        "application__candidate__email",
        "application__job__title",
    )
    list_select_related = ("application__candidate", "application__job")
    raw_id_fields = ("application", "resume", "ai_run", "feedback_by")
    readonly_fields = (
        "application",
        "resume",
        "status",
        "created_at",
        "updated_at",
        "claimed_at",
        "attempts",
        "provider_batch_id",
        "ai_run",
        "provider",
        "model",
        "prompt_version",
        "criteria",
        "score",
        "recommendation",
        "summary",
        "flags",
        "error",
        "feedback_by",
        "feedback_at",
    )
    actions = ("rerun", "agree", "disagree")

    def has_add_permission(self, request):
        return False

    @admin.display(description="flags")
    def flag_count(self, obj):
        return len(obj.flags or []) or ""

    def save_model(self, request, obj, form, change):
        """HR's feedback goes through the service (validated, on the timeline)."""
        if not {"feedback", "corrected_score", "feedback_note"} & set(form.changed_data):
            return
        if not obj.feedback:
            self.message_user(request, "Choose agree or disagree.", messages.ERROR)
            return
        try:
            services.screening_feedback_record(
                obj,
                user=request.user,
                verdict=obj.feedback,
                corrected_score=obj.corrected_score,
                note=obj.feedback_note,
            )
        except ValidationError as exc:
            self.message_user(request, "; ".join(exc.messages), messages.ERROR)

    @admin.action(description="Re-run the screening of the selected applications")
    def rerun(self, request, queryset):
        done = 0
        for screening in queryset.select_related("application__resume"):
            if services.screening_rerun(screening.application):
                done += 1
        self.message_user(request, f"{done} screening(s) queued.")

    def _feedback(self, request, queryset, verdict):
        recorded = 0
        for screening in queryset.filter(status=Screening.Status.DONE).select_related(
            "application"
        ):
            services.screening_feedback_record(screening, user=request.user, verdict=verdict)
            recorded += 1
        self.message_user(request, f"Feedback recorded on {recorded} screening(s).")

    @admin.action(description="I agree with the selected screenings")
    def agree(self, request, queryset):
        self._feedback(request, queryset, Screening.Feedback.AGREE)

    @admin.action(description="I disagree with the selected screenings")
    def disagree(self, request, queryset):
        self._feedback(request, queryset, Screening.Feedback.DISAGREE)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "agreement_by_prompt": selectors.feedback_agreement(by="prompt_version"),
            "agreement_by_job": selectors.feedback_agreement(by="job"),
        }
        return super().changelist_view(request, extra_context)


@admin.register(ScreeningBatch)
class ScreeningBatchAdmin(admin.ModelAdmin):
    """Message Batches of screenings, read-only: a row stuck in ``submitting`` is recovered
    by the beat task ``poll_open_batches``."""

    list_display = (
        "created_at",
        "job",
        "status",
        "provider",
        "provider_batch_id",
        "submitted_at",
        "polled_at",
        "error",
    )
    list_filter = ("status", "provider")
    search_fields = ("provider_batch_id", "job__title")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(JobGeneration)
class JobGenerationAdmin(admin.ModelAdmin):
    """Drafting work rows: what is queued, running or failed, and why. Re-running one queues
    it again; the row, not the request, calls the model."""

    list_display = ("job", "kind", "status", "attempts", "updated_at", "error")
    list_filter = ("kind", "status")
    search_fields = ("job__title",)
    actions = ("draft_again",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Draft again", permissions=["view"])
    def draft_again(self, request, queryset):
        queued = sum(
            services.job_generation_request(job_id=row.job_id, kind=row.kind)
            for row in queryset.select_related("job")
            if not (
                row.kind == JobGeneration.Kind.REQUIREMENTS and row.job.requirements_approved_at
            )
        )
        self.message_user(request, f"Queued {queued} draft{'' if queued == 1 else 's'}.")


@admin.register(JobAIStats)
class JobAIStatsAdmin(admin.ModelAdmin):
    """Per job: screenings, AI cost, HR agreement; and the AI actions on a job."""

    list_display = (
        "title",
        "status",
        "screened_count",
        "failed_count",
        "runs",
        "cost",
        "feedback_count",
        "agreement",
        "requirements_state",
    )
    list_filter = ("status",)
    search_fields = ("title",)
    actions = (
        "generate_requirements",
        "generate_questions",
        "approve_questions",
        "screen_all",
        "rerank",
    )

    def get_queryset(self, request):
        return selectors.jobs_with_ai_stats(super().get_queryset(request))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="screened", ordering="screened")
    def screened_count(self, obj):
        return obj.screened

    @admin.display(description="failed", ordering="screening_failures")
    def failed_count(self, obj):
        return obj.screening_failures

    @admin.display(description="AI calls", ordering="ai_run_count")
    def runs(self, obj):
        return obj.ai_run_count

    @admin.display(description="AI cost (USD)", ordering="ai_cost")
    def cost(self, obj):
        return f"{obj.ai_cost:.4f}"

    @admin.display(description="feedback", ordering="feedback_total")
    def feedback_count(self, obj):
        return obj.feedback_total

    @admin.display(description="HR agrees")
    def agreement(self, obj):
        if not obj.feedback_total:
            return "-"
        return f"{100 * obj.feedback_agree / obj.feedback_total:.0f}%"

    @admin.display(description="requirements")
    def requirements_state(self, obj):
        if obj.requirements_approved_at:
            return format_html("approved {}", obj.requirements_approved_at.date())
        return "generated, not approved" if obj.requirements else "none yet"

    def _each(self, request, queryset, action, label):
        done = 0
        for job in queryset:
            try:
                action(job)
                done += 1
            except services.GenerationFailed as exc:
                self.message_user(request, f"{job}: {exc.reason}", messages.ERROR)
            except ProviderError as exc:
                self.message_user(request, f"{job}: {exc}", messages.ERROR)
        if done:
            self.message_user(request, f"{label} for {_jobs(done)}.")

    def _queue_generation(self, request, jobs, kind, what):
        """Mark each job's drafting row pending and queue its task; the model is called in
        the worker, never in this request."""
        queued = sum(services.job_generation_request(job_id=job.pk, kind=kind) for job in jobs)
        busy = len(jobs) - queued
        if queued:
            self.message_user(request, f"Queued {_jobs(queued)} for {what}.", messages.SUCCESS)
        if busy:
            self.message_user(request, f"{_jobs(busy)} already being drafted.", messages.WARNING)

    @admin.action(description="Generate requirements from the description", permissions=["view"])
    def generate_requirements(self, request, queryset):
        jobs = list(queryset)
        approved = [job for job in jobs if job.requirements_approved_at]
        if approved:
            self.message_user(
                request,
                f"Skipped {_jobs(len(approved))} whose requirements HR approved; "
                "edit them on the job page instead.",
                messages.WARNING,
            )
        drafts = [job for job in jobs if not job.requirements_approved_at]
        self._queue_generation(request, drafts, JobGeneration.Kind.REQUIREMENTS, "requirements")

    @admin.action(description="Generate phone-screen questions", permissions=["view"])
    def generate_questions(self, request, queryset):
        self._queue_generation(
            request, list(queryset), JobGeneration.Kind.QUESTIONS, "phone-screen questions"
        )

    @admin.action(description="Approve the generated questions", permissions=["view"])
    def approve_questions(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda job: interview_services.job_questions_approve(job, user=request.user),
            "Questions approved",
        )

    @admin.action(description="Screen every unscreened application", permissions=["view"])
    def screen_all(self, request, queryset):
        self._each(request, queryset, services.job_screen_all, "Screenings queued")

    @admin.action(description="Re-rank", permissions=["view"])
    def rerank(self, request, queryset):
        self._each(request, queryset, lambda job: services.job_rerank(job.pk), "Re-ranked")
