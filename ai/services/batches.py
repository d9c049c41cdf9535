"""Screenings sent as one Message Batch (``ScreeningBatch`` rows), polled until the batch
has ended, and recovered when a submit was cut short."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.utils import timezone

from ai.models import AIRun, Screening, ScreeningBatch
from ai.prompts import get_prompt
from ai.providers import (
    BatchProvider,
    BatchSearch,
    PermanentProviderError,
    Provider,
    ProviderError,
    ProviderResult,
    StructuredRequest,
    TransientProviderError,
    get_provider,
)
from ai.services.audit import cost_usd, db_recorder, input_hash
from ai.services.calls import GenerationFailed
from ai.services.context import job_context
from ai.services.messages import build_screen_request
from ai.services.screening import (
    STUCK_AFTER,
    batching_enabled,
    dispatch_key,
    prepared_resume,
    screen_prepared,
    screening_finish,
    screening_mark_failed,
    screening_release,
)
from config.tasks import enqueue

logger = logging.getLogger(__name__)


BATCH_CUSTOM_ID = "screening-{}"
# How far the provider's clock may be behind ours when looking for a batch by its creation.
PROVIDER_CLOCK_SKEW = timedelta(minutes=5)


def job_screenings_dispatch(job_id: int) -> str | None:
    """Send the job's waiting screenings: as one Message Batch when batches are enabled and
    there are at least AI_BATCH_THRESHOLD of them, else one task each. Returns the batch id."""
    cache.delete(dispatch_key(job_id))
    pending = list(
        Screening.objects.filter(
            application__job_id=job_id, status=Screening.Status.PENDING, provider_batch_id=""
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    provider = get_provider()
    if pending and batching_enabled(provider) and len(pending) >= settings.AI_BATCH_THRESHOLD:
        return screenings_batch_submit(job_id=job_id, screening_ids=pending, provider=provider)
    for pk in pending:
        enqueue("ai.tasks.run_screening", pk)
    return None


def screenings_batch_submit(
    *, job_id: int, screening_ids: list[int], provider: Provider | None = None
) -> str | None:
    """Send the pending screenings among ``screening_ids`` as one Message Batch.

    Precondition: not inside a transaction, so the ``ScreeningBatch`` row (status
    ``submitting``) and the claimed screenings are committed before the provider is called.
    If the process dies after the provider accepted the batch and before its id is
    recorded, ``screening_batches_recover`` finds the row stuck in ``submitting``.
    """
    provider = provider or get_provider()
    batch = ScreeningBatch.objects.create(
        job_id=job_id, provider=provider.name, status=ScreeningBatch.Status.SUBMITTING, attempts=1
    )
    claim = f"claim-{uuid.uuid4().hex}"
    screenings = _claim_for_batch(batch, screening_ids, claim)
    if not screenings:
        batch.delete()  # nothing was left to send
        return None
    requests = _batch_requests(screenings)
    try:
        batch_id = provider.batch_submit(requests)
    except TransientProviderError as exc:
        _batch_failed(batch, f"Not accepted: {exc}")
        Screening.objects.filter(provider_batch_id=claim).update(
            status=Screening.Status.PENDING, provider_batch_id="", batch=None
        )
        raise
    except PermanentProviderError as exc:
        _batch_failed(batch, f"Not accepted: {exc}")
        for screening in screenings:
            screening_mark_failed(screening_id=screening.pk, reason=str(exc))
        return None
    _batch_submitted(batch, batch_id, screenings, requests, provider)
    logger.info("job %s: %s screenings sent as batch %s", job_id, len(screenings), batch_id)
    return batch_id


def _claim_for_batch(batch: ScreeningBatch, screening_ids: list[int], claim: str):
    """Claim the pending screenings among ``screening_ids`` for ``batch``; the claimed ones."""
    Screening.objects.filter(
        pk__in=screening_ids, status=Screening.Status.PENDING, provider_batch_id=""
    ).update(
        status=Screening.Status.RUNNING,
        provider_batch_id=claim,
        batch=batch,
        claimed_at=timezone.now(),
        attempts=F("attempts") + 1,
        updated_at=timezone.now(),
    )
    return list(
        Screening.objects.filter(provider_batch_id=claim)
        .select_related("application__job", "application__candidate", "resume")
        .order_by("pk")
    )


def _batch_requests(screenings: list[Screening]) -> dict[str, StructuredRequest]:
    """Each screening's request, by its custom id in the batch."""
    context = job_context(screenings[0].application.job)
    requests = {}
    for screening in screenings:
        resume = screening.resume or screening.application.resume
        prepared = prepared_resume(screening.application, resume)
        requests[BATCH_CUSTOM_ID.format(screening.pk)] = build_screen_request(
            context, prepared.text
        )
    return requests


def _batch_submitted(batch, batch_id: str, screenings, requests, provider) -> bool:
    """Record the provider's batch id on the batch and its screenings, and a pending
    ``AIRun`` per screening for the poller to complete; then poll it. Returns False (and
    records nothing) when the row is no longer being submitted."""
    if not ScreeningBatch.objects.filter(
        pk=batch.pk, status=ScreeningBatch.Status.SUBMITTING
    ).update(
        status=ScreeningBatch.Status.SUBMITTED,
        provider_batch_id=batch_id,
        submitted_at=timezone.now(),
        updated_at=timezone.now(),
    ):
        return False
    Screening.objects.filter(
        pk__in=[s.pk for s in screenings], batch=batch, status=Screening.Status.RUNNING
    ).update(provider_batch_id=batch_id)
    AIRun.objects.bulk_create(
        [
            AIRun(
                purpose=AIRun.Purpose.SCREEN,
                provider=provider.name,
                model=provider.model,
                prompt_version=requests[BATCH_CUSTOM_ID.format(s.pk)].prompt_version,
                input_hash=input_hash(requests[BATCH_CUSTOM_ID.format(s.pk)], provider.model),
                status=AIRun.Status.PENDING,
                provider_batch_id=batch_id,
                job=s.application.job,
                application=s.application,
            )
            for s in screenings
        ]
    )
    enqueue("ai.tasks.poll_screening_batch", batch_id, countdown=settings.AI_BATCH_POLL_SECONDS)
    return True


def screening_batch_poll(batch_id: str) -> bool:
    """Collect a Message Batch's results when it has ended; returns whether it had.

    Each screening is claimed again (by clearing its batch id with a conditional update)
    before its result is used, so two pollers never finish it twice. A result that failed in
    the batch is screened again on its own.
    """
    provider = get_provider()
    tool_name = get_prompt("screen_resume").meta.get("tool", "record_screening")
    outcomes = provider.batch_results(batch_id, tool_name=tool_name)
    rows = ScreeningBatch.objects.filter(provider_batch_id=batch_id)
    rows.update(polled_at=timezone.now(), updated_at=timezone.now())
    if outcomes is None:
        return False
    rows.filter(status=ScreeningBatch.Status.SUBMITTED).update(
        status=ScreeningBatch.Status.ENDED, updated_at=timezone.now()
    )
    screenings = (
        Screening.objects.filter(provider_batch_id=batch_id, status=Screening.Status.RUNNING)
        .select_related("application__job", "application__candidate", "resume")
        .order_by("pk")
    )
    for screening in screenings:
        if not Screening.objects.filter(
            pk=screening.pk, provider_batch_id=batch_id, status=Screening.Status.RUNNING
        ).update(provider_batch_id=""):
            continue
        outcome = outcomes.get(BATCH_CUSTOM_ID.format(screening.pk))
        pending_run = AIRun.objects.filter(
            provider_batch_id=batch_id,
            application_id=screening.application_id,
            status=AIRun.Status.PENDING,
        ).first()
        if outcome is None or outcome.result is None:
            error = outcome.error if outcome else "no result in the batch"
            if pending_run:
                # The one update of an audit row: a batch call's outcome arrives later.
                AIRun.objects.filter(pk=pending_run.pk).update(
                    status=AIRun.Status.FAILED, error=f"Batch: {error}"
                )
            screening_release(screening.pk)
            enqueue("ai.tasks.run_screening", screening.pk)
            continue
        _finish_batched(screening, provider, outcome.result, pending_run)
    return True


def _finish_batched(screening, provider, result: ProviderResult, pending_run) -> None:
    application = screening.application
    record = db_recorder(provider=provider, job=application.job, application=application)
    first_record_done = False

    def record_batch_first(request, res, *, status, error="", **kwargs):
        # The batch answer updates its pending row; a regeneration is a new row.
        nonlocal first_record_done
        if res is result and pending_run is not None and not first_record_done:
            first_record_done = True
            AIRun.objects.filter(pk=pending_run.pk).update(
                model=res.model or provider.model,
                output=res.output,
                input_tokens=res.usage.input_tokens,
                output_tokens=res.usage.output_tokens,
                cache_read_tokens=res.usage.cache_read_tokens,
                cache_write_tokens=res.usage.cache_write_tokens,
                cost_usd=cost_usd(res.model, res.usage, batch=True),
                status=status,
                error=error,
            )
            pending_run.refresh_from_db()
            return pending_run
        return record(request, res, status=status, error=error, **kwargs)

    try:
        resume = screening.resume or application.resume
        prepared = prepared_resume(application, resume)
        context = job_context(application.job)
        outcome = screen_prepared(
            provider, context, prepared, record=record_batch_first, first=result
        )
    except TransientProviderError:
        screening_release(screening.pk)
        enqueue("ai.tasks.run_screening", screening.pk)
        return
    except PermanentProviderError as exc:
        screening_mark_failed(screening_id=screening.pk, reason=str(exc))
        return
    except GenerationFailed as exc:
        screening_mark_failed(screening_id=screening.pk, reason=exc.reason, run=exc.run)
        return
    screening_finish(screening, provider, outcome)


def open_batch_ids() -> list[str]:
    """Provider ids of the batches whose results have not been collected: submitted rows,
    and (from before ``ScreeningBatch``) screenings still holding a batch id."""
    submitted = ScreeningBatch.objects.filter(status=ScreeningBatch.Status.SUBMITTED).values_list(
        "provider_batch_id", flat=True
    )
    waiting = (
        Screening.objects.filter(status=Screening.Status.RUNNING)
        .exclude(provider_batch_id="")
        .exclude(provider_batch_id__startswith="claim-")
        .values_list("provider_batch_id", flat=True)
    )
    return sorted(set(submitted) | set(waiting))


def _batch_failed(batch: ScreeningBatch, error: str) -> None:
    ScreeningBatch.objects.filter(pk=batch.pk).update(
        status=ScreeningBatch.Status.FAILED, error=error, updated_at=timezone.now()
    )


def screening_batches_recover() -> int:
    """Recover batches left in ``submitting``: the worker died between calling the provider
    and recording the batch's id. Returns how many screenings were queued again one by one.

    The row and its claimed screenings were committed before the call, so the provider is
    asked for a batch created since then whose requests are those screenings (their custom
    ids). One it accepted is adopted: its id is recorded and the poller collects it like
    any other, so nothing is paid for twice. While a batch that may be it is still running
    (its requests cannot be read until it ends) the row waits. When the provider has none,
    the row is marked failed and its screenings are screened again one by one, each taken
    back with a conditional update, so this and ``screenings_requeue_stuck`` never queue
    one twice.
    """
    cutoff = timezone.now() - STUCK_AFTER
    provider = get_provider()
    requeued = 0
    stuck = ScreeningBatch.objects.filter(
        status=ScreeningBatch.Status.SUBMITTING, updated_at__lt=cutoff
    )
    for batch in stuck:
        try:
            search = _provider_batch_of(batch, provider)
        except ProviderError as exc:
            logger.warning("batch row %s: cannot ask the provider yet: %s", batch.pk, exc)
            continue
        if search.batch_id:
            _batch_adopt(batch, search.batch_id, provider)
        elif search.undecided:
            ScreeningBatch.objects.filter(pk=batch.pk).update(polled_at=timezone.now())
        else:
            requeued += _batch_requeue(batch)
    return requeued


def _provider_batch_of(batch: ScreeningBatch, provider: Provider) -> BatchSearch:
    """The provider's batch of this row's claimed screenings, found by their custom ids."""
    if not isinstance(provider, BatchProvider) or provider.name != batch.provider:
        return BatchSearch()
    claimed = batch.screenings.filter(
        status=Screening.Status.RUNNING, provider_batch_id__startswith="claim-"
    ).values_list("pk", flat=True)
    custom_ids = {BATCH_CUSTOM_ID.format(pk) for pk in claimed}
    if not custom_ids:
        return BatchSearch()
    since = batch.created_at - PROVIDER_CLOCK_SKEW
    recorded = (
        ScreeningBatch.objects.filter(created_at__gte=since)
        .exclude(provider_batch_id="")
        .values_list("provider_batch_id", flat=True)
    )
    return provider.batch_find(custom_ids, since=since, exclude=set(recorded))


def _batch_adopt(batch: ScreeningBatch, batch_id: str, provider: Provider) -> None:
    screenings = list(
        batch.screenings.filter(
            status=Screening.Status.RUNNING, provider_batch_id__startswith="claim-"
        )
        .select_related("application__job", "application__candidate", "resume")
        .order_by("pk")
    )
    if _batch_submitted(batch, batch_id, screenings, _batch_requests(screenings), provider):
        logger.warning("batch row %s: found the provider's batch %s again", batch.pk, batch_id)


def _batch_requeue(batch: ScreeningBatch) -> int:
    """The provider never took the batch: fail the row, screen its screenings one by one."""
    if not ScreeningBatch.objects.filter(
        pk=batch.pk, status=ScreeningBatch.Status.SUBMITTING
    ).update(
        status=ScreeningBatch.Status.FAILED,
        error="The worker stopped while sending this batch; its screenings were queued "
        "again one by one.",
        updated_at=timezone.now(),
    ):
        return 0
    requeued = 0
    for pk in batch.screenings.filter(status=Screening.Status.RUNNING).values_list("pk", flat=True):
        if Screening.objects.filter(
            pk=pk, status=Screening.Status.RUNNING, provider_batch_id__startswith="claim-"
        ).update(status=Screening.Status.PENDING, provider_batch_id="", updated_at=timezone.now()):
            enqueue("ai.tasks.run_screening", pk)
            requeued += 1
    return requeued
