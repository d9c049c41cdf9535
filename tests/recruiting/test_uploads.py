"""Uploads are streamed: limits apply while the body arrives, files are read from where
Django spooled them, and zips are unpacked member by member.

Large bodies are generated as they are read (:class:`MultipartBody`), so a 300 MB upload
costs the test no memory of its own, and tracemalloc measures what the server side holds.
"""

from __future__ import annotations

import io
import random
import struct
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from django.test import Client, RequestFactory
from django.urls import reverse

from ai import selectors as ai_selectors
from recruiting import roles, services
from recruiting.models import Candidate, ImportBatch, Resume
from recruiting.uploads import UploadGuard
from tests.factories import JobFactory, UserFactory

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
DEMO = Path(__file__).resolve().parents[2] / "recruiting" / "demo" / "resumes"
BOUNDARY = "----streamed-upload-test"


class MultipartBody(io.RawIOBase):
    """A multipart/form-data body produced as it is read, never held whole.

    ``files`` are (field, file name, size) triples; each file is a PDF header followed by
    filler bytes up to ``size``.
    """

    def __init__(self, fields: dict[str, str], files: list[tuple[str, str, int]]):
        self._pieces = self._generate(fields, files)
        self._pending = b""
        self.length = sum(
            len(p) if isinstance(p, bytes) else p[1] for p in self._plan(fields, files)
        )
        self.bytes_read = 0

    @staticmethod
    def _plan(fields, files):
        for name, value in fields.items():
            yield (
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            ).encode()
        for field, file_name, size in files:
            yield (
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{field}"; '
                f'filename="{file_name}"\r\nContent-Type: application/pdf\r\n\r\n'
            ).encode()
            yield ("filler", size)
            yield b"\r\n"
        yield f"--{BOUNDARY}--\r\n".encode()

    def _generate(self, fields, files):
        chunk = b"%PDF-1.4\n" + b"0" * (64 * 1024 - 9)
        for piece in self._plan(fields, files):
            if isinstance(piece, bytes):
                yield piece
                continue
            left = piece[1]
            while left:
                part = chunk[:left]
                left -= len(part)
                yield part
                chunk = b"0" * len(chunk) if chunk.startswith(b"%PDF") else chunk

    def readable(self):
        return True

    def read(self, size=-1):
        while size < 0 or len(self._pending) < size:
            piece = next(self._pieces, None)
            if piece is None:
                break
            self._pending += piece
        if size < 0:
            data, self._pending = self._pending, b""
        else:
            data, self._pending = self._pending[:size], self._pending[size:]
        self.bytes_read += len(data)
        return data

    def environ(self, *, content_length: int | None = None) -> dict:
        return {
            "wsgi.input": self,
            "CONTENT_LENGTH": str(self.length if content_length is None else content_length),
            "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        }


def recruiter():
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=roles.RECRUITER))
    return user


@pytest.fixture
def job():
    return JobFactory()


@pytest.fixture
def csrf_client():
    """A signed-in recruiter whose requests are CSRF-checked, as a browser's are."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(recruiter())
    client.get(reverse("jobs"))  # sets the CSRF cookie
    return client


def _token(client) -> str:
    return client.cookies["csrftoken"].value


def _post_streamed(client, url, body: MultipartBody, **extra):
    return client.generic("POST", url, **body.environ(), **extra)


def test_a_300_mb_upload_is_refused_with_a_message_without_holding_it(csrf_client, job):
    body = MultipartBody(
        {"csrfmiddlewaretoken": _token(csrf_client)}, [("files", "huge.pdf", 300 * MB)]
    )
    tracemalloc.start()
    try:
        response = _post_streamed(
            csrf_client, reverse("job_upload", args=[job.pk]), body, HTTP_HX_REQUEST="true"
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 413
    html = response.content.decode()
    assert "The upload is 300 MB, more than the 200 MB limit for one upload." in html
    assert 'role="alert"' in html
    assert not ImportBatch.objects.exists()
    assert peak < 50 * MB, f"peak {peak / MB:.1f} MB"
    # The rest of the body was read and thrown away, so a browser gets to read the answer.
    assert body.bytes_read == body.length


def test_the_request_total_is_counted_as_it_arrives_even_when_content_length_lies(settings):
    """A body longer than its Content-Length says (a parser fed directly, as an ASGI server
    or a proxy bug could) is stopped by counting, not by trusting the header."""
    settings.RESUME_UPLOAD_MAX_BYTES = 5 * MB
    settings.RESUME_MAX_BYTES = 50 * MB
    body = MultipartBody({}, [("files", "a.pdf", 4 * MB), ("files", "b.pdf", 40 * MB)])
    request = RequestFactory().post("/")
    guard = UploadGuard(request)
    handlers = [guard, *request.upload_handlers]
    tracemalloc.start()
    try:
        _, files = MultiPartParser(body.environ(content_length=1000), body, handlers).parse()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert guard.refusal.startswith("The upload is 5")
    assert "more than the 5 MB limit for one upload" in guard.refusal
    assert guard.request_bytes <= 5 * MB + 64 * 1024
    assert [f.name for f in files.getlist("files")] == ["a.pdf"]  # b.pdf never completed
    # Django's in-memory handler trusts Content-Length (here it says 1000 bytes), so it
    # keeps the files in memory: up to the request limit, never the 44 MB that were sent.
    assert peak < 16 * MB, f"peak {peak / MB:.1f} MB"


def test_content_length_over_the_limit_is_refused_before_any_file_byte():
    body = MultipartBody({"note": "hi"}, [("files", "a.pdf", 1 * MB)])
    request = RequestFactory().post("/")
    guard = UploadGuard(request)
    post, files = MultiPartParser(
        body.environ(content_length=300 * MB), body, [guard, *request.upload_handlers]
    ).parse()
    assert "The upload is 300 MB" in guard.refusal
    assert guard.request_bytes == 0
    assert post["note"] == "hi"  # fields before the files, such as the CSRF token, are read
    assert not files


def test_a_file_over_its_own_limit_is_dropped_and_reported_in_the_batch(csrf_client, job, settings):
    settings.RESUME_MAX_BYTES = 1 * MB
    body = MultipartBody(
        {"csrfmiddlewaretoken": _token(csrf_client)},
        [("files", "big.pdf", 3 * MB), ("files", "small.pdf", 10_000)],
    )
    response = _post_streamed(csrf_client, reverse("job_upload", args=[job.pk]), body)
    assert response.status_code == 302
    batch = ImportBatch.objects.get(job=job)
    outcome = {o["file"]: o for o in ai_selectors.batch_outcomes(batch)}
    assert outcome["big.pdf"]["status"] == "failed"
    assert outcome["big.pdf"]["reason"] == "The file is larger than the 1 MB limit."
    assert outcome["small.pdf"]["status"] != "failed"


def test_a_single_file_over_its_limit_is_still_a_batch_with_its_reason(csrf_client, job, settings):
    settings.RESUME_MAX_BYTES = 1 * MB
    body = MultipartBody(
        {"csrfmiddlewaretoken": _token(csrf_client)}, [("files", "big.pdf", 2 * MB)]
    )
    response = _post_streamed(csrf_client, reverse("job_upload", args=[job.pk]), body)
    assert response.status_code == 302
    (resume,) = Resume.objects.filter(batch__job=job)
    assert resume.status == Resume.Status.FAILED
    assert resume.error_code == "too_large"


def test_more_files_than_allowed_get_a_clear_message(csrf_client, job, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    files = [SimpleUploadedFile(f"cv{i}.txt", b"Jo Doe jo@example.com") for i in range(4)]
    response = csrf_client.post(
        reverse("job_upload", args=[job.pk]),
        {"csrfmiddlewaretoken": _token(csrf_client), "files": files},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 413
    assert (
        "More than 3 files were sent at once; upload at most 3 at a time, or put them in a zip."
        in response.content.decode()
    )
    assert not ImportBatch.objects.exists()


def test_the_admin_upload_says_why_too_many_files_were_refused(csrf_client, job, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    files = [SimpleUploadedFile(f"cv{i}.txt", b"Jo Doe jo@example.com") for i in range(3)]
    response = csrf_client.post(
        reverse("admin:recruiting_job_upload", args=[job.pk]),
        {"csrfmiddlewaretoken": _token(csrf_client), "files-files": files},
        follow=True,
    )
    assert response.status_code == 200
    assert "More than 2 files were sent at once" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_csv_import_with_a_file_over_its_limit_is_refused_whole(csrf_client, job, settings):
    settings.RESUME_MAX_BYTES = 1 * MB
    body = MultipartBody(
        {"csrfmiddlewaretoken": _token(csrf_client)}, [("csv-csv_file", "people.csv", 2 * MB)]
    )
    response = _post_streamed(csrf_client, reverse("job_import_csv", args=[job.pk]), body)
    assert response.status_code == 413
    assert "people.csv: The file is larger than the 1 MB limit." in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_the_csrf_check_still_applies_to_uploads(csrf_client, job):
    response = csrf_client.post(
        reverse("job_upload", args=[job.pk]),
        {"files": [SimpleUploadedFile("a.txt", b"Jo Doe jo@example.com")]},
    )
    assert response.status_code == 403
    assert not ImportBatch.objects.exists()


def _zip(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_an_ordinary_upload_spooled_to_disk_works_end_to_end(
    csrf_client, job, settings, django_capture_on_commit_callbacks
):
    # Every upload goes to a temporary file, and the zip is larger than one resume may be,
    # so it is unpacked from that file member by member rather than read whole.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    settings.RESUME_MAX_BYTES = 20_000
    archive = _zip(
        {
            "maya.pdf": (DEMO / "01-maya-okafor.pdf").read_bytes(),
            "arjun.pdf": (DEMO / "02-arjun-raghunathan.pdf").read_bytes(),
            "filler.txt": bytes(range(256)) * 100,  # incompressible enough
        },
        compression=zipfile.ZIP_STORED,
    )
    assert len(archive) > settings.RESUME_MAX_BYTES
    with django_capture_on_commit_callbacks(execute=True):
        response = csrf_client.post(
            reverse("job_upload", args=[job.pk]),
            {
                "csrfmiddlewaretoken": _token(csrf_client),
                "files": [
                    SimpleUploadedFile("batch.zip", archive),
                    SimpleUploadedFile(
                        "daniel.pdf", (DEMO / "04-daniel-kowalczyk.pdf").read_bytes()
                    ),
                ],
            },
            headers={"HX-Request": "true"},
        )
    assert response.status_code == 200, response.content.decode()
    batch = ImportBatch.objects.get(job=job)
    outcome = {o["file"]: o["status"] for o in ai_selectors.batch_outcomes(batch)}
    assert outcome["batch.zip/maya.pdf"] == "screened"
    assert outcome["batch.zip/arjun.pdf"] == "screened"
    assert outcome["daniel.pdf"] == "screened"
    assert Candidate.objects.filter(email="maya.okafor@example.com").exists()
    stored = Resume.objects.get(original_name="daniel.pdf")
    assert stored.file.read() == (DEMO / "04-daniel-kowalczyk.pdf").read_bytes()
    assert stored.size == stored.file.size


def _lie_about_size(data: bytes, name: bytes, declared: int) -> bytes:
    """Make the local header and the central directory declare ``declared`` bytes."""
    raw = bytearray(data)
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        pos = raw.find(signature)
        while pos != -1:
            length = struct.unpack_from("<H", raw, pos + (26 if size_at == 22 else 28))[0]
            if raw[pos + name_at : pos + name_at + length] == name:
                struct.pack_into("<I", raw, pos + size_at, declared)
            pos = raw.find(signature, pos + 4)
    return bytes(raw)


def test_a_zip_member_that_lies_about_its_size_is_stopped_while_read(job, settings):
    """Its header says 1 KB; it holds 30 MB. Unpacking stops at what the header promised
    (the member is rejected), the honest member is kept, and memory stays small."""
    settings.RESUME_MAX_BYTES = 1 * MB
    real = b"Lorem ipsum dolor sit amet, resume line. " * (30 * MB // 41)
    archive = _lie_about_size(
        _zip({"liar.pdf": real, "cv.txt": b"Jordan Lee jordan@example.com"}), b"liar.pdf", 1024
    )
    tracemalloc.start()
    try:
        batch = services.resumes_import(
            job=job,
            files=[services.IncomingFile("batch.zip", io.BytesIO(archive))],
            source=ImportBatch.Source.HR_PAGE,
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    outcome = {o["file"]: o for o in ai_selectors.batch_outcomes(batch)}
    assert outcome["batch.zip/liar.pdf"]["status"] == "failed"
    assert "damaged" in outcome["batch.zip/liar.pdf"]["reason"]
    assert outcome["batch.zip/cv.txt"]["status"] == "pending"
    assert peak < 5 * MB, f"peak {peak / MB:.1f} MB"


def test_a_zip_found_over_its_budget_part_way_leaves_nothing_behind(job, settings):
    """Members accepted before the archive is found unusable are rolled back with their
    stored files: the zip is one failed line, as when the headers show it at once. Here
    the zip inside the zip unpacks past the shared budget, which shows only once the
    outer members before it have been read."""
    settings.RESUME_MAX_BYTES = 5 * MB
    settings.RESUME_ZIP_MAX_BYTES = 6 * MB
    noise = random.Random(9).randbytes
    inner = _zip({"a.bin": noise(2 * MB), "b.bin": noise(2 * MB)}, zipfile.ZIP_STORED)
    honest = {f"cv{i}.txt": f"Person {i} person{i}@example.com ".encode() * 50 for i in range(2)}
    archive = _zip({**honest, "inner.zip": inner}, zipfile.ZIP_STORED)
    batch = services.resumes_import(
        job=job,
        files=[services.IncomingFile("batch.zip", io.BytesIO(archive))],
        source=ImportBatch.Source.HR_PAGE,
    )
    (outcome,) = ai_selectors.batch_outcomes(batch)
    assert outcome["file"] == "batch.zip"
    assert outcome["status"] == "failed"
    assert outcome["reason"].startswith("The archive unpacks to 8")
    assert not Resume.objects.filter(batch=batch).exclude(file="").exists()
    assert not any(Path(settings.MEDIA_ROOT).rglob("cv*.txt"))


def test_a_file_larger_than_a_resume_may_be_is_turned_away_without_reading_it_whole(
    job, settings, tmp_path
):
    settings.RESUME_MAX_BYTES = 1 * MB
    path = tmp_path / "huge.pdf"
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.4\n")
        handle.truncate(40 * MB)
    tracemalloc.start()
    try:
        batch = services.resumes_import(
            job=job, files=[services.IncomingFile("huge.pdf", path)], source="command"
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    resume = Resume.objects.get(batch=batch)
    assert resume.status == Resume.Status.FAILED
    assert resume.error == "The file is larger than the 1 MB limit."
    assert resume.size == 40 * MB
    assert resume.content_type == "application/pdf"
    assert peak < 2 * MB, f"peak {peak / MB:.1f} MB"
