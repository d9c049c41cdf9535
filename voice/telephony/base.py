"""The telephony protocol, its types and errors, and the provider chosen by settings."""

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.crypto import salted_hmac
from django.utils.module_loading import import_string

PROVIDERS = {
    "twilio": "voice.telephony.twilio.TwilioTelephony",
    "simulator": "voice.telephony.simulator.SimulatorTelephony",
}


@dataclass(frozen=True)
class CallRequest:
    """One outbound call as the provider is asked to place it."""

    call_id: int
    to: str
    from_: str
    url: str
    status_callback: str
    recording_status_callback: str
    record: bool
    timeout: int


@dataclass(frozen=True)
class ProviderCall:
    """A call as the provider knows it, found while reconciling."""

    sid: str
    status: str


class TelephonyError(Exception):
    """A provider request failed.

    ``permanent``: the provider refused it and retrying cannot help (an invalid number, an
    unverified caller id). Otherwise the outcome is unknown: the request may have been
    accepted before the connection failed, so a call is never placed again on a transient
    error; the attempt is reconciled instead.
    """

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


class Telephony(Protocol):
    name: str

    def place_call(self, request: CallRequest) -> str:
        """Place the call; returns the provider's call id (Twilio's CallSid)."""

    def hang_up(self, sid: str) -> None:
        """End a call that is ringing or in progress."""

    def fetch_recording(self, sid: str, url: str) -> bytes:
        """The recording's audio (WAV)."""

    def delete_recording(self, sid: str) -> None:
        """Delete the recording at the provider; a recording already gone is no error."""

    def find_call(self, *, to: str, from_: str, placed_after: datetime) -> ProviderCall | None:
        """The newest call from ``from_`` to ``to`` created after ``placed_after``."""


@functools.cache
def _load(provider: str, account_sid: str, auth_token: str) -> Telephony:
    path = PROVIDERS.get(provider)
    if path is None:
        raise ImproperlyConfigured(
            f"VOICE_PROVIDER must be one of {', '.join(sorted(PROVIDERS))}, not {provider!r}."
        )
    cls = import_string(path)
    if provider == "twilio":
        return cls(account_sid=account_sid, auth_token=auth_token)
    return cls()


def get_telephony() -> Telephony:
    """The provider named by ``VOICE_PROVIDER``, one instance (and one Twilio client) per
    process and configuration."""
    return _load(settings.VOICE_PROVIDER, settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN)


def webhook_signing_token() -> str:
    """The secret webhooks are signed with: Twilio's auth token.

    The simulator signs its requests the same way; without a Twilio token it uses one
    derived from ``SECRET_KEY``, so local runs need no keys. With the Twilio provider and
    no token, the result is empty and every webhook is refused.
    """
    if settings.TWILIO_AUTH_TOKEN:
        return settings.TWILIO_AUTH_TOKEN
    if settings.VOICE_PROVIDER == "simulator":
        return salted_hmac("voice.simulator", "webhook signing").hexdigest()
    return ""
