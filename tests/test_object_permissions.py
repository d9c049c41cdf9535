"""No one reads or changes another job's candidates by changing an id in a URL.

Every route that takes an object id is listed here; each is tried by a hiring manager and
an interviewer of job A against job B's objects (and must not be found), and against their
own objects (reads work; only the manager may change things).
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import URLResolver, get_resolver, reverse

from ai.models import Screening
from recruiting.models import ImportBatch, PossibleDuplicate
from tests.factories import ApplicationFactory, CandidateFactory
from tests.recruiting.test_views import world  # noqa: F401  (fixture)
from voice.models import Call, PhoneScreen

pytestmark = pytest.mark.django_db

# route name -> (method, which object id it takes)
ROUTES = {
    "job_detail": ("get", "job"),
    "job_upload": ("post", "job"),
    "job_import_csv": ("post", "job"),
    "batch_detail": ("get", "job+batch"),
    "job_bulk_action": ("post", "job"),
    "application_detail": ("get", "application"),
    "application_stage": ("post", "application"),
    "application_note": ("post", "application"),
    "resume_file": ("get", "resume"),
    "resume_add_anyway": ("post", "resume"),
    "requirements_save": ("post", "job"),
    "requirements_approve": ("post", "job"),
    "requirements_generate": ("post", "job"),
    "questions_generate": ("post", "job"),
    "questions_approve": ("post", "job"),
    "question_edit": ("post", "job"),
    "application_override": ("post", "application"),
    "screening_feedback": ("post", "screening"),
    "duplicate_resolve": ("post", "duplicate"),
    "phone_screen_feedback": ("post", "phone_screen"),
    "phone_screen_override": ("post", "phone_screen"),
    "phone_screen_score_again": ("post", "phone_screen"),
    "call_recording": ("get", "call"),
}
# Routes of the voice app's URL namespace.
VOICE_ROUTES = {
    "phone_screen_feedback",
    "phone_screen_override",
    "phone_screen_score_again",
    "call_recording",
}
READS = {"job_detail", "batch_detail", "application_detail", "resume_file", "call_recording"}
# Interviewers read and give feedback; notes and feedback are theirs to leave.
INTERVIEWER_MAY = READS | {"application_note", "screening_feedback", "phone_screen_feedback"}


def _product_routes(resolver, prefix=""):
    """Named routes of the product's own URLconfs (not the admin's or allauth's)."""
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            module = getattr(pattern.urlconf_module, "__name__", "")
            if module.split(".")[0] in {"recruiting", "ai", "voice", "interviews"}:
                yield from _product_routes(pattern, prefix + str(pattern.pattern))
        elif pattern.name:
            yield pattern.name, prefix + str(pattern.pattern)


def test_every_route_with_an_object_id_is_covered():
    routes = dict(_product_routes(get_resolver()))
    assert "application_detail" in routes  # the walk reaches the product's URLconfs
    with_ids = {name for name, route in routes.items() if "<int:" in route}
    assert with_ids == set(ROUTES)


def _objects(world, side):  # noqa: F811
    app = world[f"app_{side}"]
    batch = ImportBatch.objects.create(job=app.job, source=ImportBatch.Source.API)
    screening = Screening.objects.create(application=app, status="done", score=50)
    namesake = CandidateFactory(name="Someone Else", email=app.candidate.email)
    ApplicationFactory(candidate=namesake, job=app.job)
    duplicate = PossibleDuplicate.objects.create(
        existing=app.candidate, candidate=namesake, matched_on="email"
    )
    phone_screen = PhoneScreen.objects.create(
        application=app, status=PhoneScreen.Status.COMPLETED, scoring_status="done", score=50
    )
    call = Call.objects.create(phone_screen=phone_screen, provider="simulator", to_number="+1")
    call.recording.save("call.wav", ContentFile(b"RIFF\0\0\0\0WAVEfmt "), save=True)
    return {
        "job": app.job.pk,
        "application": app.pk,
        "resume": world[f"resume_{side}"].pk,
        "screening": screening.pk,
        "batch": batch.pk,
        "duplicate": duplicate.pk,
        "phone_screen": phone_screen.pk,
        "call": call.pk,
    }


def _url(name, ids):
    kind = ROUTES[name][1]
    if kind == "job+batch":
        return reverse(name, args=[ids["job"], ids["batch"]])
    namespace = "voice:" if name in VOICE_ROUTES else ""
    return reverse(namespace + name, args=[ids[kind]])


@pytest.mark.parametrize("who", ["manager_a", "interviewer_a"])
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_another_jobs_objects_are_not_found(client, world, who, name):  # noqa: F811
    client.force_login(world[who])
    ids = _objects(world, "b")
    method = ROUTES[name][0]
    response = getattr(client, method)(_url(name, ids))
    assert response.status_code == 404, f"{who} reached {name} of another job"


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_an_interviewer_may_only_read_and_give_feedback_on_their_job(client, world, name):  # noqa: F811
    client.force_login(world["interviewer_a"])
    ids = _objects(world, "a")
    method = ROUTES[name][0]
    response = getattr(client, method)(_url(name, ids))
    if name in INTERVIEWER_MAY:
        assert response.status_code in (200, 302), name
    else:
        assert response.status_code == 404, f"interviewer could use {name}"


# --- Nothing leaks across jobs (issue 9, line 2) ---------------------------------------------
#
# Casey applied to job A (managed by manager A, interviewed by interviewer A) and to job B
# (managed by manager B), each with its own file. Bob applied to job B only. Whoever reads
# one job learns nothing of the other: not Casey's other file, application or timeline, and
# not, by uploading or importing a file carrying Bob's email, that Bob is a candidate.

ROLES = ["recruiter", "manager_a", "manager_b", "interviewer_a"]
READS_A = {"recruiter", "manager_a", "interviewer_a"}
READS_B = {"recruiter", "manager_b"}


def _resume_text(name: str, email: str, marker: str) -> bytes:
    return (
        f"{name}\n{email}\n\nExperience\nSenior Software Engineer, Acme Corp\n"
        "Jan 2019 - Present\nBuilt Django services on PostgreSQL.\n\nEducation\n"
        f"B.S. Computer Science, State University, 2012\n\nSkills\nPython, Django, SQL\n{marker}\n"
    ).encode()


@pytest.fixture
def two_jobs(world, django_capture_on_commit_callbacks):  # noqa: F811
    """Casey on jobs A and B through real uploads; Bob (job B) given an email and phone."""
    from recruiting import services

    bob = world["app_b"].candidate
    bob.email, bob.phone = "bob.private@example.org", "+14155550199"
    bob.save()
    casey = {}
    for side in ("a", "b"):
        data = _resume_text("Casey Both", "casey@example.org", f"FILE-ON-{side.upper()}")
        with django_capture_on_commit_callbacks(execute=True):
            batch = services.resumes_import(
                job=world[f"job_{side}"],
                files=[services.IncomingFile(f"casey-for-job-{side}.txt", data)],
                source=ImportBatch.Source.HR_PAGE,
                created_by=world["recruiter"],
            )
        resume = batch.resumes.get()
        casey[f"resume_{side}"] = resume
        casey[f"app_{side}"] = resume.applications.get()
    assert casey["app_a"].candidate_id == casey["app_b"].candidate_id
    services.candidate_note_add(
        candidate=casey["app_b"].candidate,
        by=world["manager_b"],
        text="SECRET-B-NOTE: salary expectations discussed.",
        application=casey["app_b"],
    )
    return {**world, "casey": casey, "bob": bob}


def _status(client, url):
    return client.get(url).status_code


@pytest.mark.parametrize("who", ROLES)
def test_a_candidate_on_two_jobs_is_read_only_through_each_readable_job(client, two_jobs, who):
    from django.urls import reverse

    client.force_login(two_jobs[who])
    casey = two_jobs["casey"]
    for side, readers in (("a", READS_A), ("b", READS_B)):
        expected = 200 if who in readers else 404
        app_url = reverse("application_detail", args=[casey[f"app_{side}"].pk])
        file_url = reverse("resume_file", args=[casey[f"resume_{side}"].pk])
        assert _status(client, app_url) == expected, (who, app_url)
        assert _status(client, file_url) == expected, (who, file_url)

    for side, other, readers in (("a", "b", READS_A), ("b", "a", READS_B)):
        if who not in readers:
            continue
        page = client.get(reverse("application_detail", args=[casey[f"app_{side}"].pk]))
        html = page.content.decode()
        other_file = casey[f"resume_{other}"]
        sees_other = who == "recruiter"
        # Earlier resumes, downloads, the extracted text.
        assert (other_file.original_name in html) is sees_other, (who, side)
        assert (reverse("resume_file", args=[other_file.pk]) in html) is sees_other
        assert f"FILE-ON-{other.upper()}" not in html  # each page shows its own file
        # The timeline.
        assert ("SECRET-B-NOTE" in html) is (sees_other or side == "b"), (who, side)
        assert (f"Applied to Job {other.upper()}" in html) is sees_other, (who, side)
        events = page.context["events"]
        assert all(e.job_id == casey[f"app_{side}"].job_id for e in events) or sees_other, [
            (e.kind, e.message) for e in events
        ]


@pytest.mark.parametrize("who", ROLES)
def test_an_upload_carrying_another_jobs_candidates_email_gives_no_hint(
    client, two_jobs, who, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    bob, job_a = two_jobs["bob"], two_jobs["job_a"]
    bobs_resumes = set(bob.resumes.values_list("pk", flat=True))
    client.force_login(two_jobs[who])
    data = _resume_text("Bob Candidate", bob.email, "UPLOADED-ON-A")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("job_upload", args=[job_a.pk]),
            {"files": [SimpleUploadedFile("bob.txt", data)]},
            headers={"HX-Request": "true"},
        )
    if who not in {"recruiter", "manager_a"}:
        assert response.status_code == 404  # only job A's managers upload onto it
        return
    assert response.status_code == 200
    batch = ImportBatch.objects.filter(job=job_a).latest("pk")
    resume = batch.resumes.get()
    application = resume.applications.get()
    if who == "recruiter":
        # A recruiter's upload joins the one person, and says so to recruiters only.
        assert application.candidate == bob
    else:
        assert application.candidate != bob
        assert set(bob.resumes.values_list("pk", flat=True)) == bobs_resumes
        assert not bob.applications.filter(job=job_a).exists()
    for reader in ("recruiter", "manager_a", "interviewer_a"):
        client.force_login(two_jobs[reader])
        report = client.get(
            reverse("batch_detail", args=[job_a.pk, batch.pk]), headers={"HX-Request": "true"}
        ).content.decode()
        page = client.get(reverse("application_detail", args=[application.pk])).content.decode()
        hints = ("joined an existing", "possible duplicate", "already a candidate", "Job B")
        if reader == "recruiter":
            if who == "recruiter":
                assert "1</strong> joined an existing candidate" in report
            else:
                assert "1</strong> possible duplicate to review" in report
            continue
        for hint in hints:
            assert hint.lower() not in report.lower(), (who, reader, hint)
            assert hint.lower() not in page.lower(), (who, reader, hint)
        assert "+14155550199" not in page or who == "recruiter"


@pytest.mark.parametrize("who", ROLES)
def test_a_csv_row_carrying_another_jobs_candidates_email_reads_like_a_new_candidate(
    client, two_jobs, who, django_capture_on_commit_callbacks
):
    import io
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    bob, job_a = two_jobs["bob"], two_jobs["job_a"]
    bobs_resumes = set(bob.resumes.values_list("pk", flat=True))
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("bob.txt", _resume_text("Bob Candidate", bob.email, "CSV-ON-A"))
    client.force_login(two_jobs[who])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("job_import_csv", args=[job_a.pk]),
            {
                "csv-csv_file": SimpleUploadedFile(
                    "people.csv",
                    f"name,email,phone,resume\nBob Candidate,{bob.email},,bob.txt\n".encode(),
                ),
                "csv-archive": SimpleUploadedFile("resumes.zip", archive.getvalue()),
            },
            headers={"HX-Request": "true"},
        )
    if who not in {"recruiter", "manager_a"}:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    batch = ImportBatch.objects.filter(job=job_a).latest("pk")
    (row,) = batch.report
    if who == "recruiter":
        assert (row["outcome"], row["candidate"]) == ("merged", bob.pk)
    else:
        # Nothing attached to Bob, and no application of his on job A.
        assert row["outcome"] == "created" and row["candidate"] != bob.pk
        assert row["public"] == {"outcome": "created", "reason": ""}  # what non-recruiters see
        assert set(bob.resumes.values_list("pk", flat=True)) == bobs_resumes
        assert not bob.applications.filter(job=job_a).exists()
    for reader in ("recruiter", "manager_a", "interviewer_a"):
        client.force_login(two_jobs[reader])
        report = client.get(
            reverse("batch_detail", args=[job_a.pk, batch.pk]), headers={"HX-Request": "true"}
        ).content.decode()
        if reader == "recruiter":
            assert ("Already a candidate" in report) is (who == "recruiter")
            continue
        assert "Already a candidate" not in report and "merged" not in report, (who, reader)
        assert "<td>created</td>" in report
