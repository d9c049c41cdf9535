"""Consent: what a candidate agreed to, in which wording, and whether it is still in force.

``ConsentRecord`` rows are the source of truth. ``Candidate.consent_at`` is kept in step
as a copy: when the data-processing consent now in force was given, or empty. Older code
and the candidate merge keep working; nothing should decide on it.

A consent is in force when the newest grant of its kind has not been withdrawn. A
candidate who is asked and says no, with nothing to withdraw, leaves a ``declined`` record
(``consent_decline``): withdrawn as it was made, so it is never in force. After a
merge a candidate may hold several grants of one kind; the newest decides, so a person who
withdrew on one record and never agreed again is not treated as agreeing because of an
older grant on the other.
"""

import hashlib
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from recruiting.models import Candidate, ConsentRecord, User


def consent_in_force(candidate: Candidate, kind: str) -> ConsentRecord | None:
    """The grant of ``kind`` in force for the candidate, or None. Callers that need a
    particular wording check ``wording_version`` on the record."""
    newest = (
        ConsentRecord.objects.filter(candidate=candidate, kind=kind)
        .order_by("-granted_at", "-id")
        .first()
    )
    return newest if newest is not None and newest.withdrawn_at is None else None


def consent_grant(
    *,
    candidate: Candidate,
    kind: str,
    wording_version: str,
    source: str,
    wording: str = "",
    granted_at: datetime | None = None,
    recorded_by: User | None = None,
    evidence: dict | None = None,
) -> tuple[ConsentRecord, bool]:
    """Record that the candidate agreed to ``kind`` in ``wording_version``; returns the
    record and whether it is new.

    Idempotent: agreeing again to the wording already in force returns that record
    unchanged. A new wording, or a grant after a withdrawal, is a new record. The
    candidate row is locked for the transaction, so two simultaneous grants record once.
    """
    if kind not in ConsentRecord.Kind.values:
        raise ValueError(f"Unknown consent kind {kind!r}.")
    if source not in ConsentRecord.Source.values:
        raise ValueError(f"Unknown consent source {source!r}.")
    if not wording_version:
        raise ValueError("A consent needs the version of the wording the candidate agreed to.")
    with transaction.atomic():
        candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
        current = consent_in_force(candidate, kind)
        if current is not None and current.wording_version == wording_version:
            return current, False
        record = ConsentRecord.objects.create(
            candidate=candidate,
            kind=kind,
            wording_version=wording_version,
            wording=wording,
            wording_sha256=hashlib.sha256(wording.encode()).hexdigest() if wording else "",
            source=source,
            granted_at=granted_at or timezone.now(),
            recorded_by=recorded_by,
            evidence=evidence or {},
        )
        _sync_candidate(candidate)
    return record, True


def consent_withdraw(
    *,
    candidate: Candidate,
    kind: str,
    source: str,
    withdrawn_at: datetime | None = None,
    withdrawn_by: User | None = None,
) -> int:
    """Withdraw every grant of ``kind`` the candidate has not withdrawn; returns how many.

    Idempotent: withdrawing what is not in force changes nothing and returns 0.
    """
    if source not in ConsentRecord.Source.values:
        raise ValueError(f"Unknown consent source {source!r}.")
    when = withdrawn_at or timezone.now()
    with transaction.atomic():
        candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
        # A grant recorded later than the withdrawal (a clock skew) is withdrawn as it was
        # granted, which the check constraint (withdrawn not before granted) requires.
        count = 0
        for record in ConsentRecord.objects.filter(
            candidate=candidate, kind=kind, withdrawn_at__isnull=True
        ):
            record.withdrawn_at = max(when, record.granted_at)
            record.withdrawn_source = source
            record.withdrawn_by = withdrawn_by
            record.save(
                update_fields=["withdrawn_at", "withdrawn_source", "withdrawn_by", "updated_at"]
            )
            count += 1
        if count:
            _sync_candidate(candidate)
    return count


def _sync_candidate(candidate: Candidate) -> None:
    """Keep the ``consent_at`` copy in step with the records (data processing only)."""
    in_force = consent_in_force(candidate, ConsentRecord.Kind.DATA_PROCESSING)
    consent_at = in_force.granted_at if in_force else None
    if candidate.consent_at != consent_at:
        Candidate.objects.filter(pk=candidate.pk).update(consent_at=consent_at)


def consent_decline(
    *,
    candidate: Candidate,
    kind: str,
    wording_version: str,
    source: str,
    wording: str = "",
    declined_at: datetime | None = None,
    evidence: dict | None = None,
) -> ConsentRecord | None:
    """The candidate was asked for ``kind`` and said no.

    A grant in force is withdrawn (that withdrawal is the record of the answer) and None
    returned; with none in force, a ``declined`` record keeps what was asked, when and how.
    """
    if source not in ConsentRecord.Source.values:
        raise ValueError(f"Unknown consent source {source!r}.")
    when = declined_at or timezone.now()
    with transaction.atomic():
        if consent_withdraw(candidate=candidate, kind=kind, source=source, withdrawn_at=when):
            return None
        return ConsentRecord.objects.create(
            candidate=candidate,
            kind=kind,
            wording_version=wording_version,
            wording=wording,
            wording_sha256=hashlib.sha256(wording.encode()).hexdigest() if wording else "",
            source=source,
            granted_at=when,
            withdrawn_at=when,
            withdrawn_source=source,
            declined=True,
            evidence=evidence or {},
        )
