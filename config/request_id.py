"""One id per request, carried into every log line and into the Celery tasks it enqueues.

A request takes the caller's ``X-Request-ID`` when it looks sane, or gets a new one; the
response echoes it. Publishing a task copies the current id into the message headers, and
the worker restores it before the task runs, so one grep finds a request and its work.
"""

import contextvars
import logging
import re
import uuid

from celery.signals import before_task_publish, task_postrun, task_prerun

HEADER = "X-Request-ID"
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def get_request_id() -> str:
    return request_id_var.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(HEADER, "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


@before_task_publish.connect
def _add_request_id_header(headers=None, **kwargs):
    if headers is not None and "request_id" not in headers:
        headers["request_id"] = request_id_var.get()


_task_tokens: dict[str, contextvars.Token] = {}


@task_prerun.connect
def _restore_request_id(task_id=None, task=None, **kwargs):
    request_id = getattr(task.request, "request_id", None)
    if not request_id:
        # An eager task runs inside the request that called it and keeps its id.
        request_id = request_id_var.get() if task.request.is_eager else f"task-{task_id}"
    _task_tokens[task_id] = request_id_var.set(request_id)


@task_postrun.connect
def _clear_request_id(task_id=None, **kwargs):
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        request_id_var.reset(token)
