"""Production is safe by default: no demo account, no published secret key, sign-in limits
per client behind a proxy, and forwarded headers believed only from the proxy."""

import runpy
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.config.test_settings import REPO, _django, _example_env, _production_env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    "key",
    [
        _example_env()["DJANGO_SECRET_KEY"],
        "change-me-3f9a8c2e7b1d4f6a9e0c5b8d2a7f1e4c9b6d3a0f8e5c2b7a4d1f9e6c3b0a",
        "",
        "a-short-key-of-forty-nine-characters-xxxxxxxxxxxx",
        "django-insecure-" + "k3y" * 20,
        "ab" * 40,
    ],
    ids=["example", "old-example", "empty", "49-chars", "django-insecure", "few-characters"],
)
def test_production_refuses_a_published_empty_short_or_insecure_secret_key(key):
    result = _run(["manage.py", "check"], _production_env(DJANGO_SECRET_KEY=key))
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY" in result.stderr
    assert "secrets.token_urlsafe(64)" in result.stderr


def test_production_starts_with_fifty_random_characters():
    result = _django(
        "from django.conf import settings; print(len(settings.SECRET_KEY))", _production_env()
    )
    assert int(result.stdout) >= 50


def test_load_demo_refuses_production_settings(tmp_path):
    database = tmp_path / "db.sqlite3"
    result = _run(
        ["manage.py", "load_demo"],
        _production_env(DATABASE_URL=f"sqlite:///{database}", VAR_DIR=str(tmp_path)),
    )
    assert result.returncode == 1
    assert "CommandError: load_demo creates a superuser" in result.stderr
    assert "config.settings.production" in result.stderr
    assert not database.exists() or database.stat().st_size == 0


@pytest.mark.django_db
def test_load_demo_refuses_when_the_settings_do_not_allow_it(settings):
    settings.DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="DEMO_ALLOWED is off"):
        call_command("load_demo")
    assert not get_user_model().objects.exists()


def test_the_proxy_settings_come_from_the_environment():
    code = (
        "from django.conf import settings as s\n"
        "print(s.ALLAUTH_TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)\n"
        "print(getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
    )
    example = _django(code, _production_env()).stdout.split("\n")
    assert example[0] == "1 None"  # .env.example: one load balancer, X-Forwarded-For
    # Django would believe X-Forwarded-Proto from anyone; gunicorn checks who sent it.
    assert example[1] == "None"
    header = _django(code, _production_env(ALLAUTH_TRUSTED_CLIENT_IP_HEADER="X-Real-IP"))
    assert header.stdout.split("\n")[0] == "1 X-Real-IP"


PROXY = "10.0.0.2"


def _failed_sign_in(client, *, client_ip: str, attempt: int, forged: str = ""):
    """A wrong password through the proxy, which appends the address it saw to whatever
    X-Forwarded-For the client sent (``forged``)."""
    return client.post(
        reverse("account_login"),
        {"login": f"nobody-{attempt}@example.com", "password": "wrong"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"{forged}, {client_ip}" if forged else client_ip,
    )


def _limited(response) -> bool:
    return b"Too many failed login attempts" in response.content


@pytest.mark.django_db
def test_behind_one_proxy_sign_in_limits_count_each_client(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    cache.clear()
    # Ten failures (the per-address limit) from one client, each on a different account so
    # the per-account limit stays out of it, and each claiming a new address in front.
    for attempt in range(10):
        response = _failed_sign_in(
            client, client_ip="203.0.113.5", attempt=attempt, forged=f"192.0.2.{attempt}"
        )
        assert not _limited(response)
    assert _limited(_failed_sign_in(client, client_ip="203.0.113.5", attempt=10, forged="1.1.1.1"))
    # Another client behind the same proxy is not locked out by the first.
    assert not _limited(_failed_sign_in(client, client_ip="198.51.100.7", attempt=11))


@pytest.mark.django_db
def test_without_the_proxy_setting_every_client_shares_the_proxys_limit(client, settings):
    """What the setting fixes: with no trusted proxy, the limit is the proxy's address."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    cache.clear()
    for attempt in range(10):
        _failed_sign_in(client, client_ip="203.0.113.5", attempt=attempt)
    assert _limited(_failed_sign_in(client, client_ip="198.51.100.7", attempt=11))


def test_gunicorn_believes_forwarded_headers_only_from_the_configured_proxy(monkeypatch):
    conf = REPO / "config" / "gunicorn_conf.py"
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    assert runpy.run_path(str(conf))["forwarded_allow_ips"] == "127.0.0.1,::1"
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "172.18.0.1")
    assert runpy.run_path(str(conf))["forwarded_allow_ips"] == "172.18.0.1"
    dockerfile = (REPO / "Dockerfile").read_text()
    assert '"--config", "config/gunicorn_conf.py"' in dockerfile
    assert "forwarded-allow-ips" not in dockerfile
    assert _example_env()["FORWARDED_ALLOW_IPS"] == "127.0.0.1,::1"
