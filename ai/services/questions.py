"""Phone-screen questions drafted from a job's requirements, approved and edited by HR."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ai.providers import Provider, get_provider
from ai.schemas import QuestionItem, validate_questions
from ai.services import calls
from ai.services.audit import db_recorder
from ai.services.context import job_requirements_for
from ai.services.messages import build_questions_request
from interviews.models import ScreeningQuestion
from recruiting.models import Job, User


def job_questions_generate(
    job: Job, *, provider: Provider | None = None
) -> list[ScreeningQuestion]:
    """(Re)draft phone-screen questions from the current requirements; they wait for HR's
    approval.

    The new drafts replace every question that is unapproved or stale (written or approved
    before the requirements last changed); approved questions that are not stale are kept.
    To keep a stale question, HR approves it again before redrafting. A replaced question
    that a phone screen has asked (frozen a copy of) is retired (hidden, never asked again)
    rather than deleted, so the screen's copy still says where it came from.
    """
    provider = provider or get_provider()
    request = build_questions_request(
        title=job.title, description=job.description, requirements=job_requirements_for(job)
    )
    items, _, run = calls.generate(
        provider, request, validate_questions, record=db_recorder(provider=provider, job=job)
    )
    with transaction.atomic():
        replaced = job.screening_questions.current().filter(
            Q(approved_at__isnull=True) | Q(stale_since__isnull=False)
        )
        replaced.filter(asked_in__isnull=False).update(retired_at=timezone.now(), approved_at=None)
        replaced.filter(asked_in__isnull=True).delete()
        last = (
            job.screening_questions.order_by("-position").values_list("position", flat=True).first()
        )
        start = (last or 0) + 1
        questions = [
            _question(job, item, position=start + index, run=run)
            for index, item in enumerate(items)
        ]
        return ScreeningQuestion.objects.bulk_create(questions)


def _question(job: Job, item: QuestionItem, *, position: int, run) -> ScreeningQuestion:
    return ScreeningQuestion(
        job=job,
        position=position,
        text=item.text,
        follow_ups=list(item.followups),
        kind=item.type,
        difficulty=item.difficulty,
        expected_keywords=list(item.expected_keywords),
        expected_length_seconds=item.expected_length,
        ai_run=run,
    )


def job_questions_approve(job: Job, *, user: User, question_ids=None) -> int:
    """Approve the job's questions that wait for it (drafts, and stale ones HR confirms still
    fit the requirements), or only ``question_ids`` of them; returns how many."""
    pending = job.screening_questions.current().filter(
        Q(approved_at__isnull=True) | Q(stale_since__isnull=False)
    )
    if question_ids is not None:
        pending = pending.filter(pk__in=list(question_ids))
    return pending.update(approved_at=timezone.now(), approved_by=user, stale_since=None)


def job_questions_mark_stale(job: Job) -> int:
    """The requirements changed: every current question was written for the old ones."""
    return (
        job.screening_questions.current()
        .filter(stale_since__isnull=True)
        .update(stale_since=timezone.now())
    )


def screening_question_edit(
    question: ScreeningQuestion,
    *,
    user: User,
    text: str,
    follow_ups: list[str],
    expected_keywords: list[str],
) -> ScreeningQuestion:
    """HR rewrites a question before a call asks it.

    An edit is a new draft: an approved question needs approving again, and it is no longer
    stale (HR wrote it against the current requirements). Saving it unchanged changes nothing.
    """
    text = (text or "").strip()
    if not text:
        raise ValidationError("A question needs some text.")
    if question.retired_at is not None:
        raise ValidationError("This question was replaced by a redraft; edit a current one.")
    follow_ups = [line.strip() for line in follow_ups if line.strip()]
    expected_keywords = list(dict.fromkeys(k.strip() for k in expected_keywords if k.strip()))
    if (text, follow_ups, expected_keywords) == (
        question.text,
        list(question.follow_ups),
        list(question.expected_keywords),
    ):
        return question
    question.text = text
    question.follow_ups = follow_ups
    question.expected_keywords = expected_keywords
    question.approved_at = None
    question.approved_by = None
    question.stale_since = None
    question.edited_at = timezone.now()
    question.edited_by = user
    question.save()
    return question
