"""A scoring whose worker died is queued again by the sweeper, up to a few claims, then
failed with a reason HR reads; HR sends a failed scoring to be scored again from the page."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from recruiting import roles
from recruiting.models import Event
from tests.factories import ApplicationFactory, UserFactory
from voice import services
from voice.models import PhoneScreen
from voice.services.scoring import MAX_SCORING_ATTEMPTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    sent = []
    monkeypatch.setattr(
        "voice.services.scoring.enqueue", lambda name, *args, **kwargs: sent.append((name, args))
    )
    return sent


def _screen(application, now, *, scoring_status, attempts=1, age=dt.timedelta()):
    screen = PhoneScreen.objects.create(
        application=application,
        status=PhoneScreen.Status.COMPLETED,
        scoring_status=scoring_status,
        scoring_attempts=attempts,
    )
    PhoneScreen.objects.filter(pk=screen.pk).update(updated_at=now.value - age)
    return screen


def _past_time_limit():
    return dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT) + dt.timedelta(minutes=2)


def test_a_claim_older_than_the_time_limit_is_queued_again_and_a_fresh_one_is_left(
    application, now, queued
):
    stuck = _screen(application, now, scoring_status="running", age=_past_time_limit())
    fresh = _screen(
        ApplicationFactory(), now, scoring_status="running", age=dt.timedelta(seconds=30)
    )

    assert services.phone_screen_scorings_requeue_stuck() == 1

    assert queued == [("voice.tasks.phone_screen_score", (stuck.pk,))]
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.scoring_status == PhoneScreen.Scoring.PENDING
    assert fresh.scoring_status == PhoneScreen.Scoring.RUNNING
    # The task, redelivered or re-sent, can claim it now; the sweep does not send it twice.
    assert services.phone_screen_scorings_requeue_stuck() == 0


def test_a_queued_scoring_whose_message_was_lost_is_sent_again(application, now, queued):
    lost = _screen(application, now, scoring_status="pending", age=dt.timedelta(hours=1))
    waiting = _screen(
        ApplicationFactory(), now, scoring_status="pending", age=dt.timedelta(minutes=5)
    )
    assert services.phone_screen_scorings_requeue_stuck() == 1
    assert queued == [("voice.tasks.phone_screen_score", (lost.pk,))]
    waiting.refresh_from_db()
    assert waiting.scoring_status == PhoneScreen.Scoring.PENDING


def test_after_the_last_attempt_a_stuck_scoring_fails_with_a_reason(application, now, queued):
    screen = _screen(
        application,
        now,
        scoring_status="running",
        attempts=MAX_SCORING_ATTEMPTS,
        age=_past_time_limit(),
    )
    assert services.phone_screen_scorings_requeue_stuck() == 0
    assert queued == []
    screen.refresh_from_db()
    assert screen.scoring_status == PhoneScreen.Scoring.FAILED
    assert "stopped before it finished" in screen.scoring_error
    assert "Score again" in screen.scoring_error


def test_the_sweep_runs_on_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["requeue-stuck-phone-screen-scorings"]
    assert entry["task"] == "voice.tasks.requeue_stuck_phone_screen_scorings"


def _page(user, application):
    client = Client()
    client.force_login(user)
    return client.get(reverse("application_detail", args=[application.pk])).content.decode()


def test_score_again_is_offered_only_on_a_failed_scoring(recruiter, application, now):
    screen = _screen(application, now, scoring_status="done")
    button = reverse("voice:phone_screen_score_again", args=[screen.pk])
    assert button not in _page(recruiter, application)
    PhoneScreen.objects.filter(pk=screen.pk).update(
        scoring_status="failed", scoring_error="The AI service kept failing."
    )
    html = _page(recruiter, application)
    assert "Scoring failed: The AI service kept failing." in html
    assert button in html and "Score again" in html


def test_score_again_queues_the_scoring_afresh_and_says_so_on_the_timeline(
    recruiter, application, now, queued
):
    screen = _screen(application, now, scoring_status="failed", attempts=MAX_SCORING_ATTEMPTS)
    client = Client()
    client.force_login(recruiter)
    url = reverse("voice:phone_screen_score_again", args=[screen.pk])
    response = client.post(url, follow=True)
    assert "being scored again" in response.content.decode()
    screen.refresh_from_db()
    assert (screen.scoring_status, screen.scoring_attempts, screen.scoring_error) == (
        PhoneScreen.Scoring.PENDING,
        0,
        "",
    )
    assert queued == [("voice.tasks.phone_screen_score", (screen.pk,))]
    event = Event.objects.get(message="Phone screen sent to be scored again.")
    assert event.actor == recruiter and event.application == application
    # Asked twice, it is queued once.
    assert "already scored or being scored" in client.post(url, follow=True).content.decode()
    assert len(queued) == 1


def test_another_jobs_recruiter_cannot_score_again(application, now, queued):
    screen = _screen(application, now, scoring_status="failed")
    other_manager = UserFactory()
    other_manager.groups.add(Group.objects.get_or_create(name=roles.HIRING_MANAGER)[0])
    ApplicationFactory(job__hiring_manager=other_manager)
    client = Client()
    client.force_login(other_manager)
    response = client.post(reverse("voice:phone_screen_score_again", args=[screen.pk]))
    assert response.status_code == 404
    screen.refresh_from_db()
    assert screen.scoring_status == PhoneScreen.Scoring.FAILED and queued == []
