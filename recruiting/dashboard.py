"""Reads for the dashboard: the funnel, the score distribution, time in each stage, AI cost.

``dashboard_jobs`` lists what the reader may see (``recruiting.roles.jobs_for``); every
other function counts only the jobs it is handed, so a view passes those or a subset of
them. Each runs a fixed number of queries however many applications there are: counts are
aggregated in the database, and the stage history (stage-change events, and the screening
events that move an application from "new" to "screened") is read in one ordered query
and walked in Python.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Q,
    Sum,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.utils import timezone

from ai.models import AIRun
from recruiting import roles
from recruiting.models import Application, Event, Job, User

Stage = Application.Stage

# The forward path through the pipeline. Reaching a step means having reached every step
# before it; rejected and withdrawn are exits from whichever step came last.
FUNNEL = (
    (Stage.NEW, "Applied"),
    (Stage.SCREENED, "Screened"),
    (Stage.SHORTLISTED, "Shortlisted"),
    (Stage.PHONE_SCREEN, "Phone screened"),
    (Stage.INTERVIEW, "Interview"),
    (Stage.OFFER, "Offer"),
    (Stage.HIRED, "Hired"),
)
STAGE_RANK = {stage.value: rank for rank, (stage, _) in enumerate(FUNNEL)}
SCREENED_RANK = STAGE_RANK[Stage.SCREENED]
# Stages an application waits in; time spent after an exit (rejected, withdrawn) or after
# being hired is not time in the pipeline.
TIMED_STAGES = (
    Stage.NEW,
    Stage.SCREENED,
    Stage.SHORTLISTED,
    Stage.PHONE_SCREEN,
    Stage.INTERVIEW,
    Stage.OFFER,
)
SCORE_BUCKETS = 10  # 0-9, 10-19, ... 90-100

# Stage-change events record the stage left by its label ("Phone screen") and the stage
# entered by its value ("phone_screen"); read either.
_STAGE_NAMES = {
    **{value: value for value in Stage.values},
    **{label.lower(): value for value, label in Stage.choices},
}


def stage_value(name) -> str | None:
    """The stage value for a name as stored in an event's data, or None if unknown."""
    if not isinstance(name, str):
        return None
    return _STAGE_NAMES.get(name) or _STAGE_NAMES.get(name.strip().lower())


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True)
class FunnelStep:
    stage: str
    label: str
    count: int
    of_previous: float | None  # percent of the step before, None for the first or from 0
    of_applied: float | None  # percent of everyone who applied


@dataclass(frozen=True)
class Funnel:
    job_id: int | None  # None: every job counted together
    title: str
    steps: tuple[FunnelStep, ...]

    @property
    def applied(self) -> int:
        return self.steps[0].count


@dataclass(frozen=True)
class ScoreDistribution:
    buckets: tuple[tuple[int, int, int], ...]  # (low, high, count); the last runs to 100
    unscored: int

    @property
    def scored(self) -> int:
        return sum(count for _, _, count in self.buckets)


@dataclass(frozen=True)
class StageTime:
    stage: str
    label: str
    count: int  # applications measured: those that left the stage and those still in it
    ongoing: int  # of which still in it, measured up to now
    median_hours: float | None
    p90_hours: float | None


@dataclass(frozen=True)
class JobCost:
    job_id: int
    title: str
    runs: int
    input_tokens: int
    output_tokens: int
    cost_usd: Decimal


@dataclass(frozen=True)
class DashboardNumbers:
    total: Funnel
    funnels: tuple[Funnel, ...]  # one per job with applications, busiest first
    scores: ScoreDistribution
    stage_times: tuple[StageTime, ...]
    costs: tuple[JobCost, ...]  # jobs with at least one AI run, most expensive first

    @property
    def total_cost(self) -> Decimal:
        return sum((cost.cost_usd for cost in self.costs), Decimal(0))

    @property
    def total_runs(self) -> int:
        return sum(cost.runs for cost in self.costs)


# ----------------------------------------------------------------------------- selectors


def dashboard_jobs(user: User) -> list[Job]:
    """The jobs ``user`` may read, for the job filter (one query)."""
    return list(roles.jobs_for(user).only("id", "title", "status").order_by("title", "id"))


def dashboard_numbers(*, jobs: list[Job], now: datetime | None = None) -> DashboardNumbers:
    """Everything the dashboard draws, for ``jobs`` (already scoped to the reader).

    Five queries, whatever the number of jobs, applications or events.
    """
    now = now or timezone.now()
    job_ids = [job.pk for job in jobs]
    titles = {job.pk: job.title for job in jobs}
    histories = _stage_histories(job_ids)
    reached = funnel_reached(job_ids, histories)
    funnels = sorted(
        (_funnel(job_id, titles[job_id], counts) for job_id, counts in reached.items()),
        key=lambda funnel: (-funnel.applied, funnel.title.lower(), funnel.job_id),
    )
    totals = [sum(counts[rank] for counts in reached.values()) for rank in range(len(FUNNEL))]
    return DashboardNumbers(
        total=_funnel(None, "All jobs", totals),
        funnels=tuple(funnel for funnel in funnels if funnel.applied),
        scores=score_distribution(job_ids),
        stage_times=stage_times(job_ids, histories, now=now),
        costs=ai_cost_by_job(job_ids, titles),
    )


@dataclass(frozen=True)
class _History:
    application_id: int
    job_id: int
    stage: str  # where it stands now
    applied_at: float  # seconds since the epoch
    scored: bool
    changes: tuple[tuple[float, str, str | None], ...]  # (at, left, entered), in order


class Epoch(Func):
    """A timestamp as seconds since 1970, computed by the database.

    Reading tens of thousands of timestamps as plain numbers spares parsing each one into
    a datetime, which is most of the cost of the history query on SQLite.
    """

    output_field = FloatField()
    template = "date_part('epoch', %(expressions)s)"  # double precision on PostgreSQL

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s) - 2440587.5) * 86400.0)",
            **extra_context,
        )


# Two kinds of event move an application: a person's stage change, and the screener's
# first reading, which moves a new application to "screened" without a stage-change event.
HISTORY_KINDS = (Event.Kind.STAGE_CHANGED, Event.Kind.SCREENED)


def _stage_histories(job_ids: list[int]) -> list[_History]:
    """The stage moves of every application that has any, in one ordered query."""
    rows = (
        Event.objects.filter(kind__in=HISTORY_KINDS, application__job_id__in=job_ids)
        .order_by("application_id", "created_at", "id")
        .values_list(
            "application_id",
            "application__job_id",
            "application__stage",
            Epoch("application__created_at"),
            ExpressionWrapper(
                Q(application__overall_score__isnull=False), output_field=BooleanField()
            ),
            "kind",
            Epoch("created_at"),
            # The two keys as text: decoding each event's whole JSON costs more than the
            # rest of the row.
            KT("data__from"),
            KT("data__to"),
        )
    )
    histories = []
    new, screened, screening = Stage.NEW.value, Stage.SCREENED.value, Event.Kind.SCREENED.value
    for application_id, group in itertools.groupby(rows, key=lambda row: row[0]):
        group = list(group)
        _, job_id, stage, applied_at, scored, *_ = group[0]
        changes, current = [], new
        for *_, kind, at, left, entered in group:
            if kind == screening:
                if current != new:
                    continue  # screened again later: the stage did not change
                left, entered = new, screened
            else:
                left, entered = stage_value(left) or current, stage_value(entered)
            changes.append((at, left, entered))
            current = entered or current
        if changes:
            histories.append(
                _History(application_id, job_id, stage, applied_at, bool(scored), tuple(changes))
            )
    return histories


def _base_rank(stage: str, scored: bool) -> int:
    """How far an application got, judged from its current stage alone.

    A rejected or withdrawn application without history counts as applied; one with a
    score was read by the screener, so it counts as screened too.
    """
    rank = STAGE_RANK.get(stage, 0)
    return max(rank, SCREENED_RANK) if scored else rank


def funnel_reached(job_ids: list[int], histories: list[_History]) -> dict[int, list[int]]:
    """``{job_id: [applied, screened, shortlisted, ...]}``: how many applications reached
    each step or went further (cumulative).

    The database counts applications by current stage; the stage history then moves each
    application that once got further than where it is now (rejected after a shortlist,
    say) up to the furthest step it reached.
    """
    furthest = {job_id: [0] * len(FUNNEL) for job_id in job_ids}
    rows = (
        Application.objects.filter(job_id__in=job_ids)
        .values("job_id", "stage")
        .annotate(n=Count("id"), scored=Count("id", filter=Q(overall_score__isnull=False)))
        .order_by()
    )
    for row in rows:
        counts = furthest[row["job_id"]]
        counts[_base_rank(row["stage"], False)] += row["n"] - row["scored"]
        counts[_base_rank(row["stage"], True)] += row["scored"]
    for history in histories:
        base = _base_rank(history.stage, history.scored)
        ranks = [
            STAGE_RANK.get(stage, 0)
            for _, left, entered in history.changes
            for stage in (left, entered)
            if stage
        ]
        best = max([base, *ranks])
        if best != base:
            furthest[history.job_id][base] -= 1
            furthest[history.job_id][best] += 1
    return {
        job_id: list(itertools.accumulate(reversed(counts)))[::-1]
        for job_id, counts in furthest.items()
    }


def _funnel(job_id: int | None, title: str, counts: list[int]) -> Funnel:
    steps = []
    for rank, (stage, label) in enumerate(FUNNEL):
        previous = counts[rank - 1] if rank else None
        steps.append(
            FunnelStep(
                stage=stage.value,
                label=label,
                count=counts[rank],
                of_previous=_percent(counts[rank], previous) if rank else None,
                of_applied=_percent(counts[rank], counts[0]),
            )
        )
    return Funnel(job_id=job_id, title=title, steps=tuple(steps))


def _percent(part: int, whole: int | None) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def score_distribution(job_ids: list[int]) -> ScoreDistribution:
    """Overall scores in ten-point buckets, and how many have none yet (one query)."""
    score = "overall_score"
    counts = {"unscored": Count("id", filter=Q(**{f"{score}__isnull": True}))}
    for bucket in range(SCORE_BUCKETS):
        bounds = Q()
        if bucket:
            bounds &= Q(**{f"{score}__gte": bucket * 10})
        if bucket < SCORE_BUCKETS - 1:
            bounds &= Q(**{f"{score}__lt": (bucket + 1) * 10})
        else:
            bounds &= Q(**{f"{score}__isnull": False})
        counts[f"b{bucket}"] = Count("id", filter=bounds)
    totals = Application.objects.filter(job_id__in=job_ids).aggregate(**counts)
    return ScoreDistribution(
        buckets=tuple(
            (
                bucket * 10,
                100 if bucket == SCORE_BUCKETS - 1 else bucket * 10 + 9,
                totals[f"b{bucket}"],
            )
            for bucket in range(SCORE_BUCKETS)
        ),
        unscored=totals["unscored"],
    )


def stage_times(
    job_ids: list[int], histories: list[_History], *, now: datetime
) -> tuple[StageTime, ...]:
    """Median and 90th-percentile time spent in each stage, in hours.

    A stage starts when the application enters it (applying, for "new") and ends at the
    next stage change, or at the first screening for "new"; an application still in a stage counts with its time so far.
    Applications that have never changed stage are read in one more query, as the time
    since they applied (or since their stage was last set, when that is known).
    """
    spans: dict[str, list[float]] = {stage.value: [] for stage in TIMED_STAGES}
    ongoing = dict.fromkeys(spans, 0)

    now_ts = now.timestamp()

    def add(stage: str | None, start: float, end: float, *, still_there: bool = False):
        if stage in spans:
            spans[stage].append(max(end - start, 0) / 3600)
            ongoing[stage] += still_there

    for history in histories:
        at = history.applied_at
        for changed_at, left, _ in history.changes:
            add(left, at, changed_at)
            at = changed_at
        add(history.stage, at, now_ts, still_there=True)

    # Skipping the applications with a history here, rather than with NOT EXISTS in SQL,
    # keeps the plan a plain index scan whatever the table statistics say.
    seen = {history.application_id for history in histories}
    waiting = (
        Application.objects.filter(job_id__in=job_ids, stage__in=list(spans))
        .order_by()
        .values_list("id", "stage", Epoch(Coalesce(F("stage_changed_at"), F("created_at"))))
    )
    for application_id, stage, since in waiting:
        if application_id not in seen:
            add(stage, since, now_ts, still_there=True)

    results = []
    for stage in TIMED_STAGES:
        hours = sorted(spans[stage.value])
        results.append(
            StageTime(
                stage=stage.value,
                label=stage.label,
                count=len(hours),
                ongoing=ongoing[stage.value],
                median_hours=percentile(hours, 50),
                p90_hours=percentile(hours, 90),
            )
        )
    return tuple(results)


def percentile(ordered: list[float], q: float) -> float | None:
    """The ``q``-th percentile of sorted values, interpolating between neighbours."""
    if not ordered:
        return None
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def ai_cost_by_job(job_ids: list[int], titles: dict[int, str]) -> tuple[JobCost, ...]:
    """What the model and scorer calls cost per job (one query).

    A run made for an application but not stamped with its job counts for the
    application's job.
    """
    rows = (
        AIRun.objects.filter(
            Q(job_id__in=job_ids) | Q(job__isnull=True, application__job_id__in=job_ids)
        )
        .annotate(job_key=Coalesce(F("job_id"), F("application__job_id")))
        .values("job_key")
        .annotate(
            runs=Count("id"),
            input_tokens=Sum("input_tokens"),
            output_tokens=Sum("output_tokens"),
            cost=Sum("cost_usd"),
        )
        .order_by()
    )
    costs = [
        JobCost(
            job_id=row["job_key"],
            title=titles[row["job_key"]],
            runs=row["runs"],
            input_tokens=row["input_tokens"] or 0,
            output_tokens=row["output_tokens"] or 0,
            cost_usd=Decimal(row["cost"] or 0).quantize(Decimal("0.000001")),
        )
        for row in rows
    ]
    return tuple(sorted(costs, key=lambda cost: (-cost.cost_usd, cost.title.lower())))
