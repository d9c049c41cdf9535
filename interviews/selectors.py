"""Reads for interviews."""

from datetime import datetime

from interviews.models import SchedulingLink


def scheduling_link_for_token(token: str, *, now: datetime | None = None) -> SchedulingLink | None:
    """The usable link the token opens, or None (unknown, revoked, used or expired)."""
    link = SchedulingLink.objects.filter(token_hash=SchedulingLink.hash_token(token)).first()
    return link if link is not None and link.is_usable(now) else None
