"""The pipeline through real infrastructure: Redis carries the tasks, a separate worker
process runs them, and the results are read back from PostgreSQL."""

from pathlib import Path

import pytest

from config.request_id import request_id_var
from recruiting import services
from recruiting.models import Application, ImportBatch, Resume
from tests.conftest import wait_until
from tests.factories import JobFactory

pytestmark = pytest.mark.services

DEMO_RESUMES = Path(__file__).resolve().parents[1] / "recruiting" / "demo" / "resumes"


def test_an_uploaded_resume_is_extracted_and_parsed_by_a_real_worker(live_worker):
    job = JobFactory()
    data = (DEMO_RESUMES / "01-maya-okafor.pdf").read_bytes()
    token = request_id_var.set("req-live-worker-test")
    try:
        batch = services.resumes_import(
            job=job,
            files=[services.IncomingFile(name="01-maya-okafor.pdf", data=data)],
            source=ImportBatch.Source.COMMAND,
        )
    finally:
        request_id_var.reset(token)

    resume = batch.resumes.get()
    wait_until(
        lambda: Resume.objects.filter(pk=resume.pk, status__in=Resume.FINISHED).exists(),
        timeout=60,
        message=f"resume never finished; worker log:\n{live_worker.log()}",
    )
    resume.refresh_from_db()
    assert resume.status == Resume.Status.PARSED, resume.error
    assert "Maya Okafor" in resume.text
    assert resume.candidate.email == "maya.okafor@example.com"
    application = Application.objects.get(candidate=resume.candidate, job=job)
    assert application.resume == resume
    # The request that enqueued the work is named in the worker's log lines for it.
    assert "[req-live-worker-test]" in live_worker.log()
