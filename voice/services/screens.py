"""Phone screens: starting one for an application (with the checks that may refuse it),
freezing its questions, and what happens when its conversation is complete."""

from dataclasses import dataclass

import phonenumbers
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from config.tasks import enqueue
from recruiting.models import Application, Candidate, Event, User
from recruiting.services import application_move
from voice.models import Answer, PhoneScreen, PhoneScreenQuestion
from voice.services.scoring import phone_screen_score_request

# A screen that starts moves the application on to the phone-screen stage from these, never
# back from a later one.
STAGES_BEFORE_PHONE_SCREEN = (
    Application.Stage.NEW,
    Application.Stage.SCREENED,
    Application.Stage.SHORTLISTED,
)
CLOSED_STAGES = (
    Application.Stage.REJECTED,
    Application.Stage.WITHDRAWN,
    Application.Stage.HIRED,
    Application.Stage.OFFER,
)


@dataclass(frozen=True)
class StartResult:
    """What ``phone_screen_start`` did: the screen (new or already under way) or, when it
    refused, a reason a recruiter can read."""

    application: Application
    phone_screen: PhoneScreen | None = None
    started: bool = False
    refused: str = ""


def phone_number_e164(number: str) -> str:
    """The number in E.164 if it is a valid phone number, else empty."""
    try:
        parsed = phonenumbers.parse(number or "", settings.PHONE_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(parsed):
        return ""
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def phone_screen_refusal(application: Application) -> str:
    """Why ``application`` cannot be phone-screened now, or empty if it can."""
    candidate = application.candidate
    name = str(candidate)
    if candidate.do_not_call:
        return f"{name} asked not to be called."
    if not candidate.phone:
        return f"{name} has no phone number."
    if not phone_number_e164(candidate.phone):
        return f"{name}'s phone number ({candidate.phone}) is not a valid number."
    if application.stage in CLOSED_STAGES:
        return f"{name} is at the {application.get_stage_display()} stage."
    if not application.job.screening_questions.ready_to_ask().exists():
        return f"{application.job} has no approved phone-screen questions yet."
    return ""


def phone_screen_start(*, application: Application, by: User | None) -> StartResult:
    """Open a phone screen for the application, freeze its questions, move the application
    to the phone-screen stage (from an earlier one) and queue its first call (placed inside
    the candidate's calling window), or say why not.

    Idempotent: an application with a screen under way gets that screen back with
    ``started`` False, and nothing is queued twice.
    """
    refused = phone_screen_refusal(application)
    if refused:
        return StartResult(application=application, refused=refused)
    with transaction.atomic():
        screen, created = phone_screen_open(application=application)
        if not created:
            return StartResult(application=application, phone_screen=screen)
        screen.max_attempts = settings.VOICE_MAX_ATTEMPTS
        screen.next_attempt_at = timezone.now()
        screen.started_by = by
        screen.save(update_fields=["max_attempts", "next_attempt_at", "started_by", "updated_at"])
        phone_screen_questions_freeze(screen)
        Event.objects.create(
            kind=Event.Kind.CALL,
            candidate=application.candidate,
            application=application,
            actor=by,
            message="Phone screen started.",
            data={"phone_screen": screen.pk},
        )
        if application.stage in STAGES_BEFORE_PHONE_SCREEN:
            application_move(application=application, stage=Application.Stage.PHONE_SCREEN, by=by)
        enqueue("voice.tasks.phone_screen_call", screen.pk)
    return StartResult(application=application, phone_screen=screen, started=True)


def phone_screen_auto_start(application_id: int) -> StartResult | None:
    """The job starts a phone screen by itself for an application whose resume screening
    scored at least its ``phone_screen_threshold``: once (an application that has had a
    screen, whatever became of it, is HR's to call again), and only when nothing refuses
    it; a refusal is noted on the timeline. None when the job does not ask for it."""
    application = (
        Application.objects.select_related("job", "candidate").filter(pk=application_id).first()
    )
    if application is None:
        return None
    threshold = application.job.phone_screen_threshold
    score = application.resume_score
    if threshold is None or score is None or score < threshold:
        return None
    if application.phone_screens.exists():
        return None
    result = phone_screen_start(application=application, by=None)
    if result.refused:
        Event.objects.create(
            kind=Event.Kind.CALL,
            candidate=application.candidate,
            application=application,
            message=f"Scored {score}, at least the job's {threshold} for an automatic phone "
            f"screen, but none was started: {result.refused}",
            data={"threshold": str(threshold), "score": str(score)},
        )
    return result


def phone_screens_start(*, applications, by: User | None) -> list[StartResult]:
    """``phone_screen_start`` for each application, in order."""
    return [phone_screen_start(application=a, by=by) for a in applications]


def phone_screen_unanswered(phone_screen: PhoneScreen) -> list[PhoneScreenQuestion]:
    """The screen's frozen questions no call has an answer to yet, in order: where a
    call-back or the next attempt resumes."""
    answered = Answer.objects.filter(call__phone_screen=phone_screen).exclude(transcript="")
    return list(
        phone_screen.frozen_questions.exclude(pk__in=answered.values("asked")).order_by("position")
    )


def phone_screen_completed(phone_screen: PhoneScreen) -> bool:
    """The conversation is over with every question asked: mark the screen completed and
    note it on the timeline. Scoring the answers is queued from here.

    Idempotent: a screen already completed is left alone (returns False).
    """
    now = timezone.now()
    done = PhoneScreen.objects.filter(
        pk=phone_screen.pk, status__in=PhoneScreen.OPEN_STATUSES
    ).update(status=PhoneScreen.Status.COMPLETED, completed_at=now, next_attempt_at=None)
    if not done:
        return False
    application = phone_screen.application
    answers = Answer.objects.filter(call__phone_screen=phone_screen).exclude(transcript="")
    Event.objects.create(
        kind=Event.Kind.CALL,
        candidate=application.candidate,
        application=application,
        message=f"Phone screen completed: {answers.count()} answers recorded.",
        data={"phone_screen": phone_screen.pk},
    )
    phone_screen_score_request(phone_screen)
    return True


def candidate_do_not_call(*, candidate: Candidate, phone_screen: PhoneScreen) -> None:
    """The candidate asked on a call not to be called again: set do-not-call, keep when,
    and stop every screen of theirs that is still open."""
    now = timezone.now()
    Candidate.objects.filter(pk=candidate.pk).update(do_not_call=True, updated_at=now)
    PhoneScreen.objects.filter(pk=phone_screen.pk, opted_out_at__isnull=True).update(
        opted_out_at=now
    )
    PhoneScreen.objects.filter(
        application__candidate=candidate, status__in=PhoneScreen.OPEN_STATUSES
    ).update(
        status=PhoneScreen.Status.CANCELLED, next_attempt_at=None, error="Asked not to be called."
    )
    Event.objects.create(
        kind=Event.Kind.CALL,
        candidate=candidate,
        application=phone_screen.application,
        message="Asked on the phone not to be called again; do-not-call is set.",
        data={"phone_screen": phone_screen.pk, "do_not_call_at": now.isoformat()},
    )


def phone_screen_open(*, application: Application) -> tuple[PhoneScreen, bool]:
    """The application's open phone screen, opened now if it has none.

    Idempotent under concurrency: the database allows one open screen per application, so
    of two simultaneous calls one creates it and the other gets that row (``created`` is
    False).
    """
    open_ = PhoneScreen.objects.filter(
        application=application, status__in=PhoneScreen.OPEN_STATUSES
    )
    existing = open_.first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return PhoneScreen.objects.create(application=application), True
    except IntegrityError:
        existing = open_.first()
        if existing is None:
            raise
        return existing, False


def phone_screen_questions_freeze(phone_screen: PhoneScreen) -> list[PhoneScreenQuestion]:
    """Copy the job's questions that are ready to ask onto the screen, once.

    A screen that already has frozen questions keeps them (a retry, or HR edited the job's
    questions since): what a screen asks never changes after it starts. The screen row is
    locked while copying, so two workers freeze once.
    """
    with transaction.atomic():
        PhoneScreen.objects.select_for_update().filter(pk=phone_screen.pk).first()
        frozen = list(phone_screen.frozen_questions.all())
        if frozen:
            return frozen
        questions = phone_screen.application.job.screening_questions.ready_to_ask()
        return PhoneScreenQuestion.objects.bulk_create(
            PhoneScreenQuestion(
                phone_screen=phone_screen,
                source=question,
                position=position,
                text=question.text,
                follow_ups=list(question.follow_ups),
                kind=question.kind,
                difficulty=question.difficulty,
                expected_keywords=list(question.expected_keywords),
                expected_length_seconds=question.expected_length_seconds,
            )
            for position, question in enumerate(questions.order_by("position", "id"), start=1)
        )
