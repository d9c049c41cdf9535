"""Reads of phone screens."""

from voice.models import Answer, Call, PhoneScreen


def phone_screen_consent(phone_screen: PhoneScreen) -> str:
    """What the candidate said to the consent question on the latest call that asked it."""
    asked = phone_screen.calls.exclude(consent="").order_by("-attempt").first()
    return asked.consent if asked else ""


def phone_screen_summary(phone_screen: PhoneScreen) -> dict:
    """The screen as plain data: status, consent, each call and each answer in order."""
    application = phone_screen.application
    calls = phone_screen.calls.order_by("attempt")
    answers = (
        Answer.objects.filter(call__phone_screen=phone_screen)
        .select_related("asked")
        .order_by("asked__position", "call__attempt")
    )
    return {
        "phone_screen": phone_screen.pk,
        "application": application.pk,
        "candidate": str(application.candidate),
        "job": str(application.job),
        "status": phone_screen.status,
        "consent": phone_screen_consent(phone_screen),
        "error": phone_screen.error,
        "next_attempt_at": _iso(phone_screen.next_attempt_at),
        "completed_at": _iso(phone_screen.completed_at),
        "calls": [_call(call) for call in calls],
        "answers": [
            {
                "position": answer.asked.position,
                "question": answer.asked.text,
                "transcript": answer.transcript,
                "confidence": answer.confidence,
                "follow_up": answer.follow_up,
                "follow_up_transcript": answer.follow_up_transcript,
                "attempt": answer.call.attempt,
            }
            for answer in answers
        ],
    }


def _call(call: Call) -> dict:
    return {
        "attempt": call.attempt,
        "direction": call.direction,
        "status": call.status,
        "answered_by": call.answered_by,
        "duration_seconds": call.duration_seconds,
        "consent": call.consent,
        "recording": bool(call.recording),
    }


def _iso(value) -> str | None:
    return value.isoformat() if value else None
