"""Drafting work rows (``JobGeneration``): a job's requirements or questions are drafted by
the worker that claims the row, and a failure is recorded on it for HR."""

from __future__ import annotations

from collections.abc import Callable

from django.db import OperationalError
from django.db.models import F, Q
from django.utils import timezone

from ai.models import JobGeneration
from ai.providers import PermanentProviderError, Provider, TransientProviderError
from ai.services.calls import GenerationFailed
from ai.services.requirements import job_requirements_generate
from ai.services.screening import STUCK_AFTER
from config.tasks import enqueue
from recruiting.models import Job

# The questions are ``interviews``' rows, so their task lives there.
GENERATION_TASKS = {
    JobGeneration.Kind.REQUIREMENTS: "ai.tasks.generate_job_requirements",
    JobGeneration.Kind.QUESTIONS: "interviews.tasks.generate_job_questions",
}
GENERATION_FAILED = {
    JobGeneration.Kind.REQUIREMENTS: "Drafting requirements failed: {reason} Try again.",
    JobGeneration.Kind.QUESTIONS: "Writing the questions failed: {reason} Try again.",
}


def job_generation_request(*, job_id: int, kind: str) -> bool:
    """Ask for a (re)draft: set the job's work row pending and queue its task on commit.

    Returns False (and queues nothing) while a draft of that kind is already running.
    """
    row, created = JobGeneration.objects.get_or_create(job_id=job_id, kind=kind)
    if not created:
        reopened = (
            JobGeneration.objects.filter(pk=row.pk)
            .exclude(status=JobGeneration.Status.RUNNING)
            .update(status=JobGeneration.Status.PENDING, error="", updated_at=timezone.now())
        )
        if not reopened:
            return False
    enqueue(GENERATION_TASKS[kind], job_id)
    return True


def _claim_generation(job_id: int, kind: str) -> bool:
    """Claim the job's work row: pending, or running but stuck (its worker died).

    A job without a row yet (``job_create`` queues the first draft by task name, without
    a service of this app) gets a pending one first. A done or failed row is not claimed:
    only ``job_generation_request`` reopens it.
    """
    JobGeneration.objects.get_or_create(job_id=job_id, kind=kind)
    now = timezone.now()
    claimable = Q(status=JobGeneration.Status.PENDING) | Q(
        status=JobGeneration.Status.RUNNING, claimed_at__lt=now - STUCK_AFTER
    )
    return bool(
        JobGeneration.objects.filter(claimable, job_id=job_id, kind=kind).update(
            status=JobGeneration.Status.RUNNING,
            claimed_at=now,
            attempts=F("attempts") + 1,
            error="",
            updated_at=now,
        )
    )


def _set_generation(job_id: int, kind: str, status: str, *, error: str = "") -> int:
    return JobGeneration.objects.filter(
        job_id=job_id, kind=kind, status=JobGeneration.Status.RUNNING
    ).update(status=status, error=error, updated_at=timezone.now())


def job_generation_run(
    *,
    job_id: int,
    kind: str,
    draft: Callable[..., object] = job_requirements_generate,
    provider: Provider | None = None,
) -> bool:
    """Draft the job's requirements or questions if this call wins the claim on its row.

    ``draft(job, provider=...)`` writes the draft of this ``kind``: the requirements by
    default; the questions' task passes ``interviews.services.job_questions_generate``.
    Idempotent: a redelivered task finds the row running or done and does nothing.
    A transient provider error puts the row back to pending and goes up (the task retries);
    an unusable answer or a permanent provider error marks the row failed for HR.
    Returns whether this call did the work.
    """
    if not _claim_generation(job_id, kind):
        return False
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return False
    try:
        draft(job, provider=provider)
    except (TransientProviderError, OperationalError):
        _set_generation(job_id, kind, JobGeneration.Status.PENDING)
        raise
    except GenerationFailed as exc:
        job_generation_mark_failed(job_id=job_id, kind=kind, reason=exc.reason)
        return True
    except PermanentProviderError as exc:
        job_generation_mark_failed(job_id=job_id, kind=kind, reason=f"The AI service said: {exc}.")
        return True
    except Exception:
        job_generation_mark_failed(
            job_id=job_id, kind=kind, reason="An unexpected error stopped it."
        )
        raise
    _set_generation(job_id, kind, JobGeneration.Status.DONE)
    return True


def job_generation_mark_failed(*, job_id: int, kind: str, reason: str) -> int:
    """Record on the row why drafting failed, in words HR reads on the job page."""
    message = GENERATION_FAILED[kind].format(reason=reason.strip().rstrip(".") + ".")
    return (
        JobGeneration.objects.filter(job_id=job_id, kind=kind)
        .exclude(status=JobGeneration.Status.DONE)
        .update(status=JobGeneration.Status.FAILED, error=message, updated_at=timezone.now())
    )
