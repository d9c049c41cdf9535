"""A fake Anthropic Messages API on loopback, for tests that run the real ``anthropic`` SDK.

The server records every request and answers ``POST /v1/messages`` from a queue of
scripted responses: a tool call (``FakeAnthropic.tool_use``), plain text, an HTTP error
with headers (429 with ``retry-after``, 529, 500...) or a slow answer (for timeouts). It
also implements Message Batches: create, list (newest first, paginated with ``limit`` and
``after_id``), retrieve (``in_progress`` for the first ``batch_polls_before_end`` looks at
a batch, by retrieving or listing it, then ``ended``) and the JSONL results.

Usage is reported the way the API does with prompt caching: the first request with a given
cached prefix (tools + system blocks up to the last ``cache_control``) writes it to the
cache, later ones read it.

Fixtures (load with ``pytest_plugins = ["tests.fakes.anthropic_server"]``):

* ``fake_anthropic``: a fresh server for the test.
* ``anthropic_settings``: ``AI_PROVIDER=anthropic`` pointed at it, no real sleeping between
  retries (the waits are recorded in ``fake_anthropic.sleeps``).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from ai.providers.anthropic import clients_reset

_ids = itertools.count(1)


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class Scripted:
    """One scripted answer."""

    status: int = 200
    tool_input: dict | None = None
    tool_name: str | None = None
    text: str | None = None
    error_type: str = ""
    message: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    output_tokens: int | None = None


@dataclass
class Batch:
    id: str
    requests: list[dict]
    results: dict[str, Scripted | str]
    polls: int = 0
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))


class FakeAnthropic:
    def __init__(self):
        self.requests: list[Recorded] = []
        self.queue: list[Scripted] = []
        self.batches: dict[str, Batch] = {}
        self.batch_polls_before_end = 0
        # custom_id -> Scripted (or "errored" / "expired"); else answers come from the queue
        self.batch_answers: dict[str, Scripted | str] = {}
        self.sleeps: list[float] = []
        self._cached_prefixes: set[str] = set()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # --- scripting -----------------------------------------------------------------------

    @staticmethod
    def tool_use(tool_input: dict, *, name: str | None = None, **kwargs) -> Scripted:
        return Scripted(tool_input=tool_input, tool_name=name, **kwargs)

    @staticmethod
    def text(text: str) -> Scripted:
        return Scripted(text=text)

    @staticmethod
    def error(status: int, error_type: str, message: str = "", **headers) -> Scripted:
        return Scripted(
            status=status,
            error_type=error_type,
            message=message or error_type,
            headers={k.replace("_", "-"): str(v) for k, v in headers.items()},
        )

    @staticmethod
    def slow(seconds: float, then: Scripted) -> Scripted:
        then.delay = seconds
        return then

    def script(self, *answers: Scripted) -> None:
        with self._lock:
            self.queue.extend(answers)

    # --- lifecycle and inspection ----------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeAnthropic:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def message_requests(self) -> list[dict]:
        return [
            r.body
            for r in self.requests
            if r.method == "POST" and (r.path == "/v1/messages" or r.path.endswith("/invoke"))
        ]

    # --- the API ------------------------------------------------------------------------

    def _next(self) -> Scripted:
        with self._lock:
            if self.queue:
                return self.queue.pop(0)
        return Scripted(status=500, error_type="api_error", message="no scripted response left")

    def _usage(self, body: dict, answer: Scripted) -> dict:
        system = body.get("system") or []
        cached_upto = max(
            (i for i, b in enumerate(system) if isinstance(b, dict) and b.get("cache_control")),
            default=-1,
        )
        prefix_tokens = 0
        write = read = 0
        if cached_upto >= 0:
            prefix = json.dumps([body.get("tools"), system[: cached_upto + 1]], sort_keys=True)
            prefix_tokens = len(prefix) // 4
            key = hashlib.sha256(prefix.encode()).hexdigest()
            with self._lock:
                if key in self._cached_prefixes:
                    read = prefix_tokens
                else:
                    self._cached_prefixes.add(key)
                    write = prefix_tokens
        output = answer.output_tokens or max(1, len(json.dumps(answer.tool_input or "")) // 4)
        return {
            "input_tokens": max(1, len(json.dumps(body.get("messages"))) // 4),
            "output_tokens": output,
            "cache_creation_input_tokens": write,
            "cache_read_input_tokens": read,
        }

    def _message(self, body: dict, answer: Scripted) -> dict:
        if answer.text is not None:
            content = [{"type": "text", "text": answer.text}]
            stop = "end_turn"
        else:
            tools = body.get("tools") or [{}]
            name = (
                answer.tool_name
                or (body.get("tool_choice") or {}).get("name")
                or tools[0].get("name", "tool")
            )
            content = [
                {
                    "type": "tool_use",
                    "id": f"toolu_{next(_ids):06d}",
                    "name": name,
                    "input": answer.tool_input or {},
                }
            ]
            stop = "tool_use"
        return {
            "id": f"msg_{next(_ids):06d}",
            "type": "message",
            "role": "assistant",
            "model": body.get("model", "claude-test"),
            "content": content,
            "stop_reason": stop,
            "stop_sequence": None,
            "usage": self._usage(body, answer),
        }

    @staticmethod
    def _error_body(answer: Scripted) -> dict:
        return {"type": "error", "error": {"type": answer.error_type, "message": answer.message}}

    def _batch_json(self, batch: Batch) -> dict:
        ended = batch.polls > self.batch_polls_before_end
        counts = {"processing": 0, "succeeded": 0, "errored": 0, "canceled": 0, "expired": 0}
        for result in batch.results.values():
            if not ended:
                counts["processing"] += 1
            elif isinstance(result, str):
                counts[result] += 1
            else:
                counts["succeeded" if result.status == 200 else "errored"] += 1
        return {
            "id": batch.id,
            "type": "message_batch",
            "processing_status": "ended" if ended else "in_progress",
            "request_counts": counts,
            "created_at": batch.created_at.isoformat(),
            "expires_at": (batch.created_at + timedelta(hours=24)).isoformat(),
            "ended_at": datetime.now(UTC).isoformat() if ended else None,
            "cancel_initiated_at": None,
            "archived_at": None,
            "results_url": f"{self.url}/v1/messages/batches/{batch.id}/results" if ended else None,
        }

    def _batch_page(self, query: dict[str, list[str]]) -> dict:
        newest_first = list(reversed(self.batches.values()))
        after = (query.get("after_id") or [""])[0]
        if after:
            ids = [b.id for b in newest_first]
            newest_first = newest_first[ids.index(after) + 1 :] if after in ids else []
        limit = int((query.get("limit") or ["20"])[0])
        page = newest_first[:limit]
        for batch in page:
            batch.polls += 1
        return {
            "data": [self._batch_json(batch) for batch in page],
            "has_more": len(newest_first) > limit,
            "first_id": page[0].id if page else None,
            "last_id": page[-1].id if page else None,
        }

    def _batch_lines(self, batch: Batch) -> str:
        lines = []
        for request in batch.requests:
            custom_id = request["custom_id"]
            answer = batch.results[custom_id]
            if isinstance(answer, str):
                result: dict = {"type": answer}
                if answer == "errored":
                    result["error"] = {
                        "type": "error",
                        "error": {"type": "api_error", "message": "internal error"},
                    }
            elif answer.status != 200:
                result = {"type": "errored", "error": self._error_body(answer)}
            else:
                result = {"type": "succeeded", "message": self._message(request["params"], answer)}
            lines.append(json.dumps({"custom_id": custom_id, "result": result}))
        return "\n".join(lines) + "\n"

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format, *args):  # quiet
                return

            def _read(self):
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    return json.loads(raw) if raw else None
                except ValueError:
                    return raw.decode(errors="replace")

            def _send(self, status: int, payload, headers=None, content_type="application/json"):
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("content-type", content_type)
                    self.send_header("content-length", str(len(data)))
                    self.send_header("request-id", f"req_{next(_ids):06d}")
                    for name, value in (headers or {}).items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def do_POST(self):
                body = self._read()
                fake.requests.append(Recorded("POST", self.path, dict(self.headers.items()), body))
                bedrock = self.path.startswith("/model/") and self.path.endswith("/invoke")
                if self.path == "/v1/messages" or bedrock:
                    if bedrock:  # Bedrock puts the model in the path, not the body
                        body.setdefault("model", self.path.split("/")[2])
                    answer = fake._next()
                    if answer.delay:
                        time.sleep(answer.delay)
                    if answer.status != 200:
                        self._send(answer.status, fake._error_body(answer), answer.headers)
                    else:
                        self._send(200, fake._message(body, answer), answer.headers)
                elif self.path == "/v1/messages/batches":
                    batch = Batch(
                        id=f"msgbatch_{next(_ids):06d}", requests=body["requests"], results={}
                    )
                    for request in batch.requests:
                        custom_id = request["custom_id"]
                        batch.results[custom_id] = fake.batch_answers.get(custom_id) or fake._next()
                    fake.batches[batch.id] = batch
                    self._send(200, fake._batch_json(batch))
                else:
                    self._send(404, {"type": "error", "error": {"type": "not_found_error"}})

            def do_GET(self):
                fake.requests.append(Recorded("GET", self.path, dict(self.headers.items()), None))
                url = urlsplit(self.path)
                parts = url.path.strip("/").split("/")
                if parts == ["v1", "messages", "batches"]:
                    self._send(200, fake._batch_page(parse_qs(url.query)))
                elif parts[:3] == ["v1", "messages", "batches"] and len(parts) >= 4:
                    batch = fake.batches.get(parts[3])
                    if batch is None:
                        self._send(404, {"type": "error", "error": {"type": "not_found_error"}})
                    elif len(parts) == 5 and parts[4] == "results":
                        self._send(
                            200,
                            fake._batch_lines(batch).encode(),
                            content_type="application/binary",
                        )
                    else:
                        batch.polls += 1
                        self._send(200, fake._batch_json(batch))
                else:
                    self._send(404, {"type": "error", "error": {"type": "not_found_error"}})

        return Handler


@pytest.fixture
def fake_anthropic():
    server = FakeAnthropic().start()
    clients_reset()  # a client of another test's server would hold a dead connection pool
    try:
        yield server
    finally:
        server.stop()
        clients_reset()


@pytest.fixture
def anthropic_settings(settings, fake_anthropic, monkeypatch):
    """The anthropic provider, pointed at the fake server; retry waits recorded, not slept."""
    settings.AI_PROVIDER = "anthropic"
    settings.ANTHROPIC_API_KEY = "sk-ant-test"
    settings.ANTHROPIC_BASE_URL = fake_anthropic.url
    settings.ANTHROPIC_MODEL = "claude-sonnet-5"
    settings.AI_RETRY_ATTEMPTS = 3
    settings.AI_TIMEOUT_SECONDS = 5
    monkeypatch.setattr("ai.providers.anthropic._sleep", fake_anthropic.sleeps.append)
    return settings
