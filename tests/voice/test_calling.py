"""Placing calls: the exact request Twilio gets, the checks that refuse a screen, the
calling window across DST, attempts and backoff, and never dialling twice for one attempt."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from recruiting.consent import consent_grant
from recruiting.models import ConsentRecord
from tests.factories import CandidateFactory
from voice import services, tasks
from voice.models import Call, PhoneScreen
from voice.services.window import candidate_timezone, next_calling_time

pytestmark = pytest.mark.django_db


def _start(application, recruiter, capture):
    with capture(execute=True):
        result = services.phone_screen_start(application=application, by=recruiter)
    return result


def test_the_task_sends_twilio_exactly_these_parameters(
    application, questions, recruiter, twilio_api, now, django_capture_on_commit_callbacks
):
    result = _start(application, recruiter, django_capture_on_commit_callbacks)

    assert result.started
    (sent,) = twilio_api.creates()
    call = Call.objects.get()
    base = f"https://recruiting.example.com/voice/twilio/calls/{call.pk}.{call.token}"
    assert sent.url == "https://api.twilio.com/2010-04-01/Accounts/AC" + "0" * 32 + "/Calls.json"
    assert sent.data == {
        "To": "+12125550142",
        "From": "+15005550006",
        "Url": f"{base}/answer/",
        "Method": "POST",
        "StatusCallback": f"{base}/status/",
        "StatusCallbackMethod": "POST",
        "StatusCallbackEvent": ["initiated", "ringing", "answered", "completed"],
        "MachineDetection": "DetectMessageEnd",
        "Timeout": 25,
    }
    assert call.provider_call_id == next(iter(twilio_api.calls))
    assert call.attempt == 1 and call.status == Call.Status.QUEUED
    assert PhoneScreen.objects.get().status == PhoneScreen.Status.CALLING


def test_a_call_is_recorded_only_with_the_candidates_recording_consent(
    application, questions, recruiter, twilio_api, now, django_capture_on_commit_callbacks
):
    consent_grant(
        candidate=application.candidate,
        kind=ConsentRecord.Kind.CALL_RECORDING,
        wording_version="careers-1",
        source=ConsentRecord.Source.CAREERS_PAGE,
    )
    _start(application, recruiter, django_capture_on_commit_callbacks)

    (sent,) = twilio_api.creates()
    call = Call.objects.get()
    assert call.recorded
    assert sent.data["Record"] == "true"
    assert sent.data["RecordingStatusCallback"].endswith(f"/{call.pk}.{call.token}/recording/")
    assert sent.data["RecordingStatusCallbackEvent"] == ["completed"]


def test_recording_is_off_when_the_setting_is_off(
    settings, application, questions, recruiter, twilio_api, now, django_capture_on_commit_callbacks
):
    settings.VOICE_RECORD_CALLS = False
    consent_grant(
        candidate=application.candidate,
        kind=ConsentRecord.Kind.CALL_RECORDING,
        wording_version="careers-1",
        source=ConsentRecord.Source.CAREERS_PAGE,
    )
    _start(application, recruiter, django_capture_on_commit_callbacks)
    assert "Record" not in twilio_api.creates()[0].data


def test_the_task_run_twice_dials_once(
    application, questions, recruiter, twilio_api, now, django_capture_on_commit_callbacks
):
    _start(application, recruiter, django_capture_on_commit_callbacks)
    screen = PhoneScreen.objects.get()

    assert tasks.phone_screen_call.apply(args=[screen.pk]).get() == "waiting"
    assert tasks.phone_screen_call.apply(args=[screen.pk]).get() == "waiting"
    assert len(twilio_api.creates()) == 1
    assert Call.objects.count() == 1


def test_a_worker_killed_after_twilio_accepted_the_call_does_not_call_again(
    application, questions, recruiter, twilio_api, now, django_capture_on_commit_callbacks
):
    class WorkerKilled(BaseException):
        pass

    def kill(sent):
        raise WorkerKilled

    twilio_api.after_response = kill
    with pytest.raises(WorkerKilled):
        _start(application, recruiter, django_capture_on_commit_callbacks)
    twilio_api.after_response = None
    call = Call.objects.get()
    assert call.provider_call_id == ""  # the SID was never saved
    screen = PhoneScreen.objects.get()

    assert services.phone_screen_call_next(screen.pk) == "waiting"
    assert len(twilio_api.creates()) == 1

    # Past the reconcile delay it is looked up at Twilio and adopted, not dialled again.
    now.advance(minutes=11)
    assert services.phone_screen_call_next(screen.pk) == "reconciled"
    call.refresh_from_db()
    assert call.provider_call_id == next(iter(twilio_api.calls))
    assert len(twilio_api.creates()) == 1


def test_an_attempt_twilio_never_heard_of_is_given_up_and_the_next_one_scheduled(
    application, questions, recruiter, twilio_api, now, django_capture_on_commit_callbacks
):
    twilio_api.after_response = lambda sent: twilio_api.calls.clear()
    _start(application, recruiter, django_capture_on_commit_callbacks)
    twilio_api.after_response = None
    Call.objects.update(provider_call_id="")
    screen = PhoneScreen.objects.get()

    now.advance(minutes=11)
    assert services.phone_screen_call_next(screen.pk) == "given-up"
    screen.refresh_from_db()
    assert Call.objects.get().status == Call.Status.FAILED
    assert screen.status == PhoneScreen.Status.PENDING
    assert screen.next_attempt_at == now.value + dt.timedelta(hours=2)
    assert len(twilio_api.creates()) == 1

    now.set(screen.next_attempt_at)
    assert services.phone_screen_call_next(screen.pk) == "placed"
    assert [c.attempt for c in Call.objects.all()] == [1, 2]


def test_attempts_stop_at_the_maximum(
    settings, application, questions, recruiter, twilio_api, now, django_capture_on_commit_callbacks
):
    settings.VOICE_MAX_ATTEMPTS = 2
    _start(application, recruiter, django_capture_on_commit_callbacks)
    screen = PhoneScreen.objects.get()
    for attempt in (1, 2):
        call = Call.objects.get(attempt=attempt)
        services.calling.call_status_update(call, status="no-answer")
        screen.refresh_from_db()
        if screen.next_attempt_at:
            now.set(screen.next_attempt_at)
            services.phone_screen_call_next(screen.pk)
    screen.refresh_from_db()
    assert screen.status == PhoneScreen.Status.NO_ANSWER
    assert len(twilio_api.creates()) == 2


def test_backoff_doubles_with_each_attempt(
    application, questions, recruiter, twilio_api, now, django_capture_on_commit_callbacks
):
    now.set(dt.datetime(2026, 12, 2, 14, 0, tzinfo=dt.UTC))  # 09:00 in New York
    _start(application, recruiter, django_capture_on_commit_callbacks)
    screen = PhoneScreen.objects.get()
    services.calling.call_status_update(Call.objects.get(attempt=1), status="busy")
    screen.refresh_from_db()
    first_wait = screen.next_attempt_at - now.value
    now.set(screen.next_attempt_at)
    services.phone_screen_call_next(screen.pk)
    services.calling.call_status_update(Call.objects.get(attempt=2), status="no-answer")
    screen.refresh_from_db()
    assert first_wait == dt.timedelta(hours=2)
    assert screen.next_attempt_at - now.value == dt.timedelta(hours=4)


def test_a_permanent_refusal_fails_the_screen_with_the_reason(
    application, questions, recruiter, twilio_api, now, django_capture_on_commit_callbacks
):
    twilio_api.fail_with = (400, {"code": 21211, "message": "Invalid 'To' Phone Number"})
    _start(application, recruiter, django_capture_on_commit_callbacks)
    screen = PhoneScreen.objects.get()
    assert screen.status == PhoneScreen.Status.FAILED
    assert "Invalid 'To' Phone Number" in screen.error
    assert Call.objects.get().status == Call.Status.FAILED


def test_a_transient_error_leaves_the_attempt_claimed_not_redialled(
    application, questions, recruiter, twilio_api, now, django_capture_on_commit_callbacks
):
    twilio_api.fail_with = (503, {"code": 20503, "message": "Service unavailable"})
    _start(application, recruiter, django_capture_on_commit_callbacks)
    twilio_api.fail_with = None
    screen = PhoneScreen.objects.get()
    assert services.phone_screen_call_next(screen.pk) == "waiting"
    assert len(twilio_api.creates()) == 1


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"do_not_call": True}, "asked not to be called"),
        ({"phone": "+1 555 0100"}, "is not a valid number"),
        ({"phone": ""}, "has no phone number"),
    ],
)
def test_start_refuses_with_a_clear_reason(application, questions, recruiter, change, reason):
    for field, value in change.items():
        setattr(application.candidate, field, value)
    application.candidate.save()
    result = services.phone_screen_start(application=application, by=recruiter)
    assert not result.started and reason in result.refused
    assert not PhoneScreen.objects.exists()


def test_start_refuses_a_job_without_approved_questions(application, recruiter):
    result = services.phone_screen_start(application=application, by=recruiter)
    assert "no approved phone-screen questions" in result.refused


def test_start_twice_opens_one_screen(
    application, questions, recruiter, twilio_api, now, django_capture_on_commit_callbacks
):
    first = _start(application, recruiter, django_capture_on_commit_callbacks)
    second = _start(application, recruiter, django_capture_on_commit_callbacks)
    assert first.started and not second.started
    assert second.phone_screen == first.phone_screen
    assert len(twilio_api.creates()) == 1


def test_a_do_not_call_set_after_start_cancels_before_dialling(
    application, questions, recruiter, twilio_api, now
):
    services.phone_screen_start(application=application, by=recruiter)
    application.candidate.do_not_call = True
    application.candidate.save()
    assert services.phone_screen_call_next(PhoneScreen.objects.get().pk) == "do-not-call"
    assert PhoneScreen.objects.get().status == PhoneScreen.Status.CANCELLED
    assert twilio_api.creates() == []


# --- The calling window -------------------------------------------------------------------


def test_outside_the_window_the_call_is_deferred_to_the_next_window_across_dst(
    application, questions, recruiter, twilio_api, now, django_capture_on_commit_callbacks
):
    # Friday 6 March 2026, 20:00 in New York (EST); clocks go forward on Sunday the 8th.
    now.set(dt.datetime(2026, 3, 7, 1, 0, tzinfo=dt.UTC))
    _start(application, recruiter, django_capture_on_commit_callbacks)
    screen = PhoneScreen.objects.get()

    # Monday 9 March, 09:00 EDT: 13:00 UTC, not the 14:00 UTC it would be in winter.
    assert screen.next_attempt_at == dt.datetime(2026, 3, 9, 13, 0, tzinfo=dt.UTC)
    assert twilio_api.creates() == []
    assert services.phone_screen_call_next(screen.pk) == "not-due"

    now.set(screen.next_attempt_at)
    assert services.phone_screen_call_next(screen.pk) == "placed"
    assert len(twilio_api.creates()) == 1


def test_window_after_the_autumn_change():
    zone = ZoneInfo("Europe/London")
    # Saturday 24 October 2026, noon: the weekend. Clocks go back on Sunday the 25th.
    moment = dt.datetime(2026, 10, 24, 11, 0, tzinfo=dt.UTC)
    assert next_calling_time(moment, zone) == dt.datetime(2026, 10, 26, 9, 0, tzinfo=dt.UTC)


def test_inside_the_window_is_now():
    zone = ZoneInfo("America/Los_Angeles")
    moment = dt.datetime(2026, 12, 2, 18, 0, tzinfo=dt.UTC)  # 10:00 on a Wednesday
    assert next_calling_time(moment, zone) == moment


def test_evening_goes_to_the_next_morning():
    zone = ZoneInfo("America/Los_Angeles")
    moment = dt.datetime(2026, 12, 3, 4, 0, tzinfo=dt.UTC)  # Wednesday 20:00
    assert next_calling_time(moment, zone) == dt.datetime(2026, 12, 3, 17, 0, tzinfo=dt.UTC)


def test_timezone_from_profile_else_number_else_site(settings):
    assert candidate_timezone(CandidateFactory.build(timezone="Asia/Tokyo")).key == "Asia/Tokyo"
    by_number = CandidateFactory.build(timezone="Not/AZone", phone="+442079460000")
    assert candidate_timezone(by_number).key == "Europe/London"
    assert candidate_timezone(CandidateFactory.build(phone="")).key == settings.TIME_ZONE
