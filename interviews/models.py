"""Screening questions, interviewer availability, scheduling links and interviews."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from recruiting.models import Application, Job


class ScreeningQuestionQuerySet(models.QuerySet):
    def current(self):
        """The job's questions as HR sees them: not retired by a redraft."""
        return self.filter(retired_at__isnull=True)

    def ready_to_ask(self):
        """Approved for the job's current requirements: the only ones a call may ask."""
        return self.current().filter(approved_at__isnull=False, stale_since__isnull=True)


class ScreeningQuestion(models.Model):
    """A phone-screen question for a job, generated from its description.

    No call asks a question until HR has approved it (``approved_at`` is set). When the
    job's requirements change, its questions are marked stale (``stale_since``) until HR
    approves them again or redrafts them; a redraft retires a replaced question that
    answers already refer to (``retired_at``) instead of deleting it.
    """

    class Kind(models.TextChoices):
        TECHNICAL = "technical", "Technical"
        BEHAVIOURAL = "behavioural", "Behavioural"
        SITUATIONAL = "situational", "Situational"
        LOGISTICS = "logistics", "Logistics"

    class Difficulty(models.TextChoices):
        EASY = "easy", "Easy"
        MEDIUM = "medium", "Medium"
        HARD = "hard", "Hard"

    created_at = models.DateTimeField(auto_now_add=True)
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="screening_questions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()
    follow_ups = models.JSONField(default=list, blank=True)
    kind = models.CharField(max_length=16, choices=Kind, default=Kind.TECHNICAL)
    difficulty = models.CharField(max_length=8, choices=Difficulty, default=Difficulty.MEDIUM)
    expected_keywords = models.JSONField(default=list, blank=True)
    expected_length_seconds = models.PositiveSmallIntegerField(default=60)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ai_run = models.ForeignKey(
        "ai.AIRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stale_since = models.DateTimeField(
        null=True,
        blank=True,
        help_text="The requirements changed after this question was written or approved.",
    )
    edited_at = models.DateTimeField(null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    retired_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Replaced by a redraft; kept because recorded answers refer to it.",
    )

    objects = ScreeningQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["job", "position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class Availability(models.Model):
    """A weekly window an interviewer can take interviews, in their own timezone."""

    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="availabilities"
    )
    weekday = models.PositiveSmallIntegerField(help_text="0 = Monday ... 6 = Sunday")
    start_time = models.TimeField()
    end_time = models.TimeField()
    timezone = models.CharField(max_length=64, help_text="IANA name, e.g. America/New_York")

    class Meta:
        verbose_name_plural = "availabilities"
        ordering = ["interviewer", "weekday", "start_time"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="availability_weekday"),
            models.CheckConstraint(
                condition=Q(start_time__lt=F("end_time")), name="availability_start_before_end"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interviewer} weekday {self.weekday} {self.start_time}-{self.end_time}"


class SchedulingLink(models.Model):
    """A signed, expiring, single-use link emailed to a candidate to book an interview.

    Only a hash of the token is stored, so a database leak yields no working links.
    """

    class Purpose(models.TextChoices):
        BOOK = "book", "Book"
        RESCHEDULE = "reschedule", "Reschedule"
        CANCEL = "cancel", "Cancel"

    created_at = models.DateTimeField(auto_now_add=True)
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="scheduling_links"
    )
    purpose = models.CharField(max_length=16, choices=Purpose, default=Purpose.BOOK)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} link for {self.application}"


class Interview(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"
        COMPLETED = "completed", "Completed"
        NO_SHOW = "no_show", "No show"

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="interviews"
    )
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status, default=Status.SCHEDULED)
    panel = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="interviews")
    location = models.CharField(max_length=300, blank=True, help_text="Room or video link.")
    ics_uid = models.CharField(max_length=255, unique=True)
    ics_sequence = models.PositiveIntegerField(default=0)
    booked_with = models.ForeignKey(
        SchedulingLink, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")), name="interview_start_before_end"
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status="scheduled"),
                name="interview_one_scheduled_per_application",
            ),
        ]

    def __str__(self) -> str:
        return f"Interview of {self.application} at {self.starts_at:%Y-%m-%d %H:%M}"
