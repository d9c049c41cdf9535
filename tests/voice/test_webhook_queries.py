"""Each Twilio webhook answers with few queries: the ceilings below were measured after
the call row came with its current question, the event was inserted before any lookup
and the questions were counted once per request; a query more per webhook fails here."""

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.voice.conftest import sign
from tests.voice.test_conversation import GOOD_ANSWER_1, Conversation, call  # noqa: F401
from voice.services.public_urls import call_url

pytestmark = pytest.mark.django_db

CONSENT_MAX_QUERIES = 16  # 18 before
GATHER_MAX_QUERIES = 16  # 18 before
STATUS_MAX_QUERIES = 8  # 9 before


def _post_counting_queries(talk, client, url: str, params: dict) -> int:
    """Post as Twilio does and count the request's own queries (not the tasks it queues,
    which run after the count)."""
    path = url.removeprefix("https://recruiting.example.com")
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            path,
            urlencode(params),
            content_type="application/x-www-form-urlencoded",
            secure=True,
            HTTP_X_TWILIO_SIGNATURE=sign(path, params),
        )
    assert response.status_code == 200, response.content
    talk.twiml = response.content.decode()
    return len(captured.captured_queries)


def test_a_gather_and_a_status_callback_take_few_queries(
    twilio,
    call,  # noqa: F811
    client,
    django_capture_on_commit_callbacks,
):
    talk = Conversation(twilio, call)
    talk.answer()
    with django_capture_on_commit_callbacks(execute=True):
        consent = _post_counting_queries(
            talk, client, talk.action, talk.params(SpeechResult="Yes, go ahead.")
        )
    assert "Question 1 of 3" in talk.twiml
    with django_capture_on_commit_callbacks(execute=True):
        gather = _post_counting_queries(
            talk, client, talk.action, talk.params(SpeechResult=GOOD_ANSWER_1, Confidence="0.9")
        )
    assert "Question 2 of 3" in talk.twiml
    with django_capture_on_commit_callbacks(execute=False):
        status = _post_counting_queries(
            talk, client, call_url(call, "status"), talk.params(CallStatus="in-progress")
        )
    assert consent <= CONSENT_MAX_QUERIES
    assert gather <= GATHER_MAX_QUERIES
    assert status <= STATUS_MAX_QUERIES
