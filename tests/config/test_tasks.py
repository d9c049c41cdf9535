"""The task toolkit: enqueue on commit (with coalescing), backoff, the base task's retries
and its mark-failed hook. Tasks run eagerly (config/settings/test.py)."""

import pytest
from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.core.cache import cache
from django.db import transaction

from config.tasks import RowTask, backoff, enqueue

SENT: list[tuple] = []
FAILED: list[tuple] = []
# What each run of ``flaky`` does next: an exception to raise, or a value to return.
SCRIPT: list = []


class Transient(Exception):
    pass


class Permanent(Exception):
    pass


@shared_task
def record(*args) -> None:
    SENT.append(args)


class RecordingTask(RowTask):
    retry_on = (Transient,)
    max_retries = 2
    timeout_reason = "It took too long."
    gave_up_reason = "It kept failing ({error})."

    def mark_failed(self, task_args: tuple, reason: str, *, timed_out: bool) -> None:
        FAILED.append((task_args, reason, timed_out))


def _next_step(row_id: int):
    step = SCRIPT.pop(0)
    if isinstance(step, BaseException):
        raise step
    return step


@shared_task(base=RecordingTask)
def flaky(row_id: int):
    return _next_step(row_id)


@shared_task(base=RowTask, retry_on=(Transient,), max_retries=1)
def flaky_without_a_row(row_id: int):
    return _next_step(row_id)


@pytest.fixture(autouse=True)
def _clean():
    SENT.clear()
    FAILED.clear()
    SCRIPT.clear()
    cache.clear()
    yield
    SCRIPT.clear()


# --- enqueue ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_enqueue_sends_once_after_commit_and_never_for_a_rolled_back_transaction(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue("tests.config.test_tasks.record", "rolled back")
            raise RuntimeError
        with transaction.atomic():
            enqueue("tests.config.test_tasks.record", "kept", countdown=3)
        assert SENT == []  # nothing is sent before the outer transaction commits
    assert SENT == [("kept",)]


@pytest.mark.django_db
def test_enqueue_with_a_coalesce_key_sends_once_until_the_task_releases_the_key(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            enqueue("tests.config.test_tasks.record", n, coalesce_key="test:coalesce")
    assert SENT == [(0,)]
    cache.delete("test:coalesce")  # what the task does when it starts
    with django_capture_on_commit_callbacks(execute=True):
        enqueue("tests.config.test_tasks.record", 3, coalesce_key="test:coalesce")
    assert SENT == [(0,), (3,)]


# --- backoff ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("base", "cap"), [(2.0, 300.0), (10.0, 900.0), (1.0, 5.0)])
def test_backoff_has_full_jitter_under_an_exponential_cap(base, cap):
    for retries in range(12):
        waits = [backoff(retries, base=base, cap=cap) for _ in range(200)]
        assert all(0 <= wait <= min(cap, base * 2**retries) for wait in waits)
        assert len(set(waits)) > 1  # jittered, not a fixed schedule


# --- the base task ---------------------------------------------------------------------------


def test_a_listed_transient_error_is_retried_and_success_marks_nothing():
    SCRIPT[:] = [Transient("blip"), "done"]
    # Eager mode runs the retry at once (throw=False: as a worker would, not raising Retry).
    flaky.apply(args=[7], throw=False)
    assert SCRIPT == []  # run twice: once failing, once succeeding
    assert FAILED == []


def test_when_the_retries_run_out_the_row_is_marked_failed_with_a_readable_reason():
    SCRIPT[:] = [Transient("503 from the provider")]
    flaky.apply(args=[7], retries=RecordingTask.max_retries)  # the last retry
    assert SCRIPT == []
    assert FAILED == [((7,), "It kept failing (503 from the provider).", False)]


def test_the_soft_time_limit_marks_the_row_failed_at_once():
    SCRIPT[:] = [SoftTimeLimitExceeded(), "never reached"]
    flaky.apply(args=[7])
    assert SCRIPT == ["never reached"]  # not retried
    assert FAILED == [((7,), "It took too long.", True)]


def test_an_unlisted_error_goes_up_without_a_retry_or_a_mark():
    SCRIPT[:] = [Permanent("bad input"), "never reached"]
    with pytest.raises(Permanent):
        flaky.apply(args=[7])
    assert SCRIPT == ["never reached"]
    assert FAILED == []


def test_a_task_without_mark_failed_lets_the_last_transient_error_go_up():
    SCRIPT[:] = [Transient("blip")]
    with pytest.raises(Transient):
        flaky_without_a_row.apply(args=[7], retries=1)  # its last retry
    assert SCRIPT == []


def test_a_retry_never_comes_sooner_than_the_errors_retry_after():
    exc = Transient("429")
    exc.retry_after = 600
    flaky.push_request(retries=0)
    try:
        assert flaky.retry_countdown(exc) == 600  # backoff alone is at most 2 s here
    finally:
        flaky.pop_request()


def test_every_app_sends_its_tasks_through_the_toolkit():
    """Outside the task modules (a task may send itself again), nothing calls a task's
    ``delay`` or ``apply_async``: services ``enqueue`` by name, on commit. And ``enqueue``
    and ``backoff`` exist once."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    sends, helpers = [], []
    for package in ("config", "recruiting", "ai", "voice", "interviews"):
        for path in (root / package).rglob("*.py"):
            relative = str(path.relative_to(root))
            if "migrations" in path.parts or relative == "config/tasks.py":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    path.name != "tasks.py"
                    and isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("delay", "apply_async")
                ):
                    sends.append(f"{relative}:{node.lineno}")
                if isinstance(node, ast.FunctionDef) and node.name in ("enqueue", "backoff"):
                    helpers.append(f"{relative}:{node.lineno} {node.name}")
    assert sends == [] and helpers == []
