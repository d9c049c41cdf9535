"""The task toolkit every app uses: send a task once the transaction commits, back off with
jitter, and a base task that retries what is temporary and, when it gives up, marks its row
failed with a reason a recruiter can read.

Infrastructure: this module imports no app, so every app may import it.
"""

import logging
import random

from celery import Task
from celery.exceptions import SoftTimeLimitExceeded
from django.core.cache import cache
from django.db import transaction
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def enqueue(
    task_name: str, *args, countdown: float | None = None, coalesce_key: str | None = None
) -> None:
    """Send a task once the current transaction commits (at once outside one).

    With ``coalesce_key``, a send is skipped while an earlier one with the same key is still
    waiting: the task itself must ``cache.delete(coalesce_key)`` when it starts, so that
    requests made after that schedule another run.
    """
    # Imported by name: task modules import the services that call this.
    task = import_string(task_name)

    def send():
        if coalesce_key and not cache.add(coalesce_key, "1", timeout=(countdown or 0) + 300):
            return
        if countdown:
            task.apply_async(args, countdown=countdown)
        else:
            task.delay(*args)

    transaction.on_commit(send)


def backoff(retries: int, *, base: float, cap: float) -> float:
    """Exponential backoff with full jitter, in seconds: retry 0 waits up to ``base``."""
    return random.uniform(0, min(cap, base * 2**retries))


class RowTask(Task):
    """A task whose unit of work is a row: it retries the errors in ``retry_on`` with
    ``backoff`` (never sooner than the error's ``retry_after``), and when the retries run
    out or the soft time limit stops it, calls ``mark_failed`` instead of raising.

    A subclass (or ``@shared_task(base=RowTask, ...)`` options) sets ``retry_on``,
    ``backoff_base``/``backoff_cap``, ``timeout_reason`` and ``gave_up_reason`` (which
    may name the last error as ``{error}``), and defines ``mark_failed``. A task without
    ``mark_failed`` lets the last error, or the time limit, go up.
    """

    max_retries = 5
    retry_on: tuple[type[Exception], ...] = ()
    backoff_base = 2.0
    backoff_cap = 300.0
    timeout_reason = "This took too long and was stopped."
    gave_up_reason = "This kept failing ({error})."
    # A subclass defines it as a method:
    #   def mark_failed(self, task_args: tuple, reason: str, *, timed_out: bool) -> None
    mark_failed = None

    def __call__(self, *args, **kwargs):
        try:
            return super().__call__(*args, **kwargs)
        # Task.__call__ has popped its own request by now: ``self.request`` is the worker's,
        # which knows how many retries have been used.
        except SoftTimeLimitExceeded:
            if self.mark_failed is None:
                raise
            self.mark_failed(args, self.timeout_reason, timed_out=True)
        except self.retry_on as exc:
            if self.mark_failed is not None and self.request.retries >= self.max_retries:
                self.mark_failed(args, self.gave_up_reason.format(error=exc), timed_out=False)
                return None
            logger.warning("%s %s will retry: %s", self.name, args, exc)
            raise self.retry(exc=exc, countdown=self.retry_countdown(exc)) from exc
        return None

    def retry_countdown(self, exc: Exception) -> float:
        """Backoff, but never sooner than the error's ``retry_after``."""
        wait = backoff(self.request.retries, base=self.backoff_base, cap=self.backoff_cap)
        return max(float(getattr(exc, "retry_after", None) or 0), wait)
