"""Drafting requirements and questions is a claimed row: a redelivered task drafts nothing
twice, approved requirements are never replaced, and a failure is shown to HR."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ai import services, tasks
from ai.models import AIRun, JobGeneration
from ai.providers import TransientProviderError
from ai.services import calls
from interviews import tasks as interview_tasks
from recruiting import roles
from tests.recruiting.test_views import user_with

pytestmark = pytest.mark.django_db

REQUIREMENTS = JobGeneration.Kind.REQUIREMENTS
QUESTIONS = JobGeneration.Kind.QUESTIONS


@pytest.fixture
def manager(job):
    user = user_with(roles.HIRING_MANAGER, username="manager")
    job.hiring_manager = user
    job.save(update_fields=["hiring_manager"])
    return user


def _row(job, kind):
    return JobGeneration.objects.get(job=job, kind=kind)


def test_the_task_run_twice_drafts_the_requirements_once(job):
    tasks.generate_job_requirements.apply(args=[job.pk])
    tasks.generate_job_requirements.apply(args=[job.pk])  # a redelivered message
    job.refresh_from_db()
    assert job.requirements["must_have"]
    assert AIRun.objects.filter(job=job, purpose="requirements").count() == 1
    row = _row(job, REQUIREMENTS)
    assert row.status == JobGeneration.Status.DONE and row.attempts == 1


def test_the_question_task_run_twice_writes_the_questions_once(job):
    interview_tasks.generate_job_questions.apply(args=[job.pk])
    first = set(job.screening_questions.values_list("pk", flat=True))
    interview_tasks.generate_job_questions.apply(args=[job.pk])
    assert first and set(job.screening_questions.values_list("pk", flat=True)) == first
    assert _row(job, QUESTIONS).status == JobGeneration.Status.DONE


def test_asking_again_reopens_the_row_and_queues_one_task(job, django_capture_on_commit_callbacks):
    interview_tasks.generate_job_questions.apply(args=[job.pk])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert services.job_generation_request(job_id=job.pk, kind=QUESTIONS)
    assert len(callbacks) == 1
    assert _row(job, QUESTIONS).attempts == 2
    JobGeneration.objects.filter(job=job, kind=QUESTIONS).update(status="running")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert not services.job_generation_request(job_id=job.pk, kind=QUESTIONS)
    assert callbacks == []


def test_a_stuck_running_row_is_claimed_again(job):
    long_ago = timezone.now() - services.STUCK_AFTER * 2
    JobGeneration.objects.create(job=job, kind=REQUIREMENTS, status="running", claimed_at=long_ago)
    tasks.generate_job_requirements.apply(args=[job.pk])
    assert _row(job, REQUIREMENTS).status == JobGeneration.Status.DONE


def test_approved_requirements_are_never_replaced(job, manager):
    approved = {"must_have": [{"id": "cobol", "text": "COBOL", "weight": 1.0}]}
    services.job_requirements_approve(job, user=manager, requirements=approved)
    job.refresh_from_db()
    before = job.requirements

    services.job_requirements_generate(job)
    tasks.generate_job_requirements.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.requirements == before and job.requirements_approved_by == manager
    assert not AIRun.objects.filter(job=job, purpose="requirements").exists()


def test_an_approval_while_the_model_answers_wins(job, manager, monkeypatch):
    real = calls.generate

    def approve_meanwhile(*args, **kwargs):
        answer = real(*args, **kwargs)
        services.job_requirements_approve(
            job.__class__.objects.get(pk=job.pk),
            user=manager,
            requirements={"must_have": [{"id": "cobol", "text": "COBOL", "weight": 1.0}]},
        )
        return answer

    monkeypatch.setattr(calls, "generate", approve_meanwhile)
    kept = services.job_requirements_generate(job)
    job.refresh_from_db()
    assert [r["text"] for r in job.requirements["must_have"]] == ["COBOL"]
    assert job.requirements_approved_at is not None
    assert [r.text for r in kept.must_have] == ["COBOL"]


def test_an_unusable_answer_is_recorded_on_the_row_and_shown_with_a_retry(
    client, job, manager, monkeypatch, django_capture_on_commit_callbacks
):
    def unusable(*args, **kwargs):
        raise services.GenerationFailed("The model's answer was unusable twice.")

    monkeypatch.setattr(calls, "generate", unusable)
    tasks.generate_job_requirements.apply(args=[job.pk])
    row = _row(job, REQUIREMENTS)
    assert row.status == JobGeneration.Status.FAILED
    assert row.error == (
        "Drafting requirements failed: The model's answer was unusable twice. Try again."
    )
    client.force_login(manager)
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "Drafting requirements failed: The model&#x27;s answer was unusable twice." in page
    assert reverse("requirements_generate", args=[job.pk]) in page

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("requirements_generate", args=[job.pk]))
    assert _row(job, REQUIREMENTS).status == JobGeneration.Status.DONE
    job.refresh_from_db()
    assert job.requirements["must_have"]


def test_the_last_transient_failure_marks_the_row_failed(job, monkeypatch):
    def overloaded(*args, **kwargs):
        raise TransientProviderError("529 overloaded")

    monkeypatch.setattr(calls, "generate", overloaded)
    interview_tasks.generate_job_questions.apply(args=[job.pk], retries=tasks.AITask.max_retries)
    row = _row(job, QUESTIONS)
    assert row.status == JobGeneration.Status.FAILED
    assert row.error.startswith("Writing the questions failed: The AI service kept failing")


def test_a_transient_failure_puts_the_row_back_for_the_retry(job, monkeypatch):
    def overloaded(*args, **kwargs):
        raise TransientProviderError("529 overloaded")

    monkeypatch.setattr(calls, "generate", overloaded)
    with pytest.raises(TransientProviderError):
        services.job_generation_run(job_id=job.pk, kind=REQUIREMENTS)
    assert _row(job, REQUIREMENTS).status == JobGeneration.Status.PENDING


def test_approved_requirements_cannot_be_redrafted_from_the_page(
    client, job, manager, django_capture_on_commit_callbacks
):
    services.job_requirements_approve(
        job, user=manager, requirements=services.job_requirements_for(job).to_dict()
    )
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(reverse("requirements_generate", args=[job.pk]))
    assert callbacks == []
