"""Uploaded files are handed back so that they can never run in our origin: the served
type comes from an allow-list, only PDFs and PNG/JPEG images are shown inline, and
every file response is sandboxed with nosniff. The browser half is
tests/browser/test_hostile_files.py."""

import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from recruiting import extraction, file_serving, roles
from tests import hostile_files
from tests.factories import ApplicationFactory, ResumeFactory, UserFactory

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.fakes.s3"]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
# Anything a browser would run as a page or a script, by type.
ACTIVE_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "image/svg+xml",
    "application/xml",
    "text/xml",
    "application/javascript",
    "text/javascript",
    "application/ecmascript",
    "multipart/x-mixed-replace",
)


@pytest.fixture
def recruiter_client(client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=roles.RECRUITER))
    client.force_login(user)
    return client


def _stored(name: str, content: bytes):
    """A resume stored the way intake stores it: its type sniffed from the bytes."""
    resume = ResumeFactory(
        original_name=name,
        content=content,
        content_type=extraction.detect_content_type(content, name),
    )
    ApplicationFactory(candidate=resume.candidate, resume=resume)
    return resume


def _assert_sandboxed(response):
    assert response["Content-Security-Policy"].startswith("sandbox; default-src 'none'")
    assert response["X-Content-Type-Options"] == "nosniff"


HOSTILE = hostile_files.variants("/applications/1/note/")


@pytest.mark.parametrize("name", HOSTILE)
@pytest.mark.parametrize("query", ["", "?inline=1"])
def test_an_uploaded_page_is_never_served_as_one(recruiter_client, name, query):
    resume = _stored(name, HOSTILE[name])
    response = recruiter_client.get(reverse("resume_file", args=[resume.pk]) + query)
    assert response.status_code == 200
    _assert_sandboxed(response)
    content_type = response["Content-Type"].split(";")[0].strip()
    assert content_type not in ACTIVE_TYPES
    assert content_type in ("application/octet-stream", "text/plain", "application/pdf")
    if content_type == "application/pdf":
        # The polyglot: a PDF by its header, so it may be shown inline, as a PDF, sandboxed.
        assert name == "portfolio.pdf"
    else:
        assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == HOSTILE[name]


@pytest.mark.parametrize(
    ("name", "content", "served"),
    [
        ("maya.pdf", hostile_files.REAL_PDF.read_bytes(), "application/pdf"),
        ("photo.png", PNG, "image/png"),
        ("scan.jpg", JPEG, "image/jpeg"),
    ],
)
def test_pdfs_and_images_are_shown_inline_sandboxed_and_framable_by_our_pages(
    recruiter_client, name, content, served
):
    resume = _stored(name, content)
    url = reverse("resume_file", args=[resume.pk])
    inline = recruiter_client.get(url + "?inline=1")
    assert inline["Content-Type"] == served
    assert inline["Content-Disposition"] == f'inline; filename="{name}"'
    _assert_sandboxed(inline)
    assert "frame-ancestors 'self'" in inline["Content-Security-Policy"]
    assert inline["X-Frame-Options"] == "SAMEORIGIN"

    download = recruiter_client.get(url)
    assert download["Content-Disposition"] == f'attachment; filename="{name}"'
    _assert_sandboxed(download)


@pytest.mark.parametrize(
    ("name", "content", "served"),
    [
        ("notes.txt", b"Python developer\nWork experience", "text/plain; charset=utf-8"),
        ("cv.rtf", rb"{\rtf1\ansi Python developer}", "application/rtf"),
        ("tool.exe", b"MZ" + b"\x00" * 64, "application/octet-stream"),
        ("cv.md", b"# Maya\n\n## Experience\n- Python", "application/octet-stream"),
    ],
)
def test_everything_else_downloads_whatever_inline_says(recruiter_client, name, content, served):
    resume = _stored(name, content)
    response = recruiter_client.get(reverse("resume_file", args=[resume.pk]) + "?inline=1")
    assert response["Content-Type"] == served
    assert response["Content-Disposition"].startswith("attachment;")
    _assert_sandboxed(response)


@pytest.mark.parametrize("stored_type", [*ACTIVE_TYPES, "text/html; charset=utf-8", "", "PDF"])
def test_a_stored_type_outside_the_allow_list_is_served_as_opaque_bytes(stored_type):
    delivery = file_serving.file_delivery(
        sniffed_type=stored_type, original_name="resume.pdf", inline_requested=True
    )
    assert delivery.content_type == "application/octet-stream"
    assert delivery.inline is False


def test_the_file_name_cannot_break_the_header(recruiter_client):
    resume = _stored('dir/Zoë "Ng"\r\nX-Evil: 1.pdf', hostile_files.REAL_PDF.read_bytes())
    response = recruiter_client.get(reverse("resume_file", args=[resume.pk]))
    assert "X-Evil" not in response.headers
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''Zo")
    assert file_serving.download_name("\x00/") == "resume"


def test_the_s3_redirect_asks_the_bucket_for_the_same_safe_type_and_disposition(
    s3_storage, recruiter_client
):
    resume = _stored("resume.html", HOSTILE["resume.html"])
    stored_keys = s3_storage.keys()
    assert resume.file.name in stored_keys
    response = recruiter_client.get(reverse("resume_file", args=[resume.pk]) + "?inline=1")
    assert response.status_code == 302
    _assert_sandboxed(response)
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["response-content-type"] == ["application/octet-stream"]
    assert query["response-content-disposition"] == ['attachment; filename="resume.html"']
    with urllib.request.urlopen(response["Location"], timeout=10) as bucket:  # noqa: S310
        assert bucket.headers["Content-Type"] == "application/octet-stream"
        assert bucket.headers["Content-Disposition"].startswith("attachment;")
