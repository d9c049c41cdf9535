"""Telephony providers behind one small interface.

``base`` holds the protocol every provider implements (place a call, hang up, fetch and
delete a recording, find a call to reconcile), the request and result types, the errors,
``get_telephony()`` which loads the provider named by ``VOICE_PROVIDER``, and
``webhook_signing_token()``. ``twilio`` holds ``TwilioTelephony`` (the real REST client);
``simulator`` holds ``SimulatorTelephony``, which plays each call through our own webhooks.
"""

from voice.telephony.base import (
    CallRequest,
    ProviderCall,
    Telephony,
    TelephonyError,
    get_telephony,
    webhook_signing_token,
)

__all__ = [
    "CallRequest",
    "ProviderCall",
    "Telephony",
    "TelephonyError",
    "get_telephony",
    "webhook_signing_token",
]
