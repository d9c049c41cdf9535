"""Writes for interviews: the phone-screen questions of a job (drafted by the AI, approved,
edited and marked stale by HR) and scheduling links (issued with their token once,
revoked)."""

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ai.providers import Provider
from ai.schemas import QuestionItem
from ai.services import questions_draft
from interviews.models import Interview, InterviewRound, SchedulingLink, ScreeningQuestion
from recruiting.models import Application, Job, User

LINK_LIFETIME = timedelta(days=7)


# --- Phone-screen questions ------------------------------------------------------------------


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
    items, run = questions_draft(job, provider=provider)
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


# --- Scheduling links ------------------------------------------------------------------------


def scheduling_link_issue(
    *,
    application: Application,
    purpose: str = SchedulingLink.Purpose.BOOK,
    round: InterviewRound | None = None,
    interview: Interview | None = None,
    lifetime: timedelta = LINK_LIFETIME,
) -> tuple[SchedulingLink, str]:
    """Create a link and return it with its token, which is stored only as a hash: put the
    token in the email now, it cannot be read back.

    A booking link books a round of the application's job; a reschedule or cancel link
    acts on one of the application's interviews.
    """
    if purpose == SchedulingLink.Purpose.BOOK:
        if round is not None and round.job_id != application.job_id:
            raise ValidationError("That round belongs to another job.")
    elif interview is None or interview.application_id != application.pk:
        raise ValidationError(
            "A reschedule or cancel link needs one of the application's interviews."
        )
    token = secrets.token_urlsafe(32)
    link = SchedulingLink.objects.create(
        application=application,
        purpose=purpose,
        round=round if round is not None else getattr(interview, "round", None),
        interview=interview,
        token_hash=SchedulingLink.hash_token(token),
        expires_at=timezone.now() + lifetime,
    )
    return link, token


def scheduling_link_revoke(link: SchedulingLink) -> bool:
    """Revoke the link; False if it was already revoked. Idempotent."""
    now = timezone.now()
    revoked = SchedulingLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
        revoked_at=now, updated_at=now
    )
    if revoked:
        link.revoked_at = now
    return bool(revoked)
