"""Reads for the AI side: costs, agreement with HR, a job's ranking and ranked list, a
screening with its evidence, and the progress of an import (a file is finished once it
is screened)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from django.db.models import (
    Avg,
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from ai.models import AIRun, JobGeneration, Screening
from recruiting.models import Application, ImportBatch, Job, Resume
from recruiting.selectors import highlight_segments

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


# --- The ranked list and a screening -------------------------------------------------------


def job_applications(
    job, *, stage="", recommendation="", min_score="", query="", order_by=("rank", "id")
):
    """A job's applications for the ranked list: filtered, sorted, with the job's latest
    finished screenings attached as ``done_screenings`` (one extra query per page).

    Whatever the sort, rejected and withdrawn applications come after the others, and
    empty values (no rank, no score yet) after filled ones on every database.
    """
    queryset = job.applications.select_related("candidate", "overridden_by")
    if stage in Application.Stage.values:
        queryset = queryset.filter(stage=stage)
    if recommendation in Application.Recommendation.values:
        queryset = queryset.filter(
            Q(recommendation_override=recommendation)
            | Q(recommendation_override="", recommendation=recommendation)
        )
    if min_score:
        with contextlib.suppress(ValueError):  # a typo in the box filters nothing
            queryset = queryset.filter(overall_score__gte=float(min_score))
    if query:
        queryset = queryset.filter(
            Q(candidate__name__icontains=query) | Q(candidate__email__icontains=query)
        )
    done = Screening.objects.filter(status=Screening.Status.DONE).order_by("-created_at")
    closed = Case(
        When(stage__in=[Application.Stage.REJECTED, Application.Stage.WITHDRAWN], then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    ordering = [
        F(field[1:]).desc(nulls_last=True)
        if field.startswith("-")
        else F(field).asc(nulls_last=True)
        for field in order_by
    ]
    return (
        queryset.prefetch_related(Prefetch("screenings", queryset=done, to_attr="done_screenings"))
        .annotate(closed=closed)
        .order_by("closed", *ordering)
    )


def application_screening_context(application) -> dict:
    screenings = list(application.screenings.select_related("ai_run", "feedback_by")[:10])
    latest = next((s for s in screenings if s.status == Screening.Status.DONE), None)
    quotes = []
    if latest:
        for criterion in latest.criteria:
            quotes.extend(criterion.get("evidence") or [])
    text = application.resume.text if application.resume else ""
    return {
        "screening": latest,
        "screenings": screenings,
        "resume_segments": highlight_segments(text, quotes),
    }


# --- Intake progress, screenings counted -------------------------------------------------

# How each resume status counts on a progress bar. A parsed resume is counted again, as
# screened, once its screening has finished.
PROGRESS_BUCKET = {
    Resume.Status.QUEUED: "queued",
    Resume.Status.EXTRACTING: "queued",
    Resume.Status.EXTRACTED: "extracted",
    Resume.Status.PARSING: "extracted",
    Resume.Status.PARSED: "extracted",
    Resume.Status.NOT_A_RESUME: "rejected",
    Resume.Status.DUPLICATE: "duplicate",
    Resume.Status.FAILED: "failed",
}
# Statuses that are a file's last word; a parsed file still waits for its screening.
ENDED = (Resume.Status.NOT_A_RESUME, Resume.Status.DUPLICATE, Resume.Status.FAILED)


@dataclass(frozen=True)
class BatchProgress:
    total: int
    queued: int  # waiting to be read
    extracted: int  # read, with a profile (or about to have one)
    screened: int  # of those, screened
    screening_failed: int  # of those, the screening failed (HR can screen again)
    duplicate: int
    rejected: int  # turned away as not a resume: needs HR's attention
    failed: int
    finished: int  # at their last step: screened (or failed to), duplicate, rejected, failed

    @property
    def done(self) -> bool:
        return self.finished == self.total

    @property
    def percent(self) -> int:
        return round(100 * self.finished / self.total) if self.total else 100

    @property
    def needs_attention(self) -> int:
        return self.failed + self.rejected


def _with_screening_state(resumes):
    """Annotate parsed resumes with whether a screening of them has finished.

    A resume no application reads any more (a newer one replaced it before it was
    screened) has nothing left to wait for.
    """
    screenings = Screening.objects.filter(resume=OuterRef("pk"))
    return resumes.annotate(
        was_screened=Exists(screenings.filter(status=Screening.Status.DONE)),
        screening_broke=Exists(screenings.filter(status=Screening.Status.FAILED)),
        superseded=~Exists(Application.objects.filter(resume=OuterRef("pk"))),
    )


def batch_progress(batch: ImportBatch) -> BatchProgress:
    """Counts for a batch's progress bar, in two queries. "Finished" means every file has
    been read and screened, or ended duplicate, failed or turned away."""
    counts = {"queued": 0, "extracted": 0, "duplicate": 0, "rejected": 0, "failed": 0}
    ended = total = 0
    for row in batch.resumes.values("status").annotate(n=Count("id")).order_by():
        counts[PROGRESS_BUCKET[row["status"]]] += row["n"]
        total += row["n"]
        if row["status"] in ENDED:
            ended += row["n"]
    screening = _with_screening_state(batch.resumes.filter(status=Resume.Status.PARSED)).aggregate(
        screened=Count("pk", filter=Q(was_screened=True)),
        screening_failed=Count("pk", filter=Q(screening_broke=True, was_screened=False)),
        finished=Count(
            "pk", filter=Q(was_screened=True) | Q(screening_broke=True) | Q(superseded=True)
        ),
    )
    return BatchProgress(
        total=total,
        finished=ended + screening["finished"],
        screened=screening["screened"],
        screening_failed=screening["screening_failed"],
        **counts,
    )


# What ``import_resumes --json`` and reports call each file's state.
OUTCOME = {
    Resume.Status.QUEUED: "pending",
    Resume.Status.EXTRACTING: "pending",
    Resume.Status.EXTRACTED: "pending",
    Resume.Status.PARSING: "pending",
    Resume.Status.PARSED: "parsed",  # screened or screening_failed once screened
    Resume.Status.NOT_A_RESUME: "rejected",
    Resume.Status.DUPLICATE: "duplicate",
    Resume.Status.FAILED: "failed",
}


def batch_outcomes(batch: ImportBatch) -> list[dict]:
    """One line per file: what became of it, for reports and ``--json``.

    ``status`` is one of pending, parsed (waiting for its screening), screened,
    screening_failed, duplicate, rejected (not a resume; ``reason`` says why) or failed.
    """
    latest_failure = Screening.objects.filter(
        resume=OuterRef("pk"), status=Screening.Status.FAILED
    ).order_by("-created_at", "-pk")
    resumes = _with_screening_state(batch.resumes.select_related("duplicate_of")).annotate(
        screening_error=Subquery(latest_failure.values("error")[:1])
    )
    outcomes = []
    for resume in resumes.order_by("id"):
        status, reason = OUTCOME[resume.status], resume.error
        if resume.status == Resume.Status.PARSED and resume.was_screened:
            status = "screened"
        elif resume.status == Resume.Status.PARSED and resume.screening_broke:
            status, reason = "screening_failed", resume.screening_error
        outcomes.append(
            {
                "file": resume.original_name,
                "status": status,
                "reason": reason,
                "candidate": resume.candidate_id
                or (resume.duplicate_of.candidate_id if resume.duplicate_of else None),
            }
        )
    return outcomes


def batch_context(batch: ImportBatch) -> dict:
    """What the progress bar and the per-file list show. Files turned away as not a
    resume are listed with failures, since HR may add them anyway."""
    progress = batch_progress(batch)
    problems = list(
        batch.resumes.filter(status__in=[Resume.Status.FAILED, Resume.Status.NOT_A_RESUME])
        .order_by("id")
        .values("pk", "original_name", "status", "error")[:500]
    )
    waiting_for_csv = batch.status in (ImportBatch.Status.PENDING, ImportBatch.Status.RUNNING)
    return {
        "batch": batch,
        "progress": progress,
        "problems": problems,
        "screened": progress.screened,
        "finished": progress.done and not waiting_for_csv,
        "csv_rows": batch.report if batch.source == ImportBatch.Source.CSV else [],
    }
