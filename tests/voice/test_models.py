"""The phone-screen models hold what the database must guarantee: one open screen per
application, Twilio's own values, questions frozen once, webhooks recorded once."""

import threading

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, connection, transaction

from interviews.models import ScreeningQuestion
from recruiting import roles
from recruiting.models import PossibleDuplicate, TimeStampedModel
from recruiting.services import DecisionError, candidate_duplicate_resolve
from tests.factories import ApplicationFactory, CandidateFactory, UserFactory
from voice import services
from voice.models import Answer, Call, PhoneScreen, PhoneScreenQuestion, WebhookEvent
from voice.services import webhooks

pytestmark = pytest.mark.django_db

TWILIO_CALL_STATUSES = {
    "queued",
    "initiated",
    "ringing",
    "in-progress",
    "completed",
    "busy",
    "failed",
    "no-answer",
    "canceled",
}
TWILIO_ANSWERED_BY = {
    "human",
    "machine_start",
    "machine_end_beep",
    "machine_end_silence",
    "machine_end_other",
    "fax",
    "unknown",
}


@pytest.fixture
def application():
    return ApplicationFactory()


@pytest.fixture
def questions(application):
    manager = UserFactory()
    job = application.job
    made = [
        ScreeningQuestion.objects.create(job=job, position=n, text=f"Question {n}?")
        for n in (1, 2, 3)
    ]
    ScreeningQuestion.objects.filter(pk__in=[q.pk for q in made[:2]]).update(
        approved_at=job.created_at, approved_by=manager
    )
    return made


def _call(screen, attempt=1, **fields):
    return Call.objects.create(
        phone_screen=screen, attempt=attempt, provider="twilio", to_number="+14155550100", **fields
    )


def test_the_models_share_the_timestamp_base():
    for model in (PhoneScreen, PhoneScreenQuestion, Call, Answer):
        assert issubclass(model, TimeStampedModel)


# --- one open phone screen per application ------------------------------------------------


def test_a_second_open_phone_screen_is_refused(application):
    PhoneScreen.objects.create(application=application)
    with pytest.raises(IntegrityError), transaction.atomic():
        PhoneScreen.objects.create(application=application, status=PhoneScreen.Status.CALLING)


def test_a_finished_screen_does_not_block_the_next(application):
    for status in ("completed", "no_answer", "failed", "cancelled"):
        PhoneScreen.objects.create(application=application, status=status)
    PhoneScreen.objects.create(application=application)
    assert PhoneScreen.objects.filter(application=application).count() == 5


def test_the_open_statuses_are_the_constraints():
    (constraint,) = [
        c for c in PhoneScreen._meta.constraints if c.name == "phonescreen_one_open_per_application"
    ]
    assert constraint.condition.children == [("status__in", list(PhoneScreen.OPEN_STATUSES))]


def test_opening_a_phone_screen_twice_returns_the_open_one(application):
    first, created = services.phone_screen_open(application=application)
    again, created_again = services.phone_screen_open(application=application)
    assert created and not created_again and again == first


# --- Twilio's values ----------------------------------------------------------------------


def test_call_statuses_are_twilios():
    assert set(Call.Status.values) == TWILIO_CALL_STATUSES


def test_answered_by_values_are_twilios_and_the_longest_fits(application):
    assert set(Call.AnsweredBy.values) - {""} == TWILIO_ANSWERED_BY
    longest = max(TWILIO_ANSWERED_BY, key=len)
    assert longest == "machine_end_silence" and len(longest) == 19
    assert Call._meta.get_field("answered_by").max_length >= len(longest)
    call = _call(PhoneScreen.objects.create(application=application), answered_by=longest)
    call.full_clean()
    call.refresh_from_db()
    assert call.answered_by == longest  # PostgreSQL would refuse a value over the length


@pytest.mark.parametrize(
    ("sent", "stored"),
    [("human", "human"), ("machine", "machine_start"), ("Fax", "fax"), ("robot", "unknown")],
)
def test_answered_by_from_the_provider(sent, stored):
    assert Call.AnsweredBy.from_provider(sent) == stored


# --- questions frozen in one place --------------------------------------------------------


def test_a_screen_freezes_the_questions_ready_to_ask_once(application, questions):
    screen = PhoneScreen.objects.create(application=application)
    frozen = services.phone_screen_questions_freeze(screen)
    assert [(f.position, f.text, f.source) for f in frozen] == [
        (1, "Question 1?", questions[0]),
        (2, "Question 2?", questions[1]),
    ]
    ScreeningQuestion.objects.filter(pk=questions[2].pk).update(approved_at=questions[2].created_at)
    again = services.phone_screen_questions_freeze(screen)
    assert [f.pk for f in again] == [f.pk for f in frozen]


def test_answers_keep_the_wording_asked_after_hr_edits_retires_or_deletes(application, questions):
    screen = PhoneScreen.objects.create(application=application)
    first, second = services.phone_screen_questions_freeze(screen)
    call = _call(screen)
    answer = Answer.objects.create(call=call, asked=first, transcript="Ten years.")
    Answer.objects.create(call=call, asked=second, transcript="Yes.")

    ScreeningQuestion.objects.filter(pk=questions[0].pk).update(text="Reworded?")
    ScreeningQuestion.objects.filter(pk=questions[1].pk).update(retired_at=questions[1].created_at)
    answer.refresh_from_db()
    assert answer.asked.text == "Question 1?"
    questions[0].delete()
    answer.refresh_from_db()
    assert answer.asked.text == "Question 1?" and answer.asked.source is None


def test_one_answer_per_frozen_question_per_call(application, questions):
    screen = PhoneScreen.objects.create(application=application)
    first, _ = services.phone_screen_questions_freeze(screen)
    call = _call(screen)
    Answer.objects.create(call=call, asked=first)
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(call=call, asked=first)


def test_a_frozen_question_with_answers_cannot_be_deleted_alone(application, questions):
    screen = PhoneScreen.objects.create(application=application)
    first, _ = services.phone_screen_questions_freeze(screen)
    Answer.objects.create(call=_call(screen), asked=first)
    with pytest.raises(IntegrityError), transaction.atomic():
        first.delete()
    application.delete()  # the whole screen, its answers and its questions go together
    assert not PhoneScreenQuestion.objects.exists()


# --- webhook events -----------------------------------------------------------------------


def _record(**overrides):
    fields = {
        "provider": "twilio",
        "dedupe_key": "CA123:completed:3",
        "payload": {"CallSid": "CA123", "CallStatus": "completed"},
        "verified": True,
        "kind": "call-status",
        "body": "CallSid=CA123&CallStatus=completed",
        "headers": {"X-Twilio-Signature": "abc"},
    }
    return services.webhook_event_record(**(fields | overrides))


def test_a_redelivered_webhook_returns_the_first_row():
    first, created = _record()
    again, created_again = _record(payload={"CallSid": "CA123", "changed": True})
    assert created and not created_again
    assert again.pk == first.pk and again.payload == first.payload
    assert WebhookEvent.objects.count() == 1
    other, created_other = _record(provider="simulator")
    assert created_other and other.pk != first.pk


def test_the_dedupe_key_is_unique_per_provider_in_the_database():
    _record()
    with pytest.raises(IntegrityError), transaction.atomic():
        WebhookEvent.objects.create(
            provider="twilio", dedupe_key="CA123:completed:3", verified=True
        )


def test_a_forged_webhook_is_recorded_but_does_not_take_the_key():
    forged, created = _record(verified=False)
    forged_again, created_again = _record(verified=False)
    genuine, genuine_created = _record()
    assert created and created_again and genuine_created
    assert len({forged.pk, forged_again.pk, genuine.pk}) == 3
    assert not forged.verified and genuine.verified


def test_losing_the_race_returns_the_winner_and_leaves_the_transaction_usable(monkeypatch):
    first, _ = _record()
    # The race: another delivery inserted between this one's lookup and its insert.
    lookups = iter([None])
    real = webhooks._verified_event
    monkeypatch.setattr(
        webhooks, "_verified_event", lambda *args: next(lookups, None) or real(*args)
    )
    with transaction.atomic():
        event, created = _record()
        assert not created and event.pk == first.pk
        assert WebhookEvent.objects.count() == 1  # the transaction still runs queries


@pytest.mark.django_db(transaction=True)
def test_simultaneous_deliveries_record_one_event():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    results, barrier = [], threading.Barrier(4)

    def deliver():
        barrier.wait()
        try:
            results.append(_record()[1])
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, False, False, True]
    assert WebhookEvent.objects.count() == 1


def test_processing_is_marked_once():
    event, _ = _record()
    services.webhook_event_mark_failed(event, error="Unknown call CA123")
    event.refresh_from_db()
    assert event.processed_at is None and event.error == "Unknown call CA123"
    assert services.webhook_event_mark_processed(event) is True
    assert services.webhook_event_mark_processed(event) is False
    event.refresh_from_db()
    assert event.processed_at and event.error == ""


# --- merging candidates -------------------------------------------------------------------


def _duplicate_pair_on_one_job():
    kept, gone = CandidateFactory(name="John Smith"), CandidateFactory(name="Jane Smith")
    first = ApplicationFactory(candidate=kept)
    second = ApplicationFactory(candidate=gone, job=first.job)
    duplicate = PossibleDuplicate.objects.create(
        existing=kept, candidate=gone, matched_on=PossibleDuplicate.MatchedOn.EMAIL
    )
    return duplicate, first, second


def _recruiter():
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=roles.RECRUITER)[0])
    return user


def test_a_merge_refuses_two_open_phone_screens_on_one_job():
    duplicate, first, second = _duplicate_pair_on_one_job()
    PhoneScreen.objects.create(application=first)
    PhoneScreen.objects.create(application=second, status=PhoneScreen.Status.CALLING)
    with pytest.raises(DecisionError, match="phone screen under way"):
        candidate_duplicate_resolve(duplicate=duplicate, action="merge", by=_recruiter())


def test_a_merge_moves_a_single_open_phone_screen():
    duplicate, first, second = _duplicate_pair_on_one_job()
    PhoneScreen.objects.create(application=first, status=PhoneScreen.Status.COMPLETED)
    screen = PhoneScreen.objects.create(application=second)
    candidate_duplicate_resolve(duplicate=duplicate, action="merge", by=_recruiter())
    screen.refresh_from_db()
    assert screen.application.candidate == first.candidate
