import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

from config.celery import app

REPO = Path(__file__).resolve().parents[2]


def _example_env() -> dict[str, str]:
    values = {}
    for line in (REPO / ".env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    return values


def _production_env(**extra) -> dict[str, str]:
    """The example env with a real secret key: production refuses the example's."""
    return {**_clean_environ(), **_example_env(), "DJANGO_SECRET_KEY": _new_secret_key(), **extra}


def _new_secret_key() -> str:
    return secrets.token_urlsafe(64)


def _clean_environ() -> dict[str, str]:
    keep = ("PATH", "HOME", "LANG", "PYTHONPATH", "SYSTEMROOT")
    return {key: os.environ[key] for key in keep if key in os.environ}


def test_celery_is_configured_for_safe_redelivery():
    conf = app.conf
    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_soft_time_limit < conf.task_time_limit


def test_production_settings_pass_the_deploy_check_with_the_example_env():
    env = _production_env()
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_every_variable_the_settings_read_is_in_the_example_env():
    read = set()
    for path in (REPO / "config" / "settings").glob("*.py"):
        text = path.read_text()
        for marker in (
            'env("',
            'env.bool("',
            'env.int("',
            'env.list("',
            'env.db("',
            'env.email_url("',
        ):
            for chunk in text.split(marker)[1:]:
                read.add(chunk.split('"', 1)[0])
    # Test-only knobs are documented in config/settings/test.py, not for deployments.
    test_only = {
        "TEST_DATABASE_URL",
        "TEST_REDIS_URL",
        "TEST_DATABASE_NAME",
        "CELERY_TASK_ALWAYS_EAGER",
        "TEST_CELERY_QUEUE",
    }
    assert read - test_only - set(_example_env()) == set()


def _django(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run ``code`` after ``django.setup()`` in a fresh process with exactly ``env``, so
    the settings are read from that environment as a deployment would."""
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{code}"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result


def _local_env(var_dir, **extra) -> dict[str, str]:
    return {
        **_clean_environ(),
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "VAR_DIR": str(var_dir),
        **extra,
    }


def test_secrets_can_come_from_files(tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text("s3cret-from-a-file-" + "x" * 50)
    env = {**_clean_environ(), **_example_env(), "DJANGO_SECRET_KEY_FILE": str(secret)}
    del env["DJANGO_SECRET_KEY"]
    result = _django("from django.conf import settings; print(settings.SECRET_KEY)", env)
    assert result.stdout.strip() == secret.read_text()


def test_the_embedded_defaults_need_no_server(tmp_path):
    result = _django(
        "from django.conf import settings as s\n"
        "print(s.DATABASES['default']['ENGINE']); print(s.CELERY_BROKER_URL); "
        "print(s.STORAGES['default']['BACKEND'])",
        _local_env(tmp_path),
    )
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "filesystem://",
        "django.core.files.storage.FileSystemStorage",
    ]


def test_production_logs_are_json_lines_with_the_request_id():
    result = _django(
        "import logging; from config.request_id import request_id_var\n"
        "request_id_var.set('req-7')\n"
        "logging.getLogger('recruiting').warning('resume %s failed', 42)",
        _production_env(),
    )
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["message"] == "resume 42 failed"
    assert line["request_id"] == "req-7"
    assert line["level"] == "WARNING" and line["logger"] == "recruiting"


def test_without_a_mail_server_emails_are_files_in_var(tmp_path):
    _django(
        "from django.core.mail import send_mail\n"
        "send_mail('Hello', 'Body text', None, ['someone@example.com'])",
        _local_env(tmp_path),
    )
    (written,) = (tmp_path / "mail").iterdir()
    assert "Subject: Hello" in written.read_text()


def test_a_filemail_url_keeps_its_absolute_path(tmp_path):
    result = _django(
        "from django.conf import settings as s; print(s.EMAIL_FILE_PATH)",
        _local_env(tmp_path, EMAIL_URL=f"filemail://{tmp_path}/outbox"),
    )
    assert result.stdout.strip() == f"{tmp_path}/outbox"
