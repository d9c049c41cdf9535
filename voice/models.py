"""Automated phone screens: the screen, each call attempt, and each answer."""

from django.db import models
from django.db.models import Q

from recruiting.models import Application


class PhoneScreen(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        CALLING = "calling", "Calling"
        COMPLETED = "completed", "Completed"
        NO_ANSWER = "no_answer", "No answer"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="phone_screens"
    )
    status = models.CharField(max_length=16, choices=Status, default=Status.PENDING)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    questions = models.JSONField(
        default=list, blank=True, help_text="The approved questions as asked, frozen at start."
    )
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    summary = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="phonescreen_due")]

    def __str__(self) -> str:
        return f"Phone screen of {self.application} ({self.status})"


class Call(models.Model):
    """One attempt to reach the candidate; ``provider_call_id`` ties webhooks to it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RINGING = "ringing", "Ringing"
        IN_PROGRESS = "in-progress", "In progress"
        COMPLETED = "completed", "Completed"
        BUSY = "busy", "Busy"
        NO_ANSWER = "no-answer", "No answer"
        FAILED = "failed", "Failed"
        CANCELED = "canceled", "Cancelled"

    class AnsweredBy(models.TextChoices):
        UNKNOWN = "", "Unknown"
        HUMAN = "human", "Human"
        MACHINE = "machine", "Machine"

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    phone_screen = models.ForeignKey(PhoneScreen, on_delete=models.CASCADE, related_name="calls")
    attempt = models.PositiveSmallIntegerField(default=1)
    provider = models.CharField(max_length=32)
    provider_call_id = models.CharField(max_length=64, blank=True)
    to_number = models.CharField(max_length=20)
    from_number = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=16, choices=Status, default=Status.QUEUED)
    answered_by = models.CharField(max_length=16, choices=AnsweredBy, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    recording_url = models.URLField(blank=True)
    error = models.TextField(blank=True)

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


class Answer(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        "interviews.ScreeningQuestion", on_delete=models.PROTECT, related_name="answers"
    )
    transcript = models.TextField(blank=True)
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    reasoning = models.TextField(blank=True)
    ai_run = models.ForeignKey(
        "ai.AIRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["call", "question__position"]
        constraints = [
            models.UniqueConstraint(fields=["call", "question"], name="answer_one_per_question"),
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question} on {self.call}"
