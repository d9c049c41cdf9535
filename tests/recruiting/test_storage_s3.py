"""The S3 storage path, with real boto3 and django-storages against moto on loopback.

What moto enforces, and so what these tests can prove: it stores the ACL and the
server-side encryption asked for and reports them back, and it refuses an anonymous GET
of an object whose ACL is not public (``test_the_fake_server_tells_public_from_private``
shows both checks fail for an object stored the wrong way). What it does not enforce: it
accepts any URL that carries a signature without verifying it or its expiry, so for
signed URLs we check that they carry a signature and a short expiry, and that the
object is readable through one but not without one.
"""

import io
import re
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage, storages
from storages.backends.s3 import S3Storage

from recruiting import csv_import, roles, services
from recruiting.models import Candidate, ImportBatch, Resume
from tests.factories import JobFactory, UserFactory

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.fakes.s3"]

MAYA_PDF = (
    Path(__file__).resolve().parents[2] / "recruiting" / "demo" / "resumes" / "01-maya-okafor.pdf"
)
KEY = re.compile(r"^resumes/[0-9a-f]{32}\.pdf$")
PUBLIC_GROUPS = (
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
)


@pytest.fixture
def job():
    return JobFactory()


@pytest.fixture
def imported(s3_storage, job, django_capture_on_commit_callbacks):
    """Maya's PDF imported onto ``job`` through the intake service, chain executed."""
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.resumes_import(
            job=job,
            files=[services.IncomingFile("Maya Okafor - CV.pdf", MAYA_PDF.read_bytes())],
            source=ImportBatch.Source.HR_PAGE,
        )
    return batch.resumes.get()


def _get(url: str) -> tuple[int, bytes, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), dict(exc.headers)


def _is_public(acl: dict) -> bool:
    return any(grant["Grantee"].get("URI") in PUBLIC_GROUPS for grant in acl["Grants"])


def test_default_storage_is_s3_configured_by_the_settings(s3_storage):
    assert isinstance(storages["default"], S3Storage)
    assert default_storage.bucket_name == s3_storage.name
    options = s3_storage.storage_options["OPTIONS"]
    assert s3_storage.storage_options["BACKEND"] == "storages.backends.s3.S3Storage"
    assert options["endpoint_url"] == s3_storage.server.endpoint_url
    assert options["default_acl"] == "private"
    assert options["querystring_auth"] is True
    assert 0 < options["querystring_expire"] <= 900
    assert options["object_parameters"] == {"ServerSideEncryption": "AES256"}
    assert options["file_overwrite"] is False


def test_a_resume_goes_to_s3_private_encrypted_and_under_a_key_that_reveals_nothing(
    s3_storage, imported
):
    resume = imported
    assert KEY.match(resume.file.name), resume.file.name
    assert "maya" not in resume.file.name.lower() and "okafor" not in resume.file.name.lower()
    assert s3_storage.keys() == [resume.file.name]

    client = s3_storage.client()
    head = client.head_object(Bucket=s3_storage.name, Key=resume.file.name)
    assert head["ServerSideEncryption"] == "AES256"
    acl = client.get_object_acl(Bucket=s3_storage.name, Key=resume.file.name)
    assert not _is_public(acl)
    assert [grant["Permission"] for grant in acl["Grants"]] == ["FULL_CONTROL"]
    stored = client.get_object(Bucket=s3_storage.name, Key=resume.file.name)["Body"].read()
    assert stored == MAYA_PDF.read_bytes()

    # The worker read the file back from S3, extracted it and parsed the profile.
    assert resume.status == Resume.Status.PARSED
    assert resume.page_count and "Maya" in resume.text
    assert resume.candidate.email == "maya.okafor@example.com"


def _expires_in(url: str) -> float:
    """Seconds a signed URL stays valid: SigV4 says so, SigV2 gives a timestamp."""
    query = parse_qs(urlsplit(url).query)
    if "X-Amz-Expires" in query:
        return int(query["X-Amz-Expires"][0])
    return int(query["Expires"][0]) - time.time()


def test_a_signed_url_reads_the_file_and_the_plain_url_is_refused(s3_storage, imported):
    url = imported.file.url
    assert url.startswith(f"{s3_storage.object_url(imported.file.name)}?")
    assert "Signature=" in url
    assert 0 < _expires_in(url) <= 300  # AWS_QUERYSTRING_EXPIRE's default: five minutes
    status, body, _ = _get(url)
    assert status == 200
    assert body == MAYA_PDF.read_bytes()

    status, body, _ = _get(s3_storage.object_url(imported.file.name))
    assert status == 403
    assert b"%PDF" not in body


def test_signed_urls_use_signature_version_4(s3_storage, imported):
    query = parse_qs(urlsplit(imported.file.url).query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["X-Amz-Expires"] == ["300"]
    assert query["X-Amz-Signature"]


def test_the_fake_server_tells_public_from_private(s3_storage):
    """The control for the checks above: an object stored public and unencrypted is seen
    as such, so those assertions would fail if the storage settings were wrong."""
    client = s3_storage.client()
    client.put_object(Bucket=s3_storage.name, Key="public.txt", Body=b"hello", ACL="public-read")
    assert "ServerSideEncryption" not in client.head_object(
        Bucket=s3_storage.name, Key="public.txt"
    )
    assert _is_public(client.get_object_acl(Bucket=s3_storage.name, Key="public.txt"))
    assert _get(s3_storage.object_url("public.txt"))[:2] == (200, b"hello")


def test_the_download_view_checks_permission_then_redirects_to_a_signed_url(
    s3_storage, imported, client, job
):
    path = f"/resumes/{imported.pk}/file/"

    # Not signed in: sent to the sign-in page, never to the bucket.
    response = client.get(path)
    assert response.status_code == 302
    assert s3_storage.server.endpoint_url not in response["Location"]

    # An interviewer on another job does not get to know the resume exists.
    outsider = UserFactory()
    outsider.groups.add(Group.objects.get_or_create(name=roles.INTERVIEWER)[0])
    JobFactory().interviewers.add(outsider)
    client.force_login(outsider)
    assert client.get(path).status_code == 404

    recruiter = UserFactory()
    recruiter.groups.add(Group.objects.get_or_create(name=roles.RECRUITER)[0])
    client.force_login(recruiter)
    response = client.get(path)
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(s3_storage.object_url(imported.file.name))
    assert "Signature=" in location
    status, body, headers = _get(location)
    assert status == 200
    assert body == MAYA_PDF.read_bytes()
    assert headers["Content-Disposition"] == 'attachment; filename="Maya Okafor - CV.pdf"'


def test_a_csv_import_stores_its_files_on_s3_and_the_worker_reads_them_back(
    s3_storage, job, django_capture_on_commit_callbacks
):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("maya.pdf", MAYA_PDF.read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        batch = csv_import.candidates_import_csv_start(
            job=job,
            csv_name="Okafor candidates.csv",
            csv_data=b"name,email,phone,resume\nMaya Okafor,maya.okafor@example.com,,maya.pdf\n",
            archive_name="Okafor resumes.zip",
            archive_data=archive.getvalue(),
        )
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE, batch.error
    assert [row["outcome"] for row in batch.report] == ["created"]
    keys = s3_storage.keys()
    assert len(keys) == 3
    assert all(re.match(r"^(imports|resumes)/[0-9a-f]{32}\.(csv|zip|pdf)$", key) for key in keys)
    client = s3_storage.client()
    for key in keys:
        assert client.head_object(Bucket=s3_storage.name, Key=key)["ServerSideEncryption"] == (
            "AES256"
        )
    resume = Resume.objects.get()
    assert resume.status == Resume.Status.PARSED
    assert resume.candidate == Candidate.objects.get(email="maya.okafor@example.com")


def test_readyz_checks_the_bucket(s3_storage, client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["storage"]["ok"] is True


def test_readyz_fails_naming_storage_when_the_bucket_does_not_exist(s3_storage, client, settings):
    missing = {**s3_storage.storage_options}
    missing["OPTIONS"] = {**missing["OPTIONS"], "bucket_name": "no-such-bucket"}
    settings.STORAGES = {**settings.STORAGES, "default": missing}
    assert default_storage.bucket_name == "no-such-bucket"
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["storage"]
    assert body["checks"]["storage"]["ok"] is False
