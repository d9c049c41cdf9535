"""One person, one candidate; two people, two candidates (issue 9, line 1).

A file joins a known candidate only when its email or phone matches *and* the names
agree; otherwise it is a new candidate and a possible duplicate a recruiter resolves.
Each application keeps the resume it was made with.
"""

import re
import time

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from recruiting import identity, roles, selectors, services
from recruiting.models import (
    Application,
    Candidate,
    Event,
    ImportBatch,
    PossibleDuplicate,
    Resume,
)
from tests.factories import ApplicationFactory, CandidateFactory, JobFactory, UserFactory

pytestmark = pytest.mark.django_db


# --- The name rule -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("John Smith", "john smith"),
        ("JOHN SMITH", "John Smith"),
        ("José Álvarez", "Jose Alvarez"),
        ("Zoë Ærø", "zoe aero"),
        ("Anna Strauß", "Anna Strauss"),
        ("Smith, John", "John Smith"),
        ("SMITH John", "John Smith"),
        ("J. Smith", "John Smith"),
        ("John Smith", "J Smith"),
        ("John Michael Smith", "John Smith"),
        ("John M. Smith", "John Michael Smith"),
        ("Mary Ann O'Neil", "mary oneil"),
        ("Mary Ann O’Neil", "Mary-Ann ONeil"),
        ("Dr. Ada Lovelace, PhD", "Ada Lovelace"),
        ("Jean-Luc Picard", "Jean Luc Picard"),
        ("Madonna", "madonna"),
        ("王伟", "王伟"),
    ],
)
def test_names_of_one_person_agree(first, second):
    assert identity.names_agree(first, second)
    assert identity.names_agree(second, first)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("John Smith", "Jane Smith"),
        ("Alex Kim", "Priya Raman"),
        ("Smith", "John Smith"),  # a family name alone names a family
        ("J. S.", "John Smith"),  # initials alone name nobody
        ("John Smith", "John Smithson"),
        ("Mary Ann O'Neil", "Mary Beth O'Neil"),
        ("王伟", "李娜"),
        ("Bob Jones", "Robert Jones"),  # nicknames are for a recruiter to judge
    ],
)
def test_names_of_different_people_disagree(first, second):
    assert not identity.names_agree(first, second)
    assert not identity.names_agree(second, first)


@pytest.mark.parametrize("empty", ["", "   ", "—", "..."])
def test_an_unreadable_name_agrees_with_anyone(empty):
    """A file with the same email and no name we can read is most likely that person's."""
    assert identity.names_agree(empty, "John Smith")
    assert identity.names_agree("John Smith", empty)


def test_the_name_rule_is_bounded_on_hostile_input():
    huge = "a. " * 500_000 + "Smith"
    started = time.perf_counter()
    assert len(identity.name_tokens(huge)) <= identity.NAME_MAX_TOKENS
    identity.names_agree(huge, "x " * 500_000)
    assert time.perf_counter() - started < 0.5


# --- Intake ------------------------------------------------------------------------------


def resume_text(name, email="", phone="", skills="Python, Django, PostgreSQL", extra=""):
    contact = " | ".join(filter(None, [email, phone]))
    return f"""{name}
{contact}

Experience
Senior Software Engineer, Acme Corp
Jan 2019 - Present
Built services and data pipelines.

Education
B.S. Computer Science, State University, 2012

Skills
{skills}
{extra}"""


@pytest.fixture
def job():
    return JobFactory(title="Job A")


@pytest.fixture
def upload(django_capture_on_commit_callbacks, job):
    """Upload text resumes onto a job and run the whole chain, as the worker would."""

    def run(*texts, target=None, by=None):
        files = [
            services.IncomingFile(name=f"file-{n}-{time.monotonic_ns()}.txt", data=t.encode())
            for n, t in enumerate(texts)
        ]
        with django_capture_on_commit_callbacks(execute=True):
            batch = services.resumes_import(
                job=target or job, files=files, source=ImportBatch.Source.HR_PAGE, created_by=by
            )
        return batch

    return run


def test_the_same_email_and_agreeing_names_are_one_candidate(upload):
    upload(resume_text("John Smith", "john@example.com"))
    second = upload(resume_text("SMITH John", "JOHN@example.com", extra="Volunteer coach."))
    candidate = Candidate.objects.get()
    assert candidate.resumes.count() == 2
    assert second.resumes.get().match == Resume.Match.JOINED_EXISTING
    assert selectors.batch_match_counts(second) == {"joined": 1, "possible_duplicate": 0}
    assert not PossibleDuplicate.objects.exists()


def test_a_family_email_shared_by_two_named_people_is_two_candidates(upload, job):
    upload(resume_text("John Smith", "smiths@example.com"))
    second = upload(resume_text("Jane Smith", "smiths@example.com"))
    john, jane = Candidate.objects.order_by("pk")
    assert (john.name, jane.name) == ("John Smith", "Jane Smith")
    assert john.email == jane.email == "smiths@example.com"
    assert Application.objects.filter(job=job).count() == 2
    duplicate = PossibleDuplicate.objects.get()
    assert (duplicate.existing, duplicate.candidate) == (john, jane)
    assert duplicate.matched_on == PossibleDuplicate.MatchedOn.EMAIL
    assert duplicate.status == PossibleDuplicate.Status.OPEN
    assert second.resumes.get().match == Resume.Match.POSSIBLE_DUPLICATE
    assert selectors.batch_match_counts(second) == {"joined": 0, "possible_duplicate": 1}
    # Jane's file did not become John's.
    assert john.resumes.count() == 1 and jane.resumes.count() == 1


def test_a_file_with_the_email_but_no_readable_name_joins_its_candidate(upload):
    upload(resume_text("John Smith", "john@example.com"))
    upload(resume_text("", "john@example.com"))
    assert Candidate.objects.count() == 1
    assert Candidate.objects.get().resumes.count() == 2


def test_phone_only_matches_follow_the_name_rule(upload):
    upload(resume_text("Jordan Lee", phone="(415) 555-0100"))
    upload(resume_text("Jordan M. Lee", phone="415.555.0100"))
    assert Candidate.objects.count() == 1
    upload(resume_text("Priya Raman", phone="+1 415 555 0100"))
    assert Candidate.objects.count() == 2
    duplicate = PossibleDuplicate.objects.get()
    assert duplicate.matched_on == PossibleDuplicate.MatchedOn.PHONE
    assert duplicate.candidate.name == "Priya Raman"


def test_conflicting_email_and_phone_prefer_the_email_when_both_agree(upload):
    by_email = CandidateFactory(name="Jordan Lee", email="jordan@example.com", phone="")
    by_phone = CandidateFactory(name="Jordan Lee", email="", phone="+14155550100")
    upload(resume_text("Jordan Lee", "jordan@example.com", "(415) 555-0100"))
    resume = Resume.objects.get()
    assert resume.candidate == by_email
    duplicate = PossibleDuplicate.objects.get()
    assert {duplicate.existing, duplicate.candidate} == {by_email, by_phone}
    assert duplicate.matched_on == PossibleDuplicate.MatchedOn.PHONE


def test_conflicting_email_and_phone_join_the_one_whose_name_agrees(upload):
    by_email = CandidateFactory(name="Alex Kim", email="shared@example.com", phone="")
    by_phone = CandidateFactory(name="Jordan Lee", email="", phone="+14155550100")
    upload(resume_text("Jordan Lee", "shared@example.com", "(415) 555-0100"))
    assert Resume.objects.get().candidate == by_phone
    duplicate = PossibleDuplicate.objects.get()
    assert (duplicate.existing, duplicate.candidate, duplicate.matched_on) == (
        by_email,
        by_phone,
        PossibleDuplicate.MatchedOn.EMAIL,
    )


def test_a_stranger_cv_carrying_someones_email_does_not_become_their_resume(upload, job):
    upload(resume_text("Maya Okafor", "maya@example.com", skills="Python, Django"))
    maya = Candidate.objects.get()
    application = Application.objects.get(candidate=maya)
    first = application.resume
    pages = "\n\f".join(
        f"Page {n}\nConsulting engagement {n}: SAP, COBOL and mainframe work." for n in range(30)
    )
    other_job = JobFactory(title="Job B")
    upload(resume_text("Victor Stranger", "maya@example.com", extra=pages), target=other_job)
    stranger = Candidate.objects.exclude(pk=maya.pk).get()
    assert stranger.name == "Victor Stranger"
    assert maya.resumes.get() == first
    first.refresh_from_db()
    assert first.is_current
    application.refresh_from_db()
    assert application.resume == first
    maya.refresh_from_db()
    assert "SAP" not in str(maya.profile)
    assert PossibleDuplicate.objects.get().existing == maya


def test_a_newer_file_on_the_same_job_replaces_that_applications_resume(upload, job):
    upload(resume_text("Jordan Lee", "jordan@example.com", skills="Python"))
    upload(resume_text("Jordan Lee", "jordan@example.com", skills="Python, Rust"))
    application = Application.objects.get()
    assert application.resume == Resume.objects.order_by("-pk").first()
    replaced = Event.objects.filter(application=application, message__contains="replaces")
    assert replaced.count() == 1


# --- Each application keeps its resume -----------------------------------------------------


def staff(role, **kwargs):
    user = UserFactory(is_staff=role == roles.RECRUITER, **kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user


def test_an_upload_on_job_b_does_not_change_what_job_a_shows(client, upload, job):
    recruiter = staff(roles.RECRUITER)
    upload(
        resume_text(
            "Jordan Lee", "jordan@example.com", skills="Python, Django, PostgreSQL", extra="AAA1"
        )
    )
    on_a = Application.objects.get(job=job)
    resume_a = on_a.resume
    job_b = JobFactory(title="Job B")
    upload(
        resume_text(
            "Jordan Lee", "jordan@example.com", skills="Scala, Haskell, Erlang", extra="BBB2"
        ),
        target=job_b,
    )
    on_b = Application.objects.get(job=job_b)
    assert on_a.candidate_id == on_b.candidate_id  # one person
    assert on_b.resume != resume_a
    on_a.refresh_from_db()
    assert on_a.resume == resume_a
    # Screening read the application's own resume.
    assert {s.resume_id for s in on_a.screenings.all()} <= {resume_a.pk}

    client.force_login(recruiter)
    page = client.get(reverse("application_detail", args=[on_a.pk])).content.decode()
    skills_b = set(on_b.resume.profile["skills"]) - set(resume_a.profile["skills"])
    assert skills_b, "the second file must bring skills of its own"
    assert _shown_skills(page) == set(resume_a.profile["skills"])
    assert "AAA1" in page and "BBB2" not in page  # the extracted text and its evidence
    assert f'href="{reverse("resume_file", args=[resume_a.pk])}"' in page
    assert on_b.resume.original_name in page  # a recruiter sees the other file as earlier
    page_b = client.get(reverse("application_detail", args=[on_b.pk])).content.decode()
    assert _shown_skills(page_b) == set(on_b.resume.profile["skills"])
    assert "BBB2" in page_b


def _shown_skills(page: str) -> set[str]:
    row = re.search(r"<dt>Skills</dt><dd>(.*?)</dd>", page).group(1)
    return set(re.findall(r'<span class="chip">([^<]+)</span>', row))


# --- Resolving possible duplicates ----------------------------------------------------------


@pytest.fixture
def pair(job):
    """John applied to job A; Jane (same family email) to job B, through intake."""
    job_b = JobFactory(title="Job B")
    john = CandidateFactory(name="John Smith", email="smiths@example.com")
    jane = CandidateFactory(name="Jane Smith", email="smiths@example.com")
    app_a = ApplicationFactory(candidate=john, job=job)
    app_b = ApplicationFactory(candidate=jane, job=job_b)
    duplicate = PossibleDuplicate.objects.create(
        existing=john, candidate=jane, matched_on=PossibleDuplicate.MatchedOn.EMAIL
    )
    Event.objects.create(
        candidate=jane, application=app_b, kind=Event.Kind.NOTE, message="Call after 5pm."
    )
    return {"duplicate": duplicate, "john": john, "jane": jane, "app_a": app_a, "app_b": app_b}


def test_merge_moves_everything_into_the_existing_candidate_once(pair):
    recruiter = staff(roles.RECRUITER)
    jane = pair["jane"]
    resume = jane.resumes.create(original_name="jane.txt", sha256="j" * 64, text="Jane")
    services.candidate_duplicate_resolve(duplicate=pair["duplicate"], action="merge", by=recruiter)
    john = pair["john"]
    assert not Candidate.objects.filter(pk=jane.pk).exists()
    assert set(john.applications.values_list("pk", flat=True)) == {
        pair["app_a"].pk,
        pair["app_b"].pk,
    }
    resume.refresh_from_db()
    assert resume.candidate == john
    assert john.events.filter(kind=Event.Kind.NOTE, message="Call after 5pm.").exists()
    merged = john.events.get(kind=Event.Kind.MERGED)
    assert merged.job is None  # the back office's: it names another job's candidate
    duplicate = PossibleDuplicate.objects.get()
    assert duplicate.status == PossibleDuplicate.Status.MERGED
    assert (duplicate.resolved_by, duplicate.candidate) == (recruiter, None)
    assert duplicate.resolved_at is not None
    # Twice is once.
    services.candidate_duplicate_resolve(duplicate=duplicate, action="merge", by=recruiter)
    assert john.events.filter(kind=Event.Kind.MERGED).count() == 1


def test_merge_of_two_applications_to_one_job_keeps_the_one_further_along(pair, job):
    recruiter = staff(roles.RECRUITER)
    jane, john = pair["jane"], pair["john"]
    janes_on_a = ApplicationFactory(candidate=jane, job=job, stage=Application.Stage.SHORTLISTED)
    Event.objects.create(
        candidate=jane, application=janes_on_a, kind=Event.Kind.NOTE, message="Strong."
    )
    services.candidate_duplicate_resolve(duplicate=pair["duplicate"], action="merge", by=recruiter)
    kept = Application.objects.get(candidate=john, job=job)
    assert kept.pk == janes_on_a.pk
    assert kept.stage == Application.Stage.SHORTLISTED
    assert not Application.objects.filter(pk=pair["app_a"].pk).exists()
    assert kept.events.filter(message="Strong.").exists()
    merged = john.events.get(kind=Event.Kind.MERGED)
    assert "Both had applied to Job A: kept the application at Shortlisted" in merged.message


def test_keep_apart_resolves_and_is_not_raised_again(pair, upload, job):
    recruiter = staff(roles.RECRUITER)
    services.candidate_duplicate_resolve(
        duplicate=pair["duplicate"], action="keep_apart", by=recruiter
    )
    duplicate = PossibleDuplicate.objects.get()
    assert duplicate.status == PossibleDuplicate.Status.KEPT_APART
    assert Candidate.objects.count() == 2
    upload(resume_text("Jane Smith", "smiths@example.com"), by=recruiter)
    assert PossibleDuplicate.objects.count() == 1
    assert PossibleDuplicate.objects.get().status == PossibleDuplicate.Status.KEPT_APART


def test_a_hiring_manager_of_one_job_cannot_resolve(pair, job):
    manager = staff(roles.HIRING_MANAGER)
    job.hiring_manager = manager
    job.save()
    with pytest.raises(services.DecisionError):
        services.candidate_duplicate_resolve(
            duplicate=pair["duplicate"], action="merge", by=manager
        )
    assert PossibleDuplicate.objects.get().status == PossibleDuplicate.Status.OPEN


def test_the_candidate_page_offers_merge_to_a_recruiter_only(client, pair, job):
    recruiter = staff(roles.RECRUITER)
    manager = staff(roles.HIRING_MANAGER)
    job.hiring_manager = manager
    job.save()
    url = reverse("application_detail", args=[pair["app_a"].pk])
    resolve = reverse("duplicate_resolve", args=[pair["duplicate"].pk])

    # The manager of job A only: Jane (job B) is not named, and merging is not found.
    client.force_login(manager)
    page = client.get(url).content.decode()
    assert "Possible duplicate" not in page and "Jane" not in page
    response = client.post(resolve, {"action": "merge", "application": pair["app_a"].pk})
    assert response.status_code == 404
    assert PossibleDuplicate.objects.get().status == PossibleDuplicate.Status.OPEN

    client.force_login(recruiter)
    page = client.get(url).content.decode()
    assert "Possible duplicate of" in page and "Jane Smith" in page and "same email" in page
    assert resolve in page
    response = client.post(resolve, {"action": "merge", "application": pair["app_a"].pk})
    assert response.status_code == 302
    assert response["Location"] == url
    assert PossibleDuplicate.objects.get().status == PossibleDuplicate.Status.MERGED
    assert "Possible duplicate of" not in client.get(url).content.decode()


def test_the_back_office_merges_and_keeps_apart(client, pair, job):
    recruiter = staff(roles.RECRUITER)
    client.force_login(recruiter)
    changelist = reverse("admin:recruiting_possibleduplicate_changelist")
    assert client.get(changelist).status_code == 200
    change = reverse("admin:recruiting_possibleduplicate_change", args=[pair["duplicate"].pk])
    page = client.get(change).content.decode()
    keep = reverse(
        "admin:recruiting_possibleduplicate_resolve", args=[pair["duplicate"].pk, "keep_apart"]
    )
    assert keep in page
    assert client.post(keep).status_code == 302
    assert PossibleDuplicate.objects.get().status == PossibleDuplicate.Status.KEPT_APART

    other = PossibleDuplicate.objects.create(
        existing=pair["john"],
        candidate=CandidateFactory(name="J. Smith", email="smiths@example.com"),
        matched_on=PossibleDuplicate.MatchedOn.EMAIL,
    )
    response = client.post(
        changelist, {"action": "merge", "_selected_action": [other.pk]}, follow=True
    )
    assert "1 pair merged." in response.content.decode()
    other.refresh_from_db()
    assert other.status == PossibleDuplicate.Status.MERGED

    # The back office is the recruiters'.
    manager = UserFactory(is_staff=True)
    manager.groups.add(Group.objects.get(name=roles.HIRING_MANAGER))
    client.force_login(manager)
    assert client.get(changelist).status_code == 302


def test_every_relation_to_a_candidate_is_handled_by_a_merge():
    """A new model pointing at Candidate must be thought about here: the merge moves
    one-to-many relations generically, but anything else would be lost on delete."""
    relations = {
        (r.related_model.__name__, r.field.name)
        for r in Candidate._meta.related_objects
        if not r.one_to_many
    }
    assert relations == set()


# --- Across jobs -----------------------------------------------------------------------------


def test_a_managers_upload_of_a_file_already_on_another_jobs_candidate_is_a_new_candidate(
    upload, job
):
    recruiter = staff(roles.RECRUITER)
    manager_a = staff(roles.HIRING_MANAGER)
    job.hiring_manager = manager_a
    job.save()
    job_b = JobFactory(title="Job B")
    data = resume_text("Jordan Lee", "jordan@example.com")
    upload(data, target=job_b, by=recruiter)
    jordan = Candidate.objects.get()

    batch = upload(data, by=manager_a)
    resume = batch.resumes.get()
    assert resume.status == Resume.Status.PARSED  # not "duplicate": that would be a hint
    assert resume.candidate != jordan
    assert not jordan.applications.filter(job=job).exists()
    duplicate = PossibleDuplicate.objects.get()
    assert (duplicate.existing, duplicate.candidate) == (jordan, resume.candidate)

    # A recruiter's upload of the same file joins the one person.
    again = upload(data, target=JobFactory(title="Job C"), by=recruiter)
    assert again.resumes.get().duplicate_of.candidate == jordan


def test_legacy_events_are_tagged_with_their_job_by_the_migration(job):
    from importlib import import_module
    from pathlib import Path

    from django.apps import apps

    import recruiting.migrations

    # Found by name, whatever number the migration ends up with.
    (path,) = Path(recruiting.migrations.__path__[0]).glob("*_candidate_identity_and_event_job.py")
    migration = import_module(f"recruiting.migrations.{path.stem}")
    batch = ImportBatch.objects.create(job=job, source=ImportBatch.Source.HR_PAGE)
    candidate = CandidateFactory()
    resume = Resume.objects.create(candidate=candidate, batch=batch, sha256="x" * 64)
    uploaded = Event.objects.create(
        candidate=candidate,
        kind=Event.Kind.RESUME_UPLOADED,
        message="a",
        data={"resume": resume.pk},
    )
    orphan = Event.objects.create(candidate=candidate, kind=Event.Kind.NOTE, message="b")
    migration.tag_events_with_their_job(apps, None)
    uploaded.refresh_from_db()
    orphan.refresh_from_db()
    assert uploaded.job == job
    assert orphan.job is None  # recruiters only
