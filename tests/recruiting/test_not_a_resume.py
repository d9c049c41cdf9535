"""The not-a-resume verdict: real resumes of every shape become candidates, other documents
are turned away with a reason, and HR can add a file turned away anyway.

The corpus in ``corpus/`` was written for these tests: redacted and missing contact
details, no dates, one line per job, tables, headings in six languages, students, senior
and academic CVs, trades; and the documents people upload by mistake.
"""

import time
from pathlib import Path

import pytest
from django.urls import reverse

from ai import selectors as ai_selectors
from ai.models import Screening
from recruiting import services
from recruiting.models import Application, Event, ImportBatch, Resume
from recruiting.parsing import Profile
from recruiting.verdict import resume_verdict
from tests.recruiting.test_views import world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parent / "corpus"
RESUMES = sorted((CORPUS / "resumes").glob("*.txt"))
NOT_RESUMES = sorted((CORPUS / "not_resumes").glob("*.txt"))
EMPTY_PROFILE = Profile(
    name="",
    email="",
    phone="",
    location="",
    links=(),
    skills=(),
    positions=(),
    total_years_experience=0.0,
    education=(),
    headline="",
)


@pytest.fixture
def screenings_held(monkeypatch):
    """Screening tasks are queued but not run, as when the worker is busy."""
    import ai.tasks

    queued = []
    monkeypatch.setattr(ai.tasks.screen_application, "delay", lambda *args: queued.append(args))
    return queued


def import_files(job, paths, django_capture_on_commit_callbacks, *, by=None):
    with django_capture_on_commit_callbacks(execute=True):
        return services.resumes_import(
            job=job,
            files=[services.IncomingFile(name=p.name, data=p.read_bytes()) for p in paths],
            source=ImportBatch.Source.HR_PAGE,
            created_by=by,
        )


def test_the_corpus_is_big_and_varied_enough():
    assert len(RESUMES) >= 30
    assert len(NOT_RESUMES) >= 5


def test_every_resume_in_the_corpus_becomes_a_candidate(
    world,  # noqa: F811
    screenings_held,
    django_capture_on_commit_callbacks,
):
    job = world["job_a"]
    batch = import_files(job, RESUMES + NOT_RESUMES, django_capture_on_commit_callbacks)

    for path in RESUMES:
        resume = batch.resumes.get(original_name=path.name)
        assert resume.status == Resume.Status.PARSED, (path.name, resume.error)
        assert Application.objects.filter(candidate=resume.candidate, job=job).exists()
    for path in NOT_RESUMES:
        resume = batch.resumes.get(original_name=path.name)
        assert resume.status == Resume.Status.NOT_A_RESUME, path.name
        assert resume.candidate is None
        assert resume.error.startswith("Not added as a candidate. "), resume.error
        assert resume.error_code == "not_a_resume"
    # Different people, each with their own application (nobody merged into anyone).
    assert job.applications.exclude(pk=world["app_a"].pk).count() == len(RESUMES)
    assert len(screenings_held) == len(RESUMES)


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("invoice.txt", "This looks like an invoice or receipt: it has an invoice or receipt"),
        ("receipt.txt", "This looks like an invoice or receipt"),
        ("cover_letter.txt", 'cover letter on its own: it opens with "Dear Ms. Alvarez,"'),
        ("lettre_de_motivation.txt", "cover letter on its own"),
        ("blank_application_form.txt", "This looks like a blank form"),
        ("lorem_ipsum.txt", "placeholder text (lorem ipsum)"),
        ("meeting_agenda.txt", "meeting agenda"),
        ("restaurant_menu.txt", "menu or price list: 9 of its 15 lines end in a price"),
        ("too_short.txt", "too little text to be a resume: 5 words"),
    ],
)
def test_each_other_kind_of_document_is_named_in_the_reason(name, says):
    from recruiting.parsing import parse_profile

    text = (CORPUS / "not_resumes" / name).read_text()
    is_resume, reason = resume_verdict(text, parse_profile(text))
    assert not is_resume
    assert says in reason


def test_a_document_with_no_sign_of_a_resume_says_what_it_lacks():
    text = "The quarterly newsletter is out. " * 20
    is_resume, reason = resume_verdict(text, EMPTY_PROFILE)
    assert not is_resume
    assert "no sections such as Experience or Education" in reason


def test_invoice_words_in_an_accountants_resume_do_not_turn_it_away():
    from recruiting.parsing import parse_profile

    text = (CORPUS / "resumes" / "bookkeeper_invoices.txt").read_text()
    assert resume_verdict(text, parse_profile(text)).is_resume


@pytest.mark.parametrize(
    "hostile",
    [
        "a." * 500_000,
        "Total" + " " * 1_000_000,
        "1" * 1_000_000,
        ("Front-End Developer - 2019 | " * 20 + "\n") * 1_700,
        "_" * 1_000_000,
        ("Dear " + "word " * 200 + "\n") * 1_000,
    ],
    ids=["a-dot", "label-then-spaces", "digits", "role-lines", "underscores", "long-lines"],
)
def test_the_verdict_takes_linear_time_on_a_megabyte_of_hostile_text(hostile):
    # CPU time, not wall time: the bound is on our work, not on a busy machine's queue.
    started = time.process_time()
    resume_verdict(hostile, EMPTY_PROFILE)
    assert time.process_time() - started < 2


# --- Add it anyway ------------------------------------------------------------------------


@pytest.fixture
def turned_away(world, screenings_held, django_capture_on_commit_callbacks):  # noqa: F811
    """An invoice uploaded onto job A, turned away as not a resume."""
    batch = import_files(
        world["job_a"],
        [CORPUS / "not_resumes" / "invoice.txt"],
        django_capture_on_commit_callbacks,
        by=world["manager_a"],
    )
    resume = batch.resumes.get()
    assert resume.status == Resume.Status.NOT_A_RESUME
    return resume


def test_add_anyway_makes_a_candidate_and_records_who(
    world,  # noqa: F811
    turned_away,
    screenings_held,
    django_capture_on_commit_callbacks,
):
    manager = world["manager_a"]
    with django_capture_on_commit_callbacks(execute=True):
        application = services.resume_add_anyway(resume=turned_away, by=manager)
    turned_away.refresh_from_db()
    assert turned_away.status == Resume.Status.PARSED
    assert turned_away.error == ""
    assert application.job == world["job_a"]
    assert application.resume == turned_away
    assert screenings_held == [(application.pk,)]
    event = application.candidate.events.get(data__added_anyway=True)
    assert event.actor == manager
    assert event.kind == Event.Kind.RESUME_UPLOADED
    assert "although it had been turned away: This looks like an invoice" in event.message
    assert event.data["added_anyway"] is True

    # Idempotent: a second click finds the same application and records nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        again = services.resume_add_anyway(resume=turned_away, by=manager)
    assert again == application
    assert application.candidate.events.filter(data__added_anyway=True).count() == 1
    assert len(screenings_held) == 1


def test_add_anyway_refuses_a_file_that_was_never_turned_away(world):  # noqa: F811
    batch = ImportBatch.objects.create(job=world["job_a"], source=ImportBatch.Source.HR_PAGE)
    queued = Resume.objects.create(batch=batch, original_name="cv.pdf", sha256="0" * 64)
    with pytest.raises(services.DecisionError, match=r"cv\.pdf was not turned away"):
        services.resume_add_anyway(resume=queued, by=world["manager_a"])


def test_the_batch_report_offers_add_anyway_to_those_who_manage_the_job(
    client,
    world,  # noqa: F811
    turned_away,
):
    url = reverse("batch_detail", args=[world["job_a"].pk, turned_away.batch_id])
    button = reverse("resume_add_anyway", args=[turned_away.pk])
    client.force_login(world["manager_a"])
    page = client.get(url).content.decode()
    assert "1 file needs attention" in page
    assert "This looks like an invoice" in page
    assert button in page and "Add it anyway" in page
    client.force_login(world["interviewer_a"])
    page = client.get(url).content.decode()
    assert "This looks like an invoice" in page
    assert button not in page


def test_add_anyway_from_the_page(
    client,
    world,  # noqa: F811
    turned_away,
    django_capture_on_commit_callbacks,
):
    url = reverse("resume_add_anyway", args=[turned_away.pk])
    for outsider in ("interviewer_a", "manager_b"):
        client.force_login(world[outsider])
        assert client.post(url).status_code == 404, outsider
    turned_away.refresh_from_db()
    assert turned_away.status == Resume.Status.NOT_A_RESUME

    client.force_login(world["manager_a"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "batch_detail", args=[world["job_a"].pk, turned_away.batch_id]
    )
    assert "invoice.txt added as" in response.content.decode()
    turned_away.refresh_from_db()
    assert turned_away.status == Resume.Status.PARSED
    assert client.post(url).status_code == 302  # a second click changes nothing
    assert Application.objects.filter(resume=turned_away).count() == 1


# --- Honest progress -----------------------------------------------------------------------


def test_the_panel_is_not_finished_while_screening_is_pending(
    client,
    world,  # noqa: F811
    screenings_held,
    django_capture_on_commit_callbacks,
):
    job = world["job_a"]
    batch = import_files(job, [CORPUS / "resumes" / "chef.txt"], django_capture_on_commit_callbacks)
    progress = ai_selectors.batch_progress(batch)
    assert (progress.extracted, progress.screened, progress.finished) == (1, 0, 0)
    assert not progress.done
    url = reverse("batch_detail", args=[job.pk, batch.pk])
    client.force_login(world["recruiter"])
    poll = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'data-finished="false"' in poll and "Finished" not in poll
    assert 'hx-trigger="every 1s"' in poll
    assert ai_selectors.batch_outcomes(batch)[0]["status"] == "parsed"

    from ai import services as ai_services

    application = batch.resumes.get().applications.get()
    ai_services.application_screen(application.pk)
    progress = ai_selectors.batch_progress(batch)
    assert progress.done and progress.screened == 1
    poll = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'data-finished="true"' in poll and 'data-count="screened">1<' in poll
    assert ai_selectors.batch_outcomes(batch)[0]["status"] == "screened"


def test_a_failed_screening_ends_the_file_and_is_reported(
    world,  # noqa: F811
    screenings_held,
    django_capture_on_commit_callbacks,
):
    batch = import_files(
        world["job_a"], [CORPUS / "resumes" / "nurse.txt"], django_capture_on_commit_callbacks
    )
    resume = batch.resumes.get()
    Screening.objects.create(
        application=resume.applications.get(),
        resume=resume,
        status=Screening.Status.FAILED,
        error="The model could not be reached.",
    )
    progress = ai_selectors.batch_progress(batch)
    assert progress.done and progress.screened == 0 and progress.screening_failed == 1
    (outcome,) = ai_selectors.batch_outcomes(batch)
    assert outcome["status"] == "screening_failed"
    assert outcome["reason"] == "The model could not be reached."


def test_a_file_turned_away_needs_attention_and_is_not_counted_as_extracted(turned_away):
    progress = ai_selectors.batch_progress(turned_away.batch)
    assert progress.rejected == 1 and progress.needs_attention == 1
    assert progress.extracted == 0
    assert progress.done
    context = ai_selectors.batch_context(turned_away.batch)
    assert [p["original_name"] for p in context["problems"]] == ["invoice.txt"]
