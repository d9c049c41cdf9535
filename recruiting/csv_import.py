"""Import candidates from a CSV (``name,email,phone,resume``) and an optional zip of the
resume files its ``resume`` column names.

The upload is stored and the request returns; the worker reads it row by row. Each row
is its own transaction: it is created, merged into a known candidate, or rejected with a
reason, and a rejected row leaves nothing behind. The per-row report is kept on the batch.
"""

import csv
import io
import logging
from dataclasses import dataclass

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from recruiting import archives, extraction, services
from recruiting.models import Application, Candidate, Event, ImportBatch, Job, User

logger = logging.getLogger(__name__)

MAX_ROWS = 20_000
REQUIRED_COLUMNS = {"name"}
IDENTITY_COLUMNS = {"email", "phone"}
KNOWN_COLUMNS = {"name", "email", "phone", "resume"}


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

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "name": self.name,
            "email": self.email,
            "outcome": self.outcome,
            "reason": self.reason,
            "candidate": self.candidate,
        }


def candidates_import_csv_start(
    *,
    job: Job,
    csv_name: str,
    csv_data: bytes,
    archive_name: str = "",
    archive_data: bytes | None = None,
    created_by: User | None = None,
) -> ImportBatch:
    """Store the CSV (and zip) on a new batch and queue it for the worker."""
    batch = ImportBatch.objects.create(
        job=job,
        source=ImportBatch.Source.CSV,
        status=ImportBatch.Status.PENDING,
        created_by=created_by,
        csv_file=ContentFile(csv_data, name=csv_name or "candidates.csv"),
        archive_file=ContentFile(archive_data, name=archive_name or "resumes.zip")
        if archive_data
        else "",
    )
    services.enqueue("recruiting.tasks.import_candidates_csv", batch.pk)
    return batch


def candidates_import_csv(*, batch_id: int) -> None:
    """Read a pending CSV batch. Idempotent: only a pending batch is claimed."""
    claimed = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.PENDING).update(
        status=ImportBatch.Status.RUNNING, updated_at=timezone.now()
    )
    if not claimed:
        return
    batch = ImportBatch.objects.select_related("job", "created_by").get(pk=batch_id)
    try:
        rows = read_rows(_read(batch.csv_file))
        archive = _archive_members(batch)
    except CsvError as exc:
        batch.status = ImportBatch.Status.FAILED
        batch.error = exc.reason
        batch.save(update_fields=["status", "error", "updated_at"])
        return

    report = []
    seen: dict[str, int] = {}
    for number, row in rows:
        outcome = _import_row(batch, number, row, archive, seen)
        report.append(outcome.as_dict())
    batch.report = report
    batch.status = ImportBatch.Status.DONE
    batch.save(update_fields=["report", "status", "updated_at"])


def _read(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def decode_csv(data: bytes) -> str:
    """Spreadsheets export UTF-8 (often with a BOM), UTF-16, or a Windows code page."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="strict") if _is_cp1252(data) else data.decode(
            "latin-1"
        )


def _is_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def read_rows(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """Rows as dicts keyed by lower-cased column names, numbered as a spreadsheet shows
    them (the header is row 1). Raises CsvError when the file as a whole is unusable."""
    if not data.strip():
        raise CsvError("The CSV file is empty.")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CsvError("This is not a CSV file (it contains binary data).")
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
    columns = [column.strip().lower() for column in header]
    missing = sorted(REQUIRED_COLUMNS - set(columns))
    if not IDENTITY_COLUMNS & set(columns):
        missing.append("email or phone")
    if missing:
        raise CsvError(
            f"The CSV is missing the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}. The first row must name the columns: "
            "name,email,phone,resume."
        )
    rows = []
    try:
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            if len(rows) >= MAX_ROWS:
                raise CsvError(f"The CSV has more than {MAX_ROWS:,} rows; split it up.")
            padded = values + [""] * (len(columns) - len(values))
            rows.append(
                (
                    reader.line_num,
                    {
                        column: value.strip()
                        for column, value in zip(columns, padded, strict=False)
                        if column in KNOWN_COLUMNS
                    },
                )
            )
    except csv.Error as exc:
        raise CsvError(f"The CSV could not be read near row {reader.line_num}: {exc}.") from exc
    return rows


def _archive_members(batch: ImportBatch) -> dict[str, archives.ArchiveMember]:
    """Zip members by lower-cased path and by bare file name."""
    if not batch.archive_file:
        return {}
    try:
        members = archives.iter_zip_members(
            _read(batch.archive_file),
            max_member_bytes=settings.RESUME_MAX_BYTES,
            max_total_bytes=settings.RESUME_ZIP_MAX_BYTES,
        )
        found = {}
        for member in members:
            found.setdefault(member.name.lower(), member)
            found.setdefault(member.name.rsplit("/", 1)[-1].lower(), member)
        return found
    except archives.ArchiveError as exc:
        raise CsvError(f"The zip of resumes cannot be used: {exc.reason}") from exc


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
    name, email = row.get("name", ""), row.get("email", "").lower()
    phone_raw, resume_name = row.get("phone", ""), row.get("resume", "")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise RowRejected(f"“{row.get('email')}” is not a valid email address.") from None
    phone = normalise_phone(phone_raw) if phone_raw else ""
    if not email and not phone:
        raise RowRejected("The row has neither an email address nor a phone number.")
    if not name:
        raise RowRejected("The row has no name.")
    return name, email, phone, resume_name


def _import_row(batch, number, row, archive, seen) -> RowOutcome:
    outcome = RowOutcome(row=number, name=row.get("name", ""), email=row.get("email", ""),
                         outcome="rejected")
    try:
        name, email, phone, resume_name = _clean_row(row)
        for key in (email, phone):
            if key and key in seen:
                raise RowRejected(f"Same person as row {seen[key]}.")
        resume_member = _resume_member(resume_name, archive) if resume_name else None
        with transaction.atomic():
            candidate, created = _candidate(name, email, phone)
            _apply(batch, candidate, resume_member, resume_name)
    except RowRejected as exc:
        outcome.reason = str(exc)
        return outcome
    for key in (email, phone):
        if key:
            seen[key] = number
    outcome.outcome = "created" if created else "merged"
    outcome.candidate = candidate.pk
    if not created:
        outcome.reason = "Already known: details filled in where they were missing."
    return outcome


def _resume_member(resume_name: str, archive) -> archives.ArchiveMember:
    if not archive:
        raise RowRejected(f"The row names the resume “{resume_name}”, but no zip was uploaded.")
    member = archive.get(resume_name.lower()) or archive.get(resume_name.rsplit("/", 1)[-1].lower())
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


def _candidate(name: str, email: str, phone: str) -> tuple[Candidate, bool]:
    lookup = Q()
    if email:
        lookup |= Q(email__iexact=email)
    if phone:
        lookup |= Q(phone=phone)
    matches = list(Candidate.objects.select_for_update().filter(lookup))
    if len(matches) > 1:
        raise RowRejected(
            "The email and the phone number belong to two different candidates; "
            "merge them in the back office first."
        )
    if matches:
        candidate = matches[0]
        changed = []
        for field, value in (("name", name), ("email", email), ("phone", phone)):
            if value and not getattr(candidate, field):
                setattr(candidate, field, value)
                changed.append(field)
        if changed:
            candidate.save(update_fields=[*changed, "updated_at"])
        return candidate, False
    return Candidate.objects.create(name=name, email=email, phone=phone), True


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
