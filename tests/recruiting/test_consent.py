"""Consent records are the source of truth: granted in a wording, withdrawn, in force."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import timezone

from recruiting import roles
from recruiting.consent import consent_grant, consent_in_force, consent_withdraw
from recruiting.models import ConsentRecord, PossibleDuplicate
from recruiting.services import candidate_duplicate_resolve
from tests.factories import CandidateFactory, UserFactory

pytestmark = pytest.mark.django_db

Kind, Source = ConsentRecord.Kind, ConsentRecord.Source


@pytest.fixture
def candidate():
    return CandidateFactory()


def _grant(candidate, kind=Kind.PHONE_SCREEN_CALL, version="2026-01", **fields):
    return consent_grant(
        candidate=candidate,
        kind=kind,
        wording_version=version,
        source=fields.pop("source", Source.CAREERS_PAGE),
        **fields,
    )


def test_nothing_is_in_force_until_granted(candidate):
    assert consent_in_force(candidate, Kind.PHONE_SCREEN_CALL) is None


def test_a_grant_is_recorded_once_per_wording(candidate):
    record, created = _grant(candidate, wording="We may call you with an automated screen.")
    again, created_again = _grant(candidate, source=Source.PHONE_KEYPRESS)
    assert created and not created_again and again == record
    assert record.wording_sha256 and len(record.wording_sha256) == 64
    assert consent_in_force(candidate, Kind.PHONE_SCREEN_CALL) == record
    assert consent_in_force(candidate, Kind.CALL_RECORDING) is None

    newer, created_newer = _grant(candidate, version="2026-06")
    assert created_newer and consent_in_force(candidate, Kind.PHONE_SCREEN_CALL) == newer


def test_withdrawal_ends_the_consent_and_a_later_grant_starts_a_new_one(candidate):
    staff = UserFactory()
    record, _ = _grant(candidate, source=Source.HR_ON_BEHALF, recorded_by=staff)
    assert (
        consent_withdraw(
            candidate=candidate, kind=Kind.PHONE_SCREEN_CALL, source=Source.PHONE_SPEECH
        )
        == 1
    )
    assert (
        consent_withdraw(candidate=candidate, kind=Kind.PHONE_SCREEN_CALL, source=Source.API) == 0
    )
    record.refresh_from_db()
    assert record.withdrawn_at and record.withdrawn_source == Source.PHONE_SPEECH
    assert consent_in_force(candidate, Kind.PHONE_SCREEN_CALL) is None

    later, created = _grant(candidate, granted_at=timezone.now() + timedelta(minutes=1))
    assert created and later != record
    assert consent_in_force(candidate, Kind.PHONE_SCREEN_CALL) == later


def test_the_newest_grant_decides_after_a_merge(candidate):
    """Two records of one kind (a merge moves the other person's onto this one): an older
    grant does not outlive a newer withdrawal."""
    now = timezone.now()
    ConsentRecord.objects.create(
        candidate=candidate,
        kind=Kind.AI_SCREENING,
        wording_version="v1",
        source=Source.CAREERS_PAGE,
        granted_at=now - timedelta(days=10),
    )
    ConsentRecord.objects.create(
        candidate=candidate,
        kind=Kind.AI_SCREENING,
        wording_version="v1",
        source=Source.EMAIL_LINK,
        granted_at=now - timedelta(days=5),
        withdrawn_at=now - timedelta(days=1),
        withdrawn_source=Source.EMAIL_LINK,
    )
    assert consent_in_force(candidate, Kind.AI_SCREENING) is None


def test_candidate_consent_at_follows_the_data_processing_record(candidate):
    record, _ = _grant(candidate, kind=Kind.DATA_PROCESSING)
    candidate.refresh_from_db()
    assert candidate.consent_at == record.granted_at
    consent_withdraw(candidate=candidate, kind=Kind.DATA_PROCESSING, source=Source.EMAIL_LINK)
    candidate.refresh_from_db()
    assert candidate.consent_at is None


def test_a_withdrawal_needs_its_source_and_cannot_precede_the_grant(candidate):
    record, _ = _grant(candidate)
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentRecord.objects.filter(pk=record.pk).update(withdrawn_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentRecord.objects.filter(pk=record.pk).update(
            withdrawn_at=record.granted_at - timedelta(days=1), withdrawn_source=Source.API
        )


def test_unknown_kinds_and_sources_are_refused(candidate):
    with pytest.raises(ValueError):
        _grant(candidate, kind="telepathy")
    with pytest.raises(ValueError):
        _grant(candidate, source="carrier pigeon")
    with pytest.raises(ValueError):
        _grant(candidate, version="")


def test_a_merge_moves_consents_and_a_withdrawal_still_counts():
    kept, gone = CandidateFactory(name="John Smith"), CandidateFactory(name="Jane Smith")
    _grant(kept, granted_at=timezone.now() - timedelta(days=3))
    _grant(gone, granted_at=timezone.now() - timedelta(days=2))
    consent_withdraw(candidate=gone, kind=Kind.PHONE_SCREEN_CALL, source=Source.PHONE_SPEECH)
    duplicate = PossibleDuplicate.objects.create(
        existing=kept, candidate=gone, matched_on=PossibleDuplicate.MatchedOn.EMAIL
    )
    recruiter = UserFactory()
    recruiter.groups.add(Group.objects.get_or_create(name=roles.RECRUITER)[0])
    candidate_duplicate_resolve(duplicate=duplicate, action="merge", by=recruiter)
    assert kept.consents.count() == 2
    assert consent_in_force(kept, Kind.PHONE_SCREEN_CALL) is None
