"""Resume intake: accept files onto a job, extract their text, parse a profile, and turn
each into a candidate with an application.

Every way in (the admin, the HR page, the API, the CSV import, the command line, the
demo) calls ``resumes_import``. The pipeline steps (``resume_extract``,
``resume_parse``) run in the worker; each claims its row with a conditional update and
does nothing unless it won the claim, so a redelivered task is harmless.
"""

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from recruiting import archives, extraction
from recruiting.models import Application, Candidate, Event, ImportBatch, Job, Resume, User
from recruiting.parsing import parse_profile
from recruiting.textbounds import description_problem

logger = logging.getLogger(__name__)

ZIP_TYPES = {"application/zip"}
ACCEPTED_TYPES = {
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text/plain",
    "text/html",
    "text/markdown",
    "application/rtf",
    "image/png",
    "image/jpeg",
    "image/tiff",
}
# A claim older than this is presumed dead (its worker was killed) and is re-queued.
STUCK_AFTER = timedelta(minutes=10)
MAX_ATTEMPTS = 3


class TransientError(Exception):
    """Worth retrying: storage or database briefly unreachable."""


@dataclass(frozen=True)
class IncomingFile:
    name: str
    data: bytes


# --- Accepting files ---------------------------------------------------------------------


def resumes_import(
    *,
    job: Job,
    files: Iterable[IncomingFile],
    source: str,
    created_by: User | None = None,
) -> ImportBatch:
    """Store each file (zips expanded) as a queued resume of a new batch on ``job``.

    Returns at once: extraction is queued for after the transaction commits. A file that
    cannot be accepted (empty, too big, not a document, unsafe zip member) becomes a
    failed resume with its reason, so the batch report accounts for every file.
    """
    batch = ImportBatch.objects.create(job=job, source=source, created_by=created_by)
    for incoming in files:
        _accept_file(batch, incoming.name, incoming.data)
    return batch


def _accept_file(batch: ImportBatch, name: str, data: bytes) -> None:
    content_type = extraction.detect_content_type(data, name) if data else ""
    if content_type in ZIP_TYPES:
        _accept_zip(batch, name, data)
        return
    rejection = rejection_reason(data, content_type)
    if rejection:
        _record_rejected(batch, name, data, content_type, *rejection)
        return
    resume = Resume.objects.create(
        batch=batch,
        file=ContentFile(data, name=name),
        original_name=name[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        content_type=content_type,
    )
    enqueue("recruiting.tasks.extract_resume", resume.pk)


def resume_accept_for_candidate(
    *, batch: ImportBatch, candidate: Candidate, name: str, data: bytes
) -> Resume | None:
    """Queue a resume already known to belong to ``candidate`` (a CSV row named it).

    Returns None when the candidate already has this exact file.
    """
    sha256 = hashlib.sha256(data).hexdigest()
    if candidate.resumes.filter(sha256=sha256).exists():
        return None
    resume = Resume.objects.create(
        batch=batch,
        candidate=candidate,
        file=ContentFile(data, name=name),
        original_name=name[:255],
        sha256=sha256,
        size=len(data),
        content_type=extraction.detect_content_type(data, name),
    )
    enqueue("recruiting.tasks.extract_resume", resume.pk)
    return resume


def _accept_zip(batch: ImportBatch, name: str, data: bytes) -> None:
    try:
        members = list(
            archives.iter_zip_members(
                data,
                max_member_bytes=settings.RESUME_MAX_BYTES,
                max_total_bytes=settings.RESUME_ZIP_MAX_BYTES,
            )
        )
    except archives.ArchiveError as exc:
        _record_rejected(batch, name, b"", "application/zip", exc.reason, "bad_archive")
        return
    for member in members:
        display_name = f"{name}/{member.name}"
        if member.error:
            _record_rejected(batch, display_name, b"", "", member.error, "bad_archive_member")
        else:
            _accept_file(batch, display_name, member.data)


def rejection_reason(data: bytes, content_type: str) -> tuple[str, str] | None:
    if not data.strip():
        return "The file is empty.", "empty"
    if len(data) > settings.RESUME_MAX_BYTES:
        limit = settings.RESUME_MAX_BYTES / (1024 * 1024)
        return f"The file is larger than the {limit:g} MB limit.", "too_large"
    if content_type not in ACCEPTED_TYPES:
        try:
            extraction.extract_text(data, max_bytes=settings.RESUME_MAX_BYTES, ocr=False)
        except extraction.ExtractionError as exc:
            return exc.reason, exc.code
        return "This kind of file is not supported; upload a PDF or DOCX.", "unsupported_type"
    return None


def _record_rejected(batch, name, data, content_type, reason, code) -> None:
    Resume.objects.create(
        batch=batch,
        original_name=name[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        content_type=content_type,
        status=Resume.Status.FAILED,
        error=reason,
        error_code=code,
        processed_at=timezone.now(),
    )


def enqueue(task_name: str, *args) -> None:
    """Send a task once the current transaction commits (at once outside one)."""
    # Imported by name because the task modules import the services.
    task = import_string(task_name)
    transaction.on_commit(lambda: task.delay(*args))


# --- Pipeline step 1: extract -------------------------------------------------------------


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
    resume.status = Resume.Status.EXTRACTED
    resume.save(
        update_fields=[
            "text",
            "page_count",
            "content_type",
            "extraction_method",
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
    same file, email or phone, else created), and make sure they have an application for
    the batch's job. Idempotent: only an extracted resume is claimed.
    """
    resume = _claim(resume_id, from_status=Resume.Status.EXTRACTED, to_status=Resume.Status.PARSING)
    if resume is None:
        return None
    profile = parse_profile(resume.text, default_region=settings.PHONE_DEFAULT_REGION)
    if not resume.candidate_id and not looks_like_resume(resume.text, profile):
        resume.status = Resume.Status.NOT_A_RESUME
        resume.profile = profile.to_dict()
        resume.error = (
            "Not added as a candidate: the text has no name, contact details, jobs or "
            "education, so it does not look like a resume."
        )
        resume.processed_at = timezone.now()
        resume.save(update_fields=["status", "profile", "error", "processed_at", "updated_at"])
        return None
    try:
        with transaction.atomic():
            candidate = _candidate_for(resume, profile)
            application = _attach(resume, candidate, profile)
    except OperationalError as exc:
        Resume.objects.filter(pk=resume.pk, status=Resume.Status.PARSING).update(
            status=Resume.Status.EXTRACTED
        )
        raise TransientError(f"could not save the profile of resume {resume.pk}: {exc}") from exc
    logger.info(
        "resume %s parsed: candidate %s, application %s",
        resume.pk,
        application.candidate_id,
        application.pk,
    )
    return application


def looks_like_resume(text: str, profile) -> bool:
    """Whether extracted text is worth a candidate: someone to contact, or the shape of a
    career (jobs, education, several skills) in more than a few words.

    Anonymised resumes have no contact details but still describe a career; a form, a
    scanned receipt or lorem ipsum describes neither, and must not reach the scorer.
    """
    if profile.email or profile.phone:
        return True
    career = bool(profile.positions) + bool(profile.education) + (len(profile.skills) >= 3)
    return len(text.split()) >= 60 and (career >= 2 or (bool(profile.name) and career >= 1))


def _candidate_for(resume: Resume, profile) -> Candidate:
    if resume.candidate_id:  # named by a CSV row
        return resume.candidate
    same_file = (
        Resume.objects.filter(sha256=resume.sha256, candidate__isnull=False)
        .exclude(pk=resume.pk)
        .select_related("candidate")
        .first()
    )
    if same_file:
        return same_file.candidate
    lookup = Q()
    if profile.email:
        lookup |= Q(email__iexact=profile.email)
    if profile.phone:
        lookup |= Q(phone=profile.phone)
    if lookup:
        # Email wins over phone when they point at different people.
        matches = list(Candidate.objects.select_for_update().filter(lookup))
        matches.sort(key=lambda c: c.email.lower() != profile.email.lower())
        if matches:
            return matches[0]
    try:
        with transaction.atomic():
            return Candidate.objects.create(
                name=profile.name,
                email=profile.email,
                phone=profile.phone,
                location=profile.location,
            )
    except IntegrityError:
        # Another worker created them between our lookup and insert.
        return Candidate.objects.get(lookup)


def _attach(resume: Resume, candidate: Candidate, profile) -> Application:
    job = resume.batch.job
    known = candidate.resumes.filter(sha256=resume.sha256).exclude(pk=resume.pk).first()
    now = timezone.now()
    if known:
        resume.status = Resume.Status.DUPLICATE
        resume.duplicate_of = known
        resume.processed_at = now
        resume.save(update_fields=["status", "duplicate_of", "processed_at", "updated_at"])
        current = candidate.resumes.filter(is_current=True).first() or known
        _event(
            candidate,
            Event.Kind.RESUME_DUPLICATE,
            f"{resume.original_name} is the same file as {known.original_name}.",
            actor=resume.batch.created_by,
        )
    else:
        candidate.resumes.filter(is_current=True).update(is_current=False)
        resume.candidate = candidate
        resume.profile = profile.to_dict()
        resume.is_current = True
        resume.status = Resume.Status.PARSED
        resume.processed_at = now
        resume.save(
            update_fields=[
                "candidate",
                "profile",
                "is_current",
                "status",
                "processed_at",
                "updated_at",
            ]
        )
        _refresh_candidate(candidate, profile)
        current = resume
        _event(
            candidate,
            Event.Kind.RESUME_UPLOADED,
            f"{resume.original_name} added ({resume.batch.get_source_display()}).",
            actor=resume.batch.created_by,
            data={"resume": resume.pk},
        )

    application, created = Application.objects.get_or_create(
        candidate=candidate, job=job, defaults={"resume": current}
    )
    if created:
        _event(
            candidate,
            Event.Kind.APPLIED,
            f"Applied to {job.title}.",
            application=application,
            actor=resume.batch.created_by,
        )
    elif application.resume_id != current.pk:
        application.resume = current
        application.save(update_fields=["resume", "updated_at"])
    enqueue("ai.tasks.screen_application", application.pk)
    return application


def _refresh_candidate(candidate: Candidate, profile) -> None:
    """The newest resume's profile becomes the candidate's; contact details are only
    filled in, never overwritten, since HR may have corrected them."""
    candidate.profile = profile.to_dict()
    for field in ("name", "email", "phone", "location"):
        if not getattr(candidate, field) and getattr(profile, field):
            setattr(candidate, field, getattr(profile, field))
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError:
        # The parsed email or phone belongs to someone else already; keep what we had.
        candidate.refresh_from_db(fields=["email", "phone"])
        candidate.profile = profile.to_dict()
        candidate.save(update_fields=["profile", "name", "location", "updated_at"])


def _event(candidate, kind, message, *, application=None, actor=None, data=None) -> Event:
    return Event.objects.create(
        candidate=candidate,
        kind=kind,
        message=message,
        application=application,
        actor=actor,
        data=data or {},
    )


# --- Recovery ------------------------------------------------------------------------


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


# --- Decisions by people --------------------------------------------------------------


class DecisionError(ValueError):
    """A decision that cannot be taken as asked; the message says why."""


def application_move(
    *, application: Application, stage: str, by: User, reason: str = ""
) -> Application:
    """Move an application to ``stage``. Only people call this: the AI recommends, a
    person decides. A rejection needs a reason, which is kept and shown on the timeline.
    """
    if stage not in Application.Stage.values:
        raise DecisionError(f"Unknown stage {stage!r}.")
    reason = reason.strip()
    if stage == Application.Stage.REJECTED and not reason:
        raise DecisionError("A rejection needs a reason.")
    if application.stage == stage:
        return application
    previous = application.get_stage_display()
    application.stage = stage
    application.stage_changed_at = timezone.now()
    application.stage_changed_by = by
    update = ["stage", "stage_changed_at", "stage_changed_by", "updated_at"]
    if stage == Application.Stage.REJECTED:
        application.rejection_reason = reason
        update.append("rejection_reason")
    application.save(update_fields=update)
    message = f"{previous} → {application.get_stage_display()}"
    _event(
        application.candidate,
        Event.Kind.STAGE_CHANGED,
        f"{message}: {reason}" if reason else message,
        application=application,
        actor=by,
        data={"from": previous, "to": stage},
    )
    return application


def applications_move(
    *, applications: Iterable[Application], stage: str, by: User, reason: str = ""
) -> int:
    """Move many applications at once (bulk actions); returns how many changed."""
    moved = 0
    with transaction.atomic():
        for application in applications:
            before = application.stage
            application_move(application=application, stage=stage, by=by, reason=reason)
            moved += before != stage
    return moved


def candidate_note_add(
    *, candidate: Candidate, by: User, text: str, application: Application | None = None
) -> Event:
    return _event(candidate, Event.Kind.NOTE, text.strip(), application=application, actor=by)


def job_create(*, by: User, interviewers=(), **fields) -> Job:
    """Create a job; its structured requirements are generated in the worker for HR to
    review."""
    if problem := description_problem(fields.get("description", "")):
        raise ValidationError(problem)
    job = Job.objects.create(created_by=by, **fields)
    if interviewers:
        job.interviewers.set(interviewers)
    enqueue("ai.tasks.generate_job_requirements", job.pk)
    return job
