"""Liveness and readiness probes for load balancers and orchestrators.

``/healthz`` only proves the process answers. ``/readyz`` checks what a request needs:
the database, the broker and file storage, and answers 503 naming what failed.
"""

import logging
import time

from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.celery import app as celery_app

logger = logging.getLogger(__name__)


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_broker() -> None:
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
        # Opening a channel proves the transport works, not just that a socket opened.
        conn.default_channel  # noqa: B018


def check_storage() -> None:
    bucket_name = getattr(default_storage, "bucket_name", None)
    if bucket_name:
        # S3 answers "no such key" for any object in a missing bucket, so ask about the
        # bucket itself: this proves credentials, reachability and the bucket.
        default_storage.connection.meta.client.head_bucket(Bucket=bucket_name)
    else:
        default_storage.exists("readyz-probe")


CHECKS = {"database": check_database, "broker": check_broker, "storage": check_storage}


@transaction.non_atomic_requests
@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


@transaction.non_atomic_requests
@never_cache
@require_GET
def readyz(request):
    results = {}
    failed = []
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            check()
        except Exception as exc:  # any failure means "not ready"; say which and why
            logger.warning("readiness check %s failed: %s", name, exc)
            results[name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
            failed.append(name)
        else:
            results[name] = {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}
    body = {"status": "unavailable" if failed else "ok", "failed": failed, "checks": results}
    return JsonResponse(body, status=503 if failed else 200)
