"""Scoring a finished phone screen: every answer assessed through the AI layer, the scores
stored on the answers, the screen and the application, and the job re-ranked.

The screen row is the unit of work: ``phone_screen_score_request`` marks it pending and
queues the task; ``phone_screen_score`` claims it with a conditional UPDATE and does
nothing unless it won the claim, so a redelivered task changes nothing twice. A
temporary provider error releases the claim for the task to retry; anything else ends the
scoring failed with a reason HR reads on the candidate page.

A worker that dies mid-run leaves its claim behind, and the redelivered task cannot take
it: ``phone_screen_scorings_requeue_stuck`` (run by beat) releases claims older than the
task's time limit and queues them again, up to ``MAX_SCORING_ATTEMPTS`` claims.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from ai.providers import PermanentProviderError, TransientProviderError
from ai.services import AnswerToAssess, GenerationFailed, PhoneAnswersAssessed, phone_answers_assess
from ai.services.ranking import job_rerank_request, overall_from
from config.tasks import enqueue
from recruiting.models import Application, Event, User
from voice.models import Answer, PhoneScreen

logger = logging.getLogger(__name__)

MAX_SCORING_ATTEMPTS = 3
# Beat and the workers may read slightly different clocks; a claim is judged abandoned only
# this long after the time limit would have killed its worker.
CLOCK_MARGIN = timedelta(minutes=1)
# A queued scoring may wait this long for a retry's backoff (``ScoringTask.backoff_cap``)
# before its message is taken for lost.
PENDING_STUCK_AFTER = timedelta(minutes=20)


def phone_screen_score_request(phone_screen: PhoneScreen, *, by: User | None = None) -> bool:
    """Queue the scoring of the screen's answers, once: a screen already waiting, being
    scored or scored is left alone (returns False). Asked again after a failure, the
    scoring gets its attempts afresh; a request made by someone goes on the timeline."""
    with transaction.atomic():
        queued = PhoneScreen.objects.filter(
            pk=phone_screen.pk,
            scoring_status__in=[PhoneScreen.Scoring.NOT_STARTED, PhoneScreen.Scoring.FAILED],
        ).update(
            scoring_status=PhoneScreen.Scoring.PENDING,
            scoring_error="",
            scoring_attempts=0,
            updated_at=timezone.now(),
        )
        if queued and by is not None:
            application = phone_screen.application
            Event.objects.create(
                kind=Event.Kind.CALL,
                candidate_id=application.candidate_id,
                application=application,
                actor=by,
                message="Phone screen sent to be scored again.",
                data={"phone_screen": phone_screen.pk},
            )
    if queued:
        enqueue("voice.tasks.phone_screen_score", phone_screen.pk)
    return bool(queued)


def phone_screen_scorings_requeue_stuck() -> int:
    """Queue again the scorings whose worker died (claimed longer ago than the task's time
    limit) or whose message was lost (waiting longer than any retry waits); a claim taken
    ``MAX_SCORING_ATTEMPTS`` times ends failed instead. Returns how many were queued."""
    now = timezone.now()
    claimed_before = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT) - CLOCK_MARGIN
    stuck = PhoneScreen.objects.filter(
        Q(scoring_status=PhoneScreen.Scoring.RUNNING, updated_at__lt=claimed_before)
        | Q(scoring_status=PhoneScreen.Scoring.PENDING, updated_at__lt=now - PENDING_STUCK_AFTER)
    ).only("pk", "scoring_status", "scoring_attempts", "updated_at")
    requeued = 0
    for screen in stuck:
        if (
            screen.scoring_status == PhoneScreen.Scoring.RUNNING
            and screen.scoring_attempts >= MAX_SCORING_ATTEMPTS
        ):
            phone_screen_scoring_mark_failed(
                phone_screen_id=screen.pk,
                reason=f"Scoring stopped before it finished {screen.scoring_attempts} times. "
                "Use “Score again” to try once more.",
            )
            continue
        # Only the row as read: a worker that claims or finishes it meanwhile wins.
        if PhoneScreen.objects.filter(
            pk=screen.pk, scoring_status=screen.scoring_status, updated_at=screen.updated_at
        ).update(scoring_status=PhoneScreen.Scoring.PENDING, updated_at=now):
            enqueue("voice.tasks.phone_screen_score", screen.pk)
            requeued += 1
    return requeued


def _claim(phone_screen_id: int) -> PhoneScreen | None:
    claimed = PhoneScreen.objects.filter(
        pk=phone_screen_id, scoring_status=PhoneScreen.Scoring.PENDING
    ).update(
        scoring_status=PhoneScreen.Scoring.RUNNING,
        scoring_attempts=F("scoring_attempts") + 1,
        updated_at=timezone.now(),
    )
    if not claimed:
        return None
    return PhoneScreen.objects.select_related("application__job").get(pk=phone_screen_id)


def _release(phone_screen_id: int) -> None:
    PhoneScreen.objects.filter(
        pk=phone_screen_id, scoring_status=PhoneScreen.Scoring.RUNNING
    ).update(scoring_status=PhoneScreen.Scoring.PENDING, updated_at=timezone.now())


def phone_screen_scoring_mark_failed(*, phone_screen_id: int, reason: str) -> int:
    """The final word on a scoring that cannot be done; HR reads ``reason``."""
    count = PhoneScreen.objects.filter(
        pk=phone_screen_id,
        scoring_status__in=[PhoneScreen.Scoring.PENDING, PhoneScreen.Scoring.RUNNING],
    ).update(
        scoring_status=PhoneScreen.Scoring.FAILED,
        scoring_error=reason[:5000],
        updated_at=timezone.now(),
    )
    if count:
        logger.warning("phone screen %s scoring failed: %s", phone_screen_id, reason)
    return count


def answers_to_score(phone_screen: PhoneScreen) -> tuple[list[AnswerToAssess], dict[str, Answer]]:
    """Each frozen question with the answer that counts for it: the latest call's answer
    that has words in it (a call-back that resumed at question 3 leaves 1 and 2 to the
    first call). Keys are the frozen questions' positions."""
    answers: dict[int, Answer] = {}
    rows = (
        Answer.objects.filter(call__phone_screen=phone_screen)
        .exclude(transcript="")
        .order_by("call__attempt")
    )
    for answer in rows:
        answers[answer.asked_id] = answer
    to_assess, stored = [], {}
    for question in phone_screen.frozen_questions.order_by("position"):
        key = f"q{question.position}"
        answer = answers.get(question.pk)
        to_assess.append(
            AnswerToAssess(
                key=key,
                question=question.text,
                expected_keywords=[str(k) for k in question.expected_keywords],
                expected_length_seconds=question.expected_length_seconds,
                follow_up=answer.follow_up if answer else "",
                transcript=answer.transcript if answer else "",
                follow_up_transcript=answer.follow_up_transcript if answer else "",
            )
        )
        if answer is not None:
            stored[key] = answer
    return to_assess, stored


def phone_screen_score(phone_screen_id: int) -> PhoneScreen | None:
    """Score a screen waiting to be scored. Idempotent: only a pending screen is claimed.

    Temporary provider errors release the claim and go up for the task to retry.
    """
    screen = _claim(phone_screen_id)
    if screen is None:
        return None
    application = screen.application
    to_assess, stored = answers_to_score(screen)
    try:
        assessed = phone_answers_assess(
            to_assess, job_title=application.job.title, job=application.job, application=application
        )
    except TransientProviderError:
        _release(screen.pk)
        raise
    except PermanentProviderError as exc:
        phone_screen_scoring_mark_failed(phone_screen_id=screen.pk, reason=str(exc))
        return _reloaded(screen)
    except GenerationFailed as exc:
        phone_screen_scoring_mark_failed(phone_screen_id=screen.pk, reason=exc.reason)
        return _reloaded(screen)
    _store(screen, assessed, stored)
    return _reloaded(screen)


def _reloaded(screen: PhoneScreen) -> PhoneScreen:
    screen.refresh_from_db()
    return screen


def _store(screen: PhoneScreen, assessed: PhoneAnswersAssessed, stored: dict[str, Answer]) -> None:
    with transaction.atomic():
        done = PhoneScreen.objects.filter(
            pk=screen.pk, scoring_status=PhoneScreen.Scoring.RUNNING
        ).update(
            scoring_status=PhoneScreen.Scoring.DONE,
            scoring_error="",
            score=assessed.score,
            summary=assessed.summary,
            flags=assessed.flags,
            ai_run=assessed.run,
            scored_at=timezone.now(),
            updated_at=timezone.now(),
        )
        if not done:  # failed by someone else meanwhile: their word stands
            return
        for key, answer in stored.items():
            result = assessed.answers[key]
            Answer.objects.filter(pk=answer.pk).update(
                score=result.score,
                reasoning=result.reasoning,
                evidence=result.evidence,
                components=result.components,
                flags=result.flags,
                ai_run=assessed.run,
                updated_at=timezone.now(),
            )
        screen.refresh_from_db()
        application_phone_score_apply(screen)
        flagged = f" {len(assessed.flags)} flag(s) for review." if assessed.flags else ""
        Event.objects.create(
            kind=Event.Kind.CALL,
            candidate_id=screen.application.candidate_id,
            application=screen.application,
            message=f"Phone screen scored: {assessed.score}.{flagged}",
            data={
                "phone_screen": screen.pk,
                "score": str(assessed.score),
                "flags": len(assessed.flags),
            },
        )


def application_phone_score_apply(screen: PhoneScreen) -> None:
    """The screen's score (HR's override first) becomes the application's phone score, its
    overall score follows with the job's weight, and the job is re-ranked."""
    application = (
        Application.objects.select_for_update().select_related("job").get(pk=screen.application_id)
    )
    application.phone_score = screen.effective_score
    application.overall_score = overall_from(
        application.resume_score, application.phone_score, application.job.phone_screen_weight
    )
    application.save(update_fields=["phone_score", "overall_score", "updated_at"])
    job_rerank_request(application.job_id)
