"""An S3-compatible server on loopback (moto in server mode), so tests run the real
django-storages and boto3 code over HTTP instead of patching them.

Fixtures (load with ``pytest_plugins = ["tests.fakes.s3"]``):

* ``s3_server``: one moto server for the session, emptied after each test that used it.
* ``s3_storage``: a fresh private bucket, and ``STORAGES["default"]`` switched to it,
  built by ``config/settings/base.py`` itself from the same environment variables a
  deployment sets.
"""

import json
import os
import subprocess
import sys
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer

REPO = Path(__file__).resolve().parents[2]
REGION = "us-east-1"
ACCESS_KEY = "testing"
SECRET_KEY = "testing"


class S3Server:
    """A moto server on 127.0.0.1 and a free port."""

    def __init__(self):
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)

    def start(self) -> None:
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.endpoint_url = f"http://{host}:{port}"

    def stop(self) -> None:
        self._server.stop()

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def reset(self) -> None:
        """Forget every bucket and object (moto's own reset endpoint)."""
        url = f"{self.endpoint_url}/moto-api/reset"
        request = urllib.request.Request(url, method="POST")  # noqa: S310 (loopback)
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
            response.read()


@dataclass
class S3Bucket:
    server: S3Server
    name: str
    storage_options: dict

    def client(self):
        return self.server.client()

    def keys(self) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=self.name)
        return [item["Key"] for item in listing.get("Contents", [])]

    def object_url(self, key: str) -> str:
        """The plain (unsigned) path-style URL of an object."""
        return f"{self.server.endpoint_url}/{self.name}/{key}"


def storage_from_settings(*, bucket: str, endpoint_url: str, tmp_path: Path) -> dict:
    """``STORAGES["default"]`` exactly as ``config/settings/base.py`` builds it when a
    deployment sets these variables. Evaluated in a child process so the environment
    (and any ``.env`` file the settings read) cannot leak into the test process."""
    keep = ("PATH", "HOME", "LANG", "PYTHONPATH", "SYSTEMROOT")
    env = {key: os.environ[key] for key in keep if key in os.environ}
    env.update(
        {
            "VAR_DIR": str(tmp_path / "settings-var"),
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": endpoint_url,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        }
    )
    code = "import json, config.settings.base as s; print(json.dumps(s.STORAGES['default']))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def s3_server():
    server = S3Server()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def s3_storage(_media_root, settings, s3_server, tmp_path):
    """Default storage on a fresh private bucket of the moto server.

    Depends on ``_media_root`` (which sets local-disk STORAGES for every test) so that this
    override comes after it. Changing ``settings.STORAGES`` fires ``setting_changed``,
    which makes Django drop its cached storage backends.
    """
    name = f"resumes-{uuid.uuid4().hex[:12]}"
    s3_server.client().create_bucket(Bucket=name)
    options = storage_from_settings(
        bucket=name, endpoint_url=s3_server.endpoint_url, tmp_path=tmp_path
    )
    settings.AWS_STORAGE_BUCKET_NAME = name
    settings.STORAGES = {**settings.STORAGES, "default": options}
    yield S3Bucket(server=s3_server, name=name, storage_options=options)
    s3_server.reset()
