"""Twilio: calls placed and looked up with the official REST client."""

import contextlib
from datetime import datetime, timedelta

import requests
from django.core.exceptions import ImproperlyConfigured
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client

from voice.telephony.base import CallRequest, ProviderCall, TelephonyError

STATUS_EVENTS = ["initiated", "ringing", "answered", "completed"]
# Twilio leaves a message only after the greeting ends; "Enable" would answer sooner but
# talk over the greeting.
MACHINE_DETECTION = "DetectMessageEnd"
RECORDING_MAX_BYTES = 100 * 1024 * 1024
HTTP_TIMEOUT_SECONDS = 30


@contextlib.contextmanager
def _errors():
    try:
        yield
    except TwilioRestException as exc:
        permanent = 400 <= exc.status < 500 and exc.status != 429
        raise TelephonyError(f"Twilio said {exc.status}: {exc.msg}", permanent=permanent) from exc
    except (TwilioException, requests.RequestException, OSError) as exc:
        raise TelephonyError(f"Twilio could not be reached: {exc}") from exc


class TwilioTelephony:
    name = "twilio"

    def __init__(self, *, account_sid: str, auth_token: str, http_client=None):
        if not account_sid or not auth_token:
            raise ImproperlyConfigured(
                "VOICE_PROVIDER=twilio needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN."
            )
        self._auth = (account_sid, auth_token)
        self.client = Client(account_sid, auth_token, http_client=http_client)

    def place_call(self, request: CallRequest) -> str:
        options = {
            "to": request.to,
            "from_": request.from_,
            "url": request.url,
            "method": "POST",
            "status_callback": request.status_callback,
            "status_callback_method": "POST",
            "status_callback_event": STATUS_EVENTS,
            "machine_detection": MACHINE_DETECTION,
            "timeout": request.timeout,
        }
        if request.record:
            options.update(
                record=True,
                recording_status_callback=request.recording_status_callback,
                recording_status_callback_method="POST",
                recording_status_callback_event=["completed"],
            )
        with _errors():
            return self.client.calls.create(**options).sid

    def hang_up(self, sid: str) -> None:
        with _errors():
            self.client.calls(sid).update(status="completed")

    def fetch_recording(self, sid: str, url: str) -> bytes:
        with _errors():
            response = requests.get(
                f"{url}.wav", auth=self._auth, timeout=HTTP_TIMEOUT_SECONDS, stream=True
            )
            response.raise_for_status()
            audio = response.raw.read(RECORDING_MAX_BYTES + 1, decode_content=True)
        if len(audio) > RECORDING_MAX_BYTES:
            raise TelephonyError(f"Recording {sid} is larger than we keep.", permanent=True)
        return audio

    def delete_recording(self, sid: str) -> None:
        try:
            with _errors():
                self.client.recordings(sid).delete()
        except TelephonyError as exc:
            if not (isinstance(exc.__cause__, TwilioRestException) and exc.__cause__.status == 404):
                raise

    def find_call(self, *, to: str, from_: str, placed_after: datetime) -> ProviderCall | None:
        # Clocks differ a little between us and Twilio.
        since = placed_after - timedelta(minutes=2)
        with _errors():
            calls = self.client.calls.list(to=to, from_=from_, limit=20)
        ours = [c for c in calls if c.date_created and c.date_created >= since]
        if not ours:
            return None
        newest = max(ours, key=lambda c: c.date_created)
        return ProviderCall(sid=newest.sid, status=str(newest.status))
