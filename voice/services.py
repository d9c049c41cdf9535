"""Writes for phone screens: opening one, freezing its questions, recording webhooks."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from recruiting.models import Application
from voice.models import PhoneScreen, PhoneScreenQuestion, WebhookEvent


def phone_screen_open(*, application: Application) -> tuple[PhoneScreen, bool]:
    """The application's open phone screen, opened now if it has none.

    Idempotent under concurrency: the database allows one open screen per application, so
    of two simultaneous calls one creates it and the other gets that row (``created`` is
    False).
    """
    open_ = PhoneScreen.objects.filter(
        application=application, status__in=PhoneScreen.OPEN_STATUSES
    )
    existing = open_.first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return PhoneScreen.objects.create(application=application), True
    except IntegrityError:
        existing = open_.first()
        if existing is None:
            raise
        return existing, False


def phone_screen_questions_freeze(phone_screen: PhoneScreen) -> list[PhoneScreenQuestion]:
    """Copy the job's questions that are ready to ask onto the screen, once.

    A screen that already has frozen questions keeps them (a retry, or HR edited the job's
    questions since): what a screen asks never changes after it starts. The screen row is
    locked while copying, so two workers freeze once.
    """
    with transaction.atomic():
        PhoneScreen.objects.select_for_update().filter(pk=phone_screen.pk).first()
        frozen = list(phone_screen.frozen_questions.all())
        if frozen:
            return frozen
        questions = phone_screen.application.job.screening_questions.ready_to_ask()
        return PhoneScreenQuestion.objects.bulk_create(
            PhoneScreenQuestion(
                phone_screen=phone_screen,
                source=question,
                position=position,
                text=question.text,
                follow_ups=list(question.follow_ups),
                kind=question.kind,
                difficulty=question.difficulty,
                expected_keywords=list(question.expected_keywords),
                expected_length_seconds=question.expected_length_seconds,
            )
            for position, question in enumerate(questions.order_by("position", "id"), start=1)
        )


def webhook_event_record(
    *,
    provider: str,
    dedupe_key: str,
    payload: dict,
    verified: bool,
    kind: str = "",
    body: str = "",
    headers: dict | None = None,
) -> tuple[WebhookEvent, bool]:
    """Record an inbound provider callback before anything acts on it; returns the event
    and whether it is new.

    Idempotent for verified events, also under concurrency: a retried delivery with the
    same ``(provider, dedupe_key)`` returns the first row unchanged with ``created``
    False, and of two simultaneous deliveries the unique constraint lets one insert and
    the other read the winner's row. Only a new event should be queued for processing.

    An unverified event (bad or missing signature) is always recorded as a new row for
    the audit trail and never deduplicated, so a forged request cannot claim the key of a
    genuine callback; nothing should process it.
    """
    fields = {
        "provider": provider,
        "dedupe_key": dedupe_key,
        "payload": payload,
        "verified": verified,
        "kind": kind,
        "body": body,
        "headers": headers or {},
    }
    if not verified:
        return WebhookEvent.objects.create(**fields), True
    first = _verified_event(provider, dedupe_key)
    if first is not None:
        return first, False
    try:
        # A savepoint, so the losing insert leaves the caller's transaction usable.
        with transaction.atomic():
            return WebhookEvent.objects.create(**fields), True
    except IntegrityError:
        first = _verified_event(provider, dedupe_key)
        if first is None:
            raise
        return first, False


def _verified_event(provider: str, dedupe_key: str) -> WebhookEvent | None:
    return WebhookEvent.objects.filter(
        provider=provider, dedupe_key=dedupe_key, verified=True
    ).first()


def webhook_event_mark_processed(event: WebhookEvent) -> bool:
    """Mark the event processed; False if it already was (a redelivered task)."""
    return bool(
        WebhookEvent.objects.filter(pk=event.pk, processed_at__isnull=True).update(
            processed_at=timezone.now(), error=""
        )
    )


def webhook_event_mark_failed(event: WebhookEvent, *, error: str) -> None:
    """Record why processing failed; the event stays unprocessed so it can be re-run."""
    WebhookEvent.objects.filter(pk=event.pk).update(error=error[:2000])
