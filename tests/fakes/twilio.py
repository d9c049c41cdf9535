"""Twilio's REST API as the real ``twilio.rest.Client`` sees it: an ``HttpClient`` passed
as ``http_client=`` that records each request and answers like the API.

``TwilioApi.requests`` holds every request (method, url, data as sent). ``after_response``
runs after the API "accepted" a request, which is where a test kills the worker.
"""

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import format_datetime

from django.utils import timezone
from twilio.http import HttpClient
from twilio.http.response import Response


@dataclass
class SentRequest:
    method: str
    url: str
    data: dict
    params: dict


@dataclass
class TwilioApi(HttpClient):
    requests: list[SentRequest] = field(default_factory=list)
    calls: dict[str, dict] = field(default_factory=dict)
    deleted_recordings: list[str] = field(default_factory=list)
    after_response: Callable[[SentRequest], None] | None = None
    fail_with: tuple[int, dict] | None = None

    def __post_init__(self):
        HttpClient.__init__(self, logger=None, is_async=False)

    def request(self, method, uri, params=None, data=None, headers=None, auth=None, **kwargs):
        sent = SentRequest(method, uri, dict(data or {}), dict(params or {}))
        self.requests.append(sent)
        if self.fail_with is not None:
            status, body = self.fail_with
            return Response(status, json.dumps(body))
        response = self._answer(sent)
        if self.after_response is not None:
            self.after_response(sent)
        return response

    def _answer(self, sent: SentRequest) -> Response:
        if sent.method == "POST" and sent.url.endswith("/Calls.json"):
            sid = "CA" + secrets.token_hex(16)
            call = {
                "sid": sid,
                "to": sent.data.get("To"),
                "from": sent.data.get("From"),
                "status": "queued",
                "date_created": format_datetime(timezone.now(), usegmt=True),
            }
            self.calls[sid] = call
            return Response(201, json.dumps(call))
        if sent.method == "GET" and sent.url.endswith("/Calls.json"):
            listed = [
                c
                for c in self.calls.values()
                if c["to"] == sent.params.get("To") and c["from"] == sent.params.get("From")
            ]
            return Response(200, json.dumps({"calls": listed, "next_page_uri": None}))
        if sent.method == "POST" and "/Calls/" in sent.url:
            sid = sent.url.rsplit("/", 1)[-1].removesuffix(".json")
            self.calls[sid]["status"] = sent.data.get("Status", self.calls[sid]["status"])
            return Response(200, json.dumps(self.calls[sid]))
        if sent.method == "DELETE" and "/Recordings/" in sent.url:
            self.deleted_recordings.append(sent.url.rsplit("/", 1)[-1].removesuffix(".json"))
            return Response(204, "")
        return Response(404, json.dumps({"code": 20404, "message": "Not found", "status": 404}))

    def creates(self) -> list[SentRequest]:
        return [r for r in self.requests if r.method == "POST" and r.url.endswith("/Calls.json")]
