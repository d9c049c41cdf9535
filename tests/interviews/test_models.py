"""The interview models: panelists as rows with a role, RSVP and invitation; rounds per
job; scheduling links stored as a hash, pointing at their interview, revocable."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from interviews import selectors, services
from interviews.models import (
    Availability,
    Interview,
    InterviewRound,
    Panelist,
    SchedulingLink,
    ScreeningQuestion,
)
from recruiting.models import TimeStampedModel
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application():
    return ApplicationFactory()


@pytest.fixture
def technical_round(application):
    return InterviewRound.objects.create(job=application.job, position=1, name="Technical")


@pytest.fixture
def interview(application, technical_round):
    start = timezone.now() + timedelta(days=3)
    return Interview.objects.create(
        application=application,
        round=technical_round,
        starts_at=start,
        ends_at=start + timedelta(minutes=45),
        ics_uid=f"interview-{application.pk}@example.com",
    )


def test_the_models_share_the_timestamp_base():
    for model in (
        ScreeningQuestion,
        Availability,
        InterviewRound,
        Interview,
        Panelist,
        SchedulingLink,
    ):
        assert issubclass(model, TimeStampedModel)


def test_screening_questions_keep_their_manager():
    assert hasattr(ScreeningQuestion.objects, "ready_to_ask")


# --- panel --------------------------------------------------------------------------------


def test_panelists_carry_role_rsvp_and_invitation(interview):
    manager, engineer, shadow = UserFactory(), UserFactory(), UserFactory()
    Panelist.objects.create(interview=interview, user=manager, role=Panelist.Role.HIRING_MANAGER)
    Panelist.objects.create(interview=interview, user=engineer)
    interview.panel.add(shadow, through_defaults={"role": "observer", "required": False})

    seat = Panelist.objects.get(interview=interview, user=engineer)
    assert (seat.role, seat.required, seat.rsvp, seat.invite_status) == (
        "technical",
        True,
        "needs_action",
        "not_sent",
    )
    assert set(interview.panel.all()) == {manager, engineer, shadow}
    assert list(engineer.interviews.all()) == [interview]
    assert interview.panelists.filter(required=True).count() == 2

    seat.rsvp = Panelist.Rsvp.ACCEPTED
    seat.invite_status = Panelist.InviteStatus.SENT
    seat.invite_sent_at = timezone.now()
    seat.save()
    assert interview.panelists.get(user=engineer).rsvp == "accepted"


def test_a_person_sits_once_on_a_panel(interview):
    user = UserFactory()
    Panelist.objects.create(interview=interview, user=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Panelist.objects.create(interview=interview, user=user, role="observer")


# --- rounds -------------------------------------------------------------------------------


def test_a_job_has_one_round_per_position(application, technical_round):
    InterviewRound.objects.create(job=application.job, position=2, name="Onsite")
    with pytest.raises(IntegrityError), transaction.atomic():
        InterviewRound.objects.create(job=application.job, position=1, name="Again")


def test_a_round_with_interviews_cannot_be_deleted(interview, technical_round):
    with pytest.raises(IntegrityError), transaction.atomic():
        technical_round.delete()


# --- scheduling links ---------------------------------------------------------------------


def test_only_the_hash_of_the_token_is_stored(application, technical_round):
    link, token = services.scheduling_link_issue(application=application, round=technical_round)
    assert token not in link.token_hash and len(link.token_hash) == 64
    assert link.token_hash == SchedulingLink.hash_token(token)
    assert selectors.scheduling_link_for_token(token) == link
    assert selectors.scheduling_link_for_token(token + "x") is None


def test_the_token_hash_is_unique(application):
    expires = timezone.now() + timedelta(days=1)
    SchedulingLink.objects.create(application=application, token_hash="a" * 64, expires_at=expires)
    with pytest.raises(IntegrityError), transaction.atomic():
        SchedulingLink.objects.create(
            application=application, token_hash="a" * 64, expires_at=expires
        )


def test_a_link_is_usable_until_used_revoked_or_expired(application, technical_round):
    link, token = services.scheduling_link_issue(application=application, round=technical_round)
    now = timezone.now()
    assert link.is_usable(now)
    assert not link.is_usable(link.expires_at)
    assert not link.is_usable(link.expires_at + timedelta(seconds=1))
    assert selectors.scheduling_link_for_token(token, now=link.expires_at) is None

    assert services.scheduling_link_revoke(link) is True
    assert services.scheduling_link_revoke(link) is False
    link.refresh_from_db()
    assert link.revoked_at and not link.is_usable(now)
    assert selectors.scheduling_link_for_token(token) is None
    assert not SchedulingLink.objects.usable(now).filter(pk=link.pk).exists()

    used, _ = services.scheduling_link_issue(application=application, round=technical_round)
    used.used_at = now
    used.save()
    assert not used.is_usable(now)
    fresh, _ = services.scheduling_link_issue(application=application, round=technical_round)
    assert list(SchedulingLink.objects.usable(now)) == [fresh]


def test_a_reschedule_link_points_at_its_interview(application, interview):
    link, _ = services.scheduling_link_issue(
        application=application, purpose=SchedulingLink.Purpose.RESCHEDULE, interview=interview
    )
    assert link.interview == interview and link.round == interview.round
    assert list(interview.scheduling_links.all()) == [link]
    with pytest.raises(ValidationError):
        services.scheduling_link_issue(
            application=application, purpose=SchedulingLink.Purpose.CANCEL
        )
    other = ApplicationFactory()
    with pytest.raises(ValidationError):
        services.scheduling_link_issue(
            application=other, purpose=SchedulingLink.Purpose.CANCEL, interview=interview
        )


def test_the_database_refuses_a_cancel_link_without_an_interview(application):
    expires = timezone.now() + timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        SchedulingLink.objects.create(
            application=application, purpose="cancel", token_hash="b" * 64, expires_at=expires
        )


def test_a_booking_link_books_a_round_of_the_applications_job(application):
    elsewhere = InterviewRound.objects.create(
        job=ApplicationFactory().job, position=1, name="Other job"
    )
    with pytest.raises(ValidationError):
        services.scheduling_link_issue(application=application, round=elsewhere)
