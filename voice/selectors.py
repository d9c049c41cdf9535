"""Reads of phone screens: as plain data for the command line, and for the candidate page."""

from recruiting.selectors import highlight_segments
from voice.models import Answer, Call, PhoneScreen, PhoneScreenQuestion

MAX_SCREENS_SHOWN = 5


def phone_screen_consent(phone_screen: PhoneScreen) -> str:
    """What the candidate said to the consent question on the latest call that asked it."""
    asked = phone_screen.calls.exclude(consent="").order_by("-attempt").first()
    return asked.consent if asked else ""


def phone_screen_summary(phone_screen: PhoneScreen) -> dict:
    """The screen as plain data: status, consent, its score and the application's, each
    call and each answer (with its score) in order."""
    application = phone_screen.application
    application.refresh_from_db(fields=["phone_score", "overall_score"])
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
        "scoring": phone_screen.scoring_status,
        "scoring_error": phone_screen.scoring_error,
        "score": _number(phone_screen.effective_score),
        "summary": phone_screen.summary,
        "phone_score": _number(application.phone_score),
        "overall_score": _number(application.overall_score),
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
                "score": _number(answer.score),
                "evidence": list(answer.evidence or []),
                "reasoning": answer.reasoning,
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


def _number(value) -> float | None:
    return float(value) if value is not None else None


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def application_phone_screens(application) -> list[PhoneScreen]:
    """The application's phone screens for its page, newest first, each with ``attempts``
    (its calls in order) and ``scored_answers`` (one per frozen question, in order: the
    answer that counts, or None when nothing was heard). Each answer's transcripts come as
    segments with its evidence marked; a quote that is not word for word in them (a model
    may re-type a curly quote) is in ``unmarked_evidence``. Four queries, however many."""
    screens = list(
        application.phone_screens.select_related(
            "ai_run", "feedback_by", "overridden_by", "started_by"
        ).order_by("-created_at")[:MAX_SCREENS_SHOWN]
    )
    if not screens:
        return []
    calls = list(Call.objects.filter(phone_screen__in=screens).order_by("attempt"))
    questions = list(
        PhoneScreenQuestion.objects.filter(phone_screen__in=screens).order_by("position")
    )
    answers = (
        Answer.objects.filter(call__phone_screen__in=screens)
        .exclude(transcript="")
        .select_related("call")
        .order_by("call__attempt")
    )
    counted = {answer.asked_id: answer for answer in answers}  # the latest call's wins
    for answer in counted.values():
        _mark_evidence(answer)
    for screen in screens:
        screen.attempts = [call for call in calls if call.phone_screen_id == screen.pk]
        screen.scored_answers = [
            (question, counted.get(question.pk))
            for question in questions
            if question.phone_screen_id == screen.pk
        ]
    return screens


def _mark_evidence(answer: Answer) -> None:
    quotes = [str(q) for q in answer.evidence or []]
    answer.transcript_segments = highlight_segments(answer.transcript, quotes)
    answer.follow_up_segments = highlight_segments(answer.follow_up_transcript, quotes)
    answer.unmarked_evidence = [
        q for q in quotes if q not in answer.transcript and q not in answer.follow_up_transcript
    ]
