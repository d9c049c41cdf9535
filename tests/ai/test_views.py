"""HR actions on the AI's work, through the pages, with each role's limits."""

import pytest
from django.urls import reverse

from ai.models import Screening
from interviews.models import ScreeningQuestion
from recruiting.models import Application, Event
from tests.recruiting.test_views import world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def screened(world):  # noqa: F811
    app = world["app_a"]
    app.resume.text = "Jane Doe\nSenior engineer\nBuilt Django services on PostgreSQL 15.\n"
    app.resume.save()
    screening = Screening.objects.create(
        application=app,
        resume=app.resume,
        status=Screening.Status.DONE,
        score=81,
        recommendation="advance",
        summary="Strong Django background.",
        criteria=[
            {
                "requirement": "Django",
                "score": 90,
                "evidence": ["Built Django services on PostgreSQL 15."],
            },
            {"requirement": "Kubernetes", "score": 0, "evidence": []},
        ],
    )
    return {**world, "screening": screening}


def test_the_candidate_page_highlights_the_quoted_evidence(client, screened):
    client.force_login(screened["recruiter"])
    html = client.get(reverse("application_detail", args=[screened["app_a"].pk])).content.decode()
    assert "<mark>Built Django services on PostgreSQL 15.</mark>" in html
    assert 'class="chip met">90%' in html and 'class="chip missing">0%' in html


def test_requirements_are_edited_as_lines_and_approved(
    client, screened, django_capture_on_commit_callbacks
):
    client.force_login(screened["manager_a"])
    job = screened["job_a"]
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("requirements_save", args=[job.pk]),
            {
                "requirements-must_have": "5+ years of Python\nDjango\nPostgreSQL",
                "requirements-nice_to_have": "Kubernetes",
                "requirements-min_years": "5",
                "requirements-seniority": "senior",
                "requirements-knockouts": "Are you authorised to work in Canada?",
            },
        )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.requirements_approved_by == screened["manager_a"]
    must = job.requirements["must_have"]
    assert [r["text"] for r in must][:1] and any("Python" in r["skills"] for r in must)
    assert job.requirements["knockouts"] == ["Are you authorised to work in Canada?"]
    # Changed requirements mean every screened candidate is screened again.
    assert Screening.objects.filter(
        application=screened["app_a"], status=Screening.Status.PENDING
    ).exists()


def test_an_interviewer_cannot_change_requirements_or_override(client, screened):
    client.force_login(screened["interviewer_a"])
    job, app = screened["job_a"], screened["app_a"]
    assert client.post(reverse("requirements_approve", args=[job.pk])).status_code == 404
    response = client.post(
        reverse("application_override", args=[app.pk]),
        {"override-rank": 1, "override-reason": "I like them"},
    )
    assert response.status_code == 404
    app.refresh_from_db()
    assert app.rank_override is None


def test_an_override_needs_a_reason_and_is_kept_on_the_timeline(client, screened):
    client.force_login(screened["recruiter"])
    app = screened["app_a"]
    url = reverse("application_override", args=[app.pk])
    client.post(url, {"override-rank": 1, "override-reason": ""})
    app.refresh_from_db()
    assert app.rank_override is None
    client.post(
        url,
        {
            "override-rank": 1,
            "override-recommendation": "advance",
            "override-reason": "Led the same migration we are planning",
        },
    )
    app.refresh_from_db()
    assert app.rank_override == 1 and app.effective_rank == 1
    assert app.override_reason == "Led the same migration we are planning"
    event = app.events.get(kind=Event.Kind.OVERRIDDEN)
    assert event.actor == screened["recruiter"] and "migration" in event.message


def test_interviewers_may_agree_or_disagree_on_their_jobs_only(client, screened):
    client.force_login(screened["interviewer_a"])
    screening = screened["screening"]
    client.post(
        reverse("screening_feedback", args=[screening.pk]),
        {"verdict": "disagree", "corrected_score": "60", "note": "Little ops work"},
    )
    screening.refresh_from_db()
    assert screening.feedback == "disagree" and screening.corrected_score == 60
    assert screening.feedback_by == screened["interviewer_a"]
    other = Screening.objects.create(application=screened["app_b"], status="done", score=50)
    response = client.post(reverse("screening_feedback", args=[other.pk]), {"verdict": "agree"})
    assert response.status_code == 404


def test_questions_are_approved_by_hr_before_any_call_uses_them(client, screened):
    job = screened["job_a"]
    first = ScreeningQuestion.objects.create(job=job, text="Tell me about a Django migration.")
    second = ScreeningQuestion.objects.create(job=job, text="How do you index a table?")
    client.force_login(screened["interviewer_a"])
    assert client.post(reverse("questions_approve", args=[job.pk])).status_code == 404
    client.force_login(screened["manager_a"])
    client.post(reverse("questions_approve", args=[job.pk]), {"questions": [first.pk]})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.approved_at and first.approved_by == screened["manager_a"]
    assert second.approved_at is None
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "Tell me about a Django migration." in page and "Draft" in page


def test_screen_again_from_the_ranked_list(client, screened, django_capture_on_commit_callbacks):
    client.force_login(screened["recruiter"])
    app = screened["app_a"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("job_bulk_action", args=[app.job.pk]),
            {"action": "screen", "applications": [app.pk]},
        )
    assert app.screenings.count() == 2
    app.refresh_from_db()
    assert app.stage == Application.Stage.SCREENED
