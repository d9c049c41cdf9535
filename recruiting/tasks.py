"""Thin Celery wrappers around the intake services: ids in, one service call, retries."""

from celery import shared_task
from django.db import OperationalError

from config.tasks import RowTask
from recruiting import csv_import, services


class ResumeTask(RowTask):
    """A pipeline step of one resume; its one argument is the resume id."""

    retry_on = (services.TransientError, OperationalError)
    gave_up_code = "error"

    def mark_failed(self, task_args: tuple, reason: str, *, timed_out: bool) -> None:
        (resume_id,) = task_args
        code = "timeout" if timed_out else self.gave_up_code
        services.resume_mark_failed(resume_id=resume_id, reason=reason, code=code)


@shared_task(
    base=ResumeTask,
    timeout_reason="Reading this file took too long; it may be damaged or unusually large.",
    gave_up_reason="The file could not be read from storage. Try uploading it again.",
    gave_up_code="storage",
)
def extract_resume(resume_id: int) -> None:
    services.resume_extract(resume_id=resume_id)


# On the soft time limit, fail now with a reason, rather than sit in "parsing" until the
# sweeper requeues it to time out again.
@shared_task(
    base=ResumeTask,
    timeout_reason="Reading this file took too long; it may be malformed.",
    gave_up_reason="The profile could not be saved.",
    gave_up_code="database",
)
def parse_resume(resume_id: int) -> None:
    services.resume_parse(resume_id=resume_id)


@shared_task
def requeue_stuck_resumes() -> int:
    return services.resumes_requeue_stuck() + services.import_batches_requeue_stuck()


# A CSV of thousands of rows, each possibly with a resume, takes longer than a resume.
@shared_task(soft_time_limit=1800, time_limit=1900)
def import_candidates_csv(batch_id: int) -> None:
    csv_import.candidates_import_csv(batch_id=batch_id)
