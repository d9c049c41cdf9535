"""Starting phone screens from the HR pages and the admin: role-checked, CSRF-protected,
each refusal shown with its reason."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from recruiting import roles
from tests.factories import ApplicationFactory, CandidateFactory, JobFactory, UserFactory
from voice.models import Call, PhoneScreen

pytestmark = pytest.mark.django_db

URL = reverse("voice:phone_screens_start")


def _client(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


def _manager_of(job):
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=roles.HIRING_MANAGER)[0])
    job.hiring_manager = user
    job.save()
    return user


def test_a_recruiter_starts_one_from_the_candidate_page(
    recruiter, application, questions, twilio_api, now, django_capture_on_commit_callbacks
):
    page = _client(recruiter).get(reverse("application_detail", args=[application.pk]))
    assert URL in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(recruiter).post(URL, {"applications": [application.pk]}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("application_detail", args=[application.pk])
    assert "Phone screen started" in response.content.decode()
    assert PhoneScreen.objects.filter(application=application).exists()
    assert len(twilio_api.creates()) == 1


def test_several_at_once_from_the_ranked_list_with_reasons_for_each_refusal(
    recruiter, application, questions, twilio_api, now, django_capture_on_commit_callbacks
):
    job = application.job
    unreachable = ApplicationFactory(job=job, candidate=CandidateFactory(do_not_call=True))
    bad_number = ApplicationFactory(job=job, candidate=CandidateFactory(phone="12"))
    page = _client(recruiter).get(reverse("job_detail", args=[job.pk]))
    assert f'formaction="{URL}"' in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = _client(recruiter).post(
            URL,
            {
                "applications": [application.pk, unreachable.pk, bad_number.pk],
                "next": reverse("job_detail", args=[job.pk]),
            },
            follow=True,
        )
    text = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("job_detail", args=[job.pk])
    assert "asked not to be called" in text and "is not a valid number" in text
    assert PhoneScreen.objects.count() == 1
    assert Call.objects.count() == 1


def test_another_jobs_manager_cannot_start_one(application, questions, twilio_api):
    other_manager = _manager_of(JobFactory())
    response = _client(other_manager).post(URL, {"applications": [application.pk]})
    assert response.status_code == 404
    assert not PhoneScreen.objects.exists()


def test_one_foreign_application_in_a_bulk_refuses_the_lot(application, questions, twilio_api):
    manager = _manager_of(application.job)
    foreign = ApplicationFactory()
    response = _client(manager).post(URL, {"applications": [application.pk, foreign.pk]})
    assert response.status_code == 404
    assert not PhoneScreen.objects.exists()


def test_an_interviewer_reads_but_cannot_start(application, questions, twilio_api):
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=roles.INTERVIEWER)[0])
    application.job.interviewers.add(user)
    assert _client(user).post(URL, {"applications": [application.pk]}).status_code == 404


def test_no_role_is_forbidden_and_anonymous_is_sent_to_sign_in(application):
    assert _client(UserFactory()).post(URL, {"applications": [application.pk]}).status_code == 403
    assert Client().post(URL, {"applications": [application.pk]}).status_code == 302


def test_it_needs_a_csrf_token_and_a_post(recruiter, application):
    client = _client(recruiter, enforce_csrf_checks=True)
    assert client.post(URL, {"applications": [application.pk]}).status_code == 403
    assert _client(recruiter).get(URL).status_code == 405


@pytest.mark.parametrize("ids", [[], ["x"], ["1e9"], ["-1"], ["9" * 30]])
def test_bad_ids_are_not_found(recruiter, ids):
    assert _client(recruiter).post(URL, {"applications": ids}).status_code == 404


def test_next_must_stay_on_this_site(recruiter, application, questions, twilio_api):
    response = _client(recruiter).post(
        URL, {"applications": [application.pk], "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("application_detail", args=[application.pk])


def test_the_admin_action_starts_a_new_screen_after_the_last_one_ended(
    application, questions, twilio_api, now, django_capture_on_commit_callbacks
):
    screen = PhoneScreen.objects.create(application=application, status="no_answer")
    superuser = UserFactory(is_superuser=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(superuser).post(
            reverse("admin:voice_phonescreen_changelist"),
            {"action": "start_again", "_selected_action": [screen.pk]},
            follow=True,
        )
    assert "phone screen started" in response.content.decode()
    assert PhoneScreen.objects.filter(status=PhoneScreen.Status.CALLING).count() == 1
    assert len(twilio_api.creates()) == 1
