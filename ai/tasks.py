"""Thin Celery wrappers around the AI services: ids in, one service call, retries.

Transient provider errors (429, 529, 5xx, timeouts) are retried with exponential backoff and
jitter, never sooner than the server's retry-after; on the last failure the screening is
marked failed with a reason HR can read. A full per-job concurrency limit re-queues the
task without using up its retries.
"""

import logging
import random

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError

from ai import services
from ai.concurrency import SlotUnavailable
from ai.providers import TransientProviderError

logger = logging.getLogger(__name__)

RETRYABLE = (TransientProviderError, OperationalError)
GAVE_UP = (
    "The AI service kept failing ({error}). Use “Screen again” on the job page once it is back."
)
TOO_LONG = "Screening took too long and was stopped. Use “Screen again” on the job page."


def backoff(retries: int, *, base: float = 10.0, cap: float = 900.0) -> float:
    """Exponential backoff with full jitter, in seconds."""
    return random.uniform(0, min(cap, base * 2**retries))


def retry_countdown(exc: Exception, retries: int) -> float:
    """Backoff, but never sooner than the provider's retry-after."""
    retry_after = getattr(exc, "retry_after", None) or 0
    return max(float(retry_after), backoff(retries))


def _screen(task, run, target: dict) -> None:
    """The body both screening tasks share: run, wait for a slot when the job is at its
    concurrency limit (without using a retry), retry transient errors, and on the last
    failure mark the screening failed. ``target`` names the row for ``mark_failed``."""
    try:
        run()
    except SlotUnavailable as exc:
        task.apply_async(task.request.args, countdown=exc.retry_after)
    except SoftTimeLimitExceeded:
        services.screening_mark_failed(reason=TOO_LONG, **target)
    except RETRYABLE as exc:
        if task.request.retries >= task.max_retries:
            services.screening_mark_failed(reason=GAVE_UP.format(error=exc), **target)
            return
        logger.warning("%s %s will retry: %s", task.name, target, exc)
        raise task.retry(exc=exc, countdown=retry_countdown(exc, task.request.retries)) from exc


@shared_task(bind=True, max_retries=5)
def screen_application(self, application_id: int) -> None:
    _screen(
        self,
        lambda: services.application_screen(application_id),
        {"application_id": application_id},
    )


@shared_task(bind=True, max_retries=5)
def run_screening(self, screening_id: int) -> None:
    _screen(self, lambda: services.screening_run(screening_id), {"screening_id": screening_id})


@shared_task(bind=True, max_retries=5)
def dispatch_job_screenings(self, job_id: int) -> None:
    try:
        services.job_screenings_dispatch(job_id)
    except RETRYABLE as exc:
        raise self.retry(exc=exc, countdown=retry_countdown(exc, self.request.retries)) from exc


@shared_task(bind=True, max_retries=8)
def poll_screening_batch(self, batch_id: str) -> None:
    """Poll until the batch has ended (a batch ends within 24 hours, expired if need be);
    beat's ``poll_open_batches`` picks up any batch whose poll chain was lost."""
    from django.conf import settings

    try:
        ended = services.screening_batch_poll(batch_id)
    except RETRYABLE as exc:
        raise self.retry(exc=exc, countdown=retry_countdown(exc, self.request.retries)) from exc
    if not ended:
        poll_screening_batch.apply_async((batch_id,), countdown=settings.AI_BATCH_POLL_SECONDS)


@shared_task
def poll_open_batches() -> int:
    """Beat: look at every batch still open, in case a poll message was lost."""
    batch_ids = services.open_batch_ids()
    for batch_id in batch_ids:
        poll_screening_batch.delay(batch_id)
    return len(batch_ids)


@shared_task(bind=True, max_retries=5)
def rerank_job(self, job_id: int) -> int:
    try:
        return services.job_rerank(job_id)
    except OperationalError as exc:
        raise self.retry(exc=exc, countdown=backoff(self.request.retries, base=2)) from exc


@shared_task(bind=True, max_retries=5)
def generate_job_requirements(self, job_id: int) -> None:
    from recruiting.models import Job

    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return
    try:
        services.job_requirements_generate(job)
    except services.GenerationFailed as exc:
        logger.error("requirements for job %s could not be generated: %s", job_id, exc.reason)
    except RETRYABLE as exc:
        raise self.retry(exc=exc, countdown=retry_countdown(exc, self.request.retries)) from exc


@shared_task(bind=True, max_retries=5)
def generate_job_questions(self, job_id: int) -> None:
    from recruiting.models import Job

    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return
    try:
        services.job_questions_generate(job)
    except services.GenerationFailed as exc:
        logger.error("questions for job %s could not be generated: %s", job_id, exc.reason)
    except RETRYABLE as exc:
        raise self.retry(exc=exc, countdown=retry_countdown(exc, self.request.retries)) from exc


@shared_task
def requeue_stuck_screenings() -> int:
    return services.screenings_requeue_stuck()
