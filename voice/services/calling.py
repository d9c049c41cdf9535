"""Placing a screen's calls: one attempt at a time, inside the candidate's calling window,
at most ``max_attempts``, and never twice for one attempt.

An attempt is claimed (its ``Call`` row created, status queued, no SID) and committed
before the provider is asked to dial. Whoever later finds that row without a final status
does not dial again: it waits for the status callback (whose URL carries the call's id and
token, so it adopts the SID even if the worker died before saving it), then looks the call
up at the provider, and otherwise gives the attempt up and schedules the next one.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from config.tasks import enqueue
from recruiting.consent import consent_in_force
from recruiting.models import ConsentRecord, Event
from voice import telephony
from voice.models import Call, PhoneScreen
from voice.services.public_urls import call_url
from voice.services.screens import phone_number_e164
from voice.services.window import candidate_timezone, next_calling_time

logger = logging.getLogger(__name__)

STATUS_ORDER = {
    Call.Status.QUEUED: 0,
    Call.Status.INITIATED: 1,
    Call.Status.RINGING: 2,
    Call.Status.IN_PROGRESS: 3,
}
FINAL_RANK = 4


def _status_rank(status: str) -> int:
    return STATUS_ORDER.get(status, FINAL_RANK)


def _queue_if_due(phone_screen: PhoneScreen, when) -> None:
    """Queue the screen now if ``when`` has come; a later time is left to the periodic
    ``phone_screens_due``, so no chain of delayed messages can multiply."""
    if when <= timezone.now():
        enqueue("voice.tasks.phone_screen_call", phone_screen.pk)


def _records(phone_screen: PhoneScreen) -> bool:
    """Record only with the setting on and the candidate's recording consent in force."""
    candidate = phone_screen.application.candidate
    return settings.VOICE_RECORD_CALLS and (
        consent_in_force(candidate, ConsentRecord.Kind.CALL_RECORDING) is not None
    )


def phone_screen_call_next(phone_screen_id: int) -> str:
    """Do what the screen needs now: place its next attempt if it is due and inside the
    calling window, defer it to the window, reconcile an attempt still open, or give up
    after the last attempt. Returns what it did (for logs and tests).

    Idempotent: the screen row is locked while deciding, and an attempt is only ever
    dialled by the run that created its row.
    """
    now = timezone.now()
    with transaction.atomic():
        screen = (
            PhoneScreen.objects.select_for_update()
            .select_related("application__candidate", "application__job")
            .filter(pk=phone_screen_id)
            .first()
        )
        if screen is None or not screen.is_open:
            return "closed"
        candidate = screen.application.candidate
        if candidate.do_not_call:
            _close(screen, PhoneScreen.Status.CANCELLED, "The candidate asked not to be called.")
            return "do-not-call"
        last = screen.calls.order_by("-attempt").first()
        if last is not None and not last.is_final:
            call, outcome = last, "open"
        else:
            call, outcome = _claim(screen, now)
    if outcome == "open":
        return call_reconcile(call)
    if outcome == "claimed":
        return _dial(call)
    return outcome


def _claim(phone_screen: PhoneScreen, now) -> tuple[Call | None, str]:
    """Inside the screen's lock: the new attempt's row, or why there is none."""
    if phone_screen.next_attempt_at and phone_screen.next_attempt_at > now:
        return None, "not-due"
    candidate = phone_screen.application.candidate
    opening = next_calling_time(now, candidate_timezone(candidate))
    if opening > now:
        phone_screen.next_attempt_at = opening
        phone_screen.save(update_fields=["next_attempt_at", "updated_at"])
        return None, "deferred"
    placed = phone_screen.calls.filter(direction=Call.Direction.OUTBOUND).count()
    if placed >= phone_screen.max_attempts:
        _close(
            phone_screen,
            PhoneScreen.Status.NO_ANSWER,
            f"No complete call after {placed} attempts.",
        )
        return None, "exhausted"
    to = phone_number_e164(candidate.phone)
    if not to:
        _close(phone_screen, PhoneScreen.Status.FAILED, "The phone number is not valid.")
        return None, "invalid-number"
    last_attempt = phone_screen.calls.aggregate(n=Max("attempt"))["n"] or 0
    call = Call.objects.create(
        phone_screen=phone_screen,
        attempt=last_attempt + 1,
        provider=telephony.get_telephony().name,
        to_number=to,
        from_number=settings.TWILIO_FROM_NUMBER,
        recorded=_records(phone_screen),
    )
    phone_screen.status = PhoneScreen.Status.CALLING
    phone_screen.next_attempt_at = None
    phone_screen.save(update_fields=["status", "next_attempt_at", "updated_at"])
    return call, "claimed"


def _dial(call: Call) -> str:
    """Ask the provider to place the claimed attempt (its row is committed)."""
    request = telephony.CallRequest(
        call_id=call.pk,
        to=call.to_number,
        from_=call.from_number,
        url=call_url(call, "answer"),
        status_callback=call_url(call, "status"),
        recording_status_callback=call_url(call, "recording"),
        record=call.recorded,
        timeout=settings.VOICE_RING_TIMEOUT_SECONDS,
    )
    try:
        sid = telephony.get_telephony().place_call(request)
    except telephony.TelephonyError as exc:
        if exc.permanent:
            Call.objects.filter(pk=call.pk).update(status=Call.Status.FAILED, error=str(exc))
            with transaction.atomic():
                _close(call.phone_screen, PhoneScreen.Status.FAILED, f"The call was refused: {exc}")
            return "refused"
        # The request may have been accepted: never dial this attempt again.
        Call.objects.filter(pk=call.pk).update(error=str(exc)[:2000])
        return "unknown"
    Call.objects.filter(pk=call.pk, provider_call_id="").update(
        provider_call_id=sid, updated_at=timezone.now()
    )
    return "placed"


def _reconcile_after() -> timedelta:
    return timedelta(seconds=settings.VOICE_RECONCILE_AFTER_SECONDS)


def call_reconcile(call: Call) -> str:
    """An attempt without a final status: wait for its callbacks, then look it up at the
    provider; an attempt the provider does not know, or that never got past ringing, is
    given up and the next one scheduled. Never dials."""
    waited = timezone.now() - call.created_at
    if waited < _reconcile_after():
        return "waiting"
    # The periodic sweep looks again one reconcile period from now, not every minute.
    PhoneScreen.objects.filter(pk=call.phone_screen_id).update(updated_at=timezone.now())
    provider = telephony.get_telephony()
    try:
        found = provider.find_call(
            to=call.to_number, from_=call.from_number, placed_after=call.created_at
        )
    except telephony.TelephonyError as exc:
        logger.warning("Could not look up call %s: %s", call.pk, exc)
        return "waiting"
    if found is not None and call.provider_call_id in ("", found.sid):
        call_adopt_sid(call, found.sid)
        if found.status == Call.Status.IN_PROGRESS and waited < 3 * _reconcile_after():
            return "in-progress"
        if _status_rank(found.status) < FINAL_RANK:
            try:
                provider.hang_up(found.sid)
            except telephony.TelephonyError as exc:
                logger.warning("Could not hang up call %s: %s", call.pk, exc)
        final = found.status if _status_rank(found.status) == FINAL_RANK else "failed"
        call_status_update(call, status=final, error="Reconciled with the provider.")
        return "reconciled"
    call_status_update(call, status=Call.Status.FAILED, error="The provider never confirmed it.")
    return "given-up"


def call_adopt_sid(call: Call, sid: str) -> bool:
    """Save the provider's id on a call that has none yet; False if it already has one
    (the same, or another: a request about another call changes nothing)."""
    adopted = bool(
        Call.objects.filter(pk=call.pk, provider_call_id="").update(
            provider_call_id=sid, updated_at=timezone.now()
        )
    )
    if adopted:
        call.provider_call_id = sid
    return adopted or call.provider_call_id == sid


def call_status_update(
    call: Call,
    *,
    status: str,
    answered_by: str = "",
    duration: int | None = None,
    error: str = "",
) -> bool:
    """Apply a status the provider reported; statuses never go backwards, so callbacks
    arriving out of order are harmless. A final status ends the attempt (``call_ended``).
    Returns whether anything changed."""
    if status not in Call.Status.values:
        return False
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        if _status_rank(status) <= _status_rank(call.status):
            return False
        now = timezone.now()
        call.status = status
        if answered_by and not call.answered_by:
            call.answered_by = Call.AnsweredBy.from_provider(answered_by)
        if status == Call.Status.IN_PROGRESS and call.started_at is None:
            call.started_at = now
        if call.is_final:
            call.ended_at = now
            call.duration_seconds = duration
            call.error = error or call.error
        call.save()
        if call.is_final:
            call_ended(call)
    return True


def call_ended(call: Call) -> None:
    """The attempt is over (inside the caller's transaction). A finished conversation has
    already completed the screen, and a declined or opted-out one closed it; otherwise
    (no answer, busy, voicemail, a dropped call) an outbound attempt schedules the next,
    which resumes at the first unanswered question."""
    screen = PhoneScreen.objects.select_for_update().get(pk=call.phone_screen_id)
    if not screen.is_open or call.direction == Call.Direction.INBOUND:
        return
    if screen.status != PhoneScreen.Status.CALLING:
        return
    placed = screen.calls.filter(direction=Call.Direction.OUTBOUND).count()
    if placed >= screen.max_attempts:
        _close(screen, PhoneScreen.Status.NO_ANSWER, f"No complete call after {placed} attempts.")
        return
    wait = timedelta(seconds=settings.VOICE_RETRY_BACKOFF_SECONDS * 2 ** (placed - 1))
    when = next_calling_time(
        timezone.now() + wait, candidate_timezone(screen.application.candidate)
    )
    screen.status = PhoneScreen.Status.PENDING
    screen.next_attempt_at = when
    screen.save(update_fields=["status", "next_attempt_at", "updated_at"])
    _queue_if_due(screen, when)


def _close(phone_screen: PhoneScreen, status: str, reason: str) -> None:
    PhoneScreen.objects.filter(pk=phone_screen.pk, status__in=PhoneScreen.OPEN_STATUSES).update(
        status=status, next_attempt_at=None, error=reason, updated_at=timezone.now()
    )
    application = phone_screen.application
    Event.objects.create(
        kind=Event.Kind.CALL,
        candidate=application.candidate,
        application=application,
        message=f"Phone screen stopped: {reason}",
        data={"phone_screen": phone_screen.pk, "status": status},
    )


def phone_screens_due() -> int:
    """Queue every open screen whose next attempt is due or whose call has gone quiet: the
    safety net for a task message that was lost. Returns how many were queued."""
    now = timezone.now()
    stale = now - _reconcile_after()
    due = PhoneScreen.objects.filter(
        status=PhoneScreen.Status.PENDING, next_attempt_at__lte=now
    ) | PhoneScreen.objects.filter(status=PhoneScreen.Status.CALLING, updated_at__lte=stale)
    ids = list(due.values_list("pk", flat=True)[:500])
    for pk in ids:
        enqueue("voice.tasks.phone_screen_call", pk)
    return len(ids)
