"""Reads for intake progress and reports."""

from dataclasses import dataclass

from django.db.models import Count

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
