"""Jobs, candidates, resumes, applications, import batches, the activity timeline and
consent records."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class User(AbstractUser):
    """A member of staff: recruiter, hiring manager or interviewer (roles are groups).

    Candidates never sign in, so they are not users.
    """

    email = models.EmailField("email address")

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email or self.username


class Job(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        PAUSED = "paused", "Paused"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=200)
    description = models.TextField(help_text="The job description as posted.")
    location = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=16, choices=Status, default=Status.OPEN, db_index=True)
    requirements = models.JSONField(
        default=dict,
        blank=True,
        help_text="Structured requirements: must-have, nice-to-have, minimum years, "
        "seniority and knock-out questions. Generated from the description; HR edits them.",
    )
    requirements_approved_at = models.DateTimeField(null=True, blank=True)
    requirements_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hiring_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_jobs",
    )
    interviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="interviewing_jobs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Screening settings.
    shortlist_size = models.PositiveSmallIntegerField(default=10)
    phone_screen_threshold = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Applications scoring at least this much are offered a phone screen "
        "automatically. Empty: HR decides each time.",
    )
    blind_screening = models.BooleanField(
        default=False,
        help_text="Strip names, contact details, links, addresses and graduation years "
        "before any scorer reads a resume.",
    )
    phone_screen_weight = models.PositiveSmallIntegerField(
        default=40,
        help_text="Percent of the overall score that comes from the phone screen once "
        "there is one; the rest comes from the resume.",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(phone_screen_weight__lte=100), name="job_phone_weight_percent"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Candidate(TimeStampedModel):
    """A person, one row however many resumes or applications they send.

    ``email`` is stored lower-cased and ``phone`` in E.164. Neither is unique: a family or
    placeholder address can be shared by different people, so intake joins a file to a
    known candidate only when the email or phone matches and the names agree, and records
    a ``PossibleDuplicate`` for a recruiter when only the contact details match.
    """

    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True, help_text="E.164, e.g. +14155550123")
    location = models.CharField(max_length=200, blank=True)
    timezone = models.CharField(max_length=64, blank=True, help_text="IANA name, e.g. Europe/Paris")
    profile = models.JSONField(
        default=dict,
        blank=True,
        help_text="Parsed from the newest resume, for the back office. Job pages show the "
        "profile of the resume each application was made with.",
    )
    consent_at = models.DateTimeField(null=True, blank=True)
    privacy_notice_sent_at = models.DateTimeField(null=True, blank=True)
    do_not_call = models.BooleanField(default=False)

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(Lower("email"), name="candidate_email_ci"),
            models.Index(fields=["phone"], name="candidate_phone"),
        ]

    def __str__(self) -> str:
        return self.name or self.email or f"Candidate #{self.pk}"

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


def import_upload_to(instance: "ImportBatch", filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"imports/{uuid.uuid4().hex}{suffix}"


class ImportBatch(TimeStampedModel):
    """One drop of files or one CSV onto a job: what HR watches progress on.

    A CSV batch keeps its uploaded CSV (and the zip of resumes it names) until the worker
    has read it; ``status`` tracks that step. File batches are ``done`` at once: their
    progress is the status of their resumes.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the worker"
        RUNNING = "running", "Importing"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    class Source(models.TextChoices):
        ADMIN = "admin", "Back office"
        HR_PAGE = "hr_page", "HR page"
        COMMAND = "command", "Command line"
        CSV = "csv", "CSV import"
        API = "api", "API"
        DEMO = "demo", "Demo data"

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="import_batches")
    source = models.CharField(max_length=16, choices=Source)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status, default=Status.DONE)
    error = models.TextField(blank=True)
    csv_file = models.FileField(upload_to=import_upload_to, blank=True)
    archive_file = models.FileField(upload_to=import_upload_to, blank=True)
    report = models.JSONField(
        default=list, blank=True, help_text="Per-row outcome of a CSV import."
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"{self.get_source_display()} import #{self.pk} for {self.job}"


def resume_upload_to(instance: "Resume", filename: str) -> str:
    # The object key reveals nothing about the person: a random id and the extension.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"resumes/{uuid.uuid4().hex}{suffix}"


class Resume(TimeStampedModel):
    """A stored file and the text extracted from it.

    Each resume is a unit of pipeline work: ``status`` moves queued -> extracting ->
    extracted -> parsing -> parsed, or ends failed (with a reason) or duplicate. A worker
    claims the row with a conditional update before each step.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        EXTRACTING = "extracting", "Extracting"
        EXTRACTED = "extracted", "Extracted"
        PARSING = "parsing", "Reading profile"
        PARSED = "parsed", "Ready"
        NOT_A_RESUME = "not_a_resume", "Not a resume"
        DUPLICATE = "duplicate", "Duplicate"
        FAILED = "failed", "Failed"

    FINISHED = (Status.PARSED, Status.NOT_A_RESUME, Status.DUPLICATE, Status.FAILED)

    class Match(models.TextChoices):
        """How a parsed resume found its candidate, for the batch report."""

        NEW_CANDIDATE = "new_candidate", "New candidate"
        JOINED_EXISTING = "joined_existing", "Joined an existing candidate"
        POSSIBLE_DUPLICATE = "possible_duplicate", "New candidate, possible duplicate"
        SAME_FILE = "same_file", "Same file as one already added"
        CSV_ROW = "csv_row", "Candidate named by a CSV row"

    candidate = models.ForeignKey(
        Candidate, null=True, blank=True, on_delete=models.CASCADE, related_name="resumes"
    )
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="resumes"
    )
    file = models.FileField(upload_to=resume_upload_to, blank=True)
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=16, choices=Status, default=Status.QUEUED)
    error = models.TextField(
        blank=True, help_text="Why the file could not be used (or was not added), for HR."
    )
    error_code = models.CharField(max_length=32, blank=True)
    text = models.TextField(blank=True)
    page_count = models.PositiveSmallIntegerField(null=True, blank=True)
    extraction_method = models.CharField(max_length=32, blank=True)
    hidden_passages = models.JSONField(
        null=True,
        blank=True,
        default=None,
        help_text="Text in the file a reader cannot see (white, tiny, off-page), found at "
        "extraction; screening ignores and flags it. Null until extracted (or extracted before "
        "passages were kept: screening then reads the file again).",
    )
    profile = models.JSONField(default=dict, blank=True)
    is_current = models.BooleanField(
        default=False,
        help_text="The candidate's newest resume (back office). Each application is "
        "screened on its own resume.",
    )
    match = models.CharField(
        max_length=24,
        choices=Match,
        blank=True,
        help_text="How intake found this resume's candidate; empty until parsed.",
    )
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "sha256"], name="resume_one_per_candidate_and_file"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "claimed_at"], name="resume_status_claimed"),
            models.Index(fields=["batch", "status"], name="resume_batch_status"),
        ]

    def __str__(self) -> str:
        return self.original_name


class Application(TimeStampedModel):
    """A candidate for one job, and everything decided about them for it."""

    class Stage(models.TextChoices):
        NEW = "new", "New"
        SCREENED = "screened", "Screened"
        SHORTLISTED = "shortlisted", "Shortlisted"
        PHONE_SCREEN = "phone_screen", "Phone screen"
        INTERVIEW = "interview", "Interview"
        OFFER = "offer", "Offer"
        HIRED = "hired", "Hired"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Recommendation(models.TextChoices):
        ADVANCE = "advance", "Advance"
        HOLD = "hold", "Hold"
        REJECT = "reject", "Reject"

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="applications")
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="applications")
    resume = models.ForeignKey(
        Resume, null=True, blank=True, on_delete=models.SET_NULL, related_name="applications"
    )
    stage = models.CharField(max_length=16, choices=Stage, default=Stage.NEW)
    stage_changed_at = models.DateTimeField(null=True, blank=True)
    stage_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rejection_reason = models.TextField(blank=True)
    resume_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    phone_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    overall_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    recommendation = models.CharField(max_length=16, choices=Recommendation, blank=True)
    rank = models.PositiveIntegerField(null=True, blank=True)
    # HR overrides win over the computed values; the reason is kept, and each change is
    # also an Event on the timeline.
    rank_override = models.PositiveIntegerField(null=True, blank=True)
    recommendation_override = models.CharField(max_length=16, choices=Recommendation, blank=True)
    override_reason = models.TextField(blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    overridden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["job", "rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "job"], name="application_one_per_job"),
        ]
        indexes = [
            models.Index(fields=["job", "stage"], name="application_job_stage"),
            models.Index(fields=["job", "rank"], name="application_job_rank"),
            models.Index(fields=["job", "-overall_score"], name="application_job_score"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} for {self.job}"

    @property
    def effective_rank(self) -> int | None:
        return self.rank_override or self.rank

    @property
    def effective_recommendation(self) -> str:
        return self.recommendation_override or self.recommendation


class Event(models.Model):
    """One line of a candidate's timeline: what happened, to what, and who did it."""

    class Kind(models.TextChoices):
        RESUME_UPLOADED = "resume_uploaded", "Resume uploaded"
        RESUME_EXTRACTED = "resume_extracted", "Resume extracted"
        RESUME_FAILED = "resume_failed", "Resume failed"
        RESUME_DUPLICATE = "resume_duplicate", "Duplicate resume"
        APPLIED = "applied", "Applied"
        SCREENED = "screened", "Screened"
        STAGE_CHANGED = "stage_changed", "Stage changed"
        OVERRIDDEN = "overridden", "Rank or recommendation overridden"
        FEEDBACK = "feedback", "Screening feedback"
        NOTE = "note", "Note"
        EMAIL_SENT = "email_sent", "Email sent"
        CALL = "call", "Phone call"
        INTERVIEW = "interview", "Interview"
        POSSIBLE_DUPLICATE = "possible_duplicate", "Possible duplicate"
        MERGED = "merged", "Candidates merged"
        KEPT_APART = "kept_apart", "Kept apart"

    created_at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=32, choices=Kind)
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="events")
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    job = models.ForeignKey(
        Job,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The job whose pages show this event; empty: recruiters only.",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the system did it.",
    )
    message = models.TextField()
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["candidate", "-created_at"], name="event_candidate_time"),
            models.Index(fields=["application", "-created_at"], name="event_application_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.message[:60]}"

    def save(self, *args, **kwargs):
        # An application's event belongs to its job: that is who may read it.
        if self.job_id is None and self.application_id is not None:
            self.job_id = self.application.job_id
        super().save(*args, **kwargs)


class PossibleDuplicate(TimeStampedModel):
    """Two candidates who share an email, a phone or a file but whose names disagree.

    Intake never merges such a pair on its own; a recruiter merges them or keeps them
    apart. ``existing`` is the older of the two, whom a merge keeps; ``candidate`` the
    newer, whom a merge folds in (and which is then empty).
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        MERGED = "merged", "Merged"
        KEPT_APART = "kept_apart", "Kept apart"

    class MatchedOn(models.TextChoices):
        EMAIL = "email", "same email"
        PHONE = "phone", "same phone"
        EMAIL_AND_PHONE = "email_and_phone", "same email and phone"
        FILE = "file", "same file"

    candidate = models.ForeignKey(
        Candidate,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="possible_duplicates",
        help_text="Empty once merged into the existing candidate.",
    )
    existing = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    matched_on = models.CharField(max_length=16, choices=MatchedOn)
    resume = models.ForeignKey(
        Resume,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The file that raised it.",
    )
    status = models.CharField(max_length=16, choices=Status, default=Status.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "existing"], name="duplicate_one_per_pair"
            ),
            models.CheckConstraint(
                condition=~Q(candidate=models.F("existing")), name="duplicate_two_people"
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="duplicate_status")]

    def __str__(self) -> str:
        return f"{self.candidate} may be {self.existing} ({self.get_matched_on_display()})"


class ConsentRecord(TimeStampedModel):
    """What a candidate agreed to, when, how and in which wording, and when they withdrew it.

    The records are the source of truth for consent (``recruiting.consent``):
    ``consent_in_force`` reads them, and ``Candidate.consent_at`` is only a copy the
    services keep in step for data processing. A record is never edited to change what was
    agreed; a new wording or a new grant after a withdrawal is a new record.
    """

    class Kind(models.TextChoices):
        PHONE_SCREEN_CALL = "phone_screen_call", "Automated phone screen call"
        CALL_RECORDING = "call_recording", "Call recording"
        AI_SCREENING = "ai_screening", "AI-assisted screening"
        EMAIL_CONTACT = "email_contact", "Email contact"
        DATA_PROCESSING = "data_processing", "Processing of personal data"

    class Source(models.TextChoices):
        PHONE_KEYPRESS = "phone_keypress", "Keypress on a call"
        PHONE_SPEECH = "phone_speech", "Spoken on a call"
        CAREERS_PAGE = "careers_page", "Careers page"
        EMAIL_LINK = "email_link", "Link in an email"
        HR_ON_BEHALF = "hr_on_behalf", "HR, on the candidate's behalf"
        API = "api", "API"

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(max_length=32, choices=Kind)
    wording_version = models.CharField(max_length=32)
    wording = models.TextField(blank=True, help_text="The text the candidate was shown or read.")
    wording_sha256 = models.CharField(max_length=64, blank=True)
    source = models.CharField(max_length=16, choices=Source)
    granted_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The staff member who recorded it on the candidate's behalf.",
    )
    evidence = models.JSONField(
        default=dict, blank=True, help_text="Where it happened: a call id, the digit pressed..."
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_source = models.CharField(max_length=16, choices=Source, blank=True)
    declined = models.BooleanField(
        default=False,
        help_text="Asked, the candidate said no: a record that was never in force, its "
        "granted and withdrawn times both when they said it.",
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["candidate", "kind", "-granted_at", "-id"]
        indexes = [
            models.Index(fields=["candidate", "kind", "granted_at"], name="consent_latest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True, withdrawn_source="")
                | (Q(withdrawn_at__gte=models.F("granted_at")) & ~Q(withdrawn_source="")),
                name="consent_withdrawal_complete",
            ),
        ]

    def __str__(self) -> str:
        state = "declined" if self.declined else "withdrawn" if self.withdrawn_at else "given"
        return f"{self.get_kind_display()} {state} by {self.candidate} ({self.wording_version})"
