"""AI services: requirements and questions from a job description, screening, ranking,
HR overrides and feedback.

Every model (or offline scorer) call goes through ``calls.generate``: one provider call,
output validated (pydantic, then quotes checked against the resume), one regeneration with
the error stated when the answer is unusable, and an ``AIRun`` row per call. Screening rows
are the unit of work, claimed with a conditional UPDATE, so a redelivered task is harmless.

Where things are:

- ``audit``: the ``AIRun`` row of each call, its cost (``price_for``, ``cost_usd``) and
  ``input_hash``;
- ``calls``: ``generate`` (call, validate, regenerate once) and ``GenerationFailed``;
- ``context``: what the AI reads about a job (``job_requirements_for``, ``JobContext``);
- ``messages``: the requests sent to the model (``build_screen_request`` and the others);
- ``requirements``: a job's requirements drafted, approved and edited by HR;
- ``questions``: phone-screen questions drafted (``interviews`` stores them);
- ``generation``: the ``JobGeneration`` work rows that drafting runs on;
- ``screening``: ``screen_prepared`` (no database) and the ``Screening`` rows;
- ``batches``: screenings sent as Message Batches (``ScreeningBatch`` rows), polled,
  recovered;
- ``ranking``: the re-rank and HR's rank and recommendation overrides;
- ``decisions``: HR's feedback on a screening, and screening again;
- ``answers``: a phone screen's answers assessed from plain data (``phone_answers_assess``).

This module re-exports the names used outside the package.
"""

from ai.services.answers import AnswerToAssess, PhoneAnswersAssessed, phone_answers_assess
from ai.services.audit import input_hash, price_for
from ai.services.batches import (
    job_screenings_dispatch,
    open_batch_ids,
    screening_batch_poll,
    screening_batches_recover,
    screenings_batch_submit,
)
from ai.services.calls import GenerationFailed
from ai.services.context import JobContext, job_requirements_for
from ai.services.decisions import applications_rescreen, screening_feedback_record
from ai.services.generation import (
    job_generation_mark_failed,
    job_generation_request,
    job_generation_run,
)
from ai.services.messages import build_screen_request, job_block
from ai.services.questions import questions_draft
from ai.services.ranking import application_override, job_rerank, job_rerank_request
from ai.services.requirements import (
    job_requirements_approve,
    job_requirements_edit,
    job_requirements_generate,
    requirements_from_description,
)
from ai.services.screening import (
    STUCK_AFTER,
    application_screen,
    job_screen_all,
    screen_prepared,
    screening_mark_failed,
    screening_rerun,
    screening_run,
    screenings_requeue_stuck,
)

__all__ = [
    "STUCK_AFTER",
    "AnswerToAssess",
    "GenerationFailed",
    "JobContext",
    "PhoneAnswersAssessed",
    "application_override",
    "application_screen",
    "applications_rescreen",
    "build_screen_request",
    "input_hash",
    "job_block",
    "job_generation_mark_failed",
    "job_generation_request",
    "job_generation_run",
    "job_requirements_approve",
    "job_requirements_edit",
    "job_requirements_for",
    "job_requirements_generate",
    "job_rerank",
    "job_rerank_request",
    "job_screen_all",
    "job_screenings_dispatch",
    "open_batch_ids",
    "phone_answers_assess",
    "price_for",
    "questions_draft",
    "requirements_from_description",
    "screen_prepared",
    "screening_batch_poll",
    "screening_batches_recover",
    "screening_feedback_record",
    "screening_mark_failed",
    "screening_rerun",
    "screening_run",
    "screenings_batch_submit",
    "screenings_requeue_stuck",
]
