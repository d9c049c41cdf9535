"""The call simulator's other half: one simulated call played through the very same
Twilio webhook views, in-process, with requests signed by the same ``RequestValidator``.

The simulated candidate answers from their resume (the sentences that use a question's
expected keywords) or, when ``VOICE_SIMULATOR_SCRIPT`` names a JSON file, from its
replies. Demo candidates are told apart by the last digit of their number: 7 goes to
voicemail, 9 asks not to be called again; everyone else talks.
"""

import html
import json
import re
import secrets
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http.request import validate_host
from django.test import Client
from twilio.request_validator import RequestValidator

from voice.models import Call, PhoneScreenQuestion
from voice.services.public_urls import call_url, public_url
from voice.telephony import webhook_signing_token

MAX_TURNS = 60
VOICEMAIL_DIGIT = "7"
OPT_OUT_DIGIT = "9"
GATHER_ACTION = re.compile(r'<Gather\b[^>]*\baction="([^"]*)"')
SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
FALLBACK_ANSWER = "I have not done much of that yet, but I would be glad to learn it on the job."


class SimulatedCandidate:
    """Decides what the person on the phone says next, from the call's state."""

    def __init__(self, call: Call):
        candidate = call.phone_screen.application.candidate
        resume = call.phone_screen.application.resume
        self.text = resume.text if resume is not None else ""
        self.opts_out = candidate.phone.endswith(OPT_OUT_DIGIT)
        self.voicemail = candidate.phone.endswith(VOICEMAIL_DIGIT)
        self.script = _script()

    def reply(self, call: Call) -> dict:
        if self.script is not None:
            return _as_input(self.script.pop(0) if self.script else "")
        if call.stage == Call.Stage.CONSENT:
            return {"Digits": "9"} if self.opts_out else _as_input("Yes, that is fine.")
        question = call.current_question
        if question is None:
            return {}
        sentences = self._sentences_for(question)
        if call.follow_up_asked:
            return _as_input(" ".join(sentences[2:4]) or "That is all I can add, thank you.")
        if sentences:
            return _as_input(" ".join(sentences[:2]))
        return {} if not call.reprompted else _as_input(FALLBACK_ANSWER)

    def _sentences_for(self, question: PhoneScreenQuestion) -> list[str]:
        keywords = [str(k).lower() for k in question.expected_keywords if k]
        found = []
        for sentence in SENTENCE.split(self.text):
            clean = " ".join(sentence.split())
            if clean and any(k in clean.lower() for k in keywords):
                found.append(clean[:300])
        return found


def _script() -> list | None:
    if not settings.VOICE_SIMULATOR_SCRIPT:
        return None
    data = json.loads(Path(settings.VOICE_SIMULATOR_SCRIPT).read_text())
    return list(data["replies"] if isinstance(data, dict) else data)


def _as_input(reply) -> dict:
    """A script entry or an answer as Twilio would post it: text is speech, a string of
    digits is keys, empty is silence."""
    reply = str(reply or "")
    if reply.isdigit():
        return {"Digits": reply}
    return {"SpeechResult": reply, "Confidence": "0.92"} if reply else {}


class Line:
    """Posts to our webhooks as Twilio would: form-encoded, signed, on the public URL."""

    def __init__(self, call: Call, sid: str):
        self.base = {
            "CallSid": sid,
            "AccountSid": settings.TWILIO_ACCOUNT_SID or "AC" + "0" * 32,
            "From": call.from_number,
            "To": call.to_number,
            "Direction": "outbound-api",
            "ApiVersion": "2010-04-01",
        }
        self.validator = RequestValidator(webhook_signing_token())
        parts = urlsplit(settings.VOICE_PUBLIC_BASE_URL)
        self.client = Client(HTTP_HOST=_allowed_host(parts.hostname or "localhost"))
        self.secure = parts.scheme == "https"
        self.sequence = 0

    def post(self, url: str, params: dict | None = None) -> str:
        data = {**self.base, **(params or {})}
        path = url.removeprefix(settings.VOICE_PUBLIC_BASE_URL.rstrip("/"))
        signature = self.validator.compute_signature(public_url(path), data)
        response = self.client.post(
            path,
            urlencode(data),
            content_type="application/x-www-form-urlencoded",
            secure=self.secure,
            HTTP_X_TWILIO_SIGNATURE=signature,
        )
        return response.content.decode()

    def status(self, call: Call, status: str, **extra) -> None:
        self.sequence += 1
        params = {"CallStatus": status, "SequenceNumber": str(self.sequence), **extra}
        self.post(call_url(call, "status"), params)


def _allowed_host(host: str) -> str:
    if validate_host(host, settings.ALLOWED_HOSTS):
        return host
    usable = [h for h in settings.ALLOWED_HOSTS if h != "*" and not h.startswith(".")]
    return usable[0] if usable else host


def _gather_action(twiml: str) -> str:
    """Where the TwiML's ``<Gather>`` posts its input; empty once the call hangs up."""
    found = GATHER_ACTION.search(twiml)
    return html.unescape(found.group(1)) if found else ""


def simulate_call(call_id: int, sid: str) -> str:
    """Play the call from ringing to hanging up; returns how it went."""
    call = Call.objects.select_related(
        "phone_screen__application__candidate", "phone_screen__application__resume"
    ).get(pk=call_id)
    person = SimulatedCandidate(call)
    line = Line(call, sid)
    line.status(call, "initiated")
    line.status(call, "ringing")
    if person.voicemail:
        line.post(call_url(call, "answer"), {"AnsweredBy": "machine_end_beep"})
        line.status(call, "completed", CallDuration="14", AnsweredBy="machine_end_beep")
        return "voicemail"
    line.status(call, "in-progress", AnsweredBy="human")
    twiml = line.post(call_url(call, "answer"), {"AnsweredBy": "human"})
    turns = 0
    while (action := _gather_action(twiml)) and turns < MAX_TURNS:
        call.refresh_from_db()
        twiml = line.post(action, person.reply(call))
        turns += 1
    if call.recorded:
        recording_sid = "RE" + secrets.token_hex(16)
        line.post(
            call_url(call, "recording"),
            {
                "RecordingSid": recording_sid,
                "RecordingUrl": f"https://api.twilio.com/2010-04-01/Accounts/"
                f"{line.base['AccountSid']}/Recordings/{recording_sid}",
                "RecordingStatus": "completed",
                "RecordingDuration": str(20 * turns),
            },
        )
    line.status(call, "completed", CallDuration=str(20 * turns + 15), AnsweredBy="human")
    return f"talked for {turns} turns"
