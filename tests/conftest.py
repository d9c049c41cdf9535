import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.fail(f"The shared data set is missing: expected it at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes uploads to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media"), "base_url": "/media/"},
        },
    }


def _require_services() -> None:
    """The services tests run on PostgreSQL with Redis; in CI their absence is a failure."""
    problems = []
    if connection.vendor != "postgresql":
        problems.append(f"the test database is {connection.vendor}, not PostgreSQL")
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        problems.append("the broker is not Redis (set TEST_REDIS_URL)")
    if problems:
        message = "; ".join(problems)
        if os.environ.get("CI") == "true":
            pytest.fail(f"services test cannot run in CI: {message}")
        pytest.skip(message)


@pytest.fixture
def live_worker(transactional_db, settings, tmp_path):
    """A real Celery worker process on Redis, writing to this test's PostgreSQL database.

    The test process publishes for real (eager mode off) and the worker, a separate
    process, consumes from a queue no one else uses.
    """
    _require_services()
    from config.celery import app

    queue = f"test-{os.getpid()}-{time.monotonic_ns()}"
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "TEST_DATABASE_URL": database_url,
        "TEST_REDIS_URL": settings.CELERY_BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "VAR_DIR": str(tmp_path / "worker-var"),
        "PYTHONUNBUFFERED": "1",
        "LOG_LEVEL": "INFO",
        "TEST_CELERY_QUEUE": queue,
    }
    log_path = tmp_path / "worker.log"
    log = log_path.open("w")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "-Q",
            queue,
            "-n",
            f"{queue}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    previous = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[f"{queue}@{os.uname().nodename}"], timeout=0.5):
            if worker.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the worker did not start:\n{log_path.read_text()}")
        yield WorkerHandle(queue=queue, log_path=log_path)
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = previous
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()


class WorkerHandle:
    def __init__(self, *, queue: str, log_path: Path):
        self.queue = queue
        self.log_path = log_path

    def log(self) -> str:
        return self.log_path.read_text()


def wait_until(predicate, *, timeout: float = 30, interval: float = 0.1, message: str = ""):
    """Poll ``predicate`` until it returns something truthy; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    pytest.fail(message or "timed out waiting for the worker")
