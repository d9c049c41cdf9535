"""HR's word on the AI's work: feedback on a screening, and screening again."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from ai.models import Screening
from ai.services.hr_input import hr_score
from ai.services.screening import screening_rerun
from recruiting.models import Event, User
from recruiting.textbounds import REASON_MAX_CHARS


def screening_feedback_record(
    screening: Screening,
    *,
    user: User,
    verdict: str,
    corrected_score=None,
    note: str = "",
) -> Screening:
    """HR agrees or disagrees with a screening, optionally with the score they would give."""
    if verdict not in Screening.Feedback.values:
        raise ValidationError(f"Feedback is one of {', '.join(Screening.Feedback.values)}.")
    if screening.status != Screening.Status.DONE:
        raise ValidationError("Only a finished screening can be given feedback.")
    if len((note or "").strip()) > REASON_MAX_CHARS:
        raise ValidationError(f"Keep the note under {REASON_MAX_CHARS:,} characters.")
    if corrected_score is not None and corrected_score != "":
        corrected_score = hr_score(corrected_score, what="The corrected score")
    else:
        corrected_score = None
    screening.feedback = verdict
    screening.corrected_score = corrected_score
    screening.feedback_note = (note or "").strip()
    screening.feedback_by = user
    screening.feedback_at = timezone.now()
    screening.save(
        update_fields=[
            "feedback",
            "corrected_score",
            "feedback_note",
            "feedback_by",
            "feedback_at",
            "updated_at",
        ]
    )
    application = screening.application
    corrected = f" (would score {corrected_score})" if corrected_score is not None else ""
    Event.objects.create(
        candidate_id=application.candidate_id,
        application=application,
        actor=user,
        kind=Event.Kind.FEEDBACK,
        message=f"{screening.get_feedback_display()} with the screening{corrected}."
        + (f" {screening.feedback_note}" if screening.feedback_note else ""),
        data={
            "screening": screening.pk,
            "verdict": verdict,
            "corrected_score": str(corrected_score) if corrected_score is not None else None,
            "prompt_version": screening.prompt_version,
        },
    )
    return screening


def applications_rescreen(*, applications, by: User) -> int:
    """Queue a fresh screening for each application (a bulk action); returns how many were
    queued. Applications with one already waiting are skipped."""
    queued = 0
    for application in applications:
        if screening_rerun(application) is not None:
            queued += 1
            Event.objects.create(
                candidate_id=application.candidate_id,
                application=application,
                kind=Event.Kind.SCREENED,
                message="Screening requested again.",
                actor=by,
            )
    return queued
