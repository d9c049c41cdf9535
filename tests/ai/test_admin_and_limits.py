"""The AI back office (audit log totals, agreement, per-job cost) and the per-job limit."""

import pytest
from django.urls import reverse

from ai import services
from ai.concurrency import SlotUnavailable, job_slot, slots_in_use
from ai.models import AIRun, JobGeneration, Screening
from ai.services import calls
from tests.ai.conftest import STRONG_RESUME, WEAK_RESUME
from tests.factories import JobFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = UserFactory(username="root", is_superuser=True)
    client.force_login(user)
    return client, user


def test_cost_totals_and_agreement_in_the_admin(admin_client, job, make_application):
    client, user = admin_client
    strong = services.application_screen(make_application(STRONG_RESUME).pk)
    weak = services.application_screen(make_application(WEAK_RESUME).pk)
    AIRun.objects.filter(pk=strong.ai_run_id).update(cost_usd="0.012500", input_tokens=1000)
    services.screening_feedback_record(strong, user=user, verdict="agree")
    services.screening_feedback_record(weak, user=user, verdict="disagree", corrected_score=30)

    page = client.get(reverse("admin:ai_airun_changelist") + f"?job__id__exact={job.pk}")
    assert page.status_code == 200
    assert "Totals of the 2 calls listed" in page.content.decode()
    assert "$0.0125" in page.content.decode()

    page = client.get(reverse("admin:ai_screening_changelist")).content.decode()
    assert "Agreement with HR by prompt version" in page
    assert "screen_resume/v2" in page and "50%" in page

    page = client.get(reverse("admin:ai_jobaistats_changelist")).content.decode()
    assert job.title in page and "0.0125" in page and "50%" in page


def test_feedback_from_the_screening_form_goes_through_the_service(admin_client, make_application):
    client, user = admin_client
    screening = services.application_screen(make_application(STRONG_RESUME).pk)
    url = reverse("admin:ai_screening_change", args=[screening.pk])
    response = client.post(
        url, {"feedback": "disagree", "corrected_score": "40", "feedback_note": "Too generous."}
    )
    assert response.status_code == 302
    screening.refresh_from_db()
    assert screening.feedback == "disagree" and screening.feedback_by == user
    assert screening.application.events.filter(kind="feedback").exists()


def test_admin_actions_on_a_job(
    admin_client, job, make_application, django_capture_on_commit_callbacks
):
    client, _ = admin_client
    make_application(STRONG_RESUME)
    url = reverse("admin:ai_jobaistats_changelist")
    for action in ("generate_requirements", "generate_questions", "approve_questions"):
        # Drafting is queued on commit and runs in the (eager) worker.
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"action": action, "_selected_action": [job.pk]})
        assert response.status_code == 302
    job.refresh_from_db()
    assert job.requirements["must_have"]
    assert job.screening_questions.filter(approved_at__isnull=False).count() >= 3
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "screen_all", "_selected_action": [job.pk]})
    assert Screening.objects.filter(status=Screening.Status.DONE).count() == 1
    assert job.applications.get().rank == 1


def test_generate_actions_queue_the_drafts_instead_of_calling_the_model(
    admin_client, job, django_capture_on_commit_callbacks, monkeypatch
):
    client, _ = admin_client
    other = JobFactory()
    url = reverse("admin:ai_jobaistats_changelist")

    def no_model_in_the_request(*args, **kwargs):
        raise AssertionError("the model was called inside the request")

    monkeypatch.setattr(calls, "generate", no_model_in_the_request)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            url,
            {"action": "generate_requirements", "_selected_action": [job.pk, other.pk]},
            follow=True,
        )
    assert len(callbacks) == 2
    assert "Queued 2 jobs for requirements." in response.content.decode()
    rows = JobGeneration.objects.filter(kind="requirements")
    assert {row.job_id for row in rows} == {job.pk, other.pk}
    assert all(row.status == JobGeneration.Status.PENDING for row in rows)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            url, {"action": "generate_questions", "_selected_action": [job.pk]}, follow=True
        )
    assert len(callbacks) == 1
    assert "Queued 1 job for phone-screen questions." in response.content.decode()
    assert not AIRun.objects.exists()


def test_the_generate_action_skips_approved_requirements(
    admin_client, job, django_capture_on_commit_callbacks
):
    client, user = admin_client
    services.job_requirements_approve(
        job, user=user, requirements=services.job_requirements_for(job).to_dict()
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("admin:ai_jobaistats_changelist"),
            {"action": "generate_requirements", "_selected_action": [job.pk]},
            follow=True,
        )
    assert callbacks == []
    assert "Skipped 1 job whose requirements HR approved" in response.content.decode()


def test_the_per_job_limit(settings):
    settings.AI_MAX_CONCURRENCY_PER_JOB = 2
    with job_slot(7), job_slot(7):
        assert slots_in_use(7) == 2
        with pytest.raises(SlotUnavailable) as full, job_slot(7):
            pass
        assert full.value.retry_after > 0
        with job_slot(8):  # another job is not held up
            pass
    assert slots_in_use(7) == 0


def test_a_full_job_puts_the_screening_back(settings, job, make_application, monkeypatch):
    settings.AI_MAX_CONCURRENCY_PER_JOB = 1
    monkeypatch.setattr("ai.providers.local.LocalProvider.metered", True)
    application = make_application(STRONG_RESUME)
    with job_slot(job.pk), pytest.raises(SlotUnavailable):
        services.application_screen(application.pk)
    assert application.screenings.get().status == Screening.Status.PENDING
    assert services.application_screen(application.pk).status == Screening.Status.DONE


def test_stuck_screenings_are_requeued_then_given_up(
    job, make_application, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    application = make_application(STRONG_RESUME)
    screening = Screening.objects.create(
        application=application,
        resume=application.resume,
        status=Screening.Status.RUNNING,
        attempts=1,
    )
    Screening.objects.filter(pk=screening.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.screenings_requeue_stuck() == 1
    screening.refresh_from_db()
    assert screening.status == Screening.Status.DONE

    stuck = Screening.objects.create(
        application=make_application(STRONG_RESUME), status=Screening.Status.RUNNING, attempts=3
    )
    Screening.objects.filter(pk=stuck.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    assert services.screenings_requeue_stuck() == 0
    stuck.refresh_from_db()
    assert stuck.status == Screening.Status.FAILED and "kept failing" in stuck.error


def test_a_failed_draft_is_queued_again_from_its_row(
    admin_client, job, django_capture_on_commit_callbacks
):
    client, _ = admin_client
    row = JobGeneration.objects.create(
        job=job, kind="questions", status="failed", error="Writing the questions failed."
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:ai_jobgeneration_changelist"),
            {"action": "draft_again", "_selected_action": [row.pk]},
            follow=True,
        )
    assert "Queued 1 draft." in response.content.decode()
    row.refresh_from_db()
    assert row.status == JobGeneration.Status.DONE and not row.error
