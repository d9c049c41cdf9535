"""Ranking a job's applications: the overall score (resume blended with phone), the
re-rank (coalesced, after commit) and HR's overrides of a rank or recommendation."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from ai.services.hr_input import CENTS, override_reason
from config.tasks import enqueue
from recruiting.models import Application, Event, Job, User

# Applications in these stages keep their scores but are not ranked.
UNRANKED_STAGES = (Application.Stage.WITHDRAWN, Application.Stage.REJECTED)


def overall_from(resume_score, phone_score, weight_percent: int) -> Decimal | None:
    if resume_score is None:
        return None
    if phone_score is None:
        return Decimal(resume_score).quantize(CENTS)
    weight = Decimal(weight_percent) / 100
    value = Decimal(resume_score) * (1 - weight) + Decimal(phone_score) * weight
    return value.quantize(CENTS, rounding=ROUND_HALF_UP)


def _rerank_key(job_id: int) -> str:
    return f"ai:rerank:{job_id}"


def job_rerank_request(job_id: int) -> None:
    """Ask for a re-rank of the job after this transaction commits. Coalesced: requests
    made while one is scheduled and not yet started are absorbed by it."""

    enqueue(
        "ai.tasks.rerank_job",
        job_id,
        countdown=settings.AI_RERANK_DELAY_SECONDS,
        coalesce_key=_rerank_key(job_id),
    )


def job_rerank(job_id: int) -> int:
    """Recompute overall scores and ranks of the job's applications in one pass.

    overall = resume score, blended with the phone score (``job.phone_screen_weight``
    percent) once there is one. Order: overall desc, resume score desc, application id asc.
    HR's ``rank_override`` pins an application to that place; the others fill the rest in
    order. Withdrawn and rejected applications, and those without a score, get no rank.
    Returns how many rows changed (one SELECT, one bulk UPDATE).
    """
    cache.delete(_rerank_key(job_id))
    job = Job.objects.filter(pk=job_id).only("pk", "phone_screen_weight").first()
    if job is None:
        return 0
    applications = list(
        Application.objects.filter(job_id=job_id).only(
            "pk", "stage", "resume_score", "phone_score", "overall_score", "rank", "rank_override"
        )
    )
    ranked, unranked = [], []
    new_overall: dict[int, Decimal | None] = {}
    for application in applications:
        overall = overall_from(
            application.resume_score, application.phone_score, job.phone_screen_weight
        )
        new_overall[application.pk] = overall
        if overall is None or application.stage in UNRANKED_STAGES:
            unranked.append(application)
        else:
            ranked.append(application)
    ranked.sort(key=lambda a: (-new_overall[a.pk], -(a.resume_score or Decimal(0)), a.pk))
    ordered = _apply_rank_overrides(ranked)

    changed = []
    for position, application in enumerate(ordered, start=1):
        if application.rank != position or application.overall_score != new_overall[application.pk]:
            application.rank = position
            application.overall_score = new_overall[application.pk]
            changed.append(application)
    for application in unranked:
        if application.rank is not None or application.overall_score != new_overall[application.pk]:
            application.rank = None
            application.overall_score = new_overall[application.pk]
            changed.append(application)
    if changed:
        Application.objects.bulk_update(changed, ["rank", "overall_score"], batch_size=500)
    return len(changed)


def _apply_rank_overrides(ranked: list[Application]) -> list[Application]:
    pinned = sorted((a for a in ranked if a.rank_override), key=lambda a: (a.rank_override, a.pk))
    if not pinned:
        return ranked
    slots: list[Application | None] = [None] * len(ranked)
    for application in pinned:
        wanted = min(application.rank_override, len(ranked)) - 1
        free = [i for i in range(len(slots)) if slots[i] is None]
        # the wanted place, else the nearest free one after it, else before it
        place = min(free, key=lambda i: (i < wanted, abs(i - wanted)))
        slots[place] = application
    rest = iter(a for a in ranked if not a.rank_override)
    return [slot if slot is not None else next(rest) for slot in slots]


# --- HR overrides and feedback -------------------------------------------------------------


def application_override(
    application: Application,
    *,
    user: User,
    reason: str,
    rank: int | None = None,
    recommendation: str | None = None,
    clear: bool = False,
) -> Application:
    """HR sets (or with ``clear``, removes) a rank or recommendation override, with a reason
    that is kept on the application and on the timeline. The job is re-ranked."""
    reason = override_reason(reason, overriding="the AI's ranking")
    if not clear and rank is None and not recommendation:
        raise ValidationError("Give a rank or a recommendation to override.")
    if rank is not None and (not isinstance(rank, int) or rank < 1):
        raise ValidationError("A rank is a whole number from 1.")
    if recommendation and recommendation not in Application.Recommendation.values:
        raise ValidationError(
            f"Recommendation must be one of {', '.join(Application.Recommendation.values)}."
        )
    application.refresh_from_db(
        fields=["rank", "recommendation", "rank_override", "recommendation_override"]
    )
    previous = {
        "rank_override": application.rank_override,
        "recommendation_override": application.recommendation_override,
        "rank": application.rank,
        "recommendation": application.recommendation,
    }
    if clear:
        application.rank_override = None
        application.recommendation_override = ""
    if rank is not None:
        application.rank_override = rank
    if recommendation:
        application.recommendation_override = recommendation
    application.override_reason = reason
    application.overridden_by = user
    application.overridden_at = timezone.now()
    application.save(
        update_fields=[
            "rank_override",
            "recommendation_override",
            "override_reason",
            "overridden_by",
            "overridden_at",
            "updated_at",
        ]
    )
    parts = []
    if clear:
        parts.append("overrides cleared")
    if rank is not None:
        parts.append(f"rank set to {rank}")
    if recommendation:
        parts.append(f"recommendation set to {recommendation}")
    Event.objects.create(
        candidate_id=application.candidate_id,
        application=application,
        actor=user,
        kind=Event.Kind.OVERRIDDEN,
        message=f"{'; '.join(parts).capitalize()}: {reason}",
        data={
            "previous": previous,
            "rank": rank,
            "recommendation": recommendation or "",
            "clear": clear,
            "reason": reason,
        },
    )
    job_rerank_request(application.job_id)
    return application
