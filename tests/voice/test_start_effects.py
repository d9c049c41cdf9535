"""What starting (or declining) a phone screen does around it: the application moves to
the phone-screen stage; a decline with nothing to withdraw leaves a declined consent
record; a job may start screens by itself for candidates whose screening scored at least
its threshold."""

from decimal import Decimal

import pytest

from ai import services as ai_services
from ai.signals import screening_finished
from recruiting.consent import consent_decline, consent_grant, consent_in_force
from recruiting.models import Application, ConsentRecord, Event
from tests.factories import UserFactory
from voice import services
from voice.models import PhoneScreen

pytestmark = pytest.mark.django_db


def test_a_started_screen_moves_the_application_to_the_phone_screen_stage(
    application, questions, now, twilio_api, django_capture_on_commit_callbacks
):
    Application.objects.filter(pk=application.pk).update(stage=Application.Stage.SHORTLISTED)
    application.refresh_from_db()
    hr = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.phone_screen_start(application=application, by=hr)
    application.refresh_from_db()
    assert application.stage == Application.Stage.PHONE_SCREEN
    assert application.stage_changed_by == hr
    moved = Event.objects.get(kind=Event.Kind.STAGE_CHANGED)
    assert moved.data == {"from": "Shortlisted", "to": "phone_screen"}


def test_a_later_stage_is_never_moved_back(
    application, questions, now, twilio_api, django_capture_on_commit_callbacks
):
    Application.objects.filter(pk=application.pk).update(stage=Application.Stage.INTERVIEW)
    application.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        result = services.phone_screen_start(application=application, by=None)
    assert result.started
    application.refresh_from_db()
    assert application.stage == Application.Stage.INTERVIEW


def test_declining_on_a_call_with_no_earlier_grant_leaves_a_declined_record(
    application, questions, now, django_capture_on_commit_callbacks, settings, tmp_path
):
    script = tmp_path / "script.json"
    script.write_text('["No, thank you."]')
    settings.VOICE_SIMULATOR_SCRIPT = str(script)
    with django_capture_on_commit_callbacks(execute=True):
        services.phone_screen_start(application=application, by=None)
    record = ConsentRecord.objects.get(kind=ConsentRecord.Kind.PHONE_SCREEN_CALL)
    assert record.declined and record.withdrawn_at == record.granted_at
    assert record.source == ConsentRecord.Source.PHONE_SPEECH
    assert record.evidence["speech"] == "No, thank you." and record.wording
    assert "declined" in str(record)
    candidate = application.candidate
    assert consent_in_force(candidate, ConsentRecord.Kind.PHONE_SCREEN_CALL) is None
    assert PhoneScreen.objects.get().status == PhoneScreen.Status.CANCELLED

    # Agreeing later is a new grant, in force.
    granted, created = consent_grant(
        candidate=candidate,
        kind=ConsentRecord.Kind.PHONE_SCREEN_CALL,
        wording_version="careers-1",
        source=ConsentRecord.Source.CAREERS_PAGE,
    )
    assert created and consent_in_force(candidate, ConsentRecord.Kind.PHONE_SCREEN_CALL) == granted


def test_declining_what_is_in_force_withdraws_it_and_adds_nothing(application):
    candidate = application.candidate
    consent_grant(
        candidate=candidate,
        kind=ConsentRecord.Kind.CALL_RECORDING,
        wording_version="v1",
        source=ConsentRecord.Source.CAREERS_PAGE,
    )
    declined = consent_decline(
        candidate=candidate,
        kind=ConsentRecord.Kind.CALL_RECORDING,
        wording_version="v1",
        source=ConsentRecord.Source.PHONE_KEYPRESS,
    )
    assert declined is None
    (record,) = ConsentRecord.objects.all()
    assert record.withdrawn_source == ConsentRecord.Source.PHONE_KEYPRESS and not record.declined


@pytest.fixture
def threshold(application):
    job = application.job
    job.phone_screen_threshold = Decimal("60")
    job.save(update_fields=["phone_screen_threshold"])
    return job.phone_screen_threshold


def _screened_event(application, score, capture):
    """What the AI says when a screening is stored (``ai.signals.screening_finished``)."""
    Application.objects.filter(pk=application.pk).update(resume_score=Decimal(score))
    application.refresh_from_db()
    with capture(execute=True):
        screening_finished.send(sender=Application, application=application, score=Decimal(score))


def test_a_real_screening_above_the_threshold_starts_a_phone_screen(
    application, questions, threshold, now, django_capture_on_commit_callbacks
):
    application.job.description = (
        "Backend engineer.\nRequirements:\n- Django\n- PostgreSQL\nNice to have:\n- Kubernetes"
    )
    application.job.save(update_fields=["description"])
    with django_capture_on_commit_callbacks(execute=True):
        ai_services.application_screen(application.pk)
    application.refresh_from_db()
    assert application.resume_score >= threshold
    screen = PhoneScreen.objects.get(application=application)
    assert screen.started_by is None and screen.status == PhoneScreen.Status.COMPLETED
    assert application.phone_score == screen.score


def test_below_the_threshold_or_after_an_earlier_screen_nothing_starts(
    application, questions, threshold, now, django_capture_on_commit_callbacks
):
    _screened_event(application, "59.99", django_capture_on_commit_callbacks)
    assert not PhoneScreen.objects.exists()
    PhoneScreen.objects.create(application=application, status=PhoneScreen.Status.CANCELLED)
    _screened_event(application, "90.00", django_capture_on_commit_callbacks)
    assert PhoneScreen.objects.count() == 1


def test_a_job_without_a_threshold_starts_nothing(
    application, questions, now, django_capture_on_commit_callbacks
):
    _screened_event(application, "99.00", django_capture_on_commit_callbacks)
    assert not PhoneScreen.objects.exists()


def test_an_automatic_start_that_is_refused_says_why_on_the_timeline(
    application, threshold, now, django_capture_on_commit_callbacks
):
    _screened_event(application, "75.00", django_capture_on_commit_callbacks)
    assert not PhoneScreen.objects.exists()
    noted = Event.objects.get(kind=Event.Kind.CALL)
    assert "none was started" in noted.message and "no approved phone-screen" in noted.message
