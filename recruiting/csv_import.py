"""Import candidates from a CSV (``name,email,phone,resume``) and an optional zip of the
resume files its ``resume`` column names.

The upload is stored and the request returns; the worker reads it row by row. Each row
is its own transaction: it is created, merged into a known candidate (same email or
phone, and the names agree), or rejected with a reason, and a rejected row leaves nothing
behind. The per-row report is kept on the batch.
"""

import csv
import io
import logging
from dataclasses import dataclass, field
from typing import BinaryIO

import phonenumbers
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from config.tasks import enqueue
from recruiting import archives, extraction, roles, services
from recruiting.models import (
    Application,
    Candidate,
    Event,
    ImportBatch,
    Job,
    PossibleDuplicate,
    User,
)

logger = logging.getLogger(__name__)

MAX_ROWS = 20_000
REQUIRED_COLUMNS = {"name"}
IDENTITY_COLUMNS = {"email", "phone"}
KNOWN_COLUMNS = {"name", "email", "phone", "resume"}
# Set on a row with more values than the header has columns: why, and whether the extra
# values hold anything (then the row is rejected; else the why is a hint on a rejection).
_OVERFLOW = "__overflow__"
_OVERFLOW_FILLED = "__overflow_filled__"
_NAME_MAX = Candidate._meta.get_field("name").max_length
_EMAIL_MAX = Candidate._meta.get_field("email").max_length

# What a file that is not a CSV is, in the words of the recruiter who picked it.
_NOT_CSV = {
    extraction.PDF: "it is a PDF document",
    extraction.DOCX: "it is a Word document",
    extraction.DOC: "it is a Word document",
    extraction.ZIP: "it is a zip archive (upload the zip of resumes in its own field)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (
        "it is an Excel workbook. In Excel, use File > Save As > CSV UTF-8 and upload that"
    ),
    extraction.OLE: (
        "it is an old Excel or Office file. In Excel, use File > Save As > CSV UTF-8 "
        "and upload that"
    ),
    extraction.RTF: "it is a rich-text (RTF) document",
    extraction.ODT: "it is an OpenDocument text",
    extraction.EXE_WINDOWS: "it is a program",
    extraction.EXE: "it is a program",
    extraction.MACHO: "it is a program",
}


class CsvError(Exception):
    """The whole file is unusable; ``reason`` says why in words HR understands."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class RowRejected(Exception):
    pass


@dataclass
class RowOutcome:
    row: int
    name: str
    email: str
    outcome: str  # created, merged, rejected
    reason: str = ""
    candidate: int | None = None
    # What someone who is not a recruiter is shown instead, when the row joined (or may
    # be) a candidate of another job.
    public: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        row = {
            "row": self.row,
            "name": self.name,
            "email": self.email,
            "outcome": self.outcome,
            "reason": self.reason,
            "candidate": self.candidate,
        }
        if self.public:
            row["public"] = self.public
        return row


@dataclass
class _Archive:
    """The zip's members by lower-cased path, and by lower-cased bare file name."""

    by_path: dict[str, archives.ArchiveMember] = field(default_factory=dict)
    by_basename: dict[str, list[archives.ArchiveMember]] = field(default_factory=dict)
    uploaded: bool = False


def candidates_import_csv_start(
    *,
    job: Job,
    csv_name: str,
    csv_data: bytes | BinaryIO,
    archive_name: str = "",
    archive_data: bytes | BinaryIO | None = None,
    created_by: User | None = None,
) -> ImportBatch:
    """Store the CSV (and zip) on a new batch and queue it for the worker. Each is bytes
    or a binary file (an upload), which storage copies in chunks."""
    batch = ImportBatch.objects.create(
        job=job,
        source=ImportBatch.Source.CSV,
        status=ImportBatch.Status.PENDING,
        created_by=created_by,
        csv_file=_as_file(csv_data, csv_name or "candidates.csv"),
        archive_file=_as_file(archive_data, archive_name or "resumes.zip") if archive_data else "",
    )
    enqueue("recruiting.tasks.import_candidates_csv", batch.pk)
    return batch


def _as_file(data: bytes | BinaryIO, name: str) -> File:
    if isinstance(data, bytes | bytearray):
        return ContentFile(data, name=name)
    data.seek(0)
    return File(data, name=name)


def candidates_import_csv(*, batch_id: int) -> None:
    """Read a pending CSV batch. Idempotent: only a pending batch is claimed.

    The batch always ends done or failed: a file that cannot be read (or used) fails it
    with a reason and creates nothing; a row that cannot be saved is rejected on its own;
    a batch stopped by the task's time limit keeps the report of the rows it did.
    """
    claimed = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.PENDING).update(
        status=ImportBatch.Status.RUNNING, updated_at=timezone.now()
    )
    if not claimed:
        return
    batch = ImportBatch.objects.select_related("job", "created_by").get(pk=batch_id)
    try:
        rows = read_rows(_read(batch.csv_file, what="CSV file"))
        archive = _archive_members(batch)
    except CsvError as exc:
        batch.status = ImportBatch.Status.FAILED
        batch.error = exc.reason
        batch.save(update_fields=["status", "error", "updated_at"])
        return

    report = []
    seen: dict[str, int] = {}
    resumes_used: dict[str, int] = {}
    try:
        for number, row in rows:
            outcome = _import_row(batch, number, row, archive, seen, resumes_used)
            report.append(outcome.as_dict())
    except SoftTimeLimitExceeded:
        done = f"after row {report[-1]['row']}" if report else "before its first row"
        batch.report = report
        batch.status = ImportBatch.Status.FAILED
        batch.error = (
            f"The import took too long and stopped {done}; the rows in the report were "
            "imported. Import the remaining rows as a separate file."
        )
        batch.save(update_fields=["report", "status", "error", "updated_at"])
        return
    batch.report = report
    batch.status = ImportBatch.Status.DONE
    batch.save(update_fields=["report", "status", "updated_at"])


def _read(field_file, *, what: str) -> bytes:
    with _open(field_file, what=what) as handle:
        try:
            return handle.read()
        except Exception as exc:
            raise _unreadable(field_file, what) from exc


def _open(field_file, *, what: str):
    try:
        return field_file.open("rb")
    except Exception as exc:
        raise _unreadable(field_file, what) from exc


def _unreadable(field_file, what: str) -> CsvError:
    # Storage errors come as OSError from disk and as botocore errors from S3.
    logger.exception("could not read %s", field_file.name)
    return CsvError(f"The uploaded {what} could not be read back from storage; upload it again.")


def decode_csv(data: bytes) -> str:
    """Spreadsheets export UTF-8 (often with a BOM), UTF-16, or a Windows code page."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return data.decode("utf-32")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def _not_csv_reason(data: bytes) -> str | None:
    content_type = extraction.detect_content_type(data, "candidates.csv")
    if content_type.startswith("text/"):
        return None  # an HTML page or a script fails on its header instead
    if content_type in _NOT_CSV:
        what = _NOT_CSV[content_type]
    elif content_type in extraction.IMAGE_TYPES:
        what = "it is an image"
    elif content_type == extraction.XML:
        what = "it is an XML file"
    else:
        what = "it contains binary data"
    return f"This is not a CSV file: {what}."


def read_rows(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """Rows as dicts keyed by lower-cased column names, numbered as a spreadsheet shows
    them (the header is row 1). Raises CsvError when the file as a whole is unusable."""
    if not data.strip():
        raise CsvError("The CSV file is empty.")
    reason = _not_csv_reason(data)
    if reason:
        raise CsvError(reason)
    text = decode_csv(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise CsvError("The CSV file is empty.") from None
    except csv.Error as exc:
        raise CsvError(f"The first row of the CSV could not be read: {exc}.") from exc
    columns = [column.strip().lower() for column in header]
    _check_columns(columns)
    rows = []
    number = 1
    try:
        # Counting records, not lines: a quoted cell may hold line breaks.
        for values in reader:
            number += 1
            if not any(value.strip() for value in values):
                continue
            if len(rows) >= MAX_ROWS:
                raise CsvError(f"The CSV has more than {MAX_ROWS:,} rows; split it up.")
            padded = values + [""] * (len(columns) - len(values))
            row = {
                column: value.strip()
                for column, value in zip(columns, padded, strict=False)
                if column in KNOWN_COLUMNS
            }
            if len(values) > len(columns):
                row[_OVERFLOW] = (
                    f"The row has {len(values)} values but the header has {len(columns)} "
                    "columns: a value that contains a comma (such as “Lee, Jordan”) must be "
                    "in double quotes."
                )
                if any(value.strip() for value in values[len(columns) :]):
                    row[_OVERFLOW_FILLED] = "yes"
            rows.append((number, row))
    except csv.Error as exc:
        raise CsvError(f"The CSV could not be read near row {number}: {exc}.") from exc
    if not rows:
        raise CsvError("The CSV has no candidates: it has a header row and nothing under it.")
    return rows


def _check_columns(columns: list[str]) -> None:
    present = set(columns)
    missing = []
    if REQUIRED_COLUMNS - present:
        missing.append(" and ".join(f"“{c}”" for c in sorted(REQUIRED_COLUMNS - present)))
    if not IDENTITY_COLUMNS & present:
        missing.append("“email” or “phone”")
    if not missing:
        return
    found = ", ".join(f"“{c}”" for c in columns if c) or "nothing"
    raise CsvError(
        f"The CSV is missing the column {' and the column '.join(missing)}. "
        f"Its first row must name the columns: name,email,phone,resume. It has {found}."
    )


def _archive_members(batch: ImportBatch) -> _Archive:
    if not batch.archive_file:
        return _Archive()
    found = _Archive(uploaded=True)
    try:
        # Unpacked from the stored file, not from a copy of it in memory.
        with _open(batch.archive_file, what="zip of resumes") as handle:
            for member in archives.iter_zip_members(
                handle,
                max_member_bytes=settings.RESUME_MAX_BYTES,
                max_total_bytes=settings.RESUME_ZIP_MAX_BYTES,
            ):
                found.by_path.setdefault(member.name.lower(), member)
                basename = member.name.rsplit("/", 1)[-1].lower()
                found.by_basename.setdefault(basename, []).append(member)
    except archives.ArchiveError as exc:
        raise CsvError(f"The zip of resumes cannot be used: {exc.reason}") from exc
    return found


def normalise_phone(raw: str) -> str:
    """E.164, or raise RowRejected with a reason."""
    try:
        number = phonenumbers.parse(raw, settings.PHONE_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise RowRejected(f"“{raw}” is not a phone number.") from None
    if not phonenumbers.is_valid_number(number):
        raise RowRejected(f"“{raw}” is not a valid phone number.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _clean_row(row: dict[str, str]) -> tuple[str, str, str, str]:
    if _OVERFLOW_FILLED in row:
        raise RowRejected(row[_OVERFLOW])
    name, email = row.get("name", ""), row.get("email", "").lower()
    phone_raw, resume_name = row.get("phone", ""), row.get("resume", "")
    if email:
        try:
            if len(email) > _EMAIL_MAX:
                raise ValidationError("too long")
            validate_email(email)
        except ValidationError:
            raise RowRejected(f"“{row.get('email')}” is not a valid email address.") from None
    phone = normalise_phone(phone_raw) if phone_raw else ""
    if not email and not phone:
        raise RowRejected("The row has neither an email address nor a phone number.")
    if not name:
        raise RowRejected("The row has no name.")
    if len(name) > _NAME_MAX:
        raise RowRejected(f"The name is longer than {_NAME_MAX} characters.")
    return name, email, phone, resume_name


def _import_row(batch, number, row, archive, seen, resumes_used) -> RowOutcome:
    outcome = RowOutcome(
        row=number, name=row.get("name", ""), email=row.get("email", ""), outcome="rejected"
    )
    try:
        name, email, phone, resume_name = _clean_row(row)
        for key, what in ((email, "email address"), (phone, "phone number")):
            if key and key in seen:
                raise RowRejected(f"Same person as row {seen[key]} (same {what}).")
        resume_member = _resume_member(resume_name, archive) if resume_name else None
        if resume_member is not None and resume_member.name in resumes_used:
            raise RowRejected(
                f"The resume “{resume_name}” is already named by row "
                f"{resumes_used[resume_member.name]}; a resume belongs to one person."
            )
        with transaction.atomic():
            found = _candidate(batch, name, email, phone)
            _apply(batch, found.candidate, resume_member, resume_name)
    except RowRejected as exc:
        outcome.reason = str(exc)
        if _OVERFLOW in row and _OVERFLOW_FILLED not in row:
            outcome.reason += f" {row[_OVERFLOW]}"
        return outcome
    except SoftTimeLimitExceeded:
        raise
    except Exception:
        # The row's transaction was rolled back: nothing of it is left. One bad row (a
        # storage hiccup saving its resume, a clash with a concurrent import) must not
        # stop the rows after it.
        logger.exception("CSV import %s: row %s could not be saved", batch.pk, number)
        outcome.reason = (
            "This row could not be saved because of an internal error; import it again."
        )
        return outcome
    for key in (email, phone):
        if key:
            seen[key] = number
    if resume_member is not None:
        resumes_used[resume_member.name] = number
    outcome.candidate = found.candidate.pk
    if found.merged is None:
        outcome.outcome = "created"
        outcome.reason = found.note
    else:
        outcome.outcome = "merged"
        outcome.reason = found.merged
    if outcome.reason and not found.visible_before:
        # Whoever reads this job's report but not the other jobs' sees a new candidate.
        outcome.public = {"outcome": "created", "reason": ""}
    return outcome


def _resume_member(resume_name: str, archive: _Archive) -> archives.ArchiveMember:
    if not archive.uploaded:
        raise RowRejected(f"The row names the resume “{resume_name}”, but no zip was uploaded.")
    path = resume_name.replace("\\", "/").strip("/").lower()
    member = archive.by_path.get(path)
    if member is None:
        same_name = archive.by_basename.get(path.rsplit("/", 1)[-1], [])
        if len(same_name) > 1:
            raise RowRejected(
                f"The zip holds {len(same_name)} files called “{resume_name}”; "
                "name the resume by its folder in the zip, e.g. “"
                f"{same_name[0].name}”."
            )
        member = same_name[0] if same_name else None
    if member is None:
        raise RowRejected(f"The resume “{resume_name}” is not in the zip.")
    if member.error:
        raise RowRejected(f"The resume “{resume_name}” cannot be used: {member.error}")
    rejection = services.rejection_reason(
        member.data, extraction.detect_content_type(member.data, member.name)
    )
    if rejection:
        raise RowRejected(f"The resume “{resume_name}” cannot be used: {rejection[0]}")
    return member


@dataclass
class _RowCandidate:
    candidate: Candidate
    merged: str | None  # what joining a known candidate did, for HR; None when created
    note: str = ""  # for recruiters: a possible duplicate to review
    visible_before: bool = False  # already applied to the batch's job


def _candidate(batch, name: str, email: str, phone: str) -> _RowCandidate:
    """The candidate for a row: a known one when the email or phone matches and the names
    agree (``services.candidate_match``), else a new one, with a possible duplicate for
    a recruiter when only the contact details match.

    Someone who is not a recruiter only joins candidates they could already see, so a row
    carrying the email of another job's candidate neither attaches anything to that person
    nor reads differently from a new candidate's row.
    """
    chosen, others = services.candidate_match(
        name=name,
        email=email,
        phone=phone,
        known_to=roles.candidates_known_to(batch.created_by),
    )
    if chosen is None:
        candidate = Candidate.objects.create(name=name, email=email, phone=phone)
        services.possible_duplicates_record(candidate, others)
        note = ""
        if others:
            names = ", ".join(
                f"{other} (#{other.pk}, {PossibleDuplicate.MatchedOn(on).label})"
                for other, on in others
            )
            note = (
                f"New candidate, possibly the same person as {names}: a recruiter decides "
                "in the back office whether to merge."
            )
        return _RowCandidate(candidate, None, note)
    candidate = chosen
    visible_before = candidate.applications.filter(job=batch.job).exists()
    services.possible_duplicates_record(candidate, others)
    matched = "email address" if email and candidate.email == email else "phone number"
    changed = []
    for field_name, value in (("name", name), ("email", email), ("phone", phone)):
        if value and not getattr(candidate, field_name):
            setattr(candidate, field_name, value)
            changed.append(field_name)
    if changed:
        candidate.save(update_fields=[*changed, "updated_at"])
    if not changed:
        merged = f"Already a candidate with this {matched}; nothing new to add."
    else:
        added = {"name": "the name", "email": "the email address", "phone": "the phone number"}
        what = " and ".join(added[f] for f in changed)
        merged = f"Already a candidate with this {matched}; added {what}."
    return _RowCandidate(candidate, merged, visible_before=visible_before)


def _apply(batch, candidate, resume_member, resume_name) -> None:
    application, created = Application.objects.get_or_create(candidate=candidate, job=batch.job)
    if created:
        Event.objects.create(
            candidate=candidate,
            application=application,
            kind=Event.Kind.APPLIED,
            message=f"Applied to {batch.job.title} (CSV import).",
            actor=batch.created_by,
        )
    if resume_member is not None:
        services.resume_accept_for_candidate(
            batch=batch, candidate=candidate, name=resume_name, data=resume_member.data
        )
