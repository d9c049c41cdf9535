"""The audit log of every model or scorer call, and the screenings they produce."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from recruiting.models import Application, Job, Resume, TimeStampedModel


class AIRun(TimeStampedModel):
    """One call to an LLM or to the offline scorer, kept whatever happened.

    Rows are written once by the service that made the call and never edited: they are
    the record of which prompt version and model produced which output, at what cost.
    """

    class Purpose(models.TextChoices):
        REQUIREMENTS = "requirements", "Requirements from the job description"
        QUESTIONS = "questions", "Screening questions"
        PARSE = "parse", "Resume parsing"
        SCREEN = "screen", "Resume screening"
        ANSWER = "answer", "Phone answer scoring"

    class Status(models.TextChoices):
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        PENDING = "pending", "Pending (batch)"

    purpose = models.CharField(max_length=16, choices=Purpose)
    provider = models.CharField(max_length=32)
    model = models.CharField(max_length=100, blank=True)
    prompt_version = models.CharField(max_length=64, blank=True)
    input_hash = models.CharField(max_length=64, db_index=True)
    output = models.JSONField(null=True, blank=True)
    input_tokens = models.PositiveIntegerField(default=0)
    output_tokens = models.PositiveIntegerField(default=0)
    cache_read_tokens = models.PositiveIntegerField(default=0)
    cache_write_tokens = models.PositiveIntegerField(default=0)
    cost_usd = models.DecimalField(max_digits=10, decimal_places=6, default=0)
    latency_ms = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=16, choices=Status)
    error = models.TextField(blank=True)
    provider_batch_id = models.CharField(max_length=100, blank=True)
    job = models.ForeignKey(
        Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="ai_runs"
    )
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="ai_runs"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "AI run"
        indexes = [models.Index(fields=["job", "purpose"], name="airun_job_purpose")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} via {self.provider} ({self.status})"


class ScreeningBatch(TimeStampedModel):
    """One Message Batch of screenings: the unit of work of a bulk screening.

    The row is written (``submitting``) before the provider is called and given the
    provider's id after, so a worker that dies in between leaves a row that
    ``screening_batches_recover`` finds: it adopts the batch the provider accepted (found
    by its screenings' custom ids), or queues the screenings again one by one when there
    is none.
    """

    class Status(models.TextChoices):
        COLLECTING = "collecting", "Collecting"
        SUBMITTING = "submitting", "Submitting"
        SUBMITTED = "submitted", "Submitted, waiting for results"
        ENDED = "ended", "Ended"
        FAILED = "failed", "Failed"

    job = models.ForeignKey(
        Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="screening_batches"
    )
    status = models.CharField(max_length=16, choices=Status, default=Status.COLLECTING)
    provider = models.CharField(max_length=32, blank=True)
    provider_batch_id = models.CharField(max_length=100, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    polled_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "updated_at"], name="screeningbatch_status")]

    def __str__(self) -> str:
        return f"Batch {self.provider_batch_id or self.pk} ({self.status})"


class Screening(TimeStampedModel):
    """A scored reading of one application's resume against its job's requirements."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    class Feedback(models.TextChoices):
        AGREE = "agree", "Agree"
        DISAGREE = "disagree", "Disagree"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="screenings"
    )
    ai_run = models.ForeignKey(
        AIRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="screenings"
    )
    resume = models.ForeignKey(
        Resume,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The resume that was read.",
    )
    status = models.CharField(max_length=16, choices=Status, default=Status.PENDING)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    provider_batch_id = models.CharField(
        max_length=100,
        blank=True,
        db_index=True,
        help_text="The Message Batch this screening waits in, while it does.",
    )
    batch = models.ForeignKey(
        ScreeningBatch,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="screenings",
        help_text="The Message Batch this screening was sent in, if any.",
    )
    error = models.TextField(blank=True)
    provider = models.CharField(max_length=32, blank=True)
    model = models.CharField(max_length=100, blank=True)
    prompt_version = models.CharField(max_length=64, blank=True)
    criteria = models.JSONField(
        default=list,
        blank=True,
        help_text="Per requirement: score and evidence quoted verbatim from the resume.",
    )
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    recommendation = models.CharField(max_length=16, choices=Application.Recommendation, blank=True)
    summary = models.TextField(blank=True)
    flags = models.JSONField(
        default=list, blank=True, help_text="Guardrail findings: injections, protected attributes."
    )
    feedback = models.CharField(max_length=16, choices=Feedback, blank=True)
    corrected_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    feedback_note = models.TextField(blank=True)
    feedback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    feedback_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["application", "-created_at"], name="screening_app_time"),
            models.Index(fields=["status", "claimed_at"], name="screening_status_claimed"),
        ]
        constraints = [
            # At most one screening waiting or running per application: the row is the unit
            # of work, so a redelivered task finds it instead of starting a second one.
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status__in=["pending", "running"]),
                name="screening_one_open_per_application",
            ),
        ]

    def __str__(self) -> str:
        return f"Screening of {self.application} ({self.status})"


class JobGeneration(TimeStampedModel):
    """The work row for drafting a job's requirements or its phone-screen questions.

    One row per job and kind. Asking for a draft sets it pending and queues the task; the
    task claims it (pending -> running, a conditional UPDATE) and does nothing unless it won
    the claim, so a redelivered message drafts nothing twice. A failure is kept on the row
    with a reason HR reads on the job page.
    """

    class Kind(models.TextChoices):
        REQUIREMENTS = "requirements", "Requirements"
        QUESTIONS = "questions", "Phone-screen questions"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="ai_generations")
    kind = models.CharField(max_length=16, choices=Kind)
    status = models.CharField(max_length=16, choices=Status, default=Status.PENDING)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True, help_text="Why the last attempt failed, for HR.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "kind"], name="jobgeneration_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.job} ({self.status})"


class JobAIStats(Job):
    """Jobs seen from the AI side: what their screenings cost and how often HR agreed."""

    class Meta:
        proxy = True
        verbose_name = "AI cost and agreement by job"
        verbose_name_plural = "AI cost and agreement by job"
