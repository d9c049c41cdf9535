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

from ai.models import AIRun, Screening
from recruiting.models import Application, Job

AGREE = Screening.Feedback.AGREE


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
