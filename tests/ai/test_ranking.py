"""Ranking per job, HR overrides and feedback."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ai import services, tasks
from ai.models import Screening
from recruiting.models import Application, Event
from tests.ai.conftest import STRONG_RESUME
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(db):
    return UserFactory()


def scored(make_application, resume_score, phone_score=None, **fields):
    return make_application(
        STRONG_RESUME,
        resume_score=Decimal(str(resume_score)),
        phone_score=None if phone_score is None else Decimal(str(phone_score)),
        **fields,
    )


def ranks(job):
    return list(Application.objects.filter(job=job).order_by("pk").values_list("rank", flat=True))


def test_overall_blends_the_phone_score_and_ties_break_deterministically(job, make_application):
    job.phone_screen_weight = 40
    job.save()
    a = scored(make_application, 80)  # overall 80
    b = scored(make_application, 70, phone_score=95)  # 0.6 * 70 + 0.4 * 95 = 80, lower resume
    c = scored(make_application, 80)  # ties a on both: the older application first
    d = scored(make_application, 90, stage=Application.Stage.WITHDRAWN)
    e = make_application(STRONG_RESUME)  # not screened yet
    services.job_rerank(job.pk)
    rows = {x.pk: x for x in Application.objects.filter(job=job)}
    assert rows[b.pk].overall_score == Decimal("80.00")
    assert [rows[x.pk].rank for x in (a, c, b)] == [1, 2, 3]
    assert rows[d.pk].rank is None and rows[e.pk].rank is None
    assert rows[d.pk].overall_score == Decimal("90.00")


def test_rerank_is_one_read_and_one_write(job, make_application, django_assert_max_num_queries):
    for score in range(30, 90, 3):
        scored(make_application, score)
    with django_assert_max_num_queries(3):  # the job, its applications, one bulk UPDATE
        assert services.job_rerank(job.pk) == 20
    with django_assert_max_num_queries(2):  # nothing changed: nothing written
        assert services.job_rerank(job.pk) == 0


def test_a_rank_override_pins_the_application_and_is_kept_with_its_reason(
    job, make_application, hr, django_capture_on_commit_callbacks
):
    apps = [scored(make_application, s) for s in (90, 80, 70, 60)]
    services.job_rerank(job.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_override(
            apps[3], user=hr, rank=1, reason="Referred by the hiring manager; strong portfolio."
        )
    assert ranks(job) == [2, 3, 4, 1]
    apps[3].refresh_from_db()
    assert apps[3].effective_rank == 1 and apps[3].overridden_by == hr
    event = apps[3].events.get(kind=Event.Kind.OVERRIDDEN)
    assert event.actor == hr and "strong portfolio" in event.message
    assert event.data["previous"]["rank"] == 4 and event.data["rank"] == 1

    # Later screenings re-rank around the pinned application.
    scored(make_application, 99)
    services.job_rerank(job.pk)
    assert ranks(job) == [3, 4, 5, 1, 2]

    with django_capture_on_commit_callbacks(execute=True):
        services.application_override(apps[3], user=hr, clear=True, reason="Back to the AI rank.")
    assert ranks(job) == [2, 3, 4, 5, 1]


def test_a_recommendation_override_needs_a_reason(job, make_application, hr):
    application = scored(make_application, 40, recommendation="reject")
    with pytest.raises(ValidationError, match="reason"):
        services.application_override(application, user=hr, recommendation="advance", reason=" ")
    with pytest.raises(ValidationError):
        services.application_override(application, user=hr, recommendation="maybe", reason="x")
    with pytest.raises(ValidationError):
        services.application_override(application, user=hr, rank=0, reason="x")
    services.application_override(
        application, user=hr, recommendation="advance", reason="Career changer; great projects."
    )
    application.refresh_from_db()
    assert application.effective_recommendation == "advance"
    assert application.recommendation == "reject"  # the AI's word is kept beside HR's
    assert application.override_reason == "Career changer; great projects."


def test_many_screenings_finishing_together_cause_one_rerank(
    job, make_application, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.AI_RERANK_DELAY_SECONDS = 5
    sent = []
    monkeypatch.setattr(tasks.rerank_job, "apply_async", lambda *a, **kw: sent.append((a, kw)))
    applications = [make_application(STRONG_RESUME) for _ in range(5)]
    with django_capture_on_commit_callbacks(execute=True):
        for application in applications:
            services.application_screen(application.pk)
    assert len(sent) == 1
    assert sent[0] == (((job.pk,),), {"countdown": 5})
    # Once the re-rank runs, the next screening schedules another.
    services.job_rerank(job.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.job_rerank_request(job.pk)
    assert len(sent) == 2


def test_feedback_is_recorded_and_validated(job, make_application, hr):
    application = make_application(STRONG_RESUME)
    screening = services.application_screen(application.pk)
    with pytest.raises(ValidationError):
        services.screening_feedback_record(screening, user=hr, verdict="meh")
    with pytest.raises(ValidationError, match="between 0 and 100"):
        services.screening_feedback_record(
            screening, user=hr, verdict="disagree", corrected_score=140
        )
    services.screening_feedback_record(
        screening, user=hr, verdict="disagree", corrected_score="55.5", note="No Kubernetes."
    )
    screening.refresh_from_db()
    assert screening.feedback == "disagree" and screening.corrected_score == Decimal("55.50")
    assert screening.feedback_by == hr and screening.feedback_note == "No Kubernetes."
    event = application.events.get(kind=Event.Kind.FEEDBACK)
    assert event.data["prompt_version"] == "screen_resume/v2"

    pending = Screening.objects.create(application=make_application(STRONG_RESUME))
    with pytest.raises(ValidationError, match="finished"):
        services.screening_feedback_record(pending, user=hr, verdict="agree")
