"""The simulator plays whole calls through the same signed webhooks; the recording and
the command that starts a screen and prints how it went."""

import json
from datetime import timedelta

import pytest
import responses
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from recruiting.consent import consent_grant
from recruiting.models import Candidate, ConsentRecord
from voice import services
from voice.management.commands.phone_screen import _settled
from voice.models import Answer, Call, PhoneScreen, WebhookEvent
from voice.services.public_urls import call_url
from voice.telephony import get_telephony
from voice.telephony.simulator import SimulatorTelephony

pytestmark = pytest.mark.django_db


def _start(application, capture):
    with capture(execute=True):
        return services.phone_screen_start(application=application, by=None)


def _grant_recording(candidate):
    consent_grant(
        candidate=candidate,
        kind=ConsentRecord.Kind.CALL_RECORDING,
        wording_version="careers-1",
        source=ConsentRecord.Source.CAREERS_PAGE,
    )


def test_the_simulator_is_the_default_provider():
    assert isinstance(get_telephony(), SimulatorTelephony)


def test_a_simulated_call_answers_from_the_resume_and_completes_the_screen(
    application, questions, now, django_capture_on_commit_callbacks
):
    _start(application, django_capture_on_commit_callbacks)

    screen = PhoneScreen.objects.get()
    assert screen.status == PhoneScreen.Status.COMPLETED
    call = Call.objects.get()
    assert call.status == Call.Status.COMPLETED and call.answered_by == "human"
    assert call.provider == "simulator" and call.provider_call_id.startswith("CA")
    answers = {a.asked.position: a.transcript for a in Answer.objects.select_related("asked")}
    assert "Django services on PostgreSQL" in answers[1]
    assert "Kubernetes" in answers[2]
    assert "mentor" in answers[3]
    assert WebhookEvent.objects.filter(verified=False).count() == 0
    assert WebhookEvent.objects.filter(verified=True, kind="gather").count() == 4


def test_a_question_the_resume_says_nothing_about_is_reprompted_then_answered(
    application, questions, now, django_capture_on_commit_callbacks
):
    type(questions[1]).objects.filter(pk=questions[1].pk).update(expected_keywords=["Erlang"])
    _start(application, django_capture_on_commit_callbacks)
    second = Answer.objects.get(asked__position=2)
    assert "glad to learn" in second.transcript
    assert PhoneScreen.objects.get().status == PhoneScreen.Status.COMPLETED


def test_a_number_ending_in_7_reaches_voicemail(
    application, questions, now, django_capture_on_commit_callbacks
):
    Candidate.objects.filter(pk=application.candidate_id).update(phone="+12125550147")
    application.candidate.refresh_from_db()
    _start(application, django_capture_on_commit_callbacks)
    call = Call.objects.get()
    assert call.answered_by == Call.AnsweredBy.MACHINE_END_BEEP
    screen = PhoneScreen.objects.get()
    assert screen.status == PhoneScreen.Status.PENDING and screen.next_attempt_at
    assert not Answer.objects.exists()


def test_a_number_ending_in_9_opts_out(
    application, questions, now, django_capture_on_commit_callbacks
):
    Candidate.objects.filter(pk=application.candidate_id).update(phone="+12125550149")
    application.candidate.refresh_from_db()
    _start(application, django_capture_on_commit_callbacks)
    assert Candidate.objects.get(pk=application.candidate_id).do_not_call
    assert PhoneScreen.objects.get().opted_out_at is not None


def test_a_script_file_drives_the_call(
    settings, tmp_path, application, questions, now, django_capture_on_commit_callbacks
):
    script = tmp_path / "script.json"
    script.write_text(json.dumps({"replies": ["yes", "Scripted answer one.", "", "Two.", "3"]}))
    settings.VOICE_SIMULATOR_SCRIPT = str(script)
    _start(application, django_capture_on_commit_callbacks)
    first = Answer.objects.get(asked__position=1)
    assert first.transcript == "Scripted answer one."
    # "" after the follow-up moved on; "Two." answered question 2; "3" repeated question 3,
    # then the script ran dry and silence twice ended the questions.
    assert Answer.objects.get(asked__position=2).transcript == "Two."


def test_a_consented_recording_is_copied_into_our_storage(
    application, questions, now, django_capture_on_commit_callbacks
):
    _grant_recording(application.candidate)
    _start(application, django_capture_on_commit_callbacks)
    call = Call.objects.get()
    assert call.recorded and call.recording_sid.startswith("RE")
    assert call.recording.name.endswith(".wav")
    with default_storage.open(call.recording.name) as stored:
        assert stored.read(4) == b"RIFF"
    assert call.recording_deleted_at is not None


def test_storing_a_recording_twice_fetches_once(
    application, questions, now, django_capture_on_commit_callbacks, monkeypatch
):
    _grant_recording(application.candidate)
    _start(application, django_capture_on_commit_callbacks)
    call = Call.objects.get()
    fetched = []
    monkeypatch.setattr(SimulatorTelephony, "fetch_recording", lambda *a: fetched.append(a))
    assert services.call_recording_store(call.pk) == "stored"
    assert fetched == []


# --- With Twilio: the recording fetched with our credentials, then deleted there -----------


@responses.activate
def test_twilio_recording_is_fetched_then_deleted_at_twilio(
    application, questions, twilio_api, twilio, now, django_capture_on_commit_callbacks
):
    _grant_recording(application.candidate)
    _start(application, django_capture_on_commit_callbacks)
    call = Call.objects.get()
    url = "https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE" + "1" * 32
    responses.get(url + ".wav", body=b"RIFF....WAVEfmt ", status=200)
    params = {
        "CallSid": call.provider_call_id,
        "RecordingSid": "RE" + "1" * 32,
        "RecordingUrl": url,
        "RecordingStatus": "completed",
    }
    assert twilio.post(call_url(call, "recording"), params).status_code == 200
    assert twilio.post(call_url(call, "recording"), params).status_code == 200  # retried

    call.refresh_from_db()
    assert call.recording.name and call.recording_deleted_at
    assert responses.calls[0].request.headers["Authorization"].startswith("Basic ")
    assert len(responses.calls) == 1
    assert twilio_api.deleted_recordings == ["RE" + "1" * 32]


@responses.activate
def test_a_declined_calls_recording_is_deleted_not_kept(
    application, questions, twilio_api, twilio, now, django_capture_on_commit_callbacks
):
    _grant_recording(application.candidate)
    _start(application, django_capture_on_commit_callbacks)
    call = Call.objects.get()
    Call.objects.filter(pk=call.pk).update(consent=Call.Consent.DECLINED)
    params = {
        "CallSid": call.provider_call_id,
        "RecordingSid": "RE" + "2" * 32,
        "RecordingUrl": "https://api.twilio.com/x/Recordings/RE" + "2" * 32,
        "RecordingStatus": "completed",
    }
    twilio.post(call_url(call, "recording"), params)
    call.refresh_from_db()
    assert not call.recording and call.recording_deleted_at
    assert len(responses.calls) == 0
    assert twilio_api.deleted_recordings == ["RE" + "2" * 32]


def test_status_callbacks_out_of_order_never_go_backwards(
    application, questions, twilio_api, twilio, now, django_capture_on_commit_callbacks
):
    _start(application, django_capture_on_commit_callbacks)
    call = Call.objects.get()
    base = {"CallSid": call.provider_call_id}
    twilio.post(
        call_url(call, "status"), {**base, "CallStatus": "in-progress", "SequenceNumber": "2"}
    )
    twilio.post(call_url(call, "status"), {**base, "CallStatus": "ringing", "SequenceNumber": "1"})
    call.refresh_from_db()
    assert call.status == Call.Status.IN_PROGRESS and call.started_at


# --- The command -----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_command_starts_waits_and_prints_one_json_object(application, questions, now, capsys):
    call_command("phone_screen", "--application", str(application.pk), "--json")
    summary = json.loads(capsys.readouterr().out)
    assert summary["status"] == "completed"
    assert summary["consent"] == "granted"
    assert [a["position"] for a in summary["answers"]] == [1, 2, 3]
    assert summary["answers"][0]["question"].startswith("Tell me about your experience")
    assert "PostgreSQL" in summary["answers"][0]["transcript"]
    assert summary["calls"][0]["answered_by"] == "human"


@pytest.mark.django_db(transaction=True)
def test_the_command_prints_text_and_explains_a_refusal(application, questions, now, capsys):
    call_command("phone_screen", "--application", str(application.pk))
    out = capsys.readouterr().out
    assert "Status: completed" in out and "Consent: granted" in out and "Q2." in out

    Candidate.objects.filter(pk=application.candidate_id).update(do_not_call=True)
    PhoneScreen.objects.all().delete()
    with pytest.raises(Exception, match="asked not to be called"):
        call_command("phone_screen", "--application", str(application.pk))


def test_without_a_twilio_token_the_simulator_signs_with_a_key_of_its_own(
    settings, application, questions, now, django_capture_on_commit_callbacks
):
    settings.TWILIO_AUTH_TOKEN = ""
    _start(application, django_capture_on_commit_callbacks)
    assert PhoneScreen.objects.get().status == PhoneScreen.Status.COMPLETED
    assert not WebhookEvent.objects.filter(verified=False).exists()


def test_the_sweep_queues_due_and_quiet_screens(
    application, questions, twilio_api, now, django_capture_on_commit_callbacks
):
    Candidate.objects.filter(pk=application.candidate_id).update(timezone="Asia/Tokyo")
    application.candidate.refresh_from_db()
    _start(application, django_capture_on_commit_callbacks)  # 05:00 in Tokyo: deferred
    screen = PhoneScreen.objects.get()
    assert twilio_api.creates() == [] and screen.next_attempt_at > now.value

    assert services.phone_screens_due() == 0
    now.set(screen.next_attempt_at)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.phone_screens_due() == 1
    assert len(twilio_api.creates()) == 1


def test_an_inbound_calls_status_is_found_by_its_sid(application, questions, now, twilio):
    from voice.services.public_urls import public_url

    services.phone_screen_start(application=application, by=None)
    sid = "CA" + "e" * 32
    twilio.post(
        public_url("/voice/twilio/inbound/"),
        {"CallSid": sid, "From": application.candidate.phone, "To": "+15005550006"},
    )
    twilio.post(
        public_url("/voice/twilio/status/"),
        {"CallSid": sid, "CallStatus": "completed", "CallDuration": "30"},
    )
    call = Call.objects.get(provider_call_id=sid)
    assert call.status == Call.Status.COMPLETED and call.duration_seconds == 30


def test_the_command_waits_for_a_call_that_is_due_now_and_not_for_one_due_later(application):
    """With a real worker the command sees the screen before its first call: due now means
    a call is about to be placed (keep waiting); due in hours means outside the calling
    hours (stop and say when)."""
    screen = PhoneScreen.objects.create(application=application, next_attempt_at=timezone.now())
    assert not _settled(screen)
    screen.next_attempt_at = timezone.now() + timedelta(hours=3)
    assert _settled(screen)
