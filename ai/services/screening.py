"""Screening a resume against a job: the database-free core (``screen_prepared``), and the
``Screening`` rows that are the unit of work: ``screening_run`` claims a pending row with
a conditional UPDATE and does nothing unless it won the claim, so a redelivered task is
harmless."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ai import guardrails
from ai.concurrency import job_slot
from ai.models import AIRun, Screening
from ai.providers import (
    BatchProvider,
    PermanentProviderError,
    Provider,
    ProviderResult,
    TransientProviderError,
    get_provider,
)
from ai.schemas import ScreeningOutput, validate_screening
from ai.scoring import recommendation as scoring_recommendation
from ai.services import calls
from ai.services.audit import Recorder, db_recorder, no_record
from ai.services.calls import GenerationFailed
from ai.services.context import JobContext, job_context
from ai.services.messages import build_screen_request
from ai.services.ranking import CENTS, UNRANKED_STAGES, job_rerank_request, overall_from
from ai.signals import screening_finished
from config.tasks import enqueue
from recruiting.extraction import DOCX, PDF, ExtractionError, extract_text
from recruiting.models import Application, Event, Job

logger = logging.getLogger(__name__)


STUCK_AFTER = timedelta(minutes=15)
MAX_SCREEN_ATTEMPTS = 3


@dataclass
class ScreenOutcome:
    output: ScreeningOutput
    result: ProviderResult
    run: AIRun | None
    flags: list[dict]
    criteria: list[dict]


def screen_prepared(
    provider: Provider,
    context: JobContext,
    prepared: guardrails.PreparedResume,
    *,
    record: Recorder = no_record,
    first: ProviderResult | None = None,
    profile: dict | None = None,
) -> ScreenOutcome:
    """Screen a prepared (guarded, maybe blinded) resume text against a job; ``profile`` is
    the resume's stored parse, if any.

    Raises GenerationFailed, TransientProviderError or PermanentProviderError.
    """
    request = build_screen_request(context, prepared.text, profile)
    ids = context.requirement_ids

    def validate(data):
        return validate_screening(
            data,
            resume_text=prepared.text,
            requirement_ids=ids,
            strict=not provider.deterministic,
        )

    output, result, run = calls.generate(provider, request, validate, record=record, first=first)
    return _outcome(context, prepared, output, result, run)


def _outcome(context, prepared, output: ScreeningOutput, result, run) -> ScreenOutcome:
    by_id = {item["id"]: item for item in context.items}
    criteria = []
    for c in output.criteria:
        item = by_id.get(c.requirement_id, {})
        criteria.append(
            {
                "requirement_id": c.requirement_id,
                "requirement": item.get("text") or c.requirement,
                "must_have": item.get("must_have", c.must_have),
                "weight": item.get("weight", 1.0),
                "score": round(c.score),
                "evidence": list(c.evidence),
                "note": c.note,
            }
        )
    flags = list(prepared.flags)
    for concern in output.concerns:
        flags.append({"kind": "concern", "message": concern[:300]})
    flags.extend(guardrails.output_flags(output.summary, [c.note for c in output.criteria]))
    return ScreenOutcome(output=output, result=result, run=run, flags=flags, criteria=criteria)


def _hidden_passages(resume) -> list[str]:
    """What extraction found hidden in the file. A resume extracted before passages were
    kept (``None``) is extracted again here, once (without OCR), and the passages stored."""
    if resume.hidden_passages is not None:
        return list(resume.hidden_passages)
    if not resume.file or resume.content_type not in (PDF, DOCX):
        return []
    try:
        with resume.file.open("rb") as handle:
            data = handle.read()
        extracted = extract_text(
            data, filename=resume.original_name, max_bytes=settings.RESUME_MAX_BYTES, ocr=False
        )
    except (OSError, ExtractionError):
        logger.warning("resume %s: file unreadable, hidden-text check skipped", resume.pk)
        return []
    resume.hidden_passages = list(extracted.hidden)
    type(resume).objects.filter(pk=resume.pk).update(hidden_passages=resume.hidden_passages)
    return list(resume.hidden_passages)


def prepared_resume(application: Application, resume) -> guardrails.PreparedResume:
    hidden = _hidden_passages(resume)
    candidate = application.candidate
    identity = {
        "name": candidate.name,
        "email": candidate.email,
        "phone": candidate.phone,
        "location": candidate.location,
    }
    return guardrails.prepare_resume(
        resume.text,
        blind=application.job.blind_screening,
        identity=identity,
        hidden=hidden,
        default_region=settings.PHONE_DEFAULT_REGION,
        profile=resume.profile or None,
    )


def batching_enabled(provider: Provider) -> bool:
    return bool(settings.AI_BATCH_ENABLED) and isinstance(provider, BatchProvider)


def application_screen(application_id: int) -> Screening | None:
    """Screen the application's current resume, once.

    Finds (or creates) the pending screening for the current resume and runs it; does
    nothing when that resume's screening is already running, done or failed (a redelivered
    task). With batches enabled, the screening waits to be dispatched with the job's others.
    """
    application = Application.objects.select_related("resume").filter(pk=application_id).first()
    if application is None or application.resume is None or not application.resume.text.strip():
        return None
    screening = _open_screening(application)
    if screening is None:
        return None
    if batching_enabled(get_provider()):
        job_screenings_dispatch_request(application.job_id)
        return screening
    return screening_run(screening.pk)


def _open_screening(application: Application) -> Screening | None:
    latest = (
        Screening.objects.filter(application=application).order_by("-created_at", "-pk").first()
    )
    if latest is not None and latest.resume_id == application.resume_id:
        return latest if latest.status == Screening.Status.PENDING else None
    try:
        with transaction.atomic():
            return Screening.objects.create(application=application, resume=application.resume)
    except IntegrityError:
        # One is already open: for an older resume (not started: point it at this one) or
        # created by another worker a moment ago.
        Screening.objects.filter(application=application, status=Screening.Status.PENDING).update(
            resume=application.resume
        )
        return Screening.objects.filter(
            application=application, status=Screening.Status.PENDING
        ).first()


def screening_rerun(application: Application) -> Screening | None:
    """A new screening of the application's current resume (HR asked; requirements changed).

    Returns None when one is already waiting or running.
    """
    if application.resume is None:
        return None
    try:
        with transaction.atomic():
            screening = Screening.objects.create(application=application, resume=application.resume)
    except IntegrityError:
        return None
    enqueue("ai.tasks.run_screening", screening.pk)
    return screening


def _claim(screening_id: int) -> Screening | None:
    claimed = Screening.objects.filter(pk=screening_id, status=Screening.Status.PENDING).update(
        status=Screening.Status.RUNNING,
        claimed_at=timezone.now(),
        attempts=F("attempts") + 1,
        updated_at=timezone.now(),
    )
    if not claimed:
        return None
    return Screening.objects.select_related(
        "application__job", "application__candidate", "resume"
    ).get(pk=screening_id)


def screening_release(screening_id: int) -> None:
    Screening.objects.filter(pk=screening_id, status=Screening.Status.RUNNING).update(
        status=Screening.Status.PENDING, provider_batch_id="", updated_at=timezone.now()
    )


def screening_run(screening_id: int) -> Screening | None:
    """Run one pending screening. Idempotent: only a pending screening is claimed.

    Transient provider errors (and a full concurrency limit) release the claim and are
    raised for the task to retry; anything else ends the screening failed with a reason.
    """
    screening = _claim(screening_id)
    if screening is None:
        return None
    provider = get_provider()
    application = screening.application
    try:
        resume = screening.resume or application.resume
        if resume is None or not resume.text.strip():
            raise GenerationFailed("The resume has no text to read.")
        prepared = prepared_resume(application, resume)
        context = job_context(application.job)
        record = db_recorder(provider=provider, job=application.job, application=application)
        if provider.metered:
            with job_slot(application.job_id):
                outcome = screen_prepared(
                    provider, context, prepared, record=record, profile=resume.profile or None
                )
        else:
            outcome = screen_prepared(
                provider, context, prepared, record=record, profile=resume.profile or None
            )
    except TransientProviderError:
        screening_release(screening.pk)
        raise
    except PermanentProviderError as exc:
        screening_mark_failed(screening_id=screening.pk, reason=str(exc))
        return _reload(screening)
    except GenerationFailed as exc:
        screening_mark_failed(screening_id=screening.pk, reason=exc.reason, run=exc.run)
        return _reload(screening)
    return screening_finish(screening, provider, outcome)


def _reload(screening: Screening) -> Screening:
    screening.refresh_from_db()
    return screening


def must_have_coverage(criteria: list[dict]) -> float | None:
    """How much of the must-haves a screening found (0..1, weighted), or None without any."""
    must = [c for c in criteria if c.get("must_have") is not False]
    total = sum(max(0.0, float(c.get("weight", 1.0))) for c in must)
    if not total:
        return None
    return sum(c["score"] / 100 * max(0.0, float(c.get("weight", 1.0))) for c in must) / total


def _recommendation(provider: Provider, output: ScreeningOutput, criteria, score) -> str:
    """The offline scorer's own word; a model's is replaced by the same rule, so a higher
    score never gets a worse recommendation unless the must-haves are less covered (which
    the ranked list shows as the reason). The model's answer stays in its AIRun."""
    if provider.deterministic:
        return output.recommendation
    return scoring_recommendation(float(score), must_have_coverage(criteria))


def screening_finish(screening: Screening, provider: Provider, outcome: ScreenOutcome) -> Screening:
    output = outcome.output
    score = Decimal(str(output.overall_score)).quantize(CENTS, rounding=ROUND_HALF_UP)
    recommendation = _recommendation(provider, output, outcome.criteria, score)
    with transaction.atomic():
        done = Screening.objects.filter(pk=screening.pk, status=Screening.Status.RUNNING).update(
            status=Screening.Status.DONE,
            ai_run=outcome.run,
            provider=provider.name,
            model=outcome.result.model or provider.model,
            prompt_version=outcome.run.prompt_version if outcome.run else "",
            criteria=outcome.criteria,
            score=score,
            recommendation=recommendation,
            summary=output.summary,
            flags=outcome.flags,
            error="",
            provider_batch_id="",
            updated_at=timezone.now(),
        )
        if not done:  # marked failed by a sweeper meanwhile: its word stands
            return _reload(screening)
        application = Application.objects.select_for_update().get(pk=screening.application_id)
        application.resume_score = score
        application.recommendation = recommendation
        application.overall_score = overall_from(
            score, application.phone_score, application.job.phone_screen_weight
        )
        fields = ["resume_score", "recommendation", "overall_score", "updated_at"]
        if application.stage == Application.Stage.NEW:
            application.stage = Application.Stage.SCREENED
            application.stage_changed_at = timezone.now()
            fields += ["stage", "stage_changed_at"]
        application.save(update_fields=fields)
        flagged = f" {len(outcome.flags)} flag(s) for review." if outcome.flags else ""
        Event.objects.create(
            candidate_id=application.candidate_id,
            application=application,
            kind=Event.Kind.SCREENED,
            message=f"Screened for {application.job.title}: {score} ({recommendation}).{flagged}",
            data={"screening": screening.pk, "score": str(score), "flags": len(outcome.flags)},
        )
        job_rerank_request(application.job_id)
        screening_finished.send(sender=Application, application=application, score=score)
        if application.resume_id and application.resume_id != screening.resume_id:
            # A newer resume arrived while this one was being read.
            enqueue("ai.tasks.screen_application", application.pk)
    logger.info("screening %s done: %s %s", screening.pk, score, recommendation)
    return _reload(screening)


def screening_mark_failed(
    *,
    reason: str,
    screening_id: int | None = None,
    application_id: int | None = None,
    run: AIRun | None = None,
) -> int:
    """The final word on a screening that cannot be done; HR reads ``reason``.

    By ``screening_id``, or the open screening of ``application_id``. Returns rows changed.
    """
    open_statuses = [Screening.Status.PENDING, Screening.Status.RUNNING]
    rows = Screening.objects.filter(status__in=open_statuses)
    if screening_id is not None:
        rows = rows.filter(pk=screening_id)
    elif application_id is not None:
        rows = rows.filter(application_id=application_id)
    else:
        raise ValueError("screening_id or application_id is required")
    changes = {
        "status": Screening.Status.FAILED,
        "error": reason[:5000],
        "provider_batch_id": "",
        "updated_at": timezone.now(),
    }
    if run is not None:
        changes["ai_run"] = run
        changes["prompt_version"] = run.prompt_version
        changes["provider"] = run.provider
    count = rows.update(**changes)
    if count:
        logger.warning("screening failed (%s/%s): %s", screening_id, application_id, reason)
    return count


def job_screen_all(job: Job) -> int:
    """Queue a screening for every application of the job whose current resume has none.
    Returns how many were queued."""
    applications = (
        Application.objects.filter(job=job, resume__isnull=False)
        .exclude(resume__text="")
        .exclude(stage__in=UNRANKED_STAGES)
        .only("pk", "resume_id")
    )
    screened = set(
        Screening.objects.filter(application__job=job).values_list("application_id", "resume_id")
    )
    created = 0
    for application in applications:
        if (application.pk, application.resume_id) in screened:
            continue
        try:
            with transaction.atomic():
                Screening.objects.create(application=application, resume_id=application.resume_id)
            created += 1
        except IntegrityError:
            continue  # one is already open
    if created:
        enqueue("ai.tasks.dispatch_job_screenings", job.pk)
    return created


def screenings_requeue_stuck() -> int:
    """Re-queue screenings whose worker died (or whose message was lost); give up after
    MAX_SCREEN_ATTEMPTS. Screenings waiting in a provider batch are left to the poller, and
    those claimed for a batch row being sent to ``screening_batches_recover``."""
    cutoff = timezone.now() - STUCK_AFTER
    requeued = 0
    stuck = Screening.objects.filter(updated_at__lt=cutoff).filter(
        status__in=[Screening.Status.PENDING, Screening.Status.RUNNING]
    )
    for screening in stuck.only("pk", "status", "attempts", "provider_batch_id", "batch_id"):
        batch_id = screening.provider_batch_id
        if (
            screening.status == Screening.Status.RUNNING
            and batch_id
            and (screening.batch_id or not batch_id.startswith("claim-"))
        ):
            continue
        if (
            screening.status == Screening.Status.RUNNING
            and screening.attempts >= MAX_SCREEN_ATTEMPTS
        ):
            screening_mark_failed(
                screening_id=screening.pk,
                reason="Screening kept failing; an administrator has been notified. "
                "Re-run it from the admin.",
            )
            continue
        if Screening.objects.filter(pk=screening.pk, status=screening.status).update(
            status=Screening.Status.PENDING, provider_batch_id="", updated_at=timezone.now()
        ):
            enqueue("ai.tasks.run_screening", screening.pk)
            requeued += 1
    return requeued


def dispatch_key(job_id: int) -> str:
    return f"ai:dispatch:{job_id}"


def job_screenings_dispatch_request(job_id: int) -> None:
    """Coalesced: screenings queued together are dispatched together, a little later."""
    enqueue(
        "ai.tasks.dispatch_job_screenings",
        job_id,
        countdown=settings.AI_BATCH_COLLECT_SECONDS,
        coalesce_key=dispatch_key(job_id),
    )
