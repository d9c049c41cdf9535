import csv
import io

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recruiting.models import Application, Candidate
from tests.factories import ApplicationFactory, JobFactory, ResumeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    user = UserFactory(username="root", is_superuser=True)
    client.force_login(user)
    return client


def test_every_model_is_in_the_back_office():
    missing = [
        model._meta.label
        for app in ("recruiting", "ai", "voice", "interviews")
        for model in apps.get_app_config(app).get_models()
        if model not in admin.site._registry
    ]
    assert missing == []


@pytest.mark.parametrize("model", admin.site._registry, ids=lambda model: model._meta.label)
def test_changelist_and_add_pages_render(superuser_client, model):
    ApplicationFactory()
    ResumeFactory()
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert superuser_client.get(url).status_code == 200
    add = superuser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert add.status_code in (200, 403)


def test_job_and_candidate_pages_show_their_applications_and_resumes(superuser_client):
    application = ApplicationFactory(candidate__name="Maya Okafor", job__title="Backend Engineer")
    ResumeFactory(candidate=application.candidate, original_name="maya.pdf")
    job_page = superuser_client.get(
        reverse("admin:recruiting_job_change", args=[application.job.pk])
    )
    assert b"Maya Okafor" in job_page.content
    candidate_page = superuser_client.get(
        reverse("admin:recruiting_candidate_change", args=[application.candidate.pk])
    )
    assert b"Backend Engineer" in candidate_page.content
    assert b"maya.pdf" in candidate_page.content


def _bulk_applications(job, count):
    candidates = Candidate.objects.bulk_create(
        Candidate(name=f"Person {i}", email=f"p{job.pk}-{i}@example.org") for i in range(count)
    )
    Application.objects.bulk_create(
        Application(candidate=c, job=job, rank=i + 1, overall_score=90 - (i % 90))
        for i, c in enumerate(candidates)
    )


def test_application_changelist_queries_do_not_grow_with_rows(superuser_client):
    url = reverse("admin:recruiting_application_changelist")
    small_job = JobFactory()
    _bulk_applications(small_job, 20)
    with CaptureQueriesContext(connection) as small:
        assert superuser_client.get(url).status_code == 200

    _bulk_applications(JobFactory(), 10_000)
    with CaptureQueriesContext(connection) as large:
        response = superuser_client.get(url)
    assert response.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)

    with CaptureQueriesContext(connection) as job_page:
        response = superuser_client.get(reverse("admin:recruiting_job_change", args=[small_job.pk]))
    assert response.status_code == 200
    assert len(job_page.captured_queries) < 40


@pytest.fixture
def recruiter_client(client):
    from django.contrib.auth.models import Group

    user = UserFactory(username="recruiter-admin", is_staff=True)
    user.groups.add(Group.objects.get(name="Recruiter"))
    client.force_login(user)
    return client


def _act(client, action, applications, **extra):
    return client.post(
        reverse("admin:recruiting_application_changelist"),
        {"action": action, "_selected_action": [a.pk for a in applications], **extra},
    )


def test_admin_actions_shortlist_and_reject_with_a_reason(recruiter_client):
    first, second = ApplicationFactory(), ApplicationFactory()
    _act(recruiter_client, "shortlist", [first])
    first.refresh_from_db()
    assert first.stage == Application.Stage.SHORTLISTED

    page = _act(recruiter_client, "reject_with_reason", [second])
    assert page.status_code == 200 and b"Reason" in page.content
    second.refresh_from_db()
    assert second.stage == Application.Stage.NEW  # nothing happens before a reason
    _act(recruiter_client, "reject_with_reason", [second], confirm="1", reason="")
    second.refresh_from_db()
    assert second.stage == Application.Stage.NEW
    _act(
        recruiter_client,
        "reject_with_reason",
        [second],
        confirm="1",
        reason="Role requires on-site presence",
    )
    second.refresh_from_db()
    assert second.stage == Application.Stage.REJECTED
    assert second.rejection_reason == "Role requires on-site presence"


def test_admin_export_is_a_csv_that_spreadsheets_cannot_execute(recruiter_client):
    application = ApplicationFactory(candidate__name='=HYPERLINK("http://x")', rank=3)
    response = _act(recruiter_client, "export_csv", [application])
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "candidate" and len(rows) == 2
    assert rows[1][0].startswith("'=")
    assert rows[1][5] == "3"


def test_admin_screen_again_queues_a_screening(
    recruiter_client, django_capture_on_commit_callbacks
):
    from ai.models import Screening

    resume = ResumeFactory()
    application = ApplicationFactory(candidate=resume.candidate, resume=resume)
    with django_capture_on_commit_callbacks(execute=False):
        _act(recruiter_client, "screen_again", [application])
    assert Screening.objects.filter(application=application).count() == 1
