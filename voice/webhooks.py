"""Twilio's webhooks, all under ``/voice/twilio/``.

Each request's ``X-Twilio-Signature`` is checked with the SDK's ``RequestValidator``
against ``VOICE_PUBLIC_BASE_URL`` plus the path (what Twilio requested, also behind a
proxy); a forged or unsigned one is recorded unverified and refused with 403. A verified
one is recorded first as a ``WebhookEvent``, capped in size, deduplicated: a retried
delivery (same CallSid and step) gets the answer the first one got and changes nothing.
The TwiML endpoints answer from the state on the call row; the status and recording
callbacks only record and queue.
"""

import functools
import hmac
import math

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden, HttpResponseNotFound
from django.http.request import RawPostDataException
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from twilio.request_validator import RequestValidator

from config.tasks import enqueue
from voice.models import Call
from voice.services import conversation, webhook_event_record
from voice.services.inbound import call_inbound
from voice.services.public_urls import public_url
from voice.telephony import webhook_signing_token

PROVIDER = "twilio"
MAX_FIELDS = 100
MAX_VALUE_CHARS = 500
MAX_BODY_CHARS = 10_000
KEPT_HEADERS = ("Content-Type", "User-Agent", "I-Twilio-Idempotency-Token", "X-Twilio-Signature")
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response />'
# The rows a turn of the conversation may write. The job is read, never written: locking it
# would make every call of a job wait for the others.
LOCKED_WITH_CALL = (
    "self",
    "phone_screen",
    "phone_screen__application",
    "phone_screen__application__candidate",
)


def _capped_payload(request) -> dict:
    """The parameters as stored: a bounded number of fields, each cut to a bound (a
    transcript to ``VOICE_MAX_TRANSCRIPT_CHARS``), never a whole flood."""
    payload = {}
    for key in list(request.POST.keys())[:MAX_FIELDS]:
        limit = settings.VOICE_MAX_TRANSCRIPT_CHARS if key == "SpeechResult" else MAX_VALUE_CHARS
        payload[key[:64]] = request.POST.get(key, "")[:limit]
    return payload


def _body(request) -> str:
    try:
        return request.body[:MAX_BODY_CHARS].decode("utf-8", "replace")
    except RawPostDataException:
        # A multipart body was streamed into request.POST; Twilio never sends one.
        return ""


def signature_valid(request) -> bool:
    token = webhook_signing_token()
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not signature:
        return False
    return RequestValidator(token).validate(
        public_url(request.get_full_path()), request.POST, signature
    )


def twilio_webhook(kind: str):
    """Check the signature and record the request; the view gets the new event, or, for
    a retried delivery, returns what the first one was answered."""

    def decorate(view):
        @csrf_exempt
        @require_POST
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            payload = _capped_payload(request)
            verified = signature_valid(request)
            event, created = webhook_event_record(
                provider=PROVIDER,
                kind=kind,
                dedupe_key=_dedupe_key(kind, request, kwargs)[:255],
                payload=payload,
                verified=verified,
                body=_body(request),
                headers={h: request.headers[h][:500] for h in KEPT_HEADERS if h in request.headers},
            )
            if not verified:
                return HttpResponseForbidden("Invalid signature.")
            if not created:
                return _twiml(event.response or EMPTY_TWIML)
            response = view(request, event, *args, **kwargs)
            if response.status_code == 200:
                event.response = response.content.decode()
                event.save(update_fields=["response"])
            return response

        return wrapped

    return decorate


def _dedupe_key(kind: str, request, kwargs: dict) -> str:
    post, sid = request.POST, request.POST.get("CallSid", "")[:64]
    call_id = kwargs["key"][0] if "key" in kwargs else ""
    if kind == "gather":
        return f"gather:{call_id}:{sid}:{request.GET.get('turn', '')[:12]}"
    if kind == "call-status":
        token = request.headers.get("I-Twilio-Idempotency-Token", "")[:128]
        status = post.get("CallStatus", "")[:20]
        return token or f"status:{sid}:{status}:{post.get('SequenceNumber', '')[:12]}"
    if kind == "recording":
        return (
            f"recording:{post.get('RecordingSid', '')[:64]}:{post.get('RecordingStatus', '')[:20]}"
        )
    return f"{kind}:{call_id}:{sid}"


def _twiml(text: str) -> HttpResponse:
    return HttpResponse(text, content_type="text/xml")


def _locked_call(key: tuple[int, str]) -> Call | None:
    call_id, token = key
    call = (
        # The current question comes in the same query; its join is an outer one, which
        # PostgreSQL cannot lock, so the rows locked are named.
        Call.objects.select_for_update(of=LOCKED_WITH_CALL)
        .select_related(
            "phone_screen__application__candidate",
            "phone_screen__application__job",
            "current_question",
        )
        .filter(pk=call_id)
        .first()
    )
    if call is None or not hmac.compare_digest(call.token.encode(), token.encode()):
        return None
    return call


def _owned(call: Call, sid: str) -> bool:
    """The CallSid is this call's (adopted now if the call has none yet)."""
    if not sid:
        return False
    if not call.provider_call_id:
        call.provider_call_id = sid
        Call.objects.filter(pk=call.pk, provider_call_id="").update(provider_call_id=sid)
        return True
    return hmac.compare_digest(call.provider_call_id.encode(), sid.encode())


def _confidence(value: str) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return min(max(number, 0.0), 1.0) if math.isfinite(number) else None


@twilio_webhook("answer")
def call_answer(request, event, key: tuple[int, str]):
    call = _locked_call(key)
    if call is None:
        return HttpResponseNotFound("No such call.")
    if not _owned(call, event.payload.get("CallSid", "")):
        return HttpResponseForbidden("Not this call.")
    return _twiml(conversation.call_answered(call, answered_by=event.payload.get("AnsweredBy", "")))


@twilio_webhook("gather")
def call_gather(request, event, key: tuple[int, str]):
    call = _locked_call(key)
    if call is None:
        return HttpResponseNotFound("No such call.")
    if not _owned(call, event.payload.get("CallSid", "")):
        return HttpResponseForbidden("Not this call.")
    if request.GET.get("turn", "") != str(call.turn):
        return _twiml(conversation.call_prompt_again(call))
    payload = event.payload
    return _twiml(
        conversation.call_input(
            call,
            speech=payload.get("SpeechResult", "").strip(),
            digits=payload.get("Digits", "").strip()[:8],
            confidence=_confidence(payload.get("Confidence", "")),
        )
    )


def _queue(event) -> HttpResponse:
    enqueue("voice.tasks.webhook_event_process", event.pk)
    return _twiml(EMPTY_TWIML)


def _queue_for_call(event, key: tuple[int, str]) -> HttpResponse:
    """A callback about one of our calls (its id and token in the URL): note which call
    and queue the rest."""
    call_id, token = key
    call = Call.objects.filter(pk=call_id).only("token").first()
    if call is None or not hmac.compare_digest(call.token.encode(), token.encode()):
        return HttpResponseNotFound("No such call.")
    event.payload["call_id"] = call_id
    event.save(update_fields=["payload"])
    return _queue(event)


@twilio_webhook("call-status")
def call_status(request, event, key: tuple[int, str]):
    return _queue_for_call(event, key)


@twilio_webhook("recording")
def call_recording(request, event, key: tuple[int, str]):
    return _queue_for_call(event, key)


@twilio_webhook("call-status")
def inbound_status(request, event):
    """Status callbacks of inbound calls (set on the number at Twilio): found by CallSid."""
    return _queue(event)


@twilio_webhook("inbound")
def inbound(request, event):
    payload = event.payload
    return _twiml(
        call_inbound(
            sid=payload.get("CallSid", ""),
            from_number=payload.get("From", ""),
            to_number=payload.get("To", ""),
        )
    )
