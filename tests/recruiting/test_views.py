"""The HR pages: who can see what, uploads with progress, decisions, and safety."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recruiting import roles
from recruiting.accounts import staff_invite
from recruiting.models import Application, Candidate, Event, ImportBatch, Resume
from tests.factories import ApplicationFactory, JobFactory, ResumeFactory, UserFactory

pytestmark = pytest.mark.django_db
DEMO = Path(__file__).resolve().parents[2] / "recruiting" / "demo" / "resumes"


def user_with(role, **kwargs):
    user = UserFactory(is_staff=role == roles.RECRUITER, **kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def world():
    """Two jobs, each with its own manager, interviewer and one candidate."""
    manager_a = user_with(roles.HIRING_MANAGER, username="manager-a")
    manager_b = user_with(roles.HIRING_MANAGER, username="manager-b")
    interviewer_a = user_with(roles.INTERVIEWER, username="interviewer-a")
    job_a = JobFactory(title="Job A", hiring_manager=manager_a)
    job_a.interviewers.add(interviewer_a)
    job_b = JobFactory(title="Job B", hiring_manager=manager_b)
    resume_a = ResumeFactory(candidate__name="Alice Candidate")
    resume_b = ResumeFactory(candidate__name="Bob Candidate")
    app_a = ApplicationFactory(job=job_a, candidate=resume_a.candidate, resume=resume_a)
    app_b = ApplicationFactory(job=job_b, candidate=resume_b.candidate, resume=resume_b)
    return {
        "recruiter": user_with(roles.RECRUITER, username="recruiter"),
        "manager_a": manager_a,
        "manager_b": manager_b,
        "interviewer_a": interviewer_a,
        "job_a": job_a,
        "job_b": job_b,
        "app_a": app_a,
        "app_b": app_b,
        "resume_a": resume_a,
        "resume_b": resume_b,
    }


def test_pages_need_a_signed_in_user(client, world):
    response = client.get(reverse("job_detail", args=[world["job_a"].pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_user_without_a_role_sees_nothing(client, world):
    client.force_login(UserFactory(is_staff=False))
    assert client.get(reverse("jobs")).status_code == 403


def test_there_is_no_public_sign_up(client):
    response = client.get("/accounts/signup/")
    assert b"Sign Up Closed" in response.content or response.status_code in (403, 404)


@pytest.mark.parametrize("who", ["manager_a", "interviewer_a"])
def test_no_one_reads_another_jobs_candidates_by_changing_an_id(client, world, who):
    client.force_login(world[who])
    assert client.get(reverse("job_detail", args=[world["job_a"].pk])).status_code == 200
    assert client.get(reverse("application_detail", args=[world["app_a"].pk])).status_code == 200
    assert client.get(reverse("resume_file", args=[world["resume_a"].pk])).status_code == 200
    for url in (
        reverse("job_detail", args=[world["job_b"].pk]),
        reverse("application_detail", args=[world["app_b"].pk]),
        reverse("resume_file", args=[world["resume_b"].pk]),
        reverse("batch_detail", args=[world["job_b"].pk, 1]),
    ):
        assert client.get(url).status_code == 404, url
    listing = client.get(reverse("jobs")).content.decode()
    assert "Job A" in listing and "Job B" not in listing


def test_the_recruiter_sees_every_job(client, world):
    client.force_login(world["recruiter"])
    listing = client.get(reverse("jobs")).content.decode()
    assert "Job A" in listing and "Job B" in listing
    assert client.get(reverse("application_detail", args=[world["app_b"].pk])).status_code == 200


def test_an_interviewer_reads_but_cannot_move_or_upload(client, world):
    client.force_login(world["interviewer_a"])
    app = world["app_a"]
    response = client.post(
        reverse("application_stage", args=[app.pk]), {"stage-stage": "shortlisted"}
    )
    assert response.status_code == 404
    upload = client.post(
        reverse("job_upload", args=[world["job_a"].pk]),
        {"files": SimpleUploadedFile("a.txt", b"hello")},
    )
    assert upload.status_code == 404
    app.refresh_from_db()
    assert app.stage == Application.Stage.NEW
    # Notes are feedback, which interviewers may leave.
    client.post(reverse("application_note", args=[app.pk]), {"note-text": "Strong on SQL."})
    assert Event.objects.filter(kind=Event.Kind.NOTE, actor=world["interviewer_a"]).exists()


def test_a_hiring_manager_cannot_act_on_another_managers_job(client, world):
    client.force_login(world["manager_a"])
    response = client.post(
        reverse("job_bulk_action", args=[world["job_b"].pk]),
        {"action": "shortlist", "applications": [world["app_b"].pk]},
    )
    assert response.status_code == 404
    response = client.post(
        reverse("application_stage", args=[world["app_b"].pk]),
        {"stage-stage": "rejected", "stage-reason": "no"},
    )
    assert response.status_code == 404
    world["app_b"].refresh_from_db()
    assert world["app_b"].stage == Application.Stage.NEW


def test_the_back_office_is_for_recruiters_only(client, world):
    client.force_login(world["manager_a"])
    assert client.get(reverse("admin:index")).status_code == 302
    client.force_login(world["recruiter"])
    assert client.get(reverse("admin:index")).status_code == 200


def test_upload_on_the_job_page_shows_progress_until_done(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world["recruiter"])
    job = world["job_a"]
    files = [
        SimpleUploadedFile("maya.pdf", (DEMO / "01-maya-okafor.pdf").read_bytes()),
        SimpleUploadedFile("empty.pdf", b""),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("job_upload", args=[job.pk]), {"files": files}, headers={"HX-Request": "true"}
        )
    assert response.status_code == 200
    html = response.content.decode()
    batch = ImportBatch.objects.get(job=job)
    assert f'id="batch-{batch.pk}"' in html
    poll = client.get(
        reverse("batch_detail", args=[job.pk, batch.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert 'data-finished="true"' in poll
    assert "hx-trigger" not in poll  # finished: stops polling
    assert "empty.pdf" in poll and "The file is empty." in poll
    assert Candidate.objects.filter(email="maya.okafor@example.com").exists()


def test_progress_keeps_polling_while_files_are_queued(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world["recruiter"])
    job = world["job_a"]
    with django_capture_on_commit_callbacks(execute=False):
        client.post(
            reverse("job_upload", args=[job.pk]),
            {"files": [SimpleUploadedFile("a.txt", b"Jo Doe jo@example.com")]},
        )
    batch = ImportBatch.objects.get(job=job)
    poll = client.get(
        reverse("batch_detail", args=[job.pk, batch.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert 'hx-trigger="every 1s"' in poll
    assert 'data-count="queued">1<' in poll


def test_admin_upload_puts_many_files_onto_a_job(client, world, django_capture_on_commit_callbacks):
    client.force_login(world["recruiter"])
    job = world["job_b"]
    files = [SimpleUploadedFile(p.name, p.read_bytes()) for p in sorted(DEMO.glob("*.pdf"))[:3]]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:recruiting_job_upload", args=[job.pk]), {"files-files": files}
        )
    assert response.status_code == 302, response.content.decode()[-3000:]
    batch = ImportBatch.objects.get(job=job, source=ImportBatch.Source.ADMIN)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:recruiting_importbatch_change", args=[batch.pk])
    assert batch.resumes.filter(status=Resume.Status.PARSED).count() == 3
    page = client.get(response["Location"]).content.decode()
    assert "01-maya-okafor.pdf" in page


def test_bulk_reject_needs_a_reason_and_keeps_it(client, world):
    client.force_login(world["recruiter"])
    app = world["app_a"]
    url = reverse("job_bulk_action", args=[app.job.pk])
    client.post(url, {"action": "reject", "applications": [app.pk], "reason": ""})
    app.refresh_from_db()
    assert app.stage == Application.Stage.NEW
    client.post(
        url,
        {
            "action": "reject",
            "applications": [app.pk],
            "reason": "Needs a work visa we cannot sponsor",
        },
    )
    app.refresh_from_db()
    assert app.stage == Application.Stage.REJECTED
    assert app.rejection_reason == "Needs a work visa we cannot sponsor"
    event = app.events.get(kind=Event.Kind.STAGE_CHANGED)
    assert event.actor == world["recruiter"] and "visa" in event.message


def test_bulk_shortlist(client, world):
    client.force_login(world["manager_a"])
    app = world["app_a"]
    client.post(
        reverse("job_bulk_action", args=[app.job.pk]),
        {"action": "shortlist", "applications": [app.pk]},
    )
    app.refresh_from_db()
    assert app.stage == Application.Stage.SHORTLISTED


def test_resume_text_and_names_are_escaped_everywhere(client, world):
    client.force_login(world["recruiter"])
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    app = world["app_a"]
    app.candidate.name = hostile
    app.candidate.save()
    app.resume.text = f"Experience\n{hostile}\nPython developer"
    app.resume.save()
    for url in (
        reverse("application_detail", args=[app.pk]),
        reverse("job_detail", args=[app.job.pk]),
        reverse("jobs"),
    ):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html
        assert "<img src=x" not in html
    detail = client.get(reverse("application_detail", args=[app.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail


def test_job_page_queries_stay_constant_and_the_list_paginates(client, world):
    client.force_login(world["recruiter"])
    job = world["job_a"]
    url = reverse("job_detail", args=[job.pk])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    candidates = Candidate.objects.bulk_create(
        Candidate(name=f"Person {i}", email=f"bulk{i}@example.org") for i in range(10_000)
    )
    Application.objects.bulk_create(
        Application(job=job, candidate=c, rank=i + 2, overall_score=50)
        for i, c in enumerate(candidates)
    )
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)
    html = response.content.decode()
    assert "Page 1 of 201" in html
    assert html.count('name="applications"') == 50


def test_staff_are_invited_and_choose_their_password_from_the_link(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = staff_invite(
            email="New.Person@Example.com",
            first_name="New",
            last_name="Person",
            role=roles.HIRING_MANAGER,
        )
    assert user.email == "new.person@example.com"
    assert not user.has_usable_password()
    (message,) = mail.outbox
    assert message.to == ["new.person@example.com"]
    link = next(word for word in message.body.split() if "/accounts/password/reset/" in word)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else "/" + path
    response = client.post(
        form_url, {"password1": "a-long-new-passphrase-42", "password2": "a-long-new-passphrase-42"}
    )
    assert response.status_code == 302
    assert client.login(username="new.person@example.com", password="a-long-new-passphrase-42")


def test_pages_carry_a_content_security_policy(client, world):
    client.force_login(world["recruiter"])
    page = client.get(reverse("job_detail", args=[world["job_a"].pk]))
    policy = page["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert page["X-Frame-Options"] == "DENY"
    # The resume PDF may be framed by our own candidate page, and nothing else.
    inline = client.get(reverse("resume_file", args=[world["resume_a"].pk]) + "?inline=1")
    assert inline["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in inline["Content-Security-Policy"]
    download = client.get(reverse("resume_file", args=[world["resume_a"].pk]))
    assert "sandbox" in download["Content-Security-Policy"]
    assert download["X-Content-Type-Options"] == "nosniff"


def test_a_recruiter_invites_staff_from_the_back_office(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world["recruiter"])
    url = reverse("admin:recruiting_user_invite")
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"email": "Ivy@Example.com", "first_name": "Ivy", "role": roles.INTERVIEWER}
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["ivy@example.com"] and "/accounts/password/reset/key/" in message.body
    again = client.post(
        url, {"email": "ivy@example.com", "first_name": "Ivy", "role": roles.INTERVIEWER}
    )
    assert b"already has an account" in again.content


def test_two_factor_is_required_when_the_setting_says_so(client, world, settings):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    settings.MFA_REQUIRED = True
    client.post(
        reverse("account_login"),
        {"login": world["manager_a"].email, "password": "correct horse battery staple"},
    )
    response = client.get(reverse("jobs"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("admin:index"))["Location"] == reverse("mfa_activate_totp")
    # allauth asks for the password again before two-factor is set up; that page is open.
    setup = client.get(reverse("mfa_activate_totp"))
    if setup.status_code == 302:
        assert setup["Location"].startswith(reverse("account_reauthenticate"))
        client.post(setup["Location"], {"password": "correct horse battery staple"})
        setup = client.get(reverse("mfa_activate_totp"))
    assert setup.status_code == 200 and b"Authenticator" in setup.content
    TOTP.activate(world["manager_a"], generate_totp_secret())
    assert client.get(reverse("jobs")).status_code == 200


def test_a_forgotten_password_is_reset_by_email(client, world):
    response = client.post(reverse("account_reset_password"), {"email": world["manager_a"].email})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [world["manager_a"].email]
    assert "/accounts/password/reset/key/" in message.body
