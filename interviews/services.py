"""Writes for interviews: scheduling links (issued with their token once, revoked)."""

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from interviews.models import Interview, InterviewRound, SchedulingLink
from recruiting.models import Application

LINK_LIFETIME = timedelta(days=7)


def scheduling_link_issue(
    *,
    application: Application,
    purpose: str = SchedulingLink.Purpose.BOOK,
    round: InterviewRound | None = None,
    interview: Interview | None = None,
    lifetime: timedelta = LINK_LIFETIME,
) -> tuple[SchedulingLink, str]:
    """Create a link and return it with its token, which is stored only as a hash: put the
    token in the email now, it cannot be read back.

    A booking link books a round of the application's job; a reschedule or cancel link
    acts on one of the application's interviews.
    """
    if purpose == SchedulingLink.Purpose.BOOK:
        if round is not None and round.job_id != application.job_id:
            raise ValidationError("That round belongs to another job.")
    elif interview is None or interview.application_id != application.pk:
        raise ValidationError(
            "A reschedule or cancel link needs one of the application's interviews."
        )
    token = secrets.token_urlsafe(32)
    link = SchedulingLink.objects.create(
        application=application,
        purpose=purpose,
        round=round if round is not None else getattr(interview, "round", None),
        interview=interview,
        token_hash=SchedulingLink.hash_token(token),
        expires_at=timezone.now() + lifetime,
    )
    return link, token


def scheduling_link_revoke(link: SchedulingLink) -> bool:
    """Revoke the link; False if it was already revoked. Idempotent."""
    now = timezone.now()
    revoked = SchedulingLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
        revoked_at=now, updated_at=now
    )
    if revoked:
        link.revoked_at = now
    return bool(revoked)
