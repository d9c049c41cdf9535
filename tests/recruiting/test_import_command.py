"""``manage.py import_resumes``: files, folders and zips onto a job, waiting for each."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from recruiting.models import Candidate
from tests.factories import JobFactory

pytestmark = pytest.mark.django_db(transaction=True)
DEMO = Path(__file__).resolve().parents[2] / "recruiting" / "demo" / "resumes"
CORPUS = Path(__file__).resolve().parent / "corpus"


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_resumes", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_prints_one_object_per_file(tmp_path):
    job = JobFactory()
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "maya.pdf").write_bytes((DEMO / "01-maya-okafor.pdf").read_bytes())
    (folder / "again.pdf").write_bytes((DEMO / "01-maya-okafor.pdf").read_bytes())
    (folder / "empty.docx").write_bytes(b"")
    (folder / "invoice.txt").write_bytes((CORPUS / "not_resumes" / "invoice.txt").read_bytes())
    out, err = run("--job", str(job.pk), "--inline", "--json", str(folder))
    lines = [json.loads(line) for line in out.splitlines()]  # stdout holds only JSON
    by_file = {line["file"]: line for line in lines}
    assert set(by_file) == {"again.pdf", "empty.docx", "invoice.txt", "maya.pdf"}
    statuses = sorted(line["status"] for line in lines)
    assert statuses == ["duplicate", "failed", "rejected", "screened"]
    assert by_file["empty.docx"]["reason"] == "The file is empty."
    assert by_file["invoice.txt"]["reason"].startswith(
        "Not added as a candidate. This looks like an invoice"
    )
    assert by_file["invoice.txt"]["candidate"] is None
    candidate = Candidate.objects.get(email="maya.okafor@example.com")
    assert {by_file[name]["candidate"] for name in ("maya.pdf", "again.pdf")} == {candidate.pk}
    assert "4/4" in err  # the progress bar went to stderr


def test_a_relative_path_with_dot_dot_finds_its_files(tmp_path, monkeypatch):
    job = JobFactory()
    resumes = tmp_path / "resumes"
    (resumes / ".hidden").mkdir(parents=True)
    (resumes / "cv.txt").write_bytes((CORPUS / "resumes" / "chef.txt").read_bytes())
    (resumes / ".hidden" / "skip.txt").write_text("not this one")
    (resumes / ".skip.txt").write_text("nor this one")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    out, _ = run("--job", str(job.pk), "--inline", "--json", "../resumes/")
    assert [json.loads(line)["file"] for line in out.splitlines()] == ["cv.txt"]


def test_the_progress_bar_is_drawn_by_tqdm_on_stderr(tmp_path, monkeypatch):
    import tqdm as tqdm_module

    from recruiting.management.commands import import_resumes

    drawn = []

    class RecordingBar(tqdm_module.tqdm):
        def __init__(self, *args, **kwargs):
            drawn.append(kwargs["file"])
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(import_resumes, "tqdm", RecordingBar)
    job = JobFactory()
    resume = tmp_path / "cv.txt"
    resume.write_bytes((CORPUS / "resumes" / "nurse.txt").read_bytes())
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_resumes", "--job", str(job.pk), "--inline", str(resume), stdout=out, stderr=err
    )
    assert drawn == [err]
    assert "1/1" in err.getvalue() and "100%" in err.getvalue()
    assert "\r" not in out.getvalue() and "100%" not in out.getvalue()


def test_a_summary_and_progress_bar_for_people(tmp_path):
    job = JobFactory()
    archive = tmp_path / "batch.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("a.pdf", (DEMO / "02-arjun-raghunathan.pdf").read_bytes())
        zipped.writestr("b.docx", (DEMO / "05-mei-lin-chen.docx").read_bytes())
    out, err = run("--job", str(job.pk), "--inline", str(archive))
    assert "2 files, 2 screened, 0 duplicate, 0 not a resume, 0 failed" in out
    assert "2/2" in err and "100%" in err


def test_unknown_job_and_missing_paths_are_clear_errors(tmp_path):
    with pytest.raises(CommandError, match="no job with id 999"):
        run("--job", "999", str(tmp_path))
    job = JobFactory()
    with pytest.raises(CommandError, match="no such file or folder"):
        run("--job", str(job.pk), str(tmp_path / "nope.pdf"))


def test_without_a_worker_it_gives_up_after_the_timeout_and_says_why(tmp_path):
    from config.celery import app

    job = JobFactory()
    resume = tmp_path / "cv.txt"
    resume.write_text("Jo Doe\njo@example.com\nPython developer")
    app.conf.task_always_eager = False
    try:
        with pytest.raises(CommandError, match=r"1 file was still waiting after 1 s\. Is a worker"):
            run("--job", str(job.pk), "--timeout", "1", str(resume))
    finally:
        app.conf.task_always_eager = True
