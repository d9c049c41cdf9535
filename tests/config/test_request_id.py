import logging

import pytest
from celery.signals import before_task_publish

from config.request_id import RequestIdLogFilter, request_id_var

pytestmark = pytest.mark.django_db


def test_a_request_gets_an_id_and_echoes_a_sane_incoming_one(client):
    generated = client.get("/healthz")["X-Request-ID"]
    assert len(generated) == 32
    echoed = client.get("/healthz", headers={"X-Request-ID": "lb-1234"})
    assert echoed["X-Request-ID"] == "lb-1234"
    hostile = client.get("/healthz", headers={"X-Request-ID": "x\n" + "a" * 500})
    assert hostile["X-Request-ID"] != "x\n" + "a" * 500


def test_log_records_carry_the_current_request_id():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", None, None)
    token = request_id_var.set("req-42")
    try:
        RequestIdLogFilter().filter(record)
    finally:
        request_id_var.reset(token)
    assert record.request_id == "req-42"


def test_publishing_a_task_copies_the_request_id_into_its_headers():
    headers = {}
    token = request_id_var.set("req-99")
    try:
        before_task_publish.send(sender="some.task", headers=headers, body=None)
    finally:
        request_id_var.reset(token)
    assert headers["request_id"] == "req-99"
