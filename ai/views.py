"""HR actions on the AI's work: review and approve requirements and questions, override a
rank or recommendation, agree or disagree with a screening. Each view checks the user may
manage (or, for feedback, read) the job, then calls one service."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from ai import services
from ai.forms import FeedbackForm, OverrideForm, QuestionEditForm, RequirementsForm
from ai.models import JobGeneration, Screening
from interviews import services as interview_services
from recruiting import roles
from recruiting.models import Application
from recruiting.web import form_errors_to_messages, staff_required


@staff_required
@require_POST
def requirements_save(request, job_id: int):
    job = get_object_or_404(roles.jobs_managed_by(request.user), pk=job_id)
    form = RequirementsForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
    else:
        _, queued = services.job_requirements_edit(job, user=request.user, **form.service_kwargs())
        note = f" {queued} candidates are being screened again." if queued else ""
        messages.success(request, "Requirements saved and approved." + note)
    return redirect(reverse("job_detail", args=[job.pk]) + "#requirements")


@staff_required
@require_POST
def requirements_approve(request, job_id: int):
    job = get_object_or_404(roles.jobs_managed_by(request.user), pk=job_id)
    try:
        services.job_requirements_approve(
            job, user=request.user, requirements=services.job_requirements_for(job).to_dict()
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Requirements approved.")
    return redirect(reverse("job_detail", args=[job.pk]) + "#requirements")


@staff_required
@require_POST
def questions_generate(request, job_id: int):
    job = get_object_or_404(roles.jobs_managed_by(request.user), pk=job_id)
    if services.job_generation_request(job_id=job.pk, kind=JobGeneration.Kind.QUESTIONS):
        messages.success(request, "Writing screening questions from the requirements…")
    else:
        messages.info(request, "The questions are already being written.")
    return redirect(reverse("job_detail", args=[job.pk]) + "#questions")


@staff_required
@require_POST
def requirements_generate(request, job_id: int):
    """Draft the requirements again (after a failure); approved requirements are kept."""
    job = get_object_or_404(roles.jobs_managed_by(request.user), pk=job_id)
    if job.requirements_approved_at:
        messages.info(request, "These requirements are approved; edit them instead.")
    elif services.job_generation_request(job_id=job.pk, kind=JobGeneration.Kind.REQUIREMENTS):
        messages.success(request, "Drafting the requirements from the description…")
    else:
        messages.info(request, "The requirements are already being drafted.")
    return redirect(reverse("job_detail", args=[job.pk]) + "#requirements")


@staff_required
@require_POST
def questions_approve(request, job_id: int):
    job = get_object_or_404(roles.jobs_managed_by(request.user), pk=job_id)
    ids = request.POST.getlist("questions") or None
    count = interview_services.job_questions_approve(job, user=request.user, question_ids=ids)
    messages.success(request, f"{count} question{'s' if count != 1 else ''} approved.")
    return redirect(reverse("job_detail", args=[job.pk]) + "#questions")


@staff_required
@require_POST
def question_edit(request, job_id: int):
    job = get_object_or_404(roles.jobs_managed_by(request.user), pk=job_id)
    form = QuestionEditForm(request.POST, job=job)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect(reverse("job_detail", args=[job.pk]) + "#questions")
    question = form.cleaned_data["question"]
    was_approved = question.approved_at is not None
    try:
        interview_services.screening_question_edit(
            question, user=request.user, **form.service_kwargs()
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        again = " It needs approving again before a call asks it." if was_approved else ""
        messages.success(request, f"Question saved as a draft.{again}")
    return redirect(reverse("job_detail", args=[job.pk]) + f"#question-{question.pk}")


@staff_required
@require_POST
def application_override(request, application_id: int):
    application = get_object_or_404(
        Application.objects.filter(job__in=roles.jobs_managed_by(request.user)),
        pk=application_id,
    )
    form = OverrideForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
    else:
        data = form.cleaned_data
        try:
            services.application_override(
                application,
                user=request.user,
                reason=data["reason"],
                rank=data["rank"],
                recommendation=data["recommendation"] or None,
                clear=data["clear"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Override saved; the ranking is updated.")
    return redirect("application_detail", application.pk)


@staff_required
@require_POST
def screening_feedback(request, screening_id: int):
    screening = get_object_or_404(
        Screening.objects.filter(application__job__in=roles.jobs_for(request.user)),
        pk=screening_id,
    )
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
    else:
        try:
            services.screening_feedback_record(screening, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Thanks: your feedback is recorded.")
    return redirect("application_detail", screening.application_id)
