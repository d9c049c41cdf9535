"""Reads for the HR pages that need nothing of the AI: applications per stage, quoted
evidence marked in a text, and how files found their candidates. Intake progress counts
screenings, so it is read in ``ai.selectors``."""

from dataclasses import dataclass

from django.db.models import Count, Q

from recruiting import roles
from recruiting.models import Application, ImportBatch, PossibleDuplicate, Resume


def stage_counts_by_job(job_ids: list[int]) -> dict[int, dict[str, int]]:
    """``{job_id: {stage: count}}`` in one query."""
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
