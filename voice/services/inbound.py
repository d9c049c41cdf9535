"""A candidate calling our number back: their pending screen resumes at the first question
no call has answered; anyone else hears a polite message."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from voice import telephony
from voice.models import Call, PhoneScreen
from voice.services.conversation import call_inbound_resumed, call_inbound_unknown
from voice.services.screens import phone_number_e164, phone_screen_unanswered


def phone_screen_for_caller(number: str) -> PhoneScreen | None:
    """The newest open screen of a candidate with this number who may be called and has
    questions left, with no call of it in progress."""
    e164 = phone_number_e164(number)
    if not e164:
        return None
    screens = (
        PhoneScreen.objects.filter(
            status__in=PhoneScreen.OPEN_STATUSES,
            application__candidate__phone=e164,
            application__candidate__do_not_call=False,
        )
        .select_related("application__candidate", "application__job")
        .order_by("-created_at")
    )
    for screen in screens[:5]:
        busy = screen.calls.exclude(status__in=Call.FINAL_STATUSES).exists()
        if not busy and phone_screen_unanswered(screen):
            return screen
    return None


def call_inbound(*, sid: str, from_number: str, to_number: str) -> str:
    """Answer an inbound call (TwiML). A known candidate's call becomes the next attempt
    of their screen, so it resumes where the last call stopped."""
    screen = phone_screen_for_caller(from_number)
    if screen is None:
        return call_inbound_unknown()
    with transaction.atomic():
        PhoneScreen.objects.select_for_update().filter(pk=screen.pk).first()
        existing = Call.objects.filter(provider_call_id=sid).first() if sid else None
        if existing is not None:
            return call_inbound_resumed(existing)
        last_attempt = screen.calls.aggregate(n=Max("attempt"))["n"] or 0
        try:
            with transaction.atomic():
                call = Call.objects.create(
                    phone_screen=screen,
                    attempt=last_attempt + 1,
                    direction=Call.Direction.INBOUND,
                    provider=telephony.get_telephony().name,
                    provider_call_id=sid,
                    to_number=phone_number_e164(to_number) or to_number[:20],
                    from_number=phone_number_e164(from_number),
                    status=Call.Status.IN_PROGRESS,
                    answered_by=Call.AnsweredBy.HUMAN,
                    started_at=timezone.now(),
                )
        except IntegrityError:
            return call_inbound_unknown()
        return call_inbound_resumed(call)
