"""The absolute URLs Twilio is given for a call: on ``VOICE_PUBLIC_BASE_URL``, carrying
the call's id and its unguessable token."""

from django.conf import settings
from django.urls import reverse

from voice.models import Call


def public_url(path: str) -> str:
    return settings.VOICE_PUBLIC_BASE_URL.rstrip("/") + path


def call_url(call: Call, name: str) -> str:
    """``name`` is one of answer, gather, status, recording."""
    return public_url(reverse(f"voice:twilio_call_{name}", args=[(call.pk, call.token)]))


def gather_url(call: Call) -> str:
    """The gather URL of the call's current turn: a retried delivery repeats its turn."""
    return f"{call_url(call, 'gather')}?turn={call.turn}"
