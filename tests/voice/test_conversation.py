"""Whole calls driven through our signed Twilio webhooks: consent, silence, repeat,
follow-up, opt-out, voicemail, a dropped call and its resumption, retried webhooks, a
call-back, and the requests an attacker might send."""

import re

import pytest

from recruiting.consent import consent_in_force
from recruiting.models import Candidate, ConsentRecord, Event
from voice import services
from voice.models import Answer, Call, PhoneScreen, WebhookEvent
from voice.services.public_urls import call_url, public_url

pytestmark = pytest.mark.django_db

GOOD_ANSWER_1 = (
    "I have built Django services on PostgreSQL for eight years, including a billing "
    "platform that handled a million invoices a month."
)
GOOD_ANSWER_2 = "Yes, I led the migration of our monolith to Kubernetes with a small team of four."
GOOD_ANSWER_3 = "I mentor junior developers, pair with them weekly and run our code reviews."


@pytest.fixture
def call(application, questions, recruiter, twilio_api, now, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.phone_screen_start(application=application, by=recruiter)
    return Call.objects.get()


class Conversation:
    def __init__(self, twilio, call):
        self.twilio = twilio
        self.call = call
        self.sid = call.provider_call_id
        self.twiml = ""

    def params(self, **extra):
        return {
            "CallSid": self.sid,
            "AccountSid": "AC" + "0" * 32,
            "From": self.call.from_number,
            "To": self.call.to_number,
            **extra,
        }

    def answer(self, answered_by="human"):
        response = self.twilio.post(
            call_url(self.call, "answer"), self.params(AnsweredBy=answered_by)
        )
        assert response.status_code == 200, response.content
        assert response["Content-Type"] == "text/xml"
        self.twiml = response.content.decode()
        return self.twiml

    @property
    def action(self):
        found = re.search(r'<Gather [^>]*action="([^"]+)"', self.twiml)
        return found.group(1).replace("&amp;", "&") if found else None

    def say(self, speech="", digits="", confidence="0.9"):
        params = self.params()
        if speech:
            params.update(SpeechResult=speech, Confidence=confidence)
        if digits:
            params["Digits"] = digits
        response = self.twilio.post(self.action, params)
        assert response.status_code == 200, response.content
        self.twiml = response.content.decode()
        return self.twiml

    def status(self, status, **extra):
        response = self.twilio.post(
            call_url(self.call, "status"), self.params(CallStatus=status, **extra)
        )
        assert response.status_code == 200
        return response

    def refresh(self):
        self.call.refresh_from_db()
        return self.call


@pytest.fixture
def talk(twilio, call):
    return Conversation(twilio, call)


def _hung_up(twiml):
    return "<Hangup />" in twiml and "<Gather" not in twiml


def test_a_whole_call_with_consent_saves_every_answer_and_completes_the_screen(talk, application):
    greeting = talk.answer()
    assert "Senior Backend Engineer" in greeting and "automated" in greeting
    assert 'input="speech dtmf"' in greeting and 'speechTimeout="auto"' in greeting

    first = talk.say("Yes, go ahead.")
    assert "Question 1 of 3" in first and 'hints="Django, PostgreSQL, repeat"' in first
    assert "Question 2 of 3" in talk.say(GOOD_ANSWER_1)
    assert "Question 3 of 3" in talk.say(GOOD_ANSWER_2)
    closing = talk.say(GOOD_ANSWER_3)
    assert _hung_up(closing) and "by email" in closing

    answers = list(Answer.objects.order_by("asked__position"))
    assert [a.transcript for a in answers] == [GOOD_ANSWER_1, GOOD_ANSWER_2, GOOD_ANSWER_3]
    assert answers[0].confidence == pytest.approx(0.9)
    screen = PhoneScreen.objects.get()
    assert screen.status == PhoneScreen.Status.COMPLETED and screen.completed_at
    assert Event.objects.filter(message__startswith="Phone screen completed").exists()
    granted = consent_in_force(application.candidate, ConsentRecord.Kind.PHONE_SCREEN_CALL)
    assert granted.source == ConsentRecord.Source.PHONE_SPEECH
    assert granted.evidence["call_sid"] == talk.sid

    talk.status("completed", CallDuration="184")
    call = talk.refresh()
    assert call.status == Call.Status.COMPLETED and call.duration_seconds == 184
    assert PhoneScreen.objects.get().status == PhoneScreen.Status.COMPLETED


def test_pressing_1_consents(talk):
    talk.answer()
    assert "Question 1 of 3" in talk.say(digits="1")
    granted = ConsentRecord.objects.get(kind=ConsentRecord.Kind.PHONE_SCREEN_CALL)
    assert granted.source == ConsentRecord.Source.PHONE_KEYPRESS


def test_anything_but_yes_ends_politely_as_declined(talk, application):
    talk.answer()
    goodbye = talk.say("No thanks, I'd rather talk to a person.")
    assert _hung_up(goodbye) and "speak with a person" in goodbye
    assert talk.refresh().consent == Call.Consent.DECLINED
    screen = PhoneScreen.objects.get()
    assert screen.status == PhoneScreen.Status.CANCELLED
    assert consent_in_force(application.candidate, ConsentRecord.Kind.PHONE_SCREEN_CALL) is None
    assert not Answer.objects.exists()
    assert Event.objects.filter(message__startswith="Declined").exists()


def test_a_screen_stopped_before_the_candidate_picks_up_asks_nothing(talk):
    PhoneScreen.objects.update(status=PhoneScreen.Status.CANCELLED)
    goodbye = talk.answer()
    assert _hung_up(goodbye) and "no longer needed" in goodbye


def test_a_fax_gets_nothing(talk):
    assert talk.answer(answered_by="fax").endswith("<Response><Hangup /></Response>")


def test_a_declined_call_withdraws_an_earlier_grant(talk, application):
    from recruiting.consent import consent_grant

    consent_grant(
        candidate=application.candidate,
        kind=ConsentRecord.Kind.PHONE_SCREEN_CALL,
        wording_version="old",
        source=ConsentRecord.Source.CAREERS_PAGE,
    )
    talk.answer()
    talk.say(digits="2")
    record = ConsentRecord.objects.get(kind=ConsentRecord.Kind.PHONE_SCREEN_CALL)
    assert record.withdrawn_at and record.withdrawn_source == ConsentRecord.Source.PHONE_KEYPRESS


def test_silence_gets_one_reprompt_then_the_next_question(talk):
    talk.answer()
    talk.say("yes")
    again = talk.say()
    assert "did not hear" in again and "Question 1 of 3" in again
    moved_on = talk.say()
    assert "move on" in moved_on and "Question 2 of 3" in moved_on
    assert not Answer.objects.exists()


def test_silence_redirect_is_the_same_turn(talk):
    """Twilio follows the <Redirect> after a silent <Gather> to the same turn's URL."""
    talk.answer()
    redirect = re.search(r"<Redirect[^>]*>([^<]+)</Redirect>", talk.twiml).group(1)
    assert redirect.replace("&amp;", "&") == talk.action


def test_repeat_by_voice_or_any_key(talk):
    talk.answer()
    talk.say("yes")
    assert "Of course" in talk.say("Sorry, could you repeat that?")
    assert "Question 1 of 3" in talk.twiml
    assert "Question 1 of 3" in talk.say(digits="5")
    assert not Answer.objects.exists()


def test_a_short_answer_gets_one_follow_up(talk):
    talk.answer()
    talk.say("yes")
    follow_up = talk.say("Some Django.")
    assert "proudest" in follow_up
    assert "Question 2 of 3" in talk.say("The billing platform, it scaled well.")
    answer = Answer.objects.get()
    assert answer.transcript == "Some Django."
    assert answer.follow_up == "Which part of that work are you proudest of?"
    assert answer.follow_up_transcript == "The billing platform, it scaled well."


def test_a_short_answer_without_follow_ups_moves_on(talk):
    talk.answer()
    talk.say("yes")
    talk.say(GOOD_ANSWER_1)
    assert "Question 3 of 3" in talk.say("Yes.")


@pytest.mark.parametrize(
    ("speech", "digits"), [("Please stop calling me.", ""), ("", "9"), ("", "99999999")]
)
def test_stop_calling_me_ends_the_call_and_sets_do_not_call(talk, application, speech, digits):
    talk.answer()
    talk.say("yes")
    goodbye = talk.say(speech, digits=digits)
    assert _hung_up(goodbye) and "not call you again" in goodbye
    candidate = Candidate.objects.get(pk=application.candidate_id)
    assert candidate.do_not_call
    screen = PhoneScreen.objects.get()
    assert screen.status == PhoneScreen.Status.CANCELLED and screen.opted_out_at
    assert talk.refresh().consent == Call.Consent.OPTED_OUT
    assert Event.objects.filter(data__do_not_call_at__isnull=False).exists()
    application.candidate.refresh_from_db()
    assert (
        "asked not to be called"
        in services.phone_screen_start(application=application, by=None).refused
    )


def test_stop_at_the_consent_prompt_also_opts_out(talk, application):
    talk.answer()
    talk.say(digits="9")
    assert Candidate.objects.get(pk=application.candidate_id).do_not_call


def test_voicemail_leaves_the_call_back_number_and_schedules_the_next_attempt(talk, now):
    message = talk.answer(answered_by="machine_end_beep")
    assert _hung_up(message) and "5 0 0, 5 5 5, 0 0 0 6" in message
    assert "Senior Backend Engineer" in message
    talk.status("completed", CallDuration="15", AnsweredBy="machine_end_beep")
    call = talk.refresh()
    assert call.answered_by == Call.AnsweredBy.MACHINE_END_BEEP
    screen = PhoneScreen.objects.get()
    assert screen.status == PhoneScreen.Status.PENDING and screen.next_attempt_at > now.value


def test_a_dropped_call_keeps_its_answers_and_the_next_attempt_resumes(talk, twilio, now):
    talk.answer()
    talk.say("yes")
    talk.say(GOOD_ANSWER_1)
    talk.say(GOOD_ANSWER_2)
    talk.status("completed", CallDuration="95")  # the line drops during question 3
    assert Answer.objects.count() == 2
    screen = PhoneScreen.objects.get()
    assert screen.status == PhoneScreen.Status.PENDING

    now.set(screen.next_attempt_at)
    assert services.phone_screen_call_next(screen.pk) == "placed"
    second = Conversation(twilio, Call.objects.get(attempt=2))
    second.answer()
    assert "Question 3 of 3" in second.say("yes")
    second.say(GOOD_ANSWER_3)
    assert PhoneScreen.objects.get().status == PhoneScreen.Status.COMPLETED
    assert Answer.objects.count() == 3


def test_a_retried_webhook_changes_nothing_twice_and_gets_the_same_twiml(talk):
    talk.answer()
    talk.say("yes")
    action, params = talk.action, talk.params(SpeechResult=GOOD_ANSWER_1, Confidence="0.8")
    first = talk.twilio.post(action, params).content
    turn = talk.refresh().turn
    again = talk.twilio.post(action, params).content
    assert again == first
    assert talk.refresh().turn == turn
    assert Answer.objects.count() == 1
    assert WebhookEvent.objects.filter(kind="gather").count() == 2  # consent, answer


def test_a_late_request_for_an_old_turn_asks_the_current_question_again(talk):
    talk.answer()
    consent_action = talk.action
    talk.say("yes")
    stale = talk.twilio.post(consent_action, talk.params(SpeechResult="Something else"))
    assert "Question 1 of 3" in stale.content.decode()
    assert not Answer.objects.exists()
    assert talk.refresh().consent == Call.Consent.GRANTED


def test_a_candidate_calling_back_resumes_at_the_next_unanswered_question(talk, twilio, now):
    talk.answer()
    talk.say("yes")
    talk.say(GOOD_ANSWER_1)
    talk.status("completed", CallDuration="60")

    params = {"CallSid": "CA" + "b" * 32, "From": "(212) 555-0142", "To": "+15005550006"}
    response = twilio.post(public_url("/voice/twilio/inbound/"), params)
    twiml = response.content.decode()
    assert "Thank you for calling" in twiml and "Senior Backend Engineer" in twiml
    inbound = Call.objects.get(direction=Call.Direction.INBOUND)
    back = Conversation(twilio, inbound)
    back.sid, back.twiml = params["CallSid"], twiml
    assert "Question 2 of 3" in back.say("yes")
    back.say(GOOD_ANSWER_2)
    back.say(GOOD_ANSWER_3)
    assert PhoneScreen.objects.get().status == PhoneScreen.Status.COMPLETED
    assert inbound.attempt == 2


def test_an_unknown_caller_hears_a_polite_message(twilio):
    params = {"CallSid": "CA" + "c" * 32, "From": "+14155550100", "To": "+15005550006"}
    twiml = twilio.post(public_url("/voice/twilio/inbound/"), params).content.decode()
    assert _hung_up(twiml) and "no phone screen waiting" in twiml
    assert not Call.objects.exists()


# --- Attacks ------------------------------------------------------------------------------


def test_an_unsigned_or_forged_webhook_is_refused_and_recorded_unverified(talk, client):
    url = call_url(talk.call, "answer")
    forged = talk.twilio.post(url, talk.params(AnsweredBy="human"), signature="bm90IGl0")
    unsigned = client.post(
        url.removeprefix("https://recruiting.example.com"),
        {"CallSid": talk.sid},
        secure=True,
    )
    assert forged.status_code == unsigned.status_code == 403
    assert WebhookEvent.objects.filter(verified=False).count() == 2
    assert talk.refresh().stage == ""


def test_a_signature_over_the_internal_url_is_refused(talk):
    """Behind a proxy, only the public address counts."""
    from twilio.request_validator import RequestValidator

    path = call_url(talk.call, "answer").removeprefix("https://recruiting.example.com")
    params = talk.params(AnsweredBy="human")
    internal = RequestValidator("test-twilio-token").compute_signature(
        "http://testserver" + path, params
    )
    assert (
        talk.twilio.post(call_url(talk.call, "answer"), params, signature=internal).status_code
        == 403
    )


def test_a_signature_by_another_token_is_refused(talk):
    from twilio.request_validator import RequestValidator

    path = call_url(talk.call, "answer").removeprefix("https://recruiting.example.com")
    params = talk.params(AnsweredBy="human")
    other = RequestValidator("someone-else").compute_signature(public_url(path), params)
    assert (
        talk.twilio.post(call_url(talk.call, "answer"), params, signature=other).status_code == 403
    )


def test_no_token_configured_refuses_everything(talk, settings):
    settings.TWILIO_AUTH_TOKEN = ""
    response = talk.twilio.post(call_url(talk.call, "answer"), talk.params(AnsweredBy="human"))
    assert response.status_code == 403


def test_a_wrong_call_token_is_not_found(talk):
    url = call_url(talk.call, "answer").replace(talk.call.token, "x" * 43)
    assert talk.twilio.post(url, talk.params(AnsweredBy="human")).status_code == 404


def test_a_callsid_that_is_not_ours_changes_nothing(talk):
    talk.answer()
    talk.say("yes")
    params = talk.params(SpeechResult=GOOD_ANSWER_1)
    params["CallSid"] = "CA" + "d" * 32
    assert talk.twilio.post(talk.action, params).status_code == 403
    assert not Answer.objects.exists()
    status = talk.twilio.post(call_url(talk.call, "status"), {**params, "CallStatus": "completed"})
    assert status.status_code == 200
    assert talk.refresh().status != Call.Status.COMPLETED


def test_a_million_character_answer_is_cut_to_a_bound(talk, settings):
    talk.answer()
    talk.say("yes")
    talk.say("word " * 200_000)
    answer = Answer.objects.get()
    assert len(answer.transcript) <= settings.VOICE_MAX_TRANSCRIPT_CHARS
    event = WebhookEvent.objects.filter(kind="gather").latest("received_at")
    assert len(event.payload["SpeechResult"]) <= settings.VOICE_MAX_TRANSCRIPT_CHARS
    assert len(event.body) <= 10_000


def test_webhooks_need_no_csrf_token(talk, twilio_api):
    from django.test import Client

    talk.twilio.client = Client(enforce_csrf_checks=True)
    assert "Question" not in talk.answer()  # the greeting, served despite no CSRF token


def test_get_is_not_allowed(client, talk):
    path = call_url(talk.call, "answer").removeprefix("https://recruiting.example.com")
    assert client.get(path, secure=True).status_code == 405
