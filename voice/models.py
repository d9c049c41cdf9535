"""Automated phone screens: the screen, the questions it froze, each call attempt, each
answer, and every inbound provider callback (``WebhookEvent``)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from recruiting.models import Application, TimeStampedModel


class PhoneScreen(TimeStampedModel):
    """The phone screen of one application: up to ``max_attempts`` calls that ask the
    questions frozen for it (``frozen_questions``).

    An application has at most one open screen (pending or calling) at a time, enforced by
    the database; a finished, failed or cancelled one may be followed by a new one.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        CALLING = "calling", "Calling"
        COMPLETED = "completed", "Completed"
        NO_ANSWER = "no_answer", "No answer"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    class Scoring(models.TextChoices):
        """Where scoring the answers is: a row claimed like a screening, so it runs once."""

        NOT_STARTED = "", "Not started"
        PENDING = "pending", "Waiting to be scored"
        RUNNING = "running", "Being scored"
        DONE = "done", "Scored"
        FAILED = "failed", "Scoring failed"

    class Feedback(models.TextChoices):
        AGREE = "agree", "Agree"
        DISAGREE = "disagree", "Disagree"

    # Kept in step with the condition of ``phonescreen_one_open_per_application`` below
    # (Meta cannot see the class body); a test checks they agree.
    OPEN_STATUSES = (Status.PENDING, Status.CALLING)

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="phone_screens"
    )
    status = models.CharField(max_length=16, choices=Status, default=Status.PENDING)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    questions = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="Superseded by the frozen question rows (PhoneScreenQuestion) and no "
        "longer written; kept until a later release drops it.",
    )
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    summary = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    opted_out_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the candidate asked on a call not to be called again.",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Scoring the answers (``voice.services.scoring``).
    scoring_status = models.CharField(max_length=16, choices=Scoring, blank=True)
    scoring_attempts = models.PositiveSmallIntegerField(default=0)
    scoring_error = models.TextField(blank=True, help_text="Why scoring failed, for HR.")
    scored_at = models.DateTimeField(null=True, blank=True)
    ai_run = models.ForeignKey(
        "ai.AIRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    flags = models.JSONField(
        default=list, blank=True, help_text="What the guardrails and the assessor flagged."
    )
    # HR's word on the score: agree or disagree, and an override that replaces it.
    feedback = models.CharField(max_length=16, choices=Feedback, blank=True)
    feedback_note = models.TextField(blank=True)
    feedback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    feedback_at = models.DateTimeField(null=True, blank=True)
    score_override = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    override_reason = models.TextField(blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    overridden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="phonescreen_due"),
            models.Index(fields=["scoring_status", "updated_at"], name="phonescreen_scoring"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status__in=["pending", "calling"]),
                name="phonescreen_one_open_per_application",
            ),
        ]

    def __str__(self) -> str:
        return f"Phone screen of {self.application} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def effective_score(self):
        """HR's override when there is one, else the score the answers earned."""
        return self.score_override if self.score_override is not None else self.score


class PhoneScreenQuestion(TimeStampedModel):
    """A question exactly as one phone screen asks it: the one place its wording is frozen.

    When a screen starts, the job's questions that are ready to ask are copied here once
    (``voice.services.phone_screen_questions_freeze``); the call reads its script from
    these rows and every ``Answer`` points at one of them. HR may then edit, redraft,
    retire or delete the job's ``ScreeningQuestion`` without changing what an answer
    answered: ``source`` only says which job question the wording came from, and becomes
    empty if that question is ever deleted.

    Why rows and not the JSON snapshot on ``PhoneScreen.questions`` (which this replaces):
    an answer can point at a row with a foreign key, the database keeps one answer per
    frozen question per call, and the admin and reports can join on it. The copy is the
    only place; the job's question is never read back to score or show an answer.
    """

    phone_screen = models.ForeignKey(
        PhoneScreen, on_delete=models.CASCADE, related_name="frozen_questions"
    )
    source = models.ForeignKey(
        "interviews.ScreeningQuestion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="asked_in",
        help_text="The job's question this was copied from; empty if it was deleted since.",
    )
    position = models.PositiveSmallIntegerField()
    text = models.TextField()
    follow_ups = models.JSONField(default=list, blank=True)
    # As they were when frozen: plain values, not checked against today's choices.
    kind = models.CharField(max_length=16, blank=True)
    difficulty = models.CharField(max_length=8, blank=True)
    expected_keywords = models.JSONField(default=list, blank=True)
    expected_length_seconds = models.PositiveSmallIntegerField(default=60)

    class Meta:
        ordering = ["phone_screen", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["phone_screen", "position"], name="phonescreenquestion_one_per_position"
            ),
            models.UniqueConstraint(
                fields=["phone_screen", "source"],
                condition=Q(source__isnull=False),
                name="phonescreenquestion_source_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text[:80]}"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class Call(TimeStampedModel):
    """One attempt to reach the candidate; ``provider_call_id`` ties webhooks to it.

    ``status`` and ``answered_by`` hold Twilio's own values, so a status callback is stored
    as it came.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        INITIATED = "initiated", "Initiated"
        RINGING = "ringing", "Ringing"
        IN_PROGRESS = "in-progress", "In progress"
        COMPLETED = "completed", "Completed"
        BUSY = "busy", "Busy"
        FAILED = "failed", "Failed"
        NO_ANSWER = "no-answer", "No answer"
        CANCELED = "canceled", "Cancelled"

    class AnsweredBy(models.TextChoices):
        """Twilio's answering machine detection results; blank until it reports one."""

        NOT_REPORTED = "", "Not reported"
        HUMAN = "human", "Human"
        MACHINE_START = "machine_start", "Machine (greeting started)"
        MACHINE_END_BEEP = "machine_end_beep", "Machine (greeting ended with a beep)"
        MACHINE_END_SILENCE = "machine_end_silence", "Machine (greeting ended in silence)"
        MACHINE_END_OTHER = "machine_end_other", "Machine (greeting ended otherwise)"
        FAX = "fax", "Fax"
        UNKNOWN = "unknown", "Unknown"

        @classmethod
        def from_provider(cls, value: str) -> str:
            """The value to store for what the provider sent: a bare "machine" (which the
            call resource's documentation still mentions) is the start of a greeting, and
            anything else unexpected is "unknown" (the raw value stays on the webhook)."""
            value = (value or "").strip().lower()
            if value == "machine":
                return cls.MACHINE_START
            return value if value in cls.values else cls.UNKNOWN

    class Direction(models.TextChoices):
        OUTBOUND = "outbound", "We called"
        INBOUND = "inbound", "Candidate called back"

    class Stage(models.TextChoices):
        """Where the conversation is: what the next input answers."""

        NOT_ANSWERED = "", "Not answered yet"
        CONSENT = "consent", "Asking for consent"
        QUESTION = "question", "Asking a question"
        ENDED = "ended", "Ended"

    class Consent(models.TextChoices):
        NOT_ASKED = "", "Not asked"
        GRANTED = "granted", "Agreed"
        DECLINED = "declined", "Declined"
        OPTED_OUT = "opted_out", "Asked not to be called"

    FINAL_STATUSES = (
        Status.COMPLETED,
        Status.BUSY,
        Status.FAILED,
        Status.NO_ANSWER,
        Status.CANCELED,
    )

    phone_screen = models.ForeignKey(PhoneScreen, on_delete=models.CASCADE, related_name="calls")
    attempt = models.PositiveSmallIntegerField(default=1)
    provider = models.CharField(max_length=32)
    provider_call_id = models.CharField(max_length=64, blank=True)
    to_number = models.CharField(max_length=20)
    from_number = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=16, choices=Status, default=Status.QUEUED)
    # 19: the longest value, "machine_end_silence".
    answered_by = models.CharField(max_length=19, choices=AnsweredBy, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    recording_url = models.URLField(blank=True)
    error = models.TextField(blank=True)
    # In the webhook and status-callback URLs beside the call's id: a callback proves it
    # concerns this call by knowing it, even before the call's SID is saved.
    token = models.CharField(max_length=64, default=_new_token, editable=False)
    direction = models.CharField(max_length=8, choices=Direction, default=Direction.OUTBOUND)
    recorded = models.BooleanField(default=False, help_text="Twilio was asked to record it.")
    # The conversation's state, so each webhook continues where the last left off.
    stage = models.CharField(max_length=16, choices=Stage, blank=True)
    turn = models.PositiveIntegerField(
        default=0, help_text="How many prompts were sent; each gather URL carries its own."
    )
    current_question = models.ForeignKey(
        PhoneScreenQuestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reprompted = models.BooleanField(default=False)
    follow_up_asked = models.BooleanField(default=False)
    consent = models.CharField(max_length=16, choices=Consent, blank=True)
    conversation_completed_at = models.DateTimeField(null=True, blank=True)
    recording_sid = models.CharField(max_length=64, blank=True)
    recording = models.FileField(upload_to="voice/recordings/", blank=True)
    recording_deleted_at = models.DateTimeField(
        null=True, blank=True, help_text="When the recording was deleted at the provider."
    )

    class Meta:
        ordering = ["phone_screen", "attempt"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_call_id"],
                condition=~Q(provider_call_id=""),
                name="call_provider_id_unique",
            ),
            models.UniqueConstraint(
                fields=["phone_screen", "attempt"], name="call_one_per_attempt"
            ),
        ]

    def __str__(self) -> str:
        return f"Call {self.attempt} for {self.phone_screen.application}"

    @property
    def is_final(self) -> bool:
        return self.status in self.FINAL_STATUSES


class Answer(TimeStampedModel):
    """What the candidate said to one frozen question on one call, and its score."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="answers")
    # RESTRICT, not PROTECT: a frozen question cannot be deleted from under its answers,
    # but deleting the whole phone screen (or its application) takes both.
    asked = models.ForeignKey(
        PhoneScreenQuestion, on_delete=models.RESTRICT, related_name="answers"
    )
    question = models.ForeignKey(
        "interviews.ScreeningQuestion",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Superseded by ``asked`` and no longer written; kept until a later "
        "release drops it.",
    )
    transcript = models.TextField(blank=True)
    confidence = models.FloatField(
        null=True, blank=True, help_text="Twilio's speech recognition confidence, 0 to 1."
    )
    follow_up = models.TextField(blank=True, help_text="The follow-up question asked, if any.")
    follow_up_transcript = models.TextField(blank=True)
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    reasoning = models.TextField(blank=True)
    evidence = models.JSONField(
        default=list, blank=True, help_text="What the score rests on, quoted from the transcript."
    )
    components = models.JSONField(
        default=dict,
        blank=True,
        help_text="The parts of the score: keyword coverage, substance, relevance (0-100).",
    )
    flags = models.JSONField(default=list, blank=True)
    ai_run = models.ForeignKey(
        "ai.AIRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["call", "asked__position"]
        constraints = [
            models.UniqueConstraint(fields=["call", "question"], name="answer_one_per_question"),
            models.UniqueConstraint(fields=["call", "asked"], name="answer_one_per_asked"),
        ]

    def __str__(self) -> str:
        return f"Answer to {self.asked} on {self.call}"


class WebhookEvent(models.Model):
    """Every inbound provider callback, recorded raw before anything acts on it.

    The webhook view verifies the signature, records the event with
    ``voice.services.webhook_event_record`` and answers at once; a task processes it later
    and sets ``processed_at`` or ``error``. ``dedupe_key`` is what makes a retried delivery
    the same event (for Twilio: the ``I-Twilio-Idempotency-Token`` header, or the call id
    with the status and sequence number). Only verified events are deduplicated: a forged
    request must not take the key of the genuine callback that follows it.

    It lives in ``voice`` because Twilio is the only provider that calls us today; the
    ``provider`` field keeps it general should another app need it.
    """

    provider = models.CharField(max_length=32)
    kind = models.CharField(
        max_length=64, blank=True, help_text="What the provider reports, e.g. call-status."
    )
    dedupe_key = models.CharField(max_length=255)
    payload = models.JSONField(default=dict, blank=True, help_text="The parsed parameters.")
    body = models.TextField(blank=True, help_text="The raw request body, as received.")
    headers = models.JSONField(default=dict, blank=True)
    verified = models.BooleanField(default=False, help_text="The signature was valid.")
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, help_text="Why processing failed, if it did.")
    response = models.TextField(
        blank=True, help_text="What we answered (TwiML), so a retried delivery gets the same."
    )

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "dedupe_key"],
                condition=Q(verified=True),
                name="webhookevent_dedupe",
            ),
        ]
        indexes = [
            models.Index(fields=["processed_at", "received_at"], name="webhookevent_unprocessed")
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.kind or 'event'} {self.dedupe_key}"
