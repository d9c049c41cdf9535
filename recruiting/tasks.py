"""Thin Celery wrappers around the intake services: ids in, one service call, retries."""

import logging
import random

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError

from recruiting import csv_import, services

logger = logging.getLogger(__name__)

RETRYABLE = (services.TransientError, OperationalError)


def backoff(retries: int, *, base: float = 2.0, cap: float = 300.0) -> float:
    """Exponential backoff with full jitter, in seconds."""
    return random.uniform(0, min(cap, base * 2**retries))


@shared_task(bind=True, max_retries=5)
def extract_resume(self, resume_id: int) -> None:
    try:
        services.resume_extract(resume_id=resume_id)
    except SoftTimeLimitExceeded:
        services.resume_mark_failed(
            resume_id=resume_id,
            reason="Reading this file took too long; it may be damaged or unusually large.",
            code="timeout",
        )
    except RETRYABLE as exc:
        if self.request.retries >= self.max_retries:
            services.resume_mark_failed(
                resume_id=resume_id,
                reason="The file could not be read from storage. Try uploading it again.",
                code="storage",
            )
            return
        logger.warning("extract_resume %s will retry: %s", resume_id, exc)
        raise self.retry(exc=exc, countdown=backoff(self.request.retries)) from exc


@shared_task(bind=True, max_retries=5)
def parse_resume(self, resume_id: int) -> None:
    try:
        services.resume_parse(resume_id=resume_id)
    except SoftTimeLimitExceeded:
        # Fail now with a reason, rather than sit in "parsing" until the sweeper requeues it
        # to time out again.
        services.resume_mark_failed(
            resume_id=resume_id,
            reason="Reading this file took too long; it may be malformed.",
            code="timeout",
        )
    except RETRYABLE as exc:
        if self.request.retries >= self.max_retries:
            services.resume_mark_failed(
                resume_id=resume_id, reason="The profile could not be saved.", code="database"
            )
            return
        raise self.retry(exc=exc, countdown=backoff(self.request.retries)) from exc


@shared_task
def requeue_stuck_resumes() -> int:
    return services.resumes_requeue_stuck() + services.import_batches_requeue_stuck()


# A CSV of thousands of rows, each possibly with a resume, takes longer than a resume.
@shared_task(soft_time_limit=1800, time_limit=1900)
def import_candidates_csv(batch_id: int) -> None:
    csv_import.candidates_import_csv(batch_id=batch_id)
