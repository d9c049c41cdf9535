"""Thin Celery wrappers around the AI services: ids in, one service call, retries.

Transient provider errors (429, 529, 5xx, timeouts) are retried with exponential backoff and
jitter, never sooner than the server's retry-after (``config.tasks.RowTask``); on the last
failure the screening is marked failed with a reason HR can read. A full per-job concurrency
limit re-queues the task without using up its retries.
"""

import logging

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from ai import services
from ai.concurrency import SlotUnavailable
from ai.providers import TransientProviderError
from config.tasks import RowTask

logger = logging.getLogger(__name__)

RETRYABLE = (TransientProviderError, OperationalError)
GAVE_UP = (
    "The AI service kept failing ({error}). Use “Screen again” on the job page once it is back."
)
TOO_LONG = "Screening took too long and was stopped. Use “Screen again” on the job page."


class AITask(RowTask):
    """Retries transient provider and database errors, waiting longer than intake does."""

    retry_on = RETRYABLE
    backoff_base = 10.0
    backoff_cap = 900.0


class ScreeningTask(AITask):
    """Its one argument names the screening's row: ``row`` is which keyword of
    ``screening_mark_failed`` it is."""

    row = "screening_id"
    timeout_reason = TOO_LONG
    gave_up_reason = GAVE_UP

    def mark_failed(self, task_args: tuple, reason: str, *, timed_out: bool) -> None:
        services.screening_mark_failed(reason=reason, **{self.row: task_args[0]})


def _when_a_slot_is_free(task, run) -> None:
    """Run; when the job is at its concurrency limit, send the task again later without
    using up a retry (``SlotUnavailable`` is transient, so it is caught before the base
    task's retry would)."""
    try:
        run()
    except SlotUnavailable as exc:
        task.apply_async(task.request.args, countdown=exc.retry_after)


@shared_task(bind=True, base=ScreeningTask, row="application_id")
def screen_application(self, application_id: int) -> None:
    _when_a_slot_is_free(self, lambda: services.application_screen(application_id))


@shared_task(bind=True, base=ScreeningTask)
def run_screening(self, screening_id: int) -> None:
    _when_a_slot_is_free(self, lambda: services.screening_run(screening_id))


@shared_task(base=AITask)
def dispatch_job_screenings(job_id: int) -> None:
    services.job_screenings_dispatch(job_id)


@shared_task(base=AITask, max_retries=8)
def poll_screening_batch(batch_id: str) -> None:
    """Poll until the batch has ended (a batch ends within 24 hours, expired if need be);
    beat's ``poll_open_batches`` picks up any batch whose poll chain was lost."""
    if not services.screening_batch_poll(batch_id):
        poll_screening_batch.apply_async((batch_id,), countdown=settings.AI_BATCH_POLL_SECONDS)


@shared_task
def poll_open_batches() -> int:
    """Beat: recover batches whose submit was cut short, then look at every batch still
    open, in case a poll message was lost."""
    services.screening_batches_recover()
    batch_ids = services.open_batch_ids()
    for batch_id in batch_ids:
        poll_screening_batch.delay(batch_id)
    return len(batch_ids)


@shared_task(base=AITask, retry_on=(OperationalError,), backoff_base=2.0)
def rerank_job(job_id: int) -> int:
    return services.job_rerank(job_id)


class GenerationTask(AITask):
    """Drafts a job's requirements or questions (``interviews.tasks``); its one argument is
    the job's id and ``kind`` says which ``JobGeneration`` row it works on."""

    kind = ""
    timeout_reason = "It took too long and was stopped."
    gave_up_reason = "The AI service kept failing ({error})."

    def mark_failed(self, task_args: tuple, reason: str, *, timed_out: bool) -> None:
        services.job_generation_mark_failed(job_id=task_args[0], kind=self.kind, reason=reason)


@shared_task(base=GenerationTask, kind="requirements")
def generate_job_requirements(job_id: int) -> None:
    services.job_generation_run(job_id=job_id, kind="requirements")


@shared_task
def requeue_stuck_screenings() -> int:
    return services.screenings_requeue_stuck()
