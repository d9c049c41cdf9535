"""Decisions by people: moving applications between stages (the AI recommends, a person
decides) and creating jobs."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from config.tasks import enqueue
from recruiting.models import (
    Application,
    Event,
    Job,
    User,
)
from recruiting.services.events import event_add
from recruiting.textbounds import description_problem


class DecisionError(ValueError):
    """A decision that cannot be taken as asked; the message says why."""


def application_move(
    *, application: Application, stage: str, by: User, reason: str = ""
) -> Application:
    """Move an application to ``stage``. Only people call this: the AI recommends, a
    person decides. A rejection needs a reason, which is kept and shown on the timeline.
    """
    if stage not in Application.Stage.values:
        raise DecisionError(f"Unknown stage {stage!r}.")
    reason = reason.strip()
    if stage == Application.Stage.REJECTED and not reason:
        raise DecisionError("A rejection needs a reason.")
    if application.stage == stage:
        return application
    previous = application.get_stage_display()
    application.stage = stage
    application.stage_changed_at = timezone.now()
    application.stage_changed_by = by
    update = ["stage", "stage_changed_at", "stage_changed_by", "updated_at"]
    if stage == Application.Stage.REJECTED:
        application.rejection_reason = reason
        update.append("rejection_reason")
    application.save(update_fields=update)
    message = f"{previous} → {application.get_stage_display()}"
    event_add(
        application.candidate,
        Event.Kind.STAGE_CHANGED,
        f"{message}: {reason}" if reason else message,
        application=application,
        actor=by,
        data={"from": previous, "to": stage},
    )
    return application


def applications_move(
    *, applications: Iterable[Application], stage: str, by: User, reason: str = ""
) -> int:
    """Move many applications at once (bulk actions); returns how many changed."""
    moved = 0
    with transaction.atomic():
        for application in applications:
            before = application.stage
            application_move(application=application, stage=stage, by=by, reason=reason)
            moved += before != stage
    return moved


def job_create(*, by: User, interviewers=(), **fields) -> Job:
    """Create a job; its structured requirements are generated in the worker for HR to
    review."""
    if problem := description_problem(fields.get("description", "")):
        raise ValidationError(problem)
    job = Job.objects.create(created_by=by, **fields)
    if interviewers:
        job.interviewers.set(interviewers)
    enqueue("ai.tasks.generate_job_requirements", job.pk)
    return job
