"""HR's word on a phone screen's score, as on a resume screening's: agree or disagree
(kept for the prompt's next version, the score unchanged), and an override that replaces
the phone score on the application, with a reason. Both go on the timeline."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ai.services.hr_input import hr_score, override_reason
from recruiting.models import Event, User
from recruiting.textbounds import REASON_MAX_CHARS
from voice.models import PhoneScreen
from voice.services.scoring import application_phone_score_apply


def phone_screen_feedback_record(
    phone_screen: PhoneScreen, *, user: User, verdict: str, note: str = ""
) -> PhoneScreen:
    """HR agrees or disagrees with a scored phone screen."""
    if verdict not in PhoneScreen.Feedback.values:
        raise ValidationError(f"Feedback is one of {', '.join(PhoneScreen.Feedback.values)}.")
    if phone_screen.scoring_status != PhoneScreen.Scoring.DONE:
        raise ValidationError("Only a scored phone screen can be given feedback.")
    note = (note or "").strip()
    if len(note) > REASON_MAX_CHARS:
        raise ValidationError(f"Keep the note under {REASON_MAX_CHARS:,} characters.")
    phone_screen.feedback = verdict
    phone_screen.feedback_note = note
    phone_screen.feedback_by = user
    phone_screen.feedback_at = timezone.now()
    phone_screen.save(
        update_fields=["feedback", "feedback_note", "feedback_by", "feedback_at", "updated_at"]
    )
    application = phone_screen.application
    Event.objects.create(
        candidate_id=application.candidate_id,
        application=application,
        actor=user,
        kind=Event.Kind.FEEDBACK,
        message=f"{phone_screen.get_feedback_display()} with the phone screen's score."
        + (f" {note}" if note else ""),
        data={
            "phone_screen": phone_screen.pk,
            "verdict": verdict,
            "score": str(phone_screen.score) if phone_screen.score is not None else None,
            "prompt_version": phone_screen.ai_run.prompt_version if phone_screen.ai_run else "",
        },
    )
    return phone_screen


def phone_screen_score_override(
    phone_screen: PhoneScreen, *, user: User, reason: str, score=None, clear: bool = False
) -> PhoneScreen:
    """HR sets (or with ``clear``, removes) the phone score that counts, with a reason kept
    on the screen and on the timeline. The application's scores follow and the job is
    re-ranked."""
    reason = override_reason(reason, overriding="the phone score")
    if phone_screen.status != PhoneScreen.Status.COMPLETED:
        raise ValidationError("Only a completed phone screen has a score to override.")
    if not clear and (score is None or score == ""):
        raise ValidationError("Give the phone score that should count.")
    new = None if clear else hr_score(score, what="The phone score")
    previous = phone_screen.score_override
    with transaction.atomic():
        phone_screen.score_override = new
        phone_screen.override_reason = reason
        phone_screen.overridden_by = user
        phone_screen.overridden_at = timezone.now()
        phone_screen.save(
            update_fields=[
                "score_override",
                "override_reason",
                "overridden_by",
                "overridden_at",
                "updated_at",
            ]
        )
        application_phone_score_apply(phone_screen)
        application = phone_screen.application
        what = "Phone score override removed" if clear else f"Phone score set to {new}"
        Event.objects.create(
            candidate_id=application.candidate_id,
            application=application,
            actor=user,
            kind=Event.Kind.OVERRIDDEN,
            message=f"{what}: {reason}",
            data={
                "phone_screen": phone_screen.pk,
                "previous": str(previous) if previous is not None else None,
                "score_override": str(new) if new is not None else None,
                "scored": str(phone_screen.score) if phone_screen.score is not None else None,
                "reason": reason,
                "clear": clear,
            },
        )
    return phone_screen
