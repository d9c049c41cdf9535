"""What HR sees of a phone screen: each attempt, the recording's player, the transcript
with per-answer scores and evidence, the summary, the feedback and override controls; the
phone score beside the resume score on the ranked list. The recording and the page are
for those who may read the application, and no one else."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from recruiting import roles
from recruiting.consent import consent_grant
from recruiting.models import Application, ConsentRecord
from tests.factories import ApplicationFactory, UserFactory
from voice import services
from voice.models import Call, PhoneScreen

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _with_role(role):
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


@pytest.fixture
def screened(application, questions, now, django_capture_on_commit_callbacks):
    """A completed, recorded and scored screen."""
    consent_grant(
        candidate=application.candidate,
        kind=ConsentRecord.Kind.CALL_RECORDING,
        wording_version="careers-1",
        source=ConsentRecord.Source.CAREERS_PAGE,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.phone_screen_start(application=application, by=None)
    screen = PhoneScreen.objects.get(application=application)
    assert screen.scoring_status == PhoneScreen.Scoring.DONE
    return screen


def test_the_candidate_page_shows_attempts_recording_transcript_scores_and_controls(
    recruiter, screened, application
):
    page = _client(recruiter).get(reverse("application_detail", args=[application.pk]))
    html = page.content.decode()
    call = Call.objects.get()
    assert 'id="phone-screens"' in html
    assert "Attempt 1" in html and "Completed" in html and "answered by human" in html
    recording = reverse("voice:call_recording", args=[call.pk])
    assert f'<audio controls preload="none" src="{recording}"' in html
    answer = call.answers.order_by("asked__position").first()
    assert answer.transcript in html
    assert f"<mark>{answer.evidence[0]}</mark>" in html
    assert screened.summary.split("“")[0] in html
    assert reverse("voice:phone_screen_feedback", args=[screened.pk]) in html
    assert reverse("voice:phone_screen_override", args=[screened.pk]) in html
    # CSP-clean: no inline script or style on the page.
    assert not re.search(r"<script(?![^>]*\bsrc=)", html) and "<style" not in html


def test_the_recording_plays_inline_as_wav_in_a_sandbox(recruiter, screened):
    call = Call.objects.get()
    response = _client(recruiter).get(reverse("voice:call_recording", args=[call.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content)[:4] == b"RIFF"


def test_a_recording_that_is_not_wav_is_only_a_download(recruiter, screened):
    call = Call.objects.get()
    call.recording.save("evil.wav", ContentFile(b"<html><script>alert(1)</script>"), save=True)
    response = _client(recruiter).get(reverse("voice:call_recording", args=[call.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


def test_no_one_who_cannot_read_the_application_reaches_the_recording_or_the_page(screened):
    call = Call.objects.get()
    other_manager = _with_role(roles.HIRING_MANAGER)
    ApplicationFactory(job__hiring_manager=other_manager)
    outsider_interviewer = _with_role(roles.INTERVIEWER)
    ApplicationFactory().job.interviewers.add(outsider_interviewer)
    no_role = UserFactory()
    for user in (other_manager, outsider_interviewer):
        client = _client(user)
        assert client.get(reverse("voice:call_recording", args=[call.pk])).status_code == 404
        page = client.get(reverse("application_detail", args=[screened.application_id]))
        assert page.status_code == 404
        feedback = client.post(
            reverse("voice:phone_screen_feedback", args=[screened.pk]), {"verdict": "agree"}
        )
        assert feedback.status_code == 404
    response = _client(no_role).get(reverse("voice:call_recording", args=[call.pk]))
    assert response.status_code == 403
    anonymous = Client().get(reverse("voice:call_recording", args=[call.pk]))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_the_jobs_interviewer_hears_it_and_gives_feedback_but_cannot_override(screened):
    interviewer = _with_role(roles.INTERVIEWER)
    screened.application.job.interviewers.add(interviewer)
    client = _client(interviewer)
    call = Call.objects.get()
    assert client.get(reverse("voice:call_recording", args=[call.pk])).status_code == 200
    page = client.get(reverse("application_detail", args=[screened.application_id])).content
    assert reverse("voice:phone_screen_override", args=[screened.pk]).encode() not in page
    response = client.post(
        reverse("voice:phone_screen_feedback", args=[screened.pk]),
        {"verdict": "agree", "note": "Clear answers."},
    )
    assert response.status_code == 302
    screened.refresh_from_db()
    assert screened.feedback == "agree" and screened.feedback_by == interviewer
    override = client.post(
        reverse("voice:phone_screen_override", args=[screened.pk]),
        {"score": "99", "reason": "I liked them."},
    )
    assert override.status_code == 404


def test_a_recruiter_overrides_the_phone_score_from_the_page(
    recruiter, screened, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(recruiter).post(
            reverse("voice:phone_screen_override", args=[screened.pk]),
            {"score": "12.5", "reason": "The recording says otherwise."},
            follow=True,
        )
    assert "Phone score saved" in response.content.decode()
    assert Application.objects.get(pk=screened.application_id).phone_score == Decimal("12.50")
    missing_reason = _client(recruiter).post(
        reverse("voice:phone_screen_override", args=[screened.pk]), {"score": "50"}, follow=True
    )
    assert "This field is required" in missing_reason.content.decode()
    assert Application.objects.get(pk=screened.application_id).phone_score == Decimal("12.50")


def test_the_ranked_list_shows_the_phone_score_beside_the_resume_score(recruiter, screened):
    Application.objects.filter(pk=screened.application_id).update(
        resume_score=Decimal("64.00"), overall_score=Decimal("66.00")
    )
    page = _client(recruiter).get(reverse("job_detail", args=[screened.application.job_id]))
    html = page.content.decode()
    phone = Application.objects.get(pk=screened.application_id).phone_score
    assert f'<small class="score-parts">Resume 64.00 · Phone {phone}</small>' in html


@pytest.mark.parametrize(
    ("asked", "status", "first", "last"),
    [
        ("bytes=0-99", 206, 0, 99),
        ("bytes=10-", 206, 10, None),
        ("bytes=-10", 206, -10, None),
        ("bytes=0-999999999999", 206, 0, None),
    ],
)
def test_the_recording_answers_a_byte_range_as_a_player_seeking_asks(
    recruiter, screened, asked, status, first, last
):
    call = Call.objects.get()
    whole = call.recording.open("rb").read()
    response = _client(recruiter).get(
        reverse("voice:call_recording", args=[call.pk]), HTTP_RANGE=asked
    )
    assert response.status_code == status
    expected = whole[first : None if last is None else last + 1]
    assert response.content == expected
    start = first if first >= 0 else len(whole) + first
    assert response["Content-Range"] == f"bytes {start}-{start + len(expected) - 1}/{len(whole)}"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Security-Policy"].startswith("sandbox")


@pytest.mark.parametrize("asked", ["bytes=999999-", "bytes=-0", "bytes=50-10"])
def test_a_range_past_the_end_is_refused(recruiter, screened, asked):
    call = Call.objects.get()
    size = call.recording.size
    response = _client(recruiter).get(
        reverse("voice:call_recording", args=[call.pk]), HTTP_RANGE=asked
    )
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{size}"


@pytest.mark.parametrize("asked", ["bytes=0-1,5-9", "pages=1-2", "bytes=" + "9" * 1_000_000])
def test_a_range_we_do_not_read_gets_the_whole_recording(recruiter, screened, asked):
    call = Call.objects.get()
    response = _client(recruiter).get(
        reverse("voice:call_recording", args=[call.pk]), HTTP_RANGE=asked
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == call.recording.open("rb").read()


def test_another_jobs_recruiter_gets_no_range_of_the_recording(screened):
    call = Call.objects.get()
    outsider = _with_role(roles.HIRING_MANAGER)
    response = _client(outsider).get(
        reverse("voice:call_recording", args=[call.pk]), HTTP_RANGE="bytes=0-9"
    )
    assert response.status_code == 404
