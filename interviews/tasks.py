"""Thin Celery wrappers around the interviews services: ids in, one service call, retries."""

from celery import shared_task

from ai.models import JobGeneration
from ai.services import job_generation_run
from ai.tasks import GenerationTask
from interviews.services import job_questions_generate


@shared_task(base=GenerationTask, kind=JobGeneration.Kind.QUESTIONS)
def generate_job_questions(job_id: int) -> None:
    """Draft the job's phone-screen questions on its claimed ``JobGeneration`` row."""
    job_generation_run(
        job_id=job_id, kind=JobGeneration.Kind.QUESTIONS, draft=job_questions_generate
    )
