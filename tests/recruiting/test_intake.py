"""Resume intake through the services, with tasks run eagerly after each commit."""

import io
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from ai import selectors as ai_selectors
from recruiting import services
from recruiting.models import Application, Candidate, Event, ImportBatch, Resume
from tests.factories import JobFactory

pytestmark = pytest.mark.django_db

DEMO = Path(__file__).resolve().parents[2] / "recruiting" / "demo" / "resumes"

PLAIN_RESUME = """Jordan Lee
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


@pytest.fixture
def job():
    return JobFactory()


@pytest.fixture
def run_import(django_capture_on_commit_callbacks, job):
    """Import files onto ``job`` and run the whole chain, as the worker would."""

    def run(*files, target=None, source=ImportBatch.Source.HR_PAGE):
        with django_capture_on_commit_callbacks(execute=True):
            batch = services.resumes_import(
                job=target or job,
                files=[services.IncomingFile(name=name, data=data) for name, data in files],
                source=source,
            )
        return batch

    return run


def outcomes(batch):
    return {o["file"]: o for o in ai_selectors.batch_outcomes(batch)}


def test_pdf_docx_and_text_become_candidates_with_applications(run_import, job):
    batch = run_import(
        ("maya.pdf", (DEMO / "01-maya-okafor.pdf").read_bytes()),
        ("sofia.docx", (DEMO / "03-sofia-hernandez-ruiz.docx").read_bytes()),
        ("jordan.txt", PLAIN_RESUME.encode()),
    )
    progress = ai_selectors.batch_progress(batch)
    assert progress.done and progress.extracted == 3 and progress.failed == 0
    emails = set(Candidate.objects.values_list("email", flat=True))
    assert emails == {
        "maya.okafor@example.com",
        "sofia.hernandez@example.org",
        "jordan.lee@example.com",
    }
    assert Application.objects.filter(job=job).count() == 3
    jordan = Candidate.objects.get(email="jordan.lee@example.com")
    assert jordan.phone == "+14155550100"
    assert "Django" in jordan.profile["skills"]
    assert jordan.events.filter(kind=Event.Kind.APPLIED).count() == 1


def test_bad_files_each_get_a_clear_reason_and_the_batch_goes_on(run_import, settings):
    settings.RESUME_MAX_BYTES = 50_000
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00"
        b"\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05"
        b"\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    batch = run_import(
        ("empty.pdf", b""),
        ("huge.pdf", b"%PDF-1.4\n" + b"x" * 60_000),
        ("program.pdf", b"MZ\x90\x00" + b"\x00" * 200),
        ("picture.pdf", png),
        ("truncated.pdf", (DEMO / "01-maya-okafor.pdf").read_bytes()[:1500]),
        ("good.txt", PLAIN_RESUME.encode()),
    )
    result = outcomes(batch)
    assert result["good.txt"]["status"] == "screened"
    assert "empty" in result["empty.pdf"]["reason"].lower()
    assert "0.05 MB" in result["huge.pdf"]["reason"] or "limit" in result["huge.pdf"]["reason"]
    assert "Windows program" in result["program.pdf"]["reason"]
    assert result["picture.pdf"]["status"] == "failed"
    assert result["truncated.pdf"]["status"] == "failed"
    failed = [o for o in result.values() if o["status"] == "failed"]
    assert len(failed) == 5
    assert all(o["reason"] for o in failed)
    assert len({o["reason"] for o in failed}) == 5
    # Rejected uploads are not stored: nothing to leak, nothing half-created.
    assert not Resume.objects.get(original_name="program.pdf").file
    assert Candidate.objects.count() == 1


def test_hostile_pdfs_end_with_text_or_a_reason_and_no_empty_candidates(run_import, shared_data):
    folder = shared_data / "pdfs" / "hostile"
    files = [(p.name, p.read_bytes()) for p in sorted(folder.glob("*.pdf"))]
    batch = run_import(*files)
    result = outcomes(batch)
    assert len(result) == len(files) == 18
    assert ai_selectors.batch_progress(batch).done
    yields_text = {
        "encrypted-owner-password-only.pdf",
        "rtl-arabic.pdf",
        "rotated-pages-arabic.pdf",
        "tounicode-cmap-oneline.pdf",
        "two-column.pdf",
        "pdftex-tight-word-spacing.pdf",
        "acroform-fields.pdf",
        "embedded-attachment.pdf",
        "annotations.pdf",
    }
    for name, outcome in result.items():
        if name in yields_text:
            # Its text was read: a screened candidate, or turned away as not a resume.
            assert outcome["status"] in ("screened", "rejected"), (name, outcome)
            assert outcome["status"] == "screened" or outcome["reason"], (name, outcome)
        else:
            assert outcome["status"] == "failed" and outcome["reason"], (name, outcome)
    assert "password" in result["encrypted-user-password.pdf"]["reason"].lower()
    assert result["image-only-grayscale.pdf"]["reason"].startswith("Scanned document")
    # Only the one real resume in the set (a synthetic one) becomes a candidate.
    for candidate in Candidate.objects.all():
        assert candidate.email or candidate.phone or candidate.name
    assert Candidate.objects.count() <= 1


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_of_resumes_is_expanded_safely(run_import):
    inner = _zip(
        {
            "nested.txt": PLAIN_RESUME.replace("Jordan Lee", "Sam Park")
            .replace("jordan.lee", "sam.park")
            .replace("0100", "0111")
            .encode()
        }
    )
    archive = _zip(
        {
            "resumes/maya.pdf": (DEMO / "01-maya-okafor.pdf").read_bytes(),
            "../../etc/evil.txt": PLAIN_RESUME.encode(),
            "more.zip": inner,
            "__MACOSX/._maya.pdf": b"junk",
        }
    )
    batch = run_import(("batch.zip", archive))
    result = outcomes(batch)
    assert result["batch.zip/resumes/maya.pdf"]["status"] == "screened"
    assert result["batch.zip/more.zip/nested.txt"]["status"] == "screened"
    traversal = [o for name, o in result.items() if "evil" in name]
    assert traversal and traversal[0]["status"] == "failed"
    assert not any("MACOSX" in name for name in result)
    assert set(Candidate.objects.values_list("email", flat=True)) == {
        "maya.okafor@example.com",
        "sam.park@example.com",
    }


def test_a_zip_bomb_is_refused_with_a_reason(run_import):
    bomb = _zip({"bomb.txt": b"\0" * (60 * 1024 * 1024)})
    batch = run_import(("bomb.zip", bomb))
    (outcome,) = ai_selectors.batch_outcomes(batch)
    assert outcome["status"] == "failed"
    assert outcome["reason"]
    assert Candidate.objects.count() == 0


def test_the_same_file_twice_is_one_resume_and_one_application(run_import, job):
    data = (DEMO / "01-maya-okafor.pdf").read_bytes()
    run_import(("maya.pdf", data))
    batch = run_import(("maya-again.pdf", data))
    assert outcomes(batch)["maya-again.pdf"]["status"] == "duplicate"
    candidate = Candidate.objects.get()
    assert candidate.resumes.count() == 1
    assert Application.objects.filter(candidate=candidate, job=job).count() == 1


def test_the_same_file_onto_another_job_applies_there_too(run_import, job):
    data = (DEMO / "01-maya-okafor.pdf").read_bytes()
    run_import(("maya.pdf", data))
    other_job = JobFactory(title="Staff Engineer")
    run_import(("maya.pdf", data), target=other_job)
    candidate = Candidate.objects.get()
    assert set(candidate.applications.values_list("job", flat=True)) == {job.pk, other_job.pk}


def test_a_newer_resume_with_the_same_email_in_another_case_becomes_current(run_import, job):
    run_import(("maya.pdf", (DEMO / "01-maya-okafor.pdf").read_bytes()))
    run_import(("maya-2026.docx", (DEMO / "16-maya-okafor-updated.docx").read_bytes()))
    candidate = Candidate.objects.get()
    assert candidate.email == "maya.okafor@example.com"
    current = candidate.resumes.get(is_current=True)
    assert current.original_name == "maya-2026.docx"
    assert candidate.resumes.count() == 2
    application = Application.objects.get(candidate=candidate, job=job)
    assert application.resume == current


def test_the_same_phone_is_the_same_candidate(run_import):
    run_import(("a.txt", PLAIN_RESUME.encode()))
    other_email = PLAIN_RESUME.replace("jordan.lee@example.com", "")
    run_import(("b.txt", (other_email + "\nVolunteer: coach.").encode()))
    assert Candidate.objects.count() == 1
    assert Candidate.objects.get().resumes.count() == 2


def test_each_step_run_twice_does_its_work_once(job, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        batch = services.resumes_import(
            job=job,
            files=[services.IncomingFile("j.txt", PLAIN_RESUME.encode())],
            source=ImportBatch.Source.API,
        )
    resume = batch.resumes.get()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        services.resume_extract(resume_id=resume.pk)
        services.resume_extract(resume_id=resume.pk)
    assert len(queued) == 1  # one parse step queued, not two
    resume.refresh_from_db()
    assert resume.attempts == 1
    services.resume_parse(resume_id=resume.pk)
    assert services.resume_parse(resume_id=resume.pk) is None
    assert Application.objects.count() == 1
    assert Event.objects.filter(kind=Event.Kind.APPLIED).count() == 1


def test_a_storage_outage_releases_the_claim_for_a_retry(
    job, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        batch = services.resumes_import(
            job=job,
            files=[services.IncomingFile("j.txt", PLAIN_RESUME.encode())],
            source=ImportBatch.Source.API,
        )
    resume = batch.resumes.get()

    def unavailable(*args, **kwargs):
        raise ConnectionError("storage is down")

    monkeypatch.setattr(type(resume.file), "open", unavailable)
    with pytest.raises(services.TransientError):
        services.resume_extract(resume_id=resume.pk)
    resume.refresh_from_db()
    assert resume.status == Resume.Status.QUEUED


def test_stuck_resumes_are_requeued_and_given_up_on_eventually(
    job, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        batch = services.resumes_import(
            job=job,
            files=[
                services.IncomingFile("a.txt", PLAIN_RESUME.encode()),
                services.IncomingFile("b.txt", b"Someone else entirely, teacher."),
            ],
            source=ImportBatch.Source.API,
        )
    stuck, hopeless = batch.resumes.order_by("id")
    long_ago = timezone.now() - timedelta(hours=1)
    Resume.objects.filter(pk=stuck.pk).update(
        status=Resume.Status.EXTRACTING, attempts=1, updated_at=long_ago
    )
    Resume.objects.filter(pk=hopeless.pk).update(
        status=Resume.Status.EXTRACTING, attempts=services.MAX_ATTEMPTS, updated_at=long_ago
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.resumes_requeue_stuck() == 1
    stuck.refresh_from_db()
    hopeless.refresh_from_db()
    assert stuck.status == Resume.Status.PARSED
    assert hopeless.status == Resume.Status.FAILED
    assert hopeless.error_code == "gave_up"
