"""A per-job limit on model calls in flight, shared by every worker through the cache.

``job_slot(job_id)`` takes one of ``AI_MAX_CONCURRENCY_PER_JOB`` slots (a cache key added
with ``cache.add``, which is atomic on Redis) or raises :class:`SlotUnavailable`. A slot
is a lease: if its worker is killed, the key expires after the task's hard time limit.
"""

from __future__ import annotations

import random
import uuid
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache

from ai.providers.base import TransientProviderError


class SlotUnavailable(TransientProviderError):
    """Every slot of the job is taken: try again in a few seconds."""


def _key(job_id: int, slot: int) -> str:
    return f"ai:job-slot:{job_id}:{slot}"


@contextmanager
def job_slot(job_id: int, *, limit: int | None = None):
    limit = settings.AI_MAX_CONCURRENCY_PER_JOB if limit is None else limit
    if limit <= 0:  # no limit
        yield
        return
    token = uuid.uuid4().hex
    lease = int(settings.CELERY_TASK_TIME_LIMIT) + 30
    for slot in range(limit):
        key = _key(job_id, slot)
        if cache.add(key, token, timeout=lease):
            try:
                yield
            finally:
                if cache.get(key) == token:
                    cache.delete(key)
            return
    raise SlotUnavailable(
        f"{limit} AI calls for job {job_id} are already running.",
        retry_after=random.uniform(2, 10),
    )


def slots_in_use(job_id: int, *, limit: int | None = None) -> int:
    limit = settings.AI_MAX_CONCURRENCY_PER_JOB if limit is None else limit
    return sum(1 for slot in range(limit) if cache.get(_key(job_id, slot)) is not None)
