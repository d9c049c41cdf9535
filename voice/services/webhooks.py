"""Recording inbound provider callbacks (``WebhookEvent``) once, and marking them done."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from voice.models import WebhookEvent


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
    False: the unique constraint refuses its insert and the first row is read, as it is
    for the loser of two simultaneous deliveries. Only a new event should be queued for processing.

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
    # Inserted first: most deliveries are new, so the lookup is paid only by a retry.
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
