"""The pipeline steps of a resume, run in the worker: extract its text, then parse a
profile and find its candidate. Each claims its row with a conditional update and does
nothing unless it won the claim, so a redelivered task is harmless. Also: a file turned
away as not a resume added anyway by a person, and re-queueing what a dead worker left."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import OperationalError
from django.db.models import F
from django.utils import timezone

from config.tasks import enqueue
from recruiting import extraction
from recruiting.models import (
    Application,
    Event,
    ImportBatch,
    Resume,
    User,
)
from recruiting.parsing import parse_profile
from recruiting.services.candidates import candidate_attach
from recruiting.services.decisions import DecisionError
from recruiting.services.events import event_add
from recruiting.verdict import resume_verdict

logger = logging.getLogger(__name__)


# A claim older than this is presumed dead (its worker was killed) and is re-queued.
STUCK_AFTER = timedelta(minutes=10)
MAX_ATTEMPTS = 3


class TransientError(Exception):
    """Worth retrying: storage or database briefly unreachable."""


def _claim(resume_id: int, *, from_status: str, to_status: str) -> Resume | None:
    claimed = Resume.objects.filter(pk=resume_id, status=from_status).update(
        status=to_status, claimed_at=timezone.now(), attempts=F("attempts") + 1
    )
    return Resume.objects.select_related("batch__job").get(pk=resume_id) if claimed else None


def resume_extract(*, resume_id: int) -> None:
    """Turn a queued resume's file into text. Idempotent: only a queued resume is claimed.

    Raises TransientError (after releasing the claim) when the file cannot be read now.
    """
    resume = _claim(resume_id, from_status=Resume.Status.QUEUED, to_status=Resume.Status.EXTRACTING)
    if resume is None:
        return
    try:
        with resume.file.open("rb") as handle:
            data = handle.read()
    except OSError as exc:
        Resume.objects.filter(pk=resume.pk).update(status=Resume.Status.QUEUED)
        raise TransientError(f"could not read {resume.file.name}: {exc}") from exc

    try:
        result = extraction.extract_text(
            data, filename=resume.original_name, max_bytes=settings.RESUME_MAX_BYTES
        )
    except extraction.ExtractionError as exc:
        resume_mark_failed(resume_id=resume.pk, reason=exc.reason, code=exc.code)
        return

    resume.text = result.text
    resume.page_count = result.page_count
    resume.content_type = result.content_type
    resume.extraction_method = result.method
    resume.hidden_passages = list(result.hidden)
    resume.status = Resume.Status.EXTRACTED
    resume.save(
        update_fields=[
            "text",
            "page_count",
            "content_type",
            "extraction_method",
            "hidden_passages",
            "status",
            "updated_at",
        ]
    )
    logger.info(
        "resume %s extracted: %s, %s pages, %s characters",
        resume.pk,
        result.method,
        result.page_count,
        len(result.text),
    )
    enqueue("recruiting.tasks.parse_resume", resume.pk)


def resume_mark_failed(*, resume_id: int, reason: str, code: str = "error") -> None:
    """The final word on a resume that cannot be used; HR sees ``reason``."""
    Resume.objects.filter(pk=resume_id).exclude(status__in=Resume.FINISHED).update(
        status=Resume.Status.FAILED,
        error=reason,
        error_code=code,
        processed_at=timezone.now(),
    )


# --- Pipeline step 2: parse, find the candidate, apply -------------------------------------


def resume_parse(*, resume_id: int) -> Application | None:
    """Parse an extracted resume into a profile, attach it to its candidate (found by the
    same file, or by email or phone with agreeing names, else created), and make sure
    they have an application for the batch's job. Idempotent: only an extracted resume
    is claimed.
    """
    resume = _claim(resume_id, from_status=Resume.Status.EXTRACTED, to_status=Resume.Status.PARSING)
    if resume is None:
        return None
    profile = parse_profile(resume.text, default_region=settings.PHONE_DEFAULT_REGION)
    if not resume.candidate_id:  # a CSV row naming the candidate has already vouched for it
        is_resume, reason = resume_verdict(resume.text, profile)
        if not is_resume:
            resume.status = Resume.Status.NOT_A_RESUME
            resume.profile = profile.to_dict()
            resume.error = f"Not added as a candidate. {reason}"
            resume.error_code = "not_a_resume"
            resume.processed_at = timezone.now()
            resume.save(
                update_fields=[
                    "status",
                    "profile",
                    "error",
                    "error_code",
                    "processed_at",
                    "updated_at",
                ]
            )
            return None
    application = _make_candidate(resume, profile, release_to=Resume.Status.EXTRACTED)
    logger.info(
        "resume %s parsed: candidate %s, application %s",
        resume.pk,
        application.candidate_id,
        application.pk,
    )
    return application


def _make_candidate(resume: Resume, profile, *, release_to: str) -> Application:
    """Find or create the resume's candidate and their application to the batch's job.

    The caller holds the resume's claim (status ``parsing``); on a database outage the
    claim is released back to ``release_to`` so a retry can take it again.
    """
    try:
        return candidate_attach(resume, profile)
    except OperationalError as exc:
        Resume.objects.filter(pk=resume.pk, status=Resume.Status.PARSING).update(status=release_to)
        raise TransientError(f"could not save the profile of resume {resume.pk}: {exc}") from exc


def resume_add_anyway(*, resume: Resume, by: User) -> Application:
    """Make a candidate of a file the verdict turned away, because a person says it is a
    resume: the normal path (candidate, application, screening), and an event naming who.

    Idempotent: a resume already added returns its application. The caller checks that
    ``by`` may manage the batch's job. Raises DecisionError for a resume that was never
    turned away.
    """
    claimed = Resume.objects.filter(pk=resume.pk, status=Resume.Status.NOT_A_RESUME).update(
        status=Resume.Status.PARSING, claimed_at=timezone.now()
    )
    resume = Resume.objects.select_related("batch__job").get(pk=resume.pk)
    if not claimed:
        application = _application_of(resume)
        if application is None:
            raise DecisionError(
                f"{resume.original_name} was not turned away as \u201cnot a resume\u201d, "
                "so there is nothing to add."
            )
        return application
    profile = parse_profile(resume.text, default_region=settings.PHONE_DEFAULT_REGION)
    application = _make_candidate(resume, profile, release_to=Resume.Status.NOT_A_RESUME)
    # No longer a problem to show; the verdict stays on the candidate's timeline.
    Resume.objects.filter(pk=resume.pk).update(error="", error_code="")
    verdict = resume.error.removeprefix("Not added as a candidate. ")
    event_add(
        application.candidate,
        Event.Kind.RESUME_UPLOADED,
        f"{resume.original_name} added by {by.get_full_name() or by.get_username()}, "
        f"although it had been turned away: {verdict}",
        application=application,
        actor=by,
        data={"resume": resume.pk, "added_anyway": True},
    )
    return application


def _application_of(resume: Resume) -> Application | None:
    """The application a parsed (or duplicate) resume of a batch ended in."""
    if resume.batch_id is None or resume.status not in (
        Resume.Status.PARSED,
        Resume.Status.DUPLICATE,
    ):
        return None
    owner = resume.candidate_id or (
        resume.duplicate_of.candidate_id if resume.duplicate_of_id else None
    )
    return Application.objects.filter(candidate_id=owner, job_id=resume.batch.job_id).first()


# How many candidates sharing one email or phone are compared by name. A placeholder


CSV_STUCK_AFTER = timedelta(minutes=40)  # past import_candidates_csv's hard time limit


def import_batches_requeue_stuck() -> int:
    """Re-queue CSV imports whose worker died mid-file. Re-running a CSV is safe: known
    candidates merge, resumes dedupe by file hash, applications are get-or-create."""
    cutoff = timezone.now() - CSV_STUCK_AFTER
    requeued = 0
    for batch_id in ImportBatch.objects.filter(
        status=ImportBatch.Status.RUNNING, updated_at__lt=cutoff
    ).values_list("pk", flat=True):
        if ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.RUNNING).update(
            status=ImportBatch.Status.PENDING, updated_at=timezone.now()
        ):
            enqueue("recruiting.tasks.import_candidates_csv", batch_id)
            requeued += 1
    return requeued


def resumes_requeue_stuck() -> int:
    """Re-queue resumes whose worker died mid-step; give up after MAX_ATTEMPTS.

    Returns how many were re-queued. Run periodically by beat.
    """
    cutoff = timezone.now() - STUCK_AFTER
    stuck = Resume.objects.filter(
        status__in=[Resume.Status.QUEUED, Resume.Status.EXTRACTING, Resume.Status.PARSING],
        updated_at__lt=cutoff,
    )
    requeued = 0
    for resume in stuck.only("pk", "status", "attempts"):
        if resume.attempts >= MAX_ATTEMPTS:
            resume_mark_failed(
                resume_id=resume.pk,
                reason="Processing kept failing; an administrator has been notified. "
                "Try uploading the file again.",
                code="gave_up",
            )
            logger.error("resume %s gave up after %s attempts", resume.pk, resume.attempts)
            continue
        if resume.status == Resume.Status.PARSING:
            back_to, task = Resume.Status.EXTRACTED, "recruiting.tasks.parse_resume"
        else:
            back_to, task = Resume.Status.QUEUED, "recruiting.tasks.extract_resume"
        if Resume.objects.filter(pk=resume.pk, status=resume.status).update(
            status=back_to, updated_at=timezone.now()
        ):
            enqueue(task, resume.pk)
            requeued += 1
    return requeued
