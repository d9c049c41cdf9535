import datetime as dt
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from twilio.request_validator import RequestValidator

from interviews.models import ScreeningQuestion
from recruiting import roles
from tests.factories import ApplicationFactory, CandidateFactory, ResumeFactory, UserFactory
from tests.fakes.twilio import TwilioApi
from voice import telephony
from voice.services.public_urls import public_url
from voice.telephony.twilio import TwilioTelephony

TWILIO_TEST_TOKEN = "test-twilio-token"  # config/settings/test.py
# A Wednesday, 15:00 in New York: inside the calling window.
INSIDE_WINDOW = dt.datetime(2026, 12, 2, 20, 0, tzinfo=dt.UTC)

RESUME_TEXT = (
    "Backend engineer.\n"
    "I built Django services on PostgreSQL for eight years, including a billing platform "
    "that handled a million invoices a month. "
    "I led the migration of our monolith to Kubernetes with a small team. "
    "I also mentor junior developers and run our code reviews."
)


@pytest.fixture
def now(monkeypatch):
    """The clock the services read, fixed inside the calling window."""
    current = {"value": INSIDE_WINDOW}
    monkeypatch.setattr(timezone, "now", lambda: current["value"])

    class Clock:
        def set(self, value):
            current["value"] = value

        def advance(self, **delta):
            current["value"] = current["value"] + dt.timedelta(**delta)

        @property
        def value(self):
            return current["value"]

    return Clock()


@pytest.fixture
def recruiter():
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=roles.RECRUITER)[0])
    return user


@pytest.fixture
def application():
    candidate = CandidateFactory(phone="+12125550142", timezone="America/New_York")
    resume = ResumeFactory(candidate=candidate)
    resume.text = RESUME_TEXT
    resume.save(update_fields=["text"])
    return ApplicationFactory(candidate=candidate, resume=resume)


@pytest.fixture
def questions(application):
    job = application.job
    made = [
        ScreeningQuestion.objects.create(
            job=job,
            position=1,
            text="Tell me about your experience with Django and PostgreSQL.",
            expected_keywords=["Django", "PostgreSQL"],
            follow_ups=["Which part of that work are you proudest of?"],
        ),
        ScreeningQuestion.objects.create(
            job=job,
            position=2,
            text="Have you run services on Kubernetes?",
            expected_keywords=["Kubernetes"],
        ),
        ScreeningQuestion.objects.create(
            job=job,
            position=3,
            text="How do you help other developers grow?",
            expected_keywords=["mentor", "code review"],
        ),
    ]
    ScreeningQuestion.objects.filter(job=job).update(
        approved_at=job.created_at, approved_by=UserFactory()
    )
    return made


@pytest.fixture
def twilio_api(settings, monkeypatch):
    """VOICE_PROVIDER=twilio with the real client, its HTTP intercepted."""
    settings.VOICE_PROVIDER = "twilio"
    api = TwilioApi()
    provider = TwilioTelephony(
        account_sid=settings.TWILIO_ACCOUNT_SID,
        auth_token=settings.TWILIO_AUTH_TOKEN,
        http_client=api,
    )
    monkeypatch.setattr(telephony, "get_telephony", lambda: provider)
    return api


def sign(path: str, params: dict, token: str = TWILIO_TEST_TOKEN) -> str:
    return RequestValidator(token).compute_signature(public_url(path), params)


class Twilio:
    """Posts to our webhooks as Twilio does, signed, and runs what they queue."""

    def __init__(self, client, capture):
        self.client = client
        self.capture = capture

    def post(self, url: str, params: dict, *, signature: str | None = None, **extra):
        path = url.removeprefix("https://recruiting.example.com")
        with self.capture(execute=True):
            return self.client.post(
                path,
                urlencode(params),
                content_type="application/x-www-form-urlencoded",
                secure=True,
                HTTP_X_TWILIO_SIGNATURE=sign(path, params) if signature is None else signature,
                **extra,
            )


@pytest.fixture
def twilio(client, django_capture_on_commit_callbacks):
    return Twilio(client, django_capture_on_commit_callbacks)
