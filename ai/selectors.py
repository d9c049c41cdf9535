"""Reads for the AI side: costs, agreement with HR, a job's ranking."""

from __future__ import annotations

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from ai.models import AIRun, JobGeneration, Screening
from recruiting.models import Application, Job

AGREE = Screening.Feedback.AGREE


def job_generations(job: Job) -> dict[str, JobGeneration]:
    """The job's drafting work rows by kind (``requirements``, ``questions``)."""
    return {row.kind: row for row in JobGeneration.objects.filter(job=job)}


def screening_latest(application: Application) -> Screening | None:
    return application.screenings.order_by("-created_at", "-pk").first()


def job_ranking(job: Job) -> QuerySet[Application]:
    """The job's ranked applications, best first (overrides already applied by re-rank)."""
    return (
        Application.objects.filter(job=job, rank__isnull=False)
        .select_related("candidate")
        .order_by("rank", "pk")
    )


def job_ai_cost(job: Job) -> dict:
    """Totals of every AI call made for the job."""
    totals = AIRun.objects.filter(job=job).aggregate(
        runs=Count("pk"),
        cost_usd=Sum("cost_usd"),
        input_tokens=Sum("input_tokens"),
        output_tokens=Sum("output_tokens"),
        cache_read_tokens=Sum("cache_read_tokens"),
        cache_write_tokens=Sum("cache_write_tokens"),
    )
    return {key: value or 0 for key, value in totals.items()}


def _agreement(rows) -> list[dict]:
    out = []
    for row in rows:
        total = row["total"]
        row["agreement_rate"] = round(row["agree"] / total, 3) if total else None
        out.append(row)
    return out


def feedback_agreement(*, by: str = "prompt_version") -> list[dict]:
    """How often HR agreed with screenings, grouped by ``prompt_version`` (with provider
    and model) or by ``job``. ``mean_correction``: corrected score minus AI score."""
    keys = {
        "prompt_version": ("provider", "prompt_version"),
        "job": ("application__job_id", "application__job__title"),
    }[by]
    rows = (
        Screening.objects.exclude(feedback="")
        .values(*keys)
        .annotate(
            total=Count("pk"),
            agree=Count("pk", filter=Q(feedback=AGREE)),
            mean_correction=Avg(
                ExpressionWrapper(
                    F("corrected_score") - F("score"),
                    output_field=DecimalField(max_digits=6, decimal_places=2),
                ),
                filter=Q(corrected_score__isnull=False),
            ),
        )
        .order_by(*keys)
    )
    return _agreement(list(rows))


def jobs_with_ai_stats(queryset: QuerySet[Job]) -> QuerySet[Job]:
    """Annotate jobs with screening counts, AI cost and HR agreement (subqueries: no row
    multiplication, one query for the whole page)."""

    def count(rows):
        grouped = rows.order_by().values("application__job").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(grouped[:1], output_field=IntegerField()), Value(0))

    job_screenings = Screening.objects.filter(application__job=OuterRef("pk"))
    cost = (
        AIRun.objects.filter(job=OuterRef("pk"))
        .order_by()
        .values("job")
        .annotate(total=Sum("cost_usd"))
        .values("total")
    )
    runs = (
        AIRun.objects.filter(job=OuterRef("pk"))
        .order_by()
        .values("job")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        screened=count(job_screenings.filter(status=Screening.Status.DONE)),
        screening_failures=count(job_screenings.filter(status=Screening.Status.FAILED)),
        feedback_total=count(job_screenings.exclude(feedback="")),
        feedback_agree=count(job_screenings.filter(feedback=AGREE)),
        ai_run_count=Coalesce(Subquery(runs[:1], output_field=IntegerField()), Value(0)),
        ai_cost=Coalesce(
            Subquery(cost[:1], output_field=DecimalField(max_digits=12, decimal_places=6)),
            Value(0, output_field=DecimalField(max_digits=12, decimal_places=6)),
        ),
    )


_REC_ORDER = {"reject": 0, "hold": 1, "advance": 2}
MET_AT, PARTIAL_AT = 75, 35  # a criterion's 0-100 score: met, partly met, missing


def recommendation_reasons(job: Job, applications) -> None:
    """Sets ``recommendation_reason`` on each application whose recommendation is out of
    step with the score order (a better one below a worse one, or the other way round).

    The reason is what HR needs to see: their own override and its why, a phone score that
    moved the overall, or the must-haves the screening found missing or partly met. One
    query for the job's scores, whatever the page size.
    """
    others = [
        (score, override or recommendation)
        for score, recommendation, override in job.applications.exclude(
            stage__in=[Application.Stage.REJECTED, Application.Stage.WITHDRAWN]
        )
        .exclude(overall_score=None)
        .values_list("overall_score", "recommendation", "recommendation_override")
        if (override or recommendation) in _REC_ORDER
    ]
    for application in applications:
        application.recommendation_reason = ""
        mine = _REC_ORDER.get(application.effective_recommendation)
        score = application.overall_score
        if mine is None or score is None:
            continue
        out_of_step = any(
            (other < score and _REC_ORDER[rec] > mine) or (other > score and _REC_ORDER[rec] < mine)
            for other, rec in others
        )
        if out_of_step:
            application.recommendation_reason = _reason(application)


def _reason(application: Application) -> str:
    if application.recommendation_override:
        who = application.overridden_by or "HR"
        return f"Set by {who}: {application.override_reason}"
    screening = next(iter(getattr(application, "done_screenings", None) or []), None)
    criteria = [c for c in (screening.criteria if screening else []) if c.get("must_have", True)]
    missing = [c["requirement"] for c in criteria if c.get("score", 0) < PARTIAL_AT]
    partial = [c["requirement"] for c in criteria if PARTIAL_AT <= c.get("score", 0) < MET_AT]
    parts = []
    if application.phone_score is not None:
        parts.append(f"Phone screen scored {application.phone_score}")
    if missing:
        parts.append(f"Missing must-have: {'; '.join(missing)}")
    if partial:
        parts.append(f"Must-have partly met: {'; '.join(partial)}")
    if not parts and criteria:
        parts.append("Every must-have met")
    return ". ".join(parts)
