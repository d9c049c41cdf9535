"""``make run``'s demo: the job's phone-screen questions are approved on load, and the
strong candidates are phoned by the simulator once the worker has screened them: complete
calls, a voicemail and an opt-out."""

import pytest
from django.core.management import call_command

from recruiting.models import Job
from voice.models import Call, PhoneScreen

pytestmark = pytest.mark.django_db


def test_the_demo_phones_its_strong_candidates(
    settings, now, django_capture_on_commit_callbacks, tmp_path
):
    settings.DEMO_ALLOWED = True
    settings.MEDIA_ROOT = str(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=open(tmp_path / "out.txt", "w"))  # noqa: SIM115
    job = Job.objects.get()
    assert job.screening_questions.ready_to_ask().count() >= 3
    screens = PhoneScreen.objects.select_related("application__candidate")
    assert len(screens) == 5  # the strong candidates; 01 and 16 are one person
    assert {s.application.candidate.phone[-1] for s in screens} >= {"7", "9"}
    assert all(s.application.resume_score >= job.phone_screen_threshold for s in screens)
    completed = [s for s in screens if s.status == PhoneScreen.Status.COMPLETED]
    assert len(completed) >= 2
    assert all(s.scoring_status == PhoneScreen.Scoring.DONE for s in completed)
    assert all(s.application.phone_score == s.score for s in completed)
    assert Call.objects.filter(answered_by=Call.AnsweredBy.MACHINE_END_BEEP).exists()
    assert screens.filter(opted_out_at__isnull=False).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=open(tmp_path / "again.txt", "w"))  # noqa: SIM115
    assert PhoneScreen.objects.count() == len(screens)
    assert "already approved" in (tmp_path / "again.txt").read_text()
