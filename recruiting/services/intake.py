"""Accepting files onto a job: every way in (the admin, the HR page, the API, the CSV
import, the command line, the demo) calls ``resumes_import``. Each accepted file becomes a
queued resume; a file that cannot be accepted becomes a failed one with its reason."""

import hashlib
import io
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from config.tasks import enqueue
from recruiting import archives, extraction
from recruiting.models import (
    Candidate,
    ImportBatch,
    Job,
    Resume,
    User,
)

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


_CHUNK_BYTES = 64 * 1024
_SNIFF_BYTES = 2048  # what extraction.detect_content_type looks at for most types


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
