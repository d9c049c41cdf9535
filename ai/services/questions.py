"""Phone-screen questions drafted by the AI from a job's requirements. The questions are
``interviews``' rows: this returns the drafted items, and ``interviews.services`` stores
them."""

from __future__ import annotations

from ai.models import AIRun
from ai.providers import Provider, get_provider
from ai.schemas import QuestionItem, validate_questions
from ai.services import calls
from ai.services.audit import db_recorder
from ai.services.context import job_requirements_for
from ai.services.messages import build_questions_request
from recruiting.models import Job


def questions_draft(
    job: Job, *, provider: Provider | None = None
) -> tuple[list[QuestionItem], AIRun | None]:
    """Questions for the job's current requirements, and the ``AIRun`` that wrote them.

    Raises GenerationFailed (with a reason for HR) or a provider error.
    """
    provider = provider or get_provider()
    request = build_questions_request(
        title=job.title, description=job.description, requirements=job_requirements_for(job)
    )
    items, _, run = calls.generate(
        provider, request, validate_questions, record=db_recorder(provider=provider, job=job)
    )
    return items, run
