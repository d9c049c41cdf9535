"""Reads for intake progress and reports."""

import contextlib
from dataclasses import dataclass

from django.db.models import Count, Q

from recruiting.models import ImportBatch, Resume

# How each resume status counts on a progress bar.
PROGRESS_BUCKET = {
    Resume.Status.QUEUED: "queued",
    Resume.Status.EXTRACTING: "queued",
    Resume.Status.EXTRACTED: "extracted",
    Resume.Status.PARSING: "extracted",
    Resume.Status.PARSED: "extracted",
    Resume.Status.NOT_A_RESUME: "extracted",
    Resume.Status.DUPLICATE: "duplicate",
    Resume.Status.FAILED: "failed",
}


@dataclass(frozen=True)
class BatchProgress:
    total: int
    queued: int
    extracted: int
    duplicate: int
    failed: int
    finished: int

    @property
    def done(self) -> bool:
        return self.finished == self.total

    @property
    def percent(self) -> int:
        return round(100 * self.finished / self.total) if self.total else 100


def batch_progress(batch: ImportBatch) -> BatchProgress:
    """Counts for a batch's progress bar, in one query."""
    counts = {"queued": 0, "extracted": 0, "duplicate": 0, "failed": 0}
    finished = total = 0
    for row in batch.resumes.values("status").annotate(n=Count("id")).order_by():
        counts[PROGRESS_BUCKET[row["status"]]] += row["n"]
        total += row["n"]
        if row["status"] in Resume.FINISHED:
            finished += row["n"]
    return BatchProgress(total=total, finished=finished, **counts)


def batch_outcomes(batch: ImportBatch) -> list[dict]:
    """One line per file: what became of it, for reports and ``--json``."""
    return [
        {
            "file": resume.original_name,
            "status": PROGRESS_BUCKET[resume.status],
            "reason": resume.error,
            "candidate": resume.candidate_id
            or (resume.duplicate_of.candidate_id if resume.duplicate_of else None),
        }
        for resume in batch.resumes.select_related("duplicate_of").order_by("id")
    ]


def batch_context(batch: ImportBatch) -> dict:
    """What the progress bar and the per-file list show."""
    progress = batch_progress(batch)
    failed = list(
        batch.resumes.filter(status__in=[Resume.Status.FAILED, Resume.Status.NOT_A_RESUME])
        .order_by("id")
        .values("original_name", "status", "error")[:500]
    )
    waiting_for_csv = batch.status in (ImportBatch.Status.PENDING, ImportBatch.Status.RUNNING)
    return {
        "batch": batch,
        "progress": progress,
        "problems": failed,
        "screened": _screened_count(batch),
        "finished": progress.done and not waiting_for_csv,
        "csv_rows": batch.report if batch.source == ImportBatch.Source.CSV else [],
    }


def _screened_count(batch: ImportBatch) -> int:
    from ai.models import Screening

    return (
        Screening.objects.filter(
            status=Screening.Status.DONE,
            application__resume__batch=batch,
        )
        .values("application")
        .distinct()
        .count()
    )


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
    """A job's applications for the ranked list: filtered, sorted, with the latest
    finished screening attached as ``latest_screening`` (one extra query per page)."""
    from django.db.models import Prefetch

    from ai.models import Screening
    from recruiting.models import Application

    queryset = job.applications.select_related("candidate")
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
    return queryset.prefetch_related(
        Prefetch("screenings", queryset=done, to_attr="done_screenings")
    ).order_by(*order_by)


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
