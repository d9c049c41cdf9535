"""A lower layer tells the ones above through signals (``recruiting.signals``,
``ai.signals``) instead of importing them: each app's receivers are connected when Django
starts, and do what the lower layer used to do itself."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from ai import services as ai_services
from ai.models import JobGeneration, Screening
from ai.services import ranking
from interviews import services as interview_services
from interviews import tasks as interview_tasks
from interviews.models import Interview
from recruiting import roles
from recruiting.models import PossibleDuplicate
from recruiting.services import DecisionError, candidate_duplicate_resolve
from tests.factories import ApplicationFactory, CandidateFactory, ResumeFactory, UserFactory

pytestmark = pytest.mark.django_db


def _duplicate_pair_on_one_job():
    kept, gone = CandidateFactory(name="John Smith"), CandidateFactory(name="Jane Smith")
    first = ApplicationFactory(candidate=kept)
    second = ApplicationFactory(candidate=gone, job=first.job)
    duplicate = PossibleDuplicate.objects.create(
        existing=kept, candidate=gone, matched_on=PossibleDuplicate.MatchedOn.EMAIL
    )
    return duplicate, first, second


def _recruiter():
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=roles.RECRUITER)[0])
    return user


def _interview(application, *, days: int):
    start = timezone.now() + timedelta(days=days)
    return Interview.objects.create(
        application=application,
        starts_at=start,
        ends_at=start + timedelta(minutes=45),
        ics_uid=f"interview-{application.pk}@example.com",
    )


def test_a_merge_refuses_two_scheduled_interviews_on_one_job():
    duplicate, first, second = _duplicate_pair_on_one_job()
    _interview(first, days=2)
    _interview(second, days=3)
    with pytest.raises(DecisionError, match="have an interview scheduled"):
        candidate_duplicate_resolve(duplicate=duplicate, action="merge", by=_recruiter())
    duplicate.refresh_from_db()
    assert duplicate.status == PossibleDuplicate.Status.OPEN
    assert second.candidate.applications.count() == 1  # nothing was moved


def test_a_merge_drops_the_folded_applications_unfinished_screening_and_reranks(monkeypatch):
    queued = []
    monkeypatch.setattr(ranking, "enqueue", lambda name, *args, **kw: queued.append((name, args)))
    duplicate, first, second = _duplicate_pair_on_one_job()
    done = Screening.objects.create(
        application=first, resume=ResumeFactory(), status=Screening.Status.DONE
    )
    Screening.objects.create(application=second, resume=ResumeFactory())
    candidate_duplicate_resolve(duplicate=duplicate, action="merge", by=_recruiter())
    assert list(Screening.objects.all()) == [done]
    assert queued == [("ai.tasks.rerank_job", (first.job_id,))]


def test_a_new_draft_of_the_requirements_marks_the_questions_stale(db):
    application = ApplicationFactory()
    job = application.job
    interview_services.job_questions_generate(job)
    assert not job.screening_questions.filter(stale_since__isnull=False).exists()
    job.requirements = {"must_have": [{"id": "cobol", "text": "COBOL", "weight": 1.0}]}
    job.save(update_fields=["requirements"])
    ai_services.job_requirements_generate(job)
    assert all(q.stale_since for q in job.screening_questions.all())


def test_the_questions_task_drafts_on_the_claimed_row(db):
    job = ApplicationFactory().job
    interview_tasks.generate_job_questions.apply(args=[job.pk])
    row = JobGeneration.objects.get(job=job, kind=JobGeneration.Kind.QUESTIONS)
    assert row.status == JobGeneration.Status.DONE
    assert job.screening_questions.exists()
