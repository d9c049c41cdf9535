"""The conversation of a phone screen, in TwiML: greeting, disclosure and consent, each
frozen question, one reprompt on silence, repeats, one follow-up, the closing, and the
ways out (declining, "stop calling me").

The state lives on the ``Call`` row (stage, current question, reprompted, follow-up
asked, turn), so each webhook continues where the last one left off, and a call-back
resumes at the first question no call has an answer to. Every function here is called
by a webhook view inside its transaction with the call row locked; none does slow work.
"""

import re

from django.conf import settings
from django.utils import timezone
from twilio.twiml.voice_response import VoiceResponse

from recruiting.consent import consent_decline, consent_grant, consent_withdraw
from recruiting.models import ConsentRecord, Event
from voice.models import Answer, Call, PhoneScreen, PhoneScreenQuestion
from voice.services.public_urls import gather_url
from voice.services.screens import (
    candidate_do_not_call,
    phone_screen_completed,
    phone_screen_unanswered,
)

CONSENT_WORDING_VERSION = "phone-screen-2026-12"
# An answer shorter than this many words gets the question's follow-up, once.
SHORT_ANSWER_WORDS = 12
YES_WORDS = {"yes", "yeah", "yep", "yup", "sure", "ok", "okay", "agree", "consent", "fine"}
STOP_PHRASES = (
    "stop calling",
    "don't call",
    "dont call",
    "do not call",
    "never call",
    "remove me",
    "unsubscribe",
    "take me off",
)
REPEAT_PHRASES = ("repeat", "say that again", "say it again", "pardon", "come again")
HINT_MAX_CHARS = 100
HINTS_MAX = 50


def _normalised(speech: str) -> str:
    return " ".join(re.sub(r"[^\w' ]+", " ", speech.lower()).split())


def wants_no_calls(speech: str, digits: str) -> bool:
    """'Stop calling me', or the 9 key."""
    if digits[:1] == "9":
        return True
    text = _normalised(speech)
    return text == "stop" or any(phrase in text for phrase in STOP_PHRASES)


def wants_repeat(speech: str, digits: str) -> bool:
    """'Repeat' (a short request, not an answer that happens to use the word), or any key
    other than 9."""
    if digits:
        return digits[:1] != "9"
    text = _normalised(speech)
    return len(text.split()) <= 5 and any(phrase in text for phrase in REPEAT_PHRASES)


def says_yes(speech: str, digits: str) -> bool:
    if digits:
        return digits[:1] == "1"
    words = set(_normalised(speech).split())
    return bool(words & YES_WORDS) and not words & {"no", "not", "don't", "dont"}


# --- What we say ------------------------------------------------------------------------


def _job(call: Call) -> str:
    return call.phone_screen.application.job.title


def _question_count(call: Call) -> int:
    """How many questions the screen asks, said in the disclosure and before each
    question: counted once per webhook, which holds one ``Call`` for its whole request
    (the questions are frozen, so the number never changes)."""
    if not hasattr(call, "question_count"):
        call.question_count = call.phone_screen.frozen_questions.count()
    return call.question_count


def _disclosure(call: Call) -> str:
    count = _question_count(call)
    recorded = " and recorded" if call.recorded else ""
    return (
        f"This call is automated{recorded}. It has {count} short questions and takes a few "
        "minutes. To begin, say yes or press 1. If you would rather not, say no, and we "
        "will end the call. To never be called again, say stop calling me, or press 9."
    )


def consent_wording(call: Call) -> str:
    """The words the candidate agreed to, kept on their consent record."""
    return f"{_greeting(call)} {_disclosure(call)}"


def _greeting(call: Call) -> str:
    company = settings.VOICE_COMPANY_NAME
    if call.direction == Call.Direction.INBOUND:
        return f"Thank you for calling {company} back about the {_job(call)} role."
    return f"Hello. This is {company}, calling about your application for the {_job(call)} role."


def _callback_number() -> str:
    """Our number, read digit by digit in groups, as a voice says a phone number."""
    digits = re.sub(r"\D", "", settings.TWILIO_FROM_NUMBER)
    if digits.startswith("1") and len(digits) == 11:
        digits = digits[1:]
    groups = [digits[:3], digits[3:6], digits[6:]] if len(digits) == 10 else [digits]
    return ", ".join(" ".join(group) for group in groups if group)


def _hints(question: PhoneScreenQuestion) -> str:
    keywords = [str(k)[:HINT_MAX_CHARS] for k in question.expected_keywords[:HINTS_MAX] if k]
    return ", ".join([*keywords, "repeat"])


# --- TwiML -------------------------------------------------------------------------------


def _turn(call: Call) -> VoiceResponse:
    """Start the next prompt: a new turn, so its gather URL differs from the last."""
    call.turn += 1
    return VoiceResponse()


def _gather(call: Call, response: VoiceResponse, text: str, hints: str) -> str:
    gather = response.gather(
        input="speech dtmf",
        speech_timeout="auto",
        num_digits=1,
        hints=hints,
        action=gather_url(call),
        method="POST",
    )
    gather.say(text)
    # Silence: Twilio carries on after the gather, and we hear about it here.
    response.redirect(gather_url(call), method="POST")
    call.save()
    return str(response)


def _end(call: Call, text: str) -> str:
    response = _turn(call)
    if text:
        response.say(text)
    response.hangup()
    call.stage = Call.Stage.ENDED
    call.current_question = None
    call.save()
    return str(response)


def _ask_consent(call: Call, preface: str) -> str:
    response = _turn(call)
    call.stage = Call.Stage.CONSENT
    return _gather(call, response, f"{preface} {_disclosure(call)}".strip(), "yes, no, stop")


def _ask(call: Call, question: PhoneScreenQuestion, preface: str = "") -> str:
    response = _turn(call)
    if call.current_question_id != question.pk:
        call.reprompted = False
        call.follow_up_asked = False
    call.stage = Call.Stage.QUESTION
    call.current_question = question
    total = _question_count(call)
    text = f"{preface} Question {question.position} of {total}. {question.text}"
    return _gather(call, response, text.strip(), _hints(question))


def _ask_follow_up(call: Call, question: PhoneScreenQuestion) -> str:
    response = _turn(call)
    call.follow_up_asked = True
    return _gather(call, response, str(question.follow_ups[0]), _hints(question))


def _next(call: Call, preface: str = "") -> str:
    """Ask the first unanswered question after the current one, or close the call."""
    remaining = phone_screen_unanswered(call.phone_screen)
    if call.current_question is not None:
        remaining = [q for q in remaining if q.position > call.current_question.position]
    if remaining:
        return _ask(call, remaining[0], preface)
    return _close(call, preface)


def _close(call: Call, preface: str) -> str:
    call.conversation_completed_at = timezone.now()
    text = (
        f"{preface} That was our last question, thank you for your time. The hiring team "
        "will review your answers and contact you by email within a few working days. "
        "Goodbye."
    )
    twiml = _end(call, text.strip())
    phone_screen_completed(call.phone_screen)
    return twiml


# --- Entry points (one per webhook) ------------------------------------------------------


def call_answered(call: Call, *, answered_by: str) -> str:
    """Our outbound call was picked up: a person hears the greeting and is asked for
    consent; an answering machine gets a short message with our number; a fax, nothing."""
    call.answered_by = Call.AnsweredBy.from_provider(answered_by) if answered_by else ""
    if call.answered_by == Call.AnsweredBy.FAX:
        return _end(call, "")
    if not call.phone_screen.is_open or call.phone_screen.application.candidate.do_not_call:
        # Stopped between dialling and answering (an opt-out, HR): no questions now.
        return _end(call, "Sorry, this call is no longer needed. Goodbye.")
    if call.answered_by.startswith("machine"):
        return _end(
            call,
            f"Hello, this is {settings.VOICE_COMPANY_NAME}, calling about your application "
            f"for the {_job(call)} role. We will try you again later, or you can call us "
            f"back at {_callback_number()}. Thank you.",
        )
    return _ask_consent(call, _greeting(call))


def call_inbound_unknown() -> str:
    response = VoiceResponse()
    response.say(
        f"Thank you for calling {settings.VOICE_COMPANY_NAME}. We have no phone screen "
        "waiting for this number. If you applied with us, please reply to our email and a "
        "person will get back to you. Goodbye."
    )
    response.hangup()
    return str(response)


def call_inbound_resumed(call: Call) -> str:
    return _ask_consent(call, _greeting(call))


def call_prompt_again(call: Call) -> str:
    """What the call is waiting for, asked again (a request for a turn that is not the
    current one changes nothing)."""
    if call.stage == Call.Stage.CONSENT:
        return _ask_consent(call, "")
    if call.stage == Call.Stage.QUESTION and call.current_question is not None:
        if call.follow_up_asked and call.current_question.follow_ups:
            return _ask_follow_up(call, call.current_question)
        return _ask(call, call.current_question)
    return _end(call, "")


def call_input(call: Call, *, speech: str, digits: str, confidence: float | None) -> str:
    """The caller said or pressed something (or nothing) in answer to the current turn."""
    if call.stage == Call.Stage.ENDED or not call.phone_screen.is_open:
        return _end(call, "")
    if wants_no_calls(speech, digits):
        return _opt_out(call, speech, digits)
    if call.stage == Call.Stage.CONSENT:
        return _consent_input(call, speech, digits)
    if call.stage == Call.Stage.QUESTION and call.current_question is not None:
        return _answer_input(call, speech, digits, confidence)
    return _end(call, "")


def _consent_input(call: Call, speech: str, digits: str) -> str:
    if not speech and not digits and not call.reprompted:
        call.reprompted = True
        return _ask_consent(call, "Sorry, I did not hear you.")
    candidate = call.phone_screen.application.candidate
    source = ConsentRecord.Source.PHONE_KEYPRESS if digits else ConsentRecord.Source.PHONE_SPEECH
    evidence = {"call_sid": call.provider_call_id, "digits": digits, "speech": speech[:200]}
    if not says_yes(speech, digits):
        consent_decline(
            candidate=candidate,
            kind=ConsentRecord.Kind.PHONE_SCREEN_CALL,
            wording_version=CONSENT_WORDING_VERSION,
            wording=consent_wording(call),
            source=source,
            evidence=evidence,
        )
        call.consent = Call.Consent.DECLINED
        _declined(call)
        return _end(
            call,
            "No problem, we will not go ahead with this call. If you would like to speak "
            "with a person instead, please reply to our email. Goodbye.",
        )
    kinds = [ConsentRecord.Kind.PHONE_SCREEN_CALL]
    if call.recorded:
        kinds.append(ConsentRecord.Kind.CALL_RECORDING)
    for kind in kinds:
        consent_grant(
            candidate=candidate,
            kind=kind,
            wording_version=CONSENT_WORDING_VERSION,
            wording=consent_wording(call),
            source=source,
            evidence=evidence,
        )
    call.consent = Call.Consent.GRANTED
    call.reprompted = False
    call.current_question = None
    return _next(
        call,
        "Thank you. To hear a question again, say repeat or press any key.",
    )


def _answer_input(call: Call, speech: str, digits: str, confidence: float | None) -> str:
    question = call.current_question
    if wants_repeat(speech, digits):
        return _ask(call, question, "Of course.")
    if not speech:
        if call.follow_up_asked or call.reprompted:
            return _next(call, "Let's move on.")
        call.reprompted = True
        return _ask(call, question, "Sorry, I did not hear an answer.")
    transcript = speech[: settings.VOICE_MAX_TRANSCRIPT_CHARS]
    if call.follow_up_asked:
        Answer.objects.filter(call=call, asked=question).update(
            follow_up_transcript=transcript, updated_at=timezone.now()
        )
        return _next(call, "Thank you.")
    Answer.objects.update_or_create(
        call=call, asked=question, defaults={"transcript": transcript, "confidence": confidence}
    )
    if len(transcript.split()) < SHORT_ANSWER_WORDS and question.follow_ups:
        Answer.objects.filter(call=call, asked=question).update(
            follow_up=str(question.follow_ups[0])[:1000]
        )
        return _ask_follow_up(call, question)
    return _next(call, "Thank you.")


def _declined(call: Call) -> None:
    application = call.phone_screen.application
    PhoneScreen.objects.filter(pk=call.phone_screen_id).update(
        status=PhoneScreen.Status.CANCELLED,
        next_attempt_at=None,
        error="Declined the automated call.",
    )
    Event.objects.create(
        kind=Event.Kind.CALL,
        candidate=application.candidate,
        application=application,
        message="Declined the automated phone screen on the call.",
        data={"phone_screen": call.phone_screen_id, "call": call.pk},
    )


def _opt_out(call: Call, speech: str, digits: str) -> str:
    candidate = call.phone_screen.application.candidate
    source = ConsentRecord.Source.PHONE_KEYPRESS if digits else ConsentRecord.Source.PHONE_SPEECH
    consent_withdraw(candidate=candidate, kind=ConsentRecord.Kind.PHONE_SCREEN_CALL, source=source)
    candidate_do_not_call(candidate=candidate, phone_screen=call.phone_screen)
    call.consent = Call.Consent.OPTED_OUT
    return _end(call, "Understood. We will not call you again. Goodbye.")
