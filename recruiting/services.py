"""Resume intake: accept files onto a job, extract their text, parse a profile, and turn
each into a candidate with an application.

Every way in (the admin, the HR page, the API, the CSV import, the command line, the
demo) calls ``resumes_import``. The pipeline steps (``resume_extract``,
``resume_parse``) run in the worker; each claims its row with a conditional update and
does nothing unless it won the claim, so a redelivered task is harmless.
"""

import hashlib
import io
import logging
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import OperationalError, connection, transaction
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from config.tasks import enqueue
from recruiting import archives, extraction, identity, roles
from recruiting.models import (
    Application,
    Candidate,
    Event,
    ImportBatch,
    Job,
    PossibleDuplicate,
    Resume,
    User,
)
from recruiting.parsing import parse_profile
from recruiting.textbounds import description_problem
from recruiting.verdict import resume_verdict

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
_CHUNK_BYTES = 64 * 1024
_SNIFF_BYTES = 2048  # what extraction.detect_content_type looks at for most types


class TransientError(Exception):
    """Worth retrying: storage or database briefly unreachable."""


@dataclass(frozen=True)
class IncomingFile:
    """A file to import, by the name HR gave it.

    ``data`` is its content: bytes (small things, tests), a readable and seekable binary
    file (an upload, which Django spools to disk past FILE_UPLOAD_MAX_MEMORY_SIZE) or a
    path. A file or a path is read in chunks, and only read whole when it is within
    RESUME_MAX_BYTES; a zip is unpacked from it member by member. ``refused`` is why the
    file never arrived whole (the upload stopped it past its size limit): it is recorded
    as failed with that reason, so the batch report still accounts for it.
    """

    name: str
    data: bytes | BinaryIO | os.PathLike = b""
    refused: str = ""

    @contextmanager
    def open(self) -> Iterator[BinaryIO]:
        """The content as a binary file at its start; a path is opened and closed here."""
        if isinstance(self.data, bytes | bytearray):
            yield io.BytesIO(self.data)
        elif isinstance(self.data, os.PathLike):
            with open(self.data, "rb") as handle:
                yield handle
        else:
            self.data.seek(0)
            yield self.data


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
    failed resume with its reason, so the batch report accounts for every file. ``files``
    may be a generator: each is opened, accepted and closed before the next.
    """
    batch = ImportBatch.objects.create(job=job, source=source, created_by=created_by)
    for incoming in files:
        if incoming.refused:
            _record_rejected(batch, incoming.name, b"", "", incoming.refused, "too_large")
            continue
        with incoming.open() as handle:
            _accept_file(batch, incoming.name, handle)
    return batch


def _accept_file(batch: ImportBatch, name: str, handle: BinaryIO) -> None:
    """Accept one file read from ``handle`` (at its start).

    A file within RESUME_MAX_BYTES is read whole, as the worker will to extract it. A
    larger one never is: a zip is unpacked from the file member by member, anything else
    is turned away, hashed in chunks for the record.
    """
    size = handle.seek(0, io.SEEK_END)
    handle.seek(0)
    if size <= settings.RESUME_MAX_BYTES:
        _accept_data(batch, name, handle.read())
        return
    if archives.is_zip(handle.read(4)) and not archives.is_office_document(handle):
        _accept_zip(batch, name, handle)
        return
    handle.seek(0)
    content_type = extraction.detect_content_type(handle.read(_SNIFF_BYTES), name)
    handle.seek(0)
    _record_rejected(batch, name, handle, content_type, *_too_large())


def _accept_data(batch: ImportBatch, name: str, data: bytes) -> Resume | None:
    """Accept one file held in memory (within RESUME_MAX_BYTES); the queued resume, if any."""
    content_type = extraction.detect_content_type(data, name) if data else ""
    if content_type in ZIP_TYPES:
        _accept_zip(batch, name, data)
        return None
    rejection = rejection_reason(data, content_type)
    if rejection:
        _record_rejected(batch, name, data, content_type, *rejection)
        return None
    resume = Resume.objects.create(
        batch=batch,
        file=ContentFile(data, name=name),
        original_name=name[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        content_type=content_type,
    )
    enqueue("recruiting.tasks.extract_resume", resume.pk)
    return resume


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


def _accept_zip(batch: ImportBatch, name: str, source: bytes | BinaryIO) -> None:
    """Accept the members of a zip one at a time, as they are unpacked.

    An archive found unusable part-way (a header that lies about the sizes) is refused as
    a whole: the members accepted before are rolled back and their stored files removed.
    """
    stored: list[Resume] = []
    try:
        with transaction.atomic():
            for member in archives.iter_zip_members(
                source,
                max_member_bytes=settings.RESUME_MAX_BYTES,
                max_total_bytes=settings.RESUME_ZIP_MAX_BYTES,
            ):
                display_name = f"{name}/{member.name}"
                if member.error:
                    _record_rejected(
                        batch, display_name, b"", "", member.error, "bad_archive_member"
                    )
                elif resume := _accept_data(batch, display_name, member.data):
                    stored.append(resume)
    except archives.ArchiveError as exc:
        for resume in stored:
            resume.file.delete(save=False)
        _record_rejected(batch, name, b"", "application/zip", exc.reason, "bad_archive")


def rejection_reason(data: bytes, content_type: str) -> tuple[str, str] | None:
    if not data.strip():
        return "The file is empty.", "empty"
    if len(data) > settings.RESUME_MAX_BYTES:
        return _too_large()
    if content_type not in ACCEPTED_TYPES:
        try:
            extraction.extract_text(data, max_bytes=settings.RESUME_MAX_BYTES, ocr=False)
        except extraction.ExtractionError as exc:
            return exc.reason, exc.code
        return "This kind of file is not supported; upload a PDF or DOCX.", "unsupported_type"
    return None


def _too_large() -> tuple[str, str]:
    limit = settings.RESUME_MAX_BYTES / (1024 * 1024)
    return f"The file is larger than the {limit:g} MB limit.", "too_large"


def _record_rejected(batch, name, data: bytes | BinaryIO, content_type, reason, code) -> None:
    sha256, size = _digest(data)
    Resume.objects.create(
        batch=batch,
        original_name=name[:255],
        sha256=sha256,
        size=size,
        content_type=content_type,
        status=Resume.Status.FAILED,
        error=reason,
        error_code=code,
        processed_at=timezone.now(),
    )


def _digest(data: bytes | BinaryIO) -> tuple[str, int]:
    """SHA-256 and size of bytes, or of a binary file read in chunks from where it is."""
    if isinstance(data, bytes | bytearray):
        return hashlib.sha256(data).hexdigest(), len(data)
    digest, size = hashlib.sha256(), 0
    while chunk := data.read(_CHUNK_BYTES):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


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
        with transaction.atomic():
            match = _candidate_for(resume, profile)
            return _attach(resume, match, profile)
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
    _event(
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
# address can be on hundreds of files; the first few are enough to find the person, and
# every file beyond still gets its own candidate.
MATCH_LOOKUP_LIMIT = 50
# How many possible duplicates one file may raise, so a placeholder address does not
# flood the recruiters' review list.
MAX_POSSIBLE_DUPLICATES = 5


@dataclass
class CandidateMatch:
    """Who a parsed resume belongs to, how that was decided, and who else it might be."""

    candidate: Candidate
    how: str  # a Resume.Match value
    possible_duplicates: list[tuple[Candidate, str]]  # (existing candidate, MatchedOn)


def _candidate_for(resume: Resume, profile) -> CandidateMatch:
    """Find the resume's candidate, or create one.

    The same file already on a candidate means that candidate. Otherwise a candidate with
    the same email or phone is joined only when the names agree (``identity.names_agree``);
    an email match is preferred to a phone match. Contact details that match without the
    names agreeing make a new candidate and a possible duplicate for a recruiter. Only
    candidates the uploader could already see are joined (``roles.candidates_known_to``),
    so a hiring manager's upload never reveals another job's candidate.

    Runs inside the caller's transaction; concurrent parses of the same email or phone
    are serialised by ``identity_lock``.
    """
    if resume.candidate_id:  # named by a CSV row
        return CandidateMatch(resume.candidate, Resume.Match.CSV_ROW, [])
    known_to_uploader = roles.candidates_known_to(resume.batch.created_by)
    same_file = (
        Resume.objects.filter(sha256=resume.sha256, candidate__isnull=False)
        .exclude(pk=resume.pk)
        .select_related("candidate")
        .order_by("pk")
        .first()
    )
    if same_file and known_to_uploader.filter(pk=same_file.candidate_id).exists():
        return CandidateMatch(same_file.candidate, Resume.Match.SAME_FILE, [])

    email, phone = profile.email.strip().lower(), profile.phone
    chosen, others = candidate_match(
        name=profile.name,
        email=email,
        phone=phone,
        known_to=known_to_uploader,
        same_file=same_file.candidate if same_file else None,
    )
    if chosen is not None:
        return CandidateMatch(chosen, Resume.Match.JOINED_EXISTING, others)
    candidate = Candidate.objects.create(
        name=profile.name, email=email, phone=phone, location=profile.location
    )
    how = Resume.Match.POSSIBLE_DUPLICATE if others else Resume.Match.NEW_CANDIDATE
    return CandidateMatch(candidate, how, others)


def candidate_match(
    *,
    name: str,
    email: str,
    phone: str,
    known_to: QuerySet[Candidate],
    same_file: Candidate | None = None,
) -> tuple[Candidate | None, list[tuple[Candidate, str]]]:
    """The known candidate that ``name``, ``email`` and ``phone`` belong to, if any, and
    the candidates they might be (``(candidate, PossibleDuplicate.MatchedOn)``).

    A candidate is chosen only from ``known_to``, when the email or phone matches and the
    names agree; an email match wins over a phone match, then the same name written the
    same way, then the oldest. Every other match (names that disagree, candidates outside
    ``known_to``, ``same_file``'s candidate) is a possible duplicate.

    Locks the email and phone for the caller's transaction (see ``identity_lock``), so
    the caller may create the candidate when none is chosen.
    """
    email = email.strip().lower()
    identity_lock([key for key in (email, phone) if key])
    matched: dict[int, tuple[Candidate, set[str]]] = {}
    if same_file is not None:
        matched[same_file.pk] = (same_file, {"file"})
    lookups = []
    if email:
        lookups.append(
            ("email", Candidate.objects.alias(email_ci=Lower("email")).filter(email_ci=email))
        )
    if phone:
        lookups.append(("phone", Candidate.objects.filter(phone=phone)))
    for what, queryset in lookups:
        for candidate in queryset.select_for_update().order_by("pk")[:MATCH_LOOKUP_LIMIT]:
            matched.setdefault(candidate.pk, (candidate, set()))[1].add(what)

    joinable = set(known_to.filter(pk__in=matched).values_list("pk", flat=True))
    wanted = sorted(identity.name_tokens(name))
    agreeing = [
        candidate
        for candidate, how in matched.values()
        if candidate.pk in joinable
        and how & {"email", "phone"}
        and identity.names_agree(candidate.name, name)
    ]
    chosen = min(
        agreeing,
        key=lambda c: (
            "email" not in matched[c.pk][1],
            sorted(identity.name_tokens(c.name)) != wanted,
            c.pk,
        ),
        default=None,
    )
    others = [
        (candidate, _matched_on(how))
        for candidate, how in sorted(matched.values(), key=lambda pair: pair[0].pk)
        if candidate != chosen
    ][:MAX_POSSIBLE_DUPLICATES]
    return chosen, others


def _matched_on(how: set[str]) -> str:
    if {"email", "phone"} <= how:
        return PossibleDuplicate.MatchedOn.EMAIL_AND_PHONE
    if "email" in how:
        return PossibleDuplicate.MatchedOn.EMAIL
    if "phone" in how:
        return PossibleDuplicate.MatchedOn.PHONE
    return PossibleDuplicate.MatchedOn.FILE


def identity_lock(keys: list[str]) -> None:
    """Hold a transaction-long lock on each email and phone, so two workers parsing files
    of the same new person do not both create them. Email and phone are not unique any
    more, so the database cannot refuse the second insert for us. SQLite runs one writer
    at a time, which serialises the same way."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in sorted(set(keys)):
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"candidate:{key}"])


def _attach(resume: Resume, match: CandidateMatch, profile) -> Application:
    """Add the resume to its candidate and make sure they have an application for the
    batch's job.

    Each application keeps the resume it was made with: a file sent to another job does
    not change it; a new file sent to the same job does, and the timeline says so.
    """
    candidate = match.candidate
    job = resume.batch.job
    actor = resume.batch.created_by
    known = candidate.resumes.filter(sha256=resume.sha256).exclude(pk=resume.pk).first()
    application, created = Application.objects.get_or_create(
        candidate=candidate, job=job, defaults={"resume": known or resume}
    )
    now = timezone.now()
    if created:
        _event(
            candidate,
            Event.Kind.APPLIED,
            f"Applied to {job.title}.",
            application=application,
            actor=actor,
        )
    if known:
        resume.status = Resume.Status.DUPLICATE
        resume.duplicate_of = known
        resume.match = Resume.Match.SAME_FILE
        resume.processed_at = now
        resume.save(update_fields=["status", "duplicate_of", "match", "processed_at", "updated_at"])
        _event(
            candidate,
            Event.Kind.RESUME_DUPLICATE,
            f"{resume.original_name} is the same file as {known.original_name}.",
            application=application,
            actor=actor,
        )
    else:
        candidate.resumes.filter(is_current=True).update(is_current=False)
        resume.candidate = candidate
        resume.profile = profile.to_dict()
        resume.is_current = True
        resume.status = Resume.Status.PARSED
        resume.match = match.how
        resume.processed_at = now
        resume.save(
            update_fields=[
                "candidate",
                "profile",
                "is_current",
                "status",
                "match",
                "processed_at",
                "updated_at",
            ]
        )
        _refresh_candidate(candidate, profile)
        _event(
            candidate,
            Event.Kind.RESUME_UPLOADED,
            f"{resume.original_name} added ({resume.batch.get_source_display()}).",
            application=application,
            actor=actor,
            data={"resume": resume.pk},
        )
        if application.resume_id != resume.pk:
            previous = application.resume
            application.resume = resume
            application.save(update_fields=["resume", "updated_at"])
            if previous is not None:
                _event(
                    candidate,
                    Event.Kind.RESUME_UPLOADED,
                    f"{resume.original_name} replaces {previous.original_name} as the "
                    f"resume for {job.title}.",
                    application=application,
                    actor=actor,
                    data={"resume": resume.pk, "previous": previous.pk},
                )
    possible_duplicates_record(candidate, match.possible_duplicates, resume)
    enqueue("ai.tasks.screen_application", application.pk)
    return application


def possible_duplicates_record(candidate, others, resume=None) -> None:
    """A possible duplicate per pair, once: a pair a recruiter already kept apart (or is
    reviewing) is not raised again."""
    for other, matched_on in others:
        if other.pk == candidate.pk:
            continue
        pair = Q(candidate=candidate, existing=other) | Q(candidate=other, existing=candidate)
        if PossibleDuplicate.objects.filter(pair).exists():
            continue
        older, newer = sorted((candidate, other), key=lambda c: c.pk)
        PossibleDuplicate.objects.create(
            candidate=newer, existing=older, matched_on=matched_on, resume=resume
        )
        label = PossibleDuplicate.MatchedOn(matched_on).label
        # No job: only recruiters read it, since it names a candidate of other jobs.
        _event(
            candidate,
            Event.Kind.POSSIBLE_DUPLICATE,
            f"Possible duplicate of {other} (candidate #{other.pk}, {label}); "
            "a recruiter decides whether to merge.",
            data={"other": other.pk, "resume": resume.pk if resume else None},
        )


def _refresh_candidate(candidate: Candidate, profile) -> None:
    """The newest resume's profile becomes the candidate's (the back office shows it; job
    pages show each application's own resume). Contact details are only filled in, never
    overwritten, since HR may have corrected them."""
    candidate.profile = profile.to_dict()
    for field in ("name", "email", "phone", "location"):
        if not getattr(candidate, field) and getattr(profile, field):
            setattr(candidate, field, getattr(profile, field))
    candidate.save()


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


# --- Possible duplicates ------------------------------------------------------------------

# How far along an application is, to choose which one survives when two candidates who
# turn out to be one person both applied to the same job. Closed ones count least.
_PROGRESS = {
    Application.Stage.REJECTED: -2,
    Application.Stage.WITHDRAWN: -1,
    Application.Stage.NEW: 0,
    Application.Stage.SCREENED: 1,
    Application.Stage.SHORTLISTED: 2,
    Application.Stage.PHONE_SCREEN: 3,
    Application.Stage.INTERVIEW: 4,
    Application.Stage.OFFER: 5,
    Application.Stage.HIRED: 6,
}


def candidate_duplicate_resolve(
    *, duplicate: PossibleDuplicate, action: str, by: User
) -> PossibleDuplicate:
    """Merge a possible duplicate into its existing candidate, or keep the two apart.

    ``action`` is "merge" or "keep_apart". Only someone who may manage every job either
    candidate applied to may decide (``roles.duplicates_resolvable_by``). Idempotent: a
    duplicate already resolved is returned unchanged. The duplicate and both candidates are
    locked for the transaction, so two clicks merge once.
    """
    if action not in ("merge", "keep_apart"):
        raise DecisionError(f"Unknown action {action!r}: merge or keep apart.")
    with transaction.atomic():
        locked = PossibleDuplicate.objects.select_for_update().filter(pk=duplicate.pk).first()
        if locked is None:
            raise DecisionError("This possible duplicate no longer exists.")
        if locked.status != PossibleDuplicate.Status.OPEN:
            return locked
        if not roles.duplicates_resolvable_by(by).filter(pk=locked.pk).exists():
            raise DecisionError(
                "Only a recruiter (someone who manages every job of both candidates) can "
                "decide whether they are one person."
            )
        pair = list(
            Candidate.objects.select_for_update()
            .filter(pk__in=[locked.candidate_id, locked.existing_id])
            .order_by("pk")
        )
        survivor = next(c for c in pair if c.pk == locked.existing_id)
        other = next(c for c in pair if c.pk == locked.candidate_id)
        how = locked.get_matched_on_display()
        if action == "keep_apart":
            locked.status = PossibleDuplicate.Status.KEPT_APART
            for one, two in ((survivor, other), (other, survivor)):
                _event(
                    one,
                    Event.Kind.KEPT_APART,
                    f"Kept apart from {two} (candidate #{two.pk}, {how}): two people.",
                    actor=by,
                    data={"other": two.pk, "duplicate": locked.pk},
                )
        else:
            locked.status = PossibleDuplicate.Status.MERGED
            notes = _candidates_merge(survivor=survivor, gone=other, duplicate=locked)
            _event(
                survivor,
                Event.Kind.MERGED,
                " ".join(
                    [f"Merged {other} (candidate #{other.pk}, {how}) into this candidate.", *notes]
                ),
                actor=by,
                data={"merged": other.pk, "duplicate": locked.pk},
            )
        locked.resolved_by = by
        locked.resolved_at = timezone.now()
        locked.save(update_fields=["status", "resolved_by", "resolved_at", "updated_at"])
        if action == "merge":
            other.delete()
            locked.refresh_from_db()
    return locked


def _candidates_merge(*, survivor: Candidate, gone: Candidate, duplicate) -> list[str]:
    """Move everything of ``gone`` to ``survivor``; returns sentences for the timeline.
    ``gone`` is left empty for the caller to delete."""
    from ai.services import job_rerank_request

    notes = []
    # Resumes: the same file on both stays once, as the survivor's.
    survivor_files = {r.sha256: r for r in survivor.resumes.all()}
    for resume in gone.resumes.all():
        twin = survivor_files.get(resume.sha256)
        if twin is None:
            resume.candidate = survivor
            resume.save(update_fields=["candidate", "updated_at"])
            continue
        Application.objects.filter(resume=resume).update(resume=twin)
        resume.candidate = None
        resume.status = Resume.Status.DUPLICATE
        resume.duplicate_of = twin
        resume.is_current = False
        resume.save(
            update_fields=["candidate", "status", "duplicate_of", "is_current", "updated_at"]
        )
    newest = survivor.resumes.filter(status=Resume.Status.PARSED).order_by("-created_at").first()
    survivor.resumes.exclude(pk=getattr(newest, "pk", None)).update(is_current=False)
    if newest is not None:
        survivor.resumes.filter(pk=newest.pk).update(is_current=True)
        survivor.profile = newest.profile

    # Applications: one per job; when both applied to a job, the one further along stays
    # (the earlier one on a tie) and everything of the other is folded into it.
    for application in gone.applications.select_related("job"):
        mine = survivor.applications.filter(job=application.job).first()
        if mine is None:
            application.candidate = survivor
            application.save(update_fields=["candidate", "updated_at"])
            continue
        keep, drop = sorted(
            (mine, application),
            key=lambda a: (-_PROGRESS.get(a.stage, 0), a.created_at, a.pk),
        )
        _fold_application_check(keep, drop)
        for relation in Application._meta.related_objects:
            if relation.one_to_many:
                relation.related_model._base_manager.filter(**{relation.field.name: drop}).update(
                    **{relation.field.name: keep}
                )
        drop.delete()
        if keep.candidate_id != survivor.pk:
            keep.candidate = survivor
            keep.save(update_fields=["candidate", "updated_at"])
        notes.append(
            f"Both had applied to {application.job.title}: kept the application at "
            f"{keep.get_stage_display()} (from {keep.created_at:%b %-d, %Y}) and folded in "
            f"the one at {drop.get_stage_display()}."
        )
        job_rerank_request(application.job_id)

    # Other possible duplicates of the merged candidate now concern the survivor.
    for other in PossibleDuplicate.objects.filter(Q(candidate=gone) | Q(existing=gone)).exclude(
        pk=duplicate.pk
    ):
        third = other.existing_id if other.candidate_id == gone.pk else other.candidate_id
        same_pair = Q(candidate=survivor, existing_id=third) | Q(
            candidate_id=third, existing=survivor
        )
        if third == survivor.pk or PossibleDuplicate.objects.filter(same_pair).exists():
            other.delete()
        elif other.candidate_id == gone.pk:
            PossibleDuplicate.objects.filter(pk=other.pk).update(candidate=survivor)
        else:
            PossibleDuplicate.objects.filter(pk=other.pk).update(existing=survivor)

    # Events, and anything added later that points at a candidate.
    for relation in Candidate._meta.related_objects:
        if relation.one_to_many and relation.related_model is not PossibleDuplicate:
            relation.related_model._base_manager.filter(**{relation.field.name: gone}).update(
                **{relation.field.name: survivor}
            )

    # Contact details: what the survivor lacks; consent and notices: the earliest; do not
    # call: if either asked.
    for field in ("name", "email", "phone", "location", "timezone"):
        if not getattr(survivor, field) and getattr(gone, field):
            setattr(survivor, field, getattr(gone, field))
    for field in ("consent_at", "privacy_notice_sent_at"):
        dates = [d for d in (getattr(survivor, field), getattr(gone, field)) if d]
        setattr(survivor, field, min(dates) if dates else None)
    survivor.do_not_call = survivor.do_not_call or gone.do_not_call
    survivor.save()
    return notes


def _fold_application_check(keep: Application, drop: Application) -> None:
    """Make room to move ``drop``'s rows onto ``keep``: each application has at most one
    open screening, one open phone screen and one scheduled interview."""
    from ai.models import Screening
    from interviews.models import Interview
    from voice.models import PhoneScreen

    scheduled = Interview.objects.filter(
        application__in=[keep, drop], status=Interview.Status.SCHEDULED
    )
    if scheduled.count() > 1:
        raise DecisionError(
            f"Both applications to {keep.job.title} have an interview scheduled; cancel "
            "one before merging."
        )
    calling = PhoneScreen.objects.filter(
        application__in=[keep, drop], status__in=PhoneScreen.OPEN_STATUSES
    )
    if calling.count() > 1:
        raise DecisionError(
            f"Both applications to {keep.job.title} have a phone screen under way; cancel "
            "one before merging."
        )
    # The kept application's own screening is the one that counts; the other's unfinished
    # one would only be redone.
    Screening.objects.filter(
        application=drop, status__in=[Screening.Status.PENDING, Screening.Status.RUNNING]
    ).delete()
