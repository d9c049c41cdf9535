"""Thin Celery wrappers around the phone-screen services: ids in, one service call."""

from celery import shared_task
from django.db import OperationalError

from ai.providers import TransientProviderError
from config.tasks import RowTask
from voice import services
from voice.models import Call
from voice.telephony import TelephonyError


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def phone_screen_call(phone_screen_id: int) -> str:
    return services.phone_screen_call_next(phone_screen_id)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def phone_screen_auto_start(application_id: int) -> None:
    services.phone_screen_auto_start(application_id)


@shared_task
def phone_screens_due() -> int:
    return services.phone_screens_due()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def webhook_event_process(event_id: int) -> str:
    return services.webhook_event_process(event_id)


class RecordingTask(RowTask):
    retry_on = (TelephonyError, OperationalError)
    backoff_base = 30.0
    backoff_cap = 3600.0
    gave_up_reason = "The recording could not be copied ({error})."

    def mark_failed(self, task_args: tuple, reason: str, *, timed_out: bool) -> None:
        (call_id,) = task_args
        Call.objects.filter(pk=call_id).update(error=reason)


@shared_task(base=RecordingTask)
def call_recording_store(call_id: int) -> str:
    return services.call_recording_store(call_id)


class ScoringTask(RowTask):
    """Scores a phone screen's answers; on its last failure the screen says why."""

    retry_on = (TransientProviderError, OperationalError)
    backoff_base = 10.0
    backoff_cap = 900.0
    timeout_reason = "Scoring took too long and was stopped."
    gave_up_reason = "The AI service kept failing ({error})."

    def mark_failed(self, task_args: tuple, reason: str, *, timed_out: bool) -> None:
        services.phone_screen_scoring_mark_failed(phone_screen_id=task_args[0], reason=reason)


@shared_task(base=ScoringTask)
def phone_screen_score(phone_screen_id: int) -> None:
    services.phone_screen_score(phone_screen_id)


@shared_task
def requeue_stuck_phone_screen_scorings() -> int:
    return services.phone_screen_scorings_requeue_stuck()


@shared_task(soft_time_limit=300, time_limit=360)
def simulate_call(call_id: int, sid: str) -> str:
    # Imported here: the simulation drives the views, the top layer of the app.
    from voice import simulation

    return simulation.simulate_call(call_id, sid)
