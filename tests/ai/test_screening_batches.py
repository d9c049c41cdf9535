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


def test_a_crash_after_the_provider_accepted_leaves_a_row_the_poller_recovers(
    batching,
    fake_anthropic,
    job,
    make_application,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    applications = [make_application(STRONG_RESUME) for _ in range(3)]
    accept = AnthropicProvider.batch_submit

    def accept_then_die(self, requests):
        accept(self, requests)
        raise ProcessDied

    monkeypatch.setattr(AnthropicProvider, "batch_submit", accept_then_die)
    with pytest.raises(ProcessDied), django_capture_on_commit_callbacks(execute=True):
        services.job_screen_all(job)
    monkeypatch.undo()

    assert len(fake_anthropic.batches) == 1  # the provider has it
    batch = ScreeningBatch.objects.get()
    assert batch.status == ScreeningBatch.Status.SUBMITTING and batch.provider_batch_id == ""
    assert set(batch.screenings.values_list("status", flat=True)) == {"running"}
    assert services.open_batch_ids() == []  # nothing to poll: the id was never recorded

    # Not yet: a submit in progress is left alone.
    assert services.screening_batches_recover() == 0
    ScreeningBatch.objects.update(updated_at=timezone.now() - services.STUCK_AFTER * 2)
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
