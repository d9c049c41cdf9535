"""Hostile text costs bounded work: extraction, parsing and screening of up to 1 MB of
adversarial text each finish within a time limit, a task that hits its soft limit fails its row
with a reason, and HR's fields have length limits.

Times are CPU seconds of this process (``time.process_time``), so a busy machine does not
fail a test that did bounded work, and an unbounded pattern still fails it.
"""

import random
import time

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ai import guardrails
from ai import services as ai_services
from ai import tasks as ai_tasks
from ai.models import Screening
from ai.providers.local import LocalProvider
from ai.scoring.requirements import extract_requirements
from recruiting import roles, services, tasks
from recruiting.extraction import extract_text
from recruiting.models import ImportBatch, Resume
from recruiting.parsing import parse_profile
from recruiting.textbounds import MAX_LINE_CHARS, MAX_TEXT_CHARS, bound_text
from tests.factories import ApplicationFactory, JobFactory, ResumeFactory, UserFactory
from tests.recruiting.test_views import user_with

LIMIT_S = 2.0
MB = 1_000_000

JOB_DESCRIPTION = """Senior Python Developer
We need a backend engineer with 5+ years of Python and Django, PostgreSQL and AWS.
Requirements:
- 5+ years of Python
- Django or Flask
- Experience with PostgreSQL
Nice to have: Kubernetes, Terraform
Bachelor's degree in Computer Science"""

RESUME_HEAD = """Jordan Lee
jordan.lee@example.com | (415) 555-0100 | San Francisco, CA

Experience
Senior Software Engineer, Acme Corp
Jan 2019 - Present
Built Django services on PostgreSQL and AWS.

Education
B.S. Computer Science, State University, 2012

Skills
Python, Django, PostgreSQL, AWS, Docker
"""


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


# The reviewer's cases (a 50 KB line of "a." took 78 s to parse; 100 KB of letters 36 s to
# blind-screen), then the families that made other patterns slow, each one line of ~1 MB.
HOSTILE = {
    "a. (reviewer, 50 KB)": "a." * 25_000,
    "letters (reviewer, 100 KB)": "a" * 100_000,
    "a.": _repeat("a.", MB),
    "letters": "a" * MB,
    "digits": "1" * MB,
    "digits and spaces": _repeat("1 ", MB),
    "dashes": "-" * MB,
    "spaces": "x" + " " * MB + "x",
    "tabs and newlines": _repeat("\t\n ", MB),
    "at signs": "@" * MB,
    "a@": _repeat("a@", MB),
    "dots": "." * MB,
    "url-like": "http://" + _repeat("a.", MB),
    "www.": _repeat("www.", MB),
    "open parentheses": "(" * MB,
    "a-": _repeat("a-", MB),
    "year ranges": _repeat("2019 - ", MB),
    "degrees": _repeat("B.Sc. ", MB),
    "image names": _repeat("x.jpgx", MB),
    "mixed unicode": "".join(random.Random(9).choice("éßΩж中文🙂ÀÉ .-@(") for _ in range(MB)),
}


def _timed(step, *args, **kwargs):
    started = time.process_time()
    result = step(*args, **kwargs)
    return result, time.process_time() - started


def _fastest(step, *args, **kwargs):
    """A pure step's time, tried once more when the first try is over the limit: a shared
    CPU can slow one try (caches, frequency), while a pattern that is not linear is slow
    every time."""
    result, took = _timed(step, *args, **kwargs)
    if took >= LIMIT_S:
        result, took = _timed(step, *args, **kwargs)
    return result, took


def _screen_locally(text: str):
    """The screening service's steps with the offline scorer, blind screening on."""
    context = ai_services.JobContext(
        title="Senior Python Developer",
        description=JOB_DESCRIPTION,
        requirements=extract_requirements(JOB_DESCRIPTION),
    )
    prepared = guardrails.prepare_resume(text, blind=True, identity={"name": "Jordan Lee"})
    return ai_services.screen_prepared(LocalProvider(), context, prepared)


def _assert_pipeline_is_fast(data: bytes) -> None:
    extracted, took = _fastest(extract_text, data, filename="resume.txt")
    assert took < LIMIT_S, f"extraction took {took:.2f}s"
    _, took = _fastest(parse_profile, extracted.text)
    assert took < LIMIT_S, f"parsing took {took:.2f}s"
    outcome, took = _fastest(_screen_locally, extracted.text)
    assert took < LIMIT_S, f"screening took {took:.2f}s"
    assert outcome.output.criteria


@pytest.mark.parametrize("line", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_line_in_a_resume_costs_bounded_work(line):
    _assert_pipeline_is_fast((RESUME_HEAD + line + "\n").encode())


def test_a_megabyte_of_ordinary_lines_costs_bounded_work():
    words = [
        "python",
        "django",
        "engineer",
        "manager",
        "senior",
        "led",
        "team",
        "built",
        "data",
        "2019",
        "present",
    ]
    rnd = random.Random(4)
    lines = "\n".join(" ".join(rnd.choices(words, k=8)) for _ in range(MB // 60))
    _assert_pipeline_is_fast((RESUME_HEAD + lines).encode())


_HOSTILE_ALPHABET = st.sampled_from(list("aA1 .-@/(),:;'_+#\t\nxé中"))


@settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    unit=st.text(alphabet=_HOSTILE_ALPHABET, min_size=1, max_size=6),
    size=st.integers(min_value=1_000, max_value=200_000),
)
def test_any_repeated_pattern_costs_bounded_work(unit, size):
    text = RESUME_HEAD + _repeat(unit, size)
    _, took = _fastest(parse_profile, text)
    assert took < LIMIT_S, f"parsing took {took:.2f}s"
    _, took = _fastest(_screen_locally, text)
    assert took < LIMIT_S, f"screening took {took:.2f}s"


def test_long_text_is_cut_and_long_lines_wrapped_without_touching_normal_text():
    assert bound_text(RESUME_HEAD) == RESUME_HEAD
    bounded = bound_text("word " * MB)
    assert len(bounded) <= MAX_TEXT_CHARS
    assert max(len(line) for line in bounded.split("\n")) <= MAX_LINE_CHARS
    assert bound_text(bounded) == bounded
    unbroken = bound_text("a" * 2_500)
    assert unbroken.split("\n") == ["a" * 1_000, "a" * 1_000, "a" * 500]


def test_extraction_says_when_it_read_only_the_start():
    extracted = extract_text((RESUME_HEAD + "Python " * 200_000).encode(), filename="cv.txt")
    assert len(extracted.text) <= MAX_TEXT_CHARS
    assert any("Only the first 100,000 characters" in w for w in extracted.warnings)


@pytest.mark.django_db
def test_the_real_parse_step_reads_a_hostile_megabyte_quickly(django_capture_on_commit_callbacks):
    job = JobFactory()
    data = (RESUME_HEAD + "a." * (MB // 2)).encode()
    with django_capture_on_commit_callbacks(execute=False):
        batch = services.resumes_import(
            job=job, files=[services.IncomingFile("cv.txt", data)], source=ImportBatch.Source.API
        )
    resume = batch.resumes.get()
    with django_capture_on_commit_callbacks(execute=False):
        _, took = _timed(services.resume_extract, resume_id=resume.pk)
    assert took < LIMIT_S, f"extraction took {took:.2f}s"
    with django_capture_on_commit_callbacks(execute=False):
        application, took = _timed(services.resume_parse, resume_id=resume.pk)
    assert took < LIMIT_S, f"parsing took {took:.2f}s"
    resume.refresh_from_db()
    assert resume.status == Resume.Status.PARSED
    assert application.candidate.email == "jordan.lee@example.com"


# --- A task that hits its soft time limit fails its row with a reason --------------------------


@pytest.mark.django_db
def test_a_parse_that_runs_out_of_time_fails_the_resume_with_a_reason(monkeypatch):
    resume = ResumeFactory(status=Resume.Status.EXTRACTED, text=RESUME_HEAD)

    def too_slow(**kwargs):
        Resume.objects.filter(pk=resume.pk).update(status=Resume.Status.PARSING)
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(services, "resume_parse", too_slow)
    tasks.parse_resume.apply(args=[resume.pk])
    resume.refresh_from_db()
    assert resume.status == Resume.Status.FAILED
    assert resume.error == "Reading this file took too long; it may be malformed."
    assert resume.error_code == "timeout"


@pytest.mark.django_db
def test_an_extraction_that_runs_out_of_time_fails_the_resume_with_a_reason(monkeypatch):
    resume = ResumeFactory(status=Resume.Status.QUEUED)

    def too_slow(**kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(services, "resume_extract", too_slow)
    tasks.extract_resume.apply(args=[resume.pk])
    resume.refresh_from_db()
    assert resume.status == Resume.Status.FAILED
    assert "took too long" in resume.error
    assert resume.error_code == "timeout"


@pytest.mark.django_db
def test_a_screening_that_runs_out_of_time_fails_with_a_reason(monkeypatch):
    application = ApplicationFactory(resume=ResumeFactory(text=RESUME_HEAD))
    screening = Screening.objects.create(
        application=application, resume=application.resume, status=Screening.Status.RUNNING
    )

    def too_slow(application_id):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(ai_services, "application_screen", too_slow)
    ai_tasks.screen_application.apply(args=[application.pk])
    screening.refresh_from_db()
    assert screening.status == Screening.Status.FAILED
    assert screening.error == ai_tasks.TOO_LONG


# --- HR's fields have length limits -------------------------------------------------------------

LONG_REQUIREMENT = " ".join(["five years of Python and Django"] * 520)  # 16,000+ characters


@pytest.mark.django_db
def test_a_16000_character_requirement_is_refused_at_the_form_quickly(client):
    assert len(LONG_REQUIREMENT) > 16_000
    client.force_login(user_with(roles.RECRUITER))
    job = JobFactory()
    data = {
        "requirements-must_have": LONG_REQUIREMENT + "\nDjango",
        "requirements-nice_to_have": "",
        "requirements-seniority": "senior",
        "requirements-knockouts": "",
    }
    response, took = _timed(
        client.post, reverse("requirements_save", args=[job.pk]), data, follow=True
    )
    assert took < LIMIT_S
    shown = [str(m) for m in response.context["messages"]]
    assert any("Keep each requirement under 300 characters" in m for m in shown), shown
    job.refresh_from_db()
    assert LONG_REQUIREMENT not in str(job.requirements)


@pytest.mark.django_db
def test_the_requirements_service_refuses_a_long_line_and_too_many_lines():
    from django.core.exceptions import ValidationError

    job = JobFactory()
    user = UserFactory(is_superuser=True)
    fields = {"nice_to_have": [], "min_years": None, "seniority": "senior", "knockouts": []}
    with pytest.raises(ValidationError, match="under 300 characters"):
        ai_services.job_requirements_edit(job, user=user, must_have=[LONG_REQUIREMENT], **fields)
    with pytest.raises(ValidationError, match="at most 40 requirements"):
        ai_services.job_requirements_edit(
            job, user=user, must_have=[f"Skill {n}" for n in range(41)], **fields
        )


def test_extracting_requirements_from_a_16000_character_line_is_fast():
    _, took = _timed(extract_requirements, f"Requirements:\n- {LONG_REQUIREMENT}")
    assert took < LIMIT_S


def test_job_description_notes_and_reasons_have_clear_limits():
    from ai.forms import OverrideForm, RequirementsForm
    from recruiting.forms import JobForm, NoteForm, StageForm

    job_form = JobForm(data={"title": "T" * 201, "description": "x" * 20_001})
    assert not job_form.is_valid()
    assert job_form.errors["title"] == ["Keep the job title under 200 characters."]
    assert "Keep the description under 20,000 characters" in job_form.errors["description"][0]
    note = NoteForm(data={"note-text": "n" * 5_001})
    assert note.errors["text"] == ["Keep the note under 5,000 characters."]
    stage = StageForm(data={"stage-stage": "shortlisted", "stage-reason": "r" * 2_001})
    assert stage.errors["reason"] == ["Keep the reason under 2,000 characters."]
    override = OverrideForm(data={"override-reason": "r" * 2_001, "override-rank": 1})
    assert override.errors["reason"] == ["Keep the reason under 2,000 characters."]
    many = RequirementsForm(
        data={
            "requirements-must_have": "\n".join(f"Skill {n}" for n in range(41)),
            "requirements-seniority": "senior",
        }
    )
    assert many.errors["must_have"] == ["List at most 40 requirements here (there are 41)."]
    knockouts = RequirementsForm(
        data={
            "requirements-must_have": "Python",
            "requirements-seniority": "senior",
            "requirements-knockouts": "Q" * 301,
        }
    )
    assert "Keep each knock-out question under 300 characters" in knockouts.errors["knockouts"][0]
