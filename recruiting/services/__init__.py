"""Resume intake and the domain's writes: accept files onto a job, extract their text,
parse a profile, turn each into a candidate with an application, and the decisions people
take on them.

Where things are:

- ``intake``: accepting files (``resumes_import``, ``IncomingFile``, zips, rejections);
- ``pipeline``: the worker's steps (``resume_extract``, ``resume_parse``), a file added
  anyway after it was turned away, and re-queueing what a dead worker left;
- ``candidates``: who a resume belongs to (``candidate_match``), attaching it, possible
  duplicates;
- ``merge``: a possible duplicate merged or kept apart;
- ``decisions``: stage moves by people, new jobs, ``DecisionError``;
- ``events``: the candidate's timeline and notes.

This module re-exports the names used outside the package.
"""

from recruiting.services.candidates import candidate_match, possible_duplicates_record
from recruiting.services.decisions import (
    DecisionError,
    application_move,
    applications_move,
    job_create,
)
from recruiting.services.events import candidate_note_add
from recruiting.services.intake import (
    IncomingFile,
    rejection_reason,
    resume_accept_for_candidate,
    resumes_import,
)
from recruiting.services.merge import candidate_duplicate_resolve
from recruiting.services.pipeline import (
    MAX_ATTEMPTS,
    TransientError,
    import_batches_requeue_stuck,
    resume_add_anyway,
    resume_extract,
    resume_mark_failed,
    resume_parse,
    resumes_requeue_stuck,
)

__all__ = [
    "MAX_ATTEMPTS",
    "DecisionError",
    "IncomingFile",
    "TransientError",
    "application_move",
    "applications_move",
    "candidate_duplicate_resolve",
    "candidate_match",
    "candidate_note_add",
    "import_batches_requeue_stuck",
    "job_create",
    "possible_duplicates_record",
    "rejection_reason",
    "resume_accept_for_candidate",
    "resume_add_anyway",
    "resume_extract",
    "resume_mark_failed",
    "resume_parse",
    "resumes_import",
    "resumes_requeue_stuck",
]
