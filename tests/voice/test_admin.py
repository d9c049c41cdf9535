"""Records (consents, inbound webhooks) in the back office: recruiters read them, nobody
adds one by hand, only superusers change or delete one."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from recruiting import roles
from recruiting.consent import consent_grant
from recruiting.models import ConsentRecord
from tests.factories import CandidateFactory, UserFactory
from voice.services import webhook_event_record

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def recruiter_client():
    user = UserFactory(username="rita")
    user.groups.add(Group.objects.get_or_create(name=roles.RECRUITER)[0])
    return _client(user)


@pytest.fixture
def superuser_client():
    return _client(UserFactory(username="root", is_superuser=True))


@pytest.fixture
def records():
    candidate = CandidateFactory()
    consent, _ = consent_grant(
        candidate=candidate,
        kind=ConsentRecord.Kind.PHONE_SCREEN_CALL,
        wording_version="v1",
        source=ConsentRecord.Source.CAREERS_PAGE,
    )
    event, _ = webhook_event_record(
        provider="twilio", dedupe_key="CA1:completed:1", payload={"CallSid": "CA1"}, verified=True
    )
    return {"recruiting_consentrecord": consent, "voice_webhookevent": event}


@pytest.mark.parametrize("name", ["recruiting_consentrecord", "voice_webhookevent"])
def test_recruiters_read_records_but_cannot_add_change_or_delete(recruiter_client, records, name):
    record = records[name]
    assert recruiter_client.get(reverse(f"admin:{name}_changelist")).status_code == 200
    page = recruiter_client.get(reverse(f"admin:{name}_change", args=[record.pk]))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert recruiter_client.get(reverse(f"admin:{name}_add")).status_code == 403
    assert (
        recruiter_client.post(
            reverse(f"admin:{name}_delete", args=[record.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert type(record).objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("name", ["recruiting_consentrecord", "voice_webhookevent"])
def test_superusers_may_change_and_delete_records_but_not_add(superuser_client, records, name):
    record = records[name]
    page = superuser_client.get(reverse(f"admin:{name}_change", args=[record.pk]))
    assert page.context["has_change_permission"]
    assert superuser_client.get(reverse(f"admin:{name}_add")).status_code == 403
    superuser_client.post(reverse(f"admin:{name}_delete", args=[record.pk]), {"post": "yes"})
    assert not type(record).objects.filter(pk=record.pk).exists()
