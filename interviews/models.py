"""Screening questions, interviewer availability, interview rounds, scheduling links,
interviews and their panels."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from recruiting.models import Application, Job, TimeStampedModel


class ScreeningQuestionQuerySet(models.QuerySet):
    def current(self):
        """The job's questions as HR sees them: not retired by a redraft."""
        return self.filter(retired_at__isnull=True)

    def ready_to_ask(self):
        """Approved for the job's current requirements: the only ones a call may ask."""
        return self.current().filter(approved_at__isnull=False, stale_since__isnull=True)


class ScreeningQuestion(TimeStampedModel):
    """A phone-screen question for a job, generated from its description.

    No call asks a question until HR has approved it (``approved_at`` is set). When the
    job's requirements change, its questions are marked stale (``stale_since``) until HR
    approves them again or redrafts them; a redraft retires a replaced question that a
    phone screen has asked (``retired_at``) instead of deleting it. A phone screen asks
    its own frozen copy (``voice.PhoneScreenQuestion``), so editing or retiring a
    question never changes what a recorded answer answered.
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


class Availability(TimeStampedModel):
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


class InterviewRound(TimeStampedModel):
    """One step of a job's interview plan ("1. Hiring manager", "2. Technical", ...).

    Rounds are defined once per job, not typed on each interview, so every candidate of a
    job goes through the same named steps, a scheduling link can offer "book round 2"
    before any interview exists, and reports can compare candidates round by round.
    """

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="interview_rounds")
    position = models.PositiveSmallIntegerField(help_text="1 for the first round, and so on.")
    name = models.CharField(max_length=100)
    duration_minutes = models.PositiveSmallIntegerField(default=45)
    description = models.TextField(blank=True, help_text="What the round covers, for the panel.")

    class Meta:
        ordering = ["job", "position"]
        constraints = [
            models.UniqueConstraint(fields=["job", "position"], name="interviewround_position"),
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0), name="interviewround_duration"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.job}: round {self.position}, {self.name}"


class Interview(TimeStampedModel):
    """A booked interview of one application in one round, with its panel (``Panelist``)."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"
        COMPLETED = "completed", "Completed"
        NO_SHOW = "no_show", "No show"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="interviews"
    )
    round = models.ForeignKey(
        InterviewRound,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interviews",
        help_text="Empty only for interviews booked before rounds existed.",
    )
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status, default=Status.SCHEDULED)
    panel = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Panelist", related_name="interviews"
    )
    location = models.CharField(max_length=300, blank=True, help_text="Room or video link.")
    ics_uid = models.CharField(max_length=255, unique=True)
    ics_sequence = models.PositiveIntegerField(default=0)
    booked_with = models.ForeignKey(
        "SchedulingLink", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
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


class Panelist(TimeStampedModel):
    """A member of staff on an interview's panel: their role, whether the interview needs
    them, their answer to the invitation and whether the invitation went out."""

    class Role(models.TextChoices):
        HIRING_MANAGER = "hiring_manager", "Hiring manager"
        TECHNICAL = "technical", "Technical interviewer"
        OBSERVER = "observer", "Observer"

    class Rsvp(models.TextChoices):
        # iCalendar's PARTSTAT values, lower-cased
        NEEDS_ACTION = "needs_action", "Needs action"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        TENTATIVE = "tentative", "Tentative"

    class InviteStatus(models.TextChoices):
        NOT_SENT = "not_sent", "Not sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="panelists")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="panel_seats"
    )
    role = models.CharField(max_length=16, choices=Role, default=Role.TECHNICAL)
    required = models.BooleanField(
        default=True, help_text="The interview cannot go ahead without them."
    )
    rsvp = models.CharField(max_length=16, choices=Rsvp, default=Rsvp.NEEDS_ACTION)
    invite_status = models.CharField(
        max_length=16, choices=InviteStatus, default=InviteStatus.NOT_SENT
    )
    invite_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["interview", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "user"], name="panelist_once_per_interview"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) on {self.interview}"


class SchedulingLinkQuerySet(models.QuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, used_at__isnull=True, expires_at__gt=now)


class SchedulingLink(TimeStampedModel):
    """An expiring, single-use, revocable link emailed to a candidate to book a round, or to
    reschedule or cancel an interview.

    Only the sha256 of the token is stored, so a database leak yields no working links; the
    token itself is in the email only (``interviews.services.scheduling_link_issue``). A
    booking link points at the round it books; a reschedule or cancel link points at its
    interview (the database refuses one without, unless it is revoked).
    """

    class Purpose(models.TextChoices):
        BOOK = "book", "Book"
        RESCHEDULE = "reschedule", "Reschedule"
        CANCEL = "cancel", "Cancel"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="scheduling_links"
    )
    purpose = models.CharField(max_length=16, choices=Purpose, default=Purpose.BOOK)
    round = models.ForeignKey(
        InterviewRound,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scheduling_links",
        help_text="The round a booking link books.",
    )
    interview = models.ForeignKey(
        Interview,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="scheduling_links",
        help_text="The interview a reschedule or cancel link acts on.",
    )
    token_hash = models.CharField(max_length=64, unique=True, help_text="sha256 of the token.")
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = SchedulingLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose="book")
                | Q(interview__isnull=False)
                | Q(revoked_at__isnull=False),
                name="schedulinglink_points_at_its_interview",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} link for {self.application}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def is_usable(self, now=None) -> bool:
        """Not revoked, not used, not expired."""
        now = now or timezone.now()
        return self.revoked_at is None and self.used_at is None and now < self.expires_at
