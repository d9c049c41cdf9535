"""What Twilio's callbacks leave behind: each call's status, times, duration and who
answered, and its recording copied into our storage (then deleted at Twilio)."""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from config.tasks import enqueue
from voice import telephony
from voice.models import Call, WebhookEvent
from voice.services.calling import call_adopt_sid, call_status_update
from voice.services.webhooks import webhook_event_mark_processed

logger = logging.getLogger(__name__)

# Twilio sends "answered" as a CallStatus of in-progress.
MAX_DURATION_SECONDS = 24 * 3600


def _duration(value: str) -> int | None:
    try:
        seconds = int(value)
    except (TypeError, ValueError):
        return None
    return min(max(seconds, 0), MAX_DURATION_SECONDS)


def call_status_event_apply(event: WebhookEvent) -> str:
    """Apply a verified status callback: the call's status, who answered, its duration.

    The call is the one the callback's URL named (``call_id`` in the payload), or for an
    inbound call the one with that CallSid; a callback whose CallSid belongs to another
    call changes nothing.
    """
    payload = event.payload
    call = _call_of(payload)
    if call is None:
        return "unknown call"
    sid = payload.get("CallSid", "")
    if sid and not call_adopt_sid(call, sid):
        return "another call's sid"
    changed = call_status_update(
        call,
        status=payload.get("CallStatus", ""),
        answered_by=payload.get("AnsweredBy", ""),
        duration=_duration(payload.get("CallDuration")),
    )
    return "applied" if changed else "no change"


def _call_of(payload: dict) -> Call | None:
    call_id = payload.get("call_id")
    if call_id:
        return Call.objects.filter(pk=call_id).first()
    sid = payload.get("CallSid", "")
    return Call.objects.filter(provider_call_id=sid).first() if sid else None


def call_recording_event_apply(event: WebhookEvent) -> str:
    """Note a completed recording on its call and queue copying it; the copy happens in
    ``call_recording_store``."""
    payload = event.payload
    call = _call_of(payload)
    sid = payload.get("RecordingSid", "")
    if call is None or not sid or payload.get("RecordingStatus", "completed") != "completed":
        return "ignored"
    if payload.get("CallSid") and call.provider_call_id not in ("", payload["CallSid"]):
        return "another call's sid"
    updated = Call.objects.filter(pk=call.pk, recording_sid="").update(
        recording_sid=sid,
        recording_url=payload.get("RecordingUrl", "")[:200],
        updated_at=timezone.now(),
    )
    if updated:
        enqueue("voice.tasks.call_recording_store", call.pk)
    return "queued" if updated else "no change"


def call_recording_store(call_id: int) -> str:
    """Copy the call's recording into our storage, then delete it at the provider when
    ``VOICE_DELETE_PROVIDER_RECORDINGS`` says so. A call whose candidate declined (or
    asked not to be called) keeps no recording: it is only deleted.

    Idempotent: a recording already stored is not fetched again, and deleting one already
    gone is no error. Provider errors go up for the task to retry.
    """
    call = Call.objects.select_related("phone_screen").get(pk=call_id)
    if not call.recording_sid:
        return "no recording"
    provider = telephony.get_telephony()
    keep = call.consent not in (Call.Consent.DECLINED, Call.Consent.OPTED_OUT)
    if keep and not call.recording:
        audio = provider.fetch_recording(call.recording_sid, call.recording_url)
        name = f"screen-{call.phone_screen_id}-call-{call.pk}.wav"
        with transaction.atomic():
            locked = Call.objects.select_for_update().get(pk=call.pk)
            if not locked.recording:
                locked.recording.save(name, ContentFile(audio), save=False)
                Call.objects.filter(pk=call.pk).update(
                    recording=locked.recording.name, updated_at=timezone.now()
                )
    if (settings.VOICE_DELETE_PROVIDER_RECORDINGS or not keep) and not call.recording_deleted_at:
        provider.delete_recording(call.recording_sid)
        Call.objects.filter(pk=call.pk).update(recording_deleted_at=timezone.now())
    return "stored" if keep else "deleted"


EVENT_HANDLERS = {
    "call-status": call_status_event_apply,
    "recording": call_recording_event_apply,
}


def webhook_event_process(event_id: int) -> str:
    """Act on a recorded, verified callback, once: a redelivered task finds it processed."""
    event = WebhookEvent.objects.filter(pk=event_id, verified=True).first()
    if event is None or event.processed_at is not None:
        return "nothing to do"
    handler = EVENT_HANDLERS.get(event.kind)
    outcome = handler(event) if handler else "no handler"
    webhook_event_mark_processed(event)
    return outcome
