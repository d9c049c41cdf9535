"""The call simulator: a provider that places no real call but plays each one through our
own Twilio webhooks (``voice.simulation``), with valid signatures."""

import io
import math
import secrets
import struct
import wave
from datetime import datetime

from config.tasks import enqueue
from voice.telephony.base import CallRequest, ProviderCall

SAMPLE_RATE = 8000


class SimulatorTelephony:
    name = "simulator"

    def place_call(self, request: CallRequest) -> str:
        sid = "CA" + secrets.token_hex(16)
        enqueue("voice.tasks.simulate_call", request.call_id, sid)
        return sid

    def hang_up(self, sid: str) -> None:
        """A simulated call plays to its end inside one task: there is nothing to stop."""

    def fetch_recording(self, sid: str, url: str) -> bytes:
        return tone_wav()

    def delete_recording(self, sid: str) -> None:
        """The simulator keeps no recordings of its own."""

    def find_call(self, *, to: str, from_: str, placed_after: datetime) -> ProviderCall | None:
        """Simulated calls always report through the callbacks; none is ever lost."""
        return None


def tone_wav(seconds: float = 0.5, frequency: int = 440) -> bytes:
    """A short mono 8 kHz WAV tone, the simulator's stand-in for a call recording."""
    frames = b"".join(
        struct.pack("<h", int(8000 * math.sin(2 * math.pi * frequency * n / SAMPLE_RATE)))
        for n in range(int(seconds * SAMPLE_RATE))
    )
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(frames)
    return buffer.getvalue()
