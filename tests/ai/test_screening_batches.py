"""Batches of screenings are ScreeningBatch rows: written before the provider is called, so a
worker that dies after the provider accepted a batch leaves a row the poller recovers."""

import pytest
from django.utils import timezone

from ai import services, tasks
from ai.models import Screening, ScreeningBatch
from ai.providers import TransientProviderError
from ai.providers.anthropic import AnthropicProvider
from tests.ai.conftest import STRONG_RESUME
from tests.ai.test_anthropic_provider import answer

pytest_plugins = ["tests.fakes.anthropic_server"]
pytestmark = pytest.mark.django_db


class ProcessDied(BaseException):
    """The worker is killed: nothing after this line runs, no except clause catches it."""


@pytest.fixture
def batching(anthropic_settings):
    anthropic_settings.AI_BATCH_ENABLED = True
    anthropic_settings.AI_BATCH_THRESHOLD = 3
    return anthropic_settings


def test_a_batch_is_a_row_with_its_provider_id(
    batching, fake_anthropic, job, make_application, django_capture_on_commit_callbacks
):
    fake_anthropic.batch_polls_before_end = 1
    applications = [make_application(STRONG_RESUME) for _ in range(3)]
    fake_anthropic.script(*[fake_anthropic.tool_use(answer(job))] * 3)
    with django_capture_on_commit_callbacks(execute=True):
        services.job_screen_all(job)

    batch = ScreeningBatch.objects.get()
    assert batch.provider_batch_id == next(iter(fake_anthropic.batches))
    assert batch.status == ScreeningBatch.Status.ENDED and batch.provider == "anthropic"
    assert batch.submitted_at and batch.polled_at and batch.attempts == 1
    screenings = [a.screenings.get() for a in applications]
    assert all(s.batch == batch and s.status == Screening.Status.DONE for s in screenings)
    assert not services.open_batch_ids()


def _submit_and_die(capture_on_commit_callbacks, monkeypatch, job, *, accepted: bool):
    """Dispatch the job's screenings as a batch and kill the worker in the provider call,
    after the provider accepted the batch or before it did."""
    accept = AnthropicProvider.batch_submit

    def die(self, requests):
        if accepted:
            accept(self, requests)
        raise ProcessDied

    monkeypatch.setattr(AnthropicProvider, "batch_submit", die)
    with pytest.raises(ProcessDied), capture_on_commit_callbacks(execute=True):
        services.job_screen_all(job)
    monkeypatch.undo()


def _worker_died_long_ago():
    long_ago = timezone.now() - services.STUCK_AFTER * 2
    ScreeningBatch.objects.update(updated_at=long_ago)
    Screening.objects.update(updated_at=long_ago)


def test_a_crash_after_the_provider_accepted_is_found_again_and_paid_for_once(
    batching, fake_anthropic, job, make_application, monkeypatch, django_capture_on_commit_callbacks
):
    applications = [make_application(STRONG_RESUME) for _ in range(3)]
    fake_anthropic.script(*[fake_anthropic.tool_use(answer(job))] * 3)
    _submit_and_die(django_capture_on_commit_callbacks, monkeypatch, job, accepted=True)

    (provider_batch_id,) = fake_anthropic.batches  # the provider has it, and it is paid for
    batch = ScreeningBatch.objects.get()
    assert batch.status == ScreeningBatch.Status.SUBMITTING and batch.provider_batch_id == ""
    assert services.open_batch_ids() == []  # nothing to poll: the id was never recorded
    assert services.screening_batches_recover() == 0  # a submit in progress is left alone
    _worker_died_long_ago()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.screenings_requeue_stuck() == 0  # the batch row's to recover

    # The provider's batch is still running: it may be ours, so the row waits.
    fake_anthropic.batch_polls_before_end = 1
    with django_capture_on_commit_callbacks(execute=True):
        tasks.poll_open_batches.apply()
    batch.refresh_from_db()
    assert batch.status == ScreeningBatch.Status.SUBMITTING and batch.polled_at

    # It has ended: its requests are ours, so it is adopted and collected.
    with django_capture_on_commit_callbacks(execute=True):
        tasks.poll_open_batches.apply()
    batch.refresh_from_db()
    assert batch.status == ScreeningBatch.Status.ENDED
    assert batch.provider_batch_id == provider_batch_id
    screenings = [a.screenings.get() for a in applications]
    assert [s.status for s in screenings] == [Screening.Status.DONE] * 3
    assert all(s.ai_run.provider_batch_id == provider_batch_id for s in screenings)
    assert len(fake_anthropic.batches) == 1 and fake_anthropic.message_requests() == []


def test_a_crash_before_the_provider_took_the_batch_queues_the_screenings_one_by_one(
    batching, fake_anthropic, job, make_application, monkeypatch, django_capture_on_commit_callbacks
):
    applications = [make_application(STRONG_RESUME) for _ in range(3)]
    _submit_and_die(django_capture_on_commit_callbacks, monkeypatch, job, accepted=False)

    assert fake_anthropic.batches == {}
    batch = ScreeningBatch.objects.get()
    assert batch.status == ScreeningBatch.Status.SUBMITTING and batch.provider_batch_id == ""
    assert set(batch.screenings.values_list("status", flat=True)) == {"running"}
    assert services.open_batch_ids() == []

    # Not yet: a submit in progress is left alone.
    assert services.screening_batches_recover() == 0
    _worker_died_long_ago()
    fake_anthropic.script(*[fake_anthropic.tool_use(answer(job))] * 3)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.poll_open_batches.apply()

    batch.refresh_from_db()
    assert batch.status == ScreeningBatch.Status.FAILED and "queued again" in batch.error
    screenings = [a.screenings.get() for a in applications]
    assert [s.status for s in screenings] == [Screening.Status.DONE] * 3
    assert len(fake_anthropic.message_requests()) == 3  # each screened once, on its own
    # Run twice: nothing happens the second time.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert services.screening_batches_recover() == 0
    assert callbacks == []


def test_a_refused_submit_fails_the_row_and_puts_the_screenings_back(
    batching, fake_anthropic, job, make_application, monkeypatch
):
    [make_application(STRONG_RESUME) for _ in range(3)]

    def overloaded(self, requests):
        raise TransientProviderError("529 overloaded")

    monkeypatch.setattr(AnthropicProvider, "batch_submit", overloaded)
    services.job_screen_all(job)
    pending = list(Screening.objects.values_list("pk", flat=True))
    with pytest.raises(TransientProviderError):
        services.screenings_batch_submit(job_id=job.pk, screening_ids=pending)
    batch = ScreeningBatch.objects.get()
    assert batch.status == ScreeningBatch.Status.FAILED and batch.error.startswith("Not accepted")
    assert set(Screening.objects.values_list("status", "batch")) == {("pending", None)}
