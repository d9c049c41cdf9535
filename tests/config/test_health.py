import pytest

from config import health

pytestmark = pytest.mark.django_db


def test_healthz_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_reports_each_dependency(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["failed"] == []
    assert set(body["checks"]) == {"database", "broker", "storage"}


def test_readyz_names_the_broker_when_it_is_down(client, monkeypatch):
    from config.celery import app

    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["broker"]
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


def test_readyz_names_storage_when_it_fails(client, monkeypatch):
    def broken(*args, **kwargs):
        raise PermissionError("access denied to bucket")

    monkeypatch.setitem(health.CHECKS, "storage", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["storage"]
    assert "access denied" in response.json()["checks"]["storage"]["error"]
