"""Reads for intake progress and reports."""

import contextlib
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Subquery

from recruiting.models import Application, ImportBatch, Resume

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
    from ai.models import Screening

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
    from ai.models import Screening

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


def stage_counts_by_job(job_ids: list[int]) -> dict[int, dict[str, int]]:
    """``{job_id: {stage: count}}`` in one query."""
    from recruiting.models import Application

    counts: dict[int, dict[str, int]] = {}
    rows = (
        Application.objects.filter(job_id__in=job_ids)
        .values("job_id", "stage")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        counts.setdefault(row["job_id"], {})[row["stage"]] = row["n"]
    return counts


def job_applications(
    job, *, stage="", recommendation="", min_score="", query="", order_by=("rank", "id")
):
    """A job's applications for the ranked list: filtered, sorted, with the job's latest
    finished screenings attached as ``done_screenings`` (one extra query per page).

    Whatever the sort, rejected and withdrawn applications come after the others, and
    empty values (no rank, no score yet) after filled ones on every database.
    """
    from django.db.models import Case, F, IntegerField, Prefetch, Value, When

    from ai.models import Screening
    from recruiting.models import Application

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


def highlight_segments(text: str, quotes: list[str]) -> list[tuple[str, bool]]:
    """Split ``text`` into (segment, is_evidence) pieces so a template can mark the
    quoted evidence while escaping everything (the text is untrusted)."""
    spans = []
    for quote in {q for q in quotes if q and q.strip()}:
        start = text.find(quote)
        while start != -1:
            spans.append((start, start + len(quote)))
            start = text.find(quote, start + len(quote))
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    segments, position = [], 0
    for start, end in merged:
        if start > position:
            segments.append((text[position:start], False))
        segments.append((text[start:end], True))
        position = end
    if position < len(text):
        segments.append((text[position:], False))
    return segments


def application_screening_context(application) -> dict:
    from ai.models import Screening

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


# --- Candidate identity (possible duplicates, how files found their candidate) ------------


def batch_match_counts(batch: ImportBatch) -> dict[str, int]:
    """How many of a batch's files joined a candidate already known, and how many made a
    new candidate who may be someone already known. Duplicate files are counted apart (by
    status). Only recruiters may be shown these: to anyone else a join says the person
    applied elsewhere."""
    counts = dict(
        batch.resumes.filter(
            match__in=[Resume.Match.JOINED_EXISTING, Resume.Match.POSSIBLE_DUPLICATE]
        )
        .values_list("match")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {
        "joined": counts.get(Resume.Match.JOINED_EXISTING, 0),
        "possible_duplicate": counts.get(Resume.Match.POSSIBLE_DUPLICATE, 0),
    }


@dataclass(frozen=True)
class DuplicateNotice:
    duplicate: object  # PossibleDuplicate
    other: object  # Candidate
    other_application: object | None  # one of theirs the user may open
    can_resolve: bool


def candidate_duplicate_notices(candidate, user) -> list[DuplicateNotice]:
    """Open possible duplicates of ``candidate`` that ``user`` may be told about: only
    those whose other candidate they can already read (recruiters: all), so the banner
    never names a person from a job they cannot see."""
    from recruiting import roles
    from recruiting.models import PossibleDuplicate

    open_duplicates = (
        PossibleDuplicate.objects.filter(status=PossibleDuplicate.Status.OPEN)
        .filter(Q(candidate=candidate) | Q(existing=candidate))
        .select_related("candidate", "existing")
        .order_by("created_at")[:20]
    )
    readable = roles.applications_for(user).select_related("job")
    resolvable = set(
        roles.duplicates_resolvable_by(user)
        .filter(pk__in=[d.pk for d in open_duplicates])
        .values_list("pk", flat=True)
    )
    notices = []
    for duplicate in open_duplicates:
        other = (
            duplicate.existing if duplicate.candidate_id == candidate.pk else duplicate.candidate
        )
        other_application = readable.filter(candidate=other).order_by("pk").first()
        if other_application is None and not roles.is_recruiter(user):
            continue
        notices.append(
            DuplicateNotice(duplicate, other, other_application, duplicate.pk in resolvable)
        )
    return notices
