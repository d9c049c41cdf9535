"""HR pages: jobs, the ranked pipeline of a job, uploads with live progress, candidates.

Every object is fetched through ``recruiting.roles`` querysets, so a user who changes an
id in the URL to someone else's job gets a 404, not the page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from ai import selectors as ai_selectors
from ai import services as ai_services
from ai.forms import FeedbackForm, OverrideForm, QuestionEditForm, RequirementsForm
from recruiting import file_serving, roles, selectors, services, uploads
from recruiting.forms import (
    BulkActionForm,
    CsvImportForm,
    JobForm,
    NoteForm,
    ResumeUploadForm,
    StageForm,
)
from recruiting.models import Application, ImportBatch, Job, Resume
from recruiting.web import form_errors_to_messages, staff_required
from voice import selectors as voice_selectors

PAGE_SIZE = 50
FILTERS = ("stage", "recommendation", "min_score", "q")
SORTS = {
    "rank": ("rank", "-overall_score", "id"),
    "score": ("-overall_score", "rank", "id"),
    "name": ("candidate__name", "id"),
    "newest": ("-created_at", "-id"),
}


def _job_for(request, job_id: int, *, manage: bool = False) -> Job:
    queryset = roles.jobs_managed_by(request.user) if manage else roles.jobs_for(request.user)
    job = get_object_or_404(queryset, pk=job_id)
    if manage is False:
        job.can_manage = roles.can_manage(request.user, job)
    return job


@require_GET
def home(request):
    return redirect("jobs" if request.user.is_authenticated else "account_login")


@staff_required
@require_GET
def job_list(request):
    jobs = list(
        roles.jobs_for(request.user)
        .select_related("hiring_manager")
        .annotate(application_count=Count("applications", distinct=True))
        .order_by("status", "-created_at")
    )
    counts = selectors.stage_counts_by_job([job.pk for job in jobs])
    for job in jobs:
        job.stage_counts = counts.get(job.pk, {})
    return render(
        request,
        "recruiting/job_list.html",
        {
            "jobs": jobs,
            "stages": Application.Stage.choices,
            "can_create": roles.is_recruiter(request.user),
        },
    )


@staff_required
def job_create(request):
    if not roles.is_recruiter(request.user):
        raise PermissionDenied("Only recruiters create jobs.")
    form = JobForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = services.job_create(by=request.user, **form.cleaned_data)
        messages.success(request, "Job created. Review its requirements before screening.")
        return redirect("job_detail", job.pk)
    return render(request, "recruiting/job_form.html", {"form": form})


@staff_required
@require_GET
def job_detail(request, job_id: int):
    job = _job_for(request, job_id)
    applications = ai_selectors.job_applications(
        job,
        stage=request.GET.get("stage", ""),
        recommendation=request.GET.get("recommendation", ""),
        min_score=request.GET.get("min_score", ""),
        query=request.GET.get("q", "").strip(),
        order_by=SORTS.get(request.GET.get("sort", "rank"), SORTS["rank"]),
    )
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    ai_selectors.recommendation_reasons(job, page.object_list)
    filtered = any(request.GET.get(key, "").strip() for key in FILTERS)
    context = {
        "job": job,
        "page": page,
        "filtered": filtered,
        "total_count": job.applications.count() if filtered and not page.object_list else None,
        "clear_filters_url": reverse("job_detail", args=[job.pk]),
        "stage_counts": selectors.stage_counts_by_job([job.pk]).get(job.pk, {}),
        "stages": Application.Stage.choices,
        "recommendations": Application.Recommendation.choices,
        "sorts": list(SORTS),
        "filters": request.GET,
        "upload_form": ResumeUploadForm(),
        "csv_form": CsvImportForm(),
        "recent_batches": job.import_batches.select_related("created_by")[:5],
    }
    if not (request.htmx and request.htmx.target == "ranked-list"):
        requirements = ai_services.job_requirements_for(job)
        questions = list(job.screening_questions.current().select_related("approved_by", "job"))
        if job.can_manage:
            for question in questions:
                question.edit_form = QuestionEditForm.for_question(question)
        context.update(
            {
                "requirements": requirements,
                "requirements_form": RequirementsForm.for_requirements(requirements),
                "questions": questions,
                "stale_questions": sum(1 for q in questions if q.stale_since),
                "generations": ai_selectors.job_generations(job),
            }
        )
    if request.htmx and request.htmx.target == "ranked-list":
        return render(request, "recruiting/partials/ranked_list.html", context)
    return render(request, "recruiting/job_detail.html", context)


@require_POST
@uploads.accepts_uploads
@staff_required
def job_upload(request, job_id: int):
    job = _job_for(request, job_id, manage=True)
    if refusal := uploads.refusal(request):
        return _upload_refused(request, [refusal])
    form = ResumeUploadForm(request.POST, request.FILES)
    # Files stopped while they arrived (too large) are reported in the batch like any
    # other bad file, even when they were all there was.
    refused = uploads.refused_files(request)
    if not form.is_valid() and not refused:
        return render(request, "recruiting/partials/upload_errors.html", {"form": form}, status=400)
    batch = form.start_import(
        job=job, source=ImportBatch.Source.HR_PAGE, by=request.user, refused=refused
    )
    return _progress_response(request, batch)


@require_POST
@uploads.accepts_uploads
@staff_required
def job_import_csv(request, job_id: int):
    job = _job_for(request, job_id, manage=True)
    refusal = uploads.refusal(request)
    if refusal or uploads.refused_files(request):
        # A CSV import needs its files whole: a missing one would reject every row.
        reasons = [refusal] if refusal else []
        reasons += [f"{f.name}: {f.reason}" for f in uploads.refused_files(request)]
        return _upload_refused(request, reasons)
    form = CsvImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "recruiting/partials/upload_errors.html", {"form": form}, status=400)
    batch = form.start_import(job=job, by=request.user)
    return _progress_response(request, batch)


def _upload_refused(request, reasons: list[str]):
    return render(
        request, "recruiting/partials/upload_errors.html", {"reasons": reasons}, status=413
    )


def _progress_response(request, batch):
    if request.htmx:
        return render(
            request,
            "recruiting/partials/batch_progress.html",
            {**ai_selectors.batch_context(batch), "can_manage": True},  # they just uploaded
        )
    return redirect("batch_detail", batch.job_id, batch.pk)


@staff_required
@require_GET
def batch_detail(request, job_id: int, batch_id: int):
    job = _job_for(request, job_id)
    batch = get_object_or_404(job.import_batches, pk=batch_id)
    template = (
        "recruiting/partials/batch_progress.html"
        if request.htmx
        else "recruiting/batch_detail.html"
    )
    return render(
        request,
        template,
        {"job": job, "can_manage": job.can_manage, **ai_selectors.batch_context(batch)},
    )


@staff_required
@require_POST
def resume_add_anyway(request, resume_id: int):
    """HR overrules the verdict that a file of their batch is not a resume."""
    resume = get_object_or_404(
        Resume.objects.filter(batch__job__in=roles.jobs_managed_by(request.user)).select_related(
            "batch"
        ),
        pk=resume_id,
    )
    try:
        application = services.resume_add_anyway(resume=resume, by=request.user)
    except services.DecisionError as exc:
        messages.error(request, str(exc))
    else:
        who = application.candidate.name or "a candidate without a name"
        messages.success(request, f"{resume.original_name} added as {who}; screening has started.")
    return redirect("batch_detail", resume.batch.job_id, resume.batch_id)


@staff_required
@require_POST
def job_bulk_action(request, job_id: int):
    job = _job_for(request, job_id, manage=True)
    form = BulkActionForm(request.POST, queryset=job.applications.select_related("candidate"))
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect(_back(request, job))
    chosen = form.cleaned_data["applications"]
    action = form.cleaned_data["action"]
    if action == "screen":
        count = ai_services.applications_rescreen(applications=chosen, by=request.user)
        skipped = len(chosen) - count
        message = ngettext(
            "%(count)d candidate queued for screening.",
            "%(count)d candidates queued for screening.",
            count,
        ) % {"count": count}
        if skipped:
            message += " " + ngettext(
                "%(count)d was already waiting for one.",
                "%(count)d were already waiting for one.",
                skipped,
            ) % {"count": skipped}
        messages.success(request, message)
    else:
        stage = {"shortlist": Application.Stage.SHORTLISTED, "reject": Application.Stage.REJECTED}[
            action
        ]
        count = services.applications_move(
            applications=chosen, stage=stage, by=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            ngettext(
                "%(count)d candidate moved to %(stage)s.",
                "%(count)d candidates moved to %(stage)s.",
                count,
            )
            % {"count": count, "stage": stage.label}
            + _already(len(chosen) - count, stage.label),
        )
    return redirect(_back(request, job))


def _already(count: int, stage: str) -> str:
    if not count:
        return ""
    return " " + ngettext(
        "%(count)d was already in %(stage)s.", "%(count)d were already in %(stage)s.", count
    ) % {"count": count, "stage": stage}


def _back(request, job) -> str:
    fallback = reverse("job_detail", args=[job.pk])
    referer = request.headers.get("Referer", "")
    return referer if referer.startswith(request.build_absolute_uri(fallback)) else fallback


@staff_required
@require_GET
def application_detail(request, application_id: int):
    application = get_object_or_404(
        roles.applications_for(request.user).select_related(
            "candidate", "job", "resume", "stage_changed_by", "overridden_by"
        ),
        pk=application_id,
    )
    job = application.job
    context = {
        "application": application,
        "candidate": application.candidate,
        "job": job,
        "can_manage": roles.can_manage(request.user, job),
        "resume": application.resume,
        # What this job's pages show comes from the resume this application was made
        # with, never from a newer file sent to another job.
        "profile": application.resume.profile if application.resume else {},
        "other_resumes": roles.resumes_for(request.user)
        .filter(candidate=application.candidate)
        .exclude(pk=application.resume_id)
        .order_by("-created_at"),
        "other_applications": roles.applications_for(request.user)
        .filter(candidate=application.candidate)
        .exclude(pk=application.pk)
        .select_related("job"),
        "events": roles.events_for(request.user)
        .filter(candidate=application.candidate)
        .select_related("actor")[:200],
        "duplicate_notices": selectors.candidate_duplicate_notices(
            application.candidate, request.user
        ),
        "stage_form": StageForm(initial={"stage": application.stage}),
        "override_form": OverrideForm(
            initial={
                "rank": application.rank_override,
                "recommendation": application.recommendation_override,
            }
        ),
        "feedback_form": FeedbackForm(),
        "note_form": NoteForm(),
        **ai_selectors.application_screening_context(application),
        "phone_screens": voice_selectors.application_phone_screens(application),
    }
    return render(request, "recruiting/application_detail.html", context)


@staff_required
@require_POST
def application_stage(request, application_id: int):
    application = get_object_or_404(
        Application.objects.filter(job__in=roles.jobs_managed_by(request.user)),
        pk=application_id,
    )
    form = StageForm(request.POST)
    if form.is_valid():
        services.application_move(
            application=application,
            by=request.user,
            stage=form.cleaned_data["stage"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, f"Moved to {application.get_stage_display()}.")
    else:
        form_errors_to_messages(request, form)
    return redirect("application_detail", application.pk)


@staff_required
@require_POST
def application_note(request, application_id: int):
    application = get_object_or_404(roles.applications_for(request.user), pk=application_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.candidate_note_add(
            candidate=application.candidate,
            by=request.user,
            text=form.cleaned_data["text"],
            application=application,
        )
        messages.success(request, "Note added.")
    return redirect(reverse("application_detail", args=[application.pk]) + "#timeline")


@staff_required
@require_POST
def duplicate_resolve(request, duplicate_id: int):
    """Merge a possible duplicate, or keep the two candidates apart, from the candidate
    page. Only someone who manages every job of both candidates finds the duplicate."""
    duplicate = get_object_or_404(roles.duplicates_resolvable_by(request.user), pk=duplicate_id)
    action = request.POST.get("action", "")
    survivor_id = duplicate.existing_id
    try:
        services.candidate_duplicate_resolve(duplicate=duplicate, action=action, by=request.user)
    except services.DecisionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            "Merged into one candidate." if action == "merge" else "Kept apart as two people.",
        )
    # Back to the page the buttons were on; after a merge that folded it away, to the
    # surviving candidate's.
    readable = roles.applications_for(request.user)
    asked = request.POST.get("application", "")
    back = readable.filter(pk=int(asked)).first() if asked.isascii() and asked.isdigit() else None
    back = back or readable.filter(candidate_id=survivor_id).order_by("pk").first()
    return redirect("application_detail", back.pk) if back else redirect("jobs")


@xframe_options_sameorigin  # the candidate page shows the PDF in a frame
@staff_required
@require_GET
def resume_file(request, resume_id: int):
    """The original file, after a permission check: streamed from local disk, or a
    short-lived signed URL when it lives in S3. Type, disposition and headers follow
    ``recruiting.file_serving``: uploads never run in our origin."""
    resume = get_object_or_404(roles.resumes_for(request.user), pk=resume_id)
    if not resume.file:
        raise Http404("This upload was rejected, so its file was not kept.")
    delivery = file_serving.file_delivery(
        sniffed_type=resume.content_type,
        original_name=resume.original_name,
        inline_requested=bool(request.GET.get("inline")),
    )
    return file_serving.stored_file_response(resume.file, delivery)


@staff_required
@require_GET
def dashboard(request):
    """Funnel, scores, time in stage and AI cost, for one job or every job the user reads."""
    from recruiting import charts
    from recruiting import dashboard as numbers

    jobs = numbers.dashboard_jobs(request.user)
    job = None
    if chosen := request.GET.get("job"):
        job = next((job for job in jobs if str(job.pk) == chosen), None)
        if job is None:
            raise Http404("No such job.")
    data = numbers.dashboard_numbers(jobs=[job] if job else jobs)
    return render(
        request,
        "recruiting/dashboard.html",
        {
            "jobs": jobs,
            "job": job,
            "data": data,
            "charts": charts.dashboard_charts(data),
        },
    )
