"""AI services: requirements and questions from a job description, screening, ranking,
HR overrides and feedback.

Every model (or offline scorer) call goes through ``_generate``: one provider call, output
validated (pydantic, then quotes checked against the resume), one regeneration with the
error stated when the answer is unusable, and an ``AIRun`` row per call. Screening rows are
the unit of work: ``screening_run`` claims a pending row with a conditional UPDATE and
does nothing unless it won the claim, so a redelivered task is harmless.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone

from ai import guardrails
from ai.concurrency import job_slot
from ai.models import AIRun, JobGeneration, Screening, ScreeningBatch
from ai.prompts import get_prompt
from ai.providers import (
    PermanentProviderError,
    Provider,
    ProviderResult,
    StructuredRequest,
    ToolSpec,
    TransientProviderError,
    get_provider,
)
from ai.requirements import (
    JobRequirements,
    Requirement,
    extract_requirements,
    requirement_from_line,
)
from ai.schemas import (
    OutputInvalid,
    QuestionItem,
    QuestionsOutput,
    RequirementsOutput,
    ScreeningOutput,
    requirement_list,
    tool_schema,
    validate_questions,
    validate_requirements,
    validate_screening,
)
from ai.scoring import recommendation as scoring_recommendation
from config.tasks import enqueue
from interviews.models import ScreeningQuestion
from recruiting.extraction import DOCX, PDF, ExtractionError, extract_text
from recruiting.models import Application, Event, Job, User
from recruiting.textbounds import REASON_MAX_CHARS, lines_problem

logger = logging.getLogger(__name__)

STUCK_AFTER = timedelta(minutes=15)
MAX_SCREEN_ATTEMPTS = 3
BATCH_CUSTOM_ID = "screening-{}"
CENTS = Decimal("0.01")
# A list marker pasted with a line is formatting, not HR's words.
_LEADING_BULLET_RE = re.compile(r"^\s*[-*•]\s+")
# Applications in these stages keep their scores but are not ranked.
UNRANKED_STAGES = (Application.Stage.WITHDRAWN, Application.Stage.REJECTED)


class GenerationFailed(Exception):
    """The model's answer was unusable twice (or once, for a deterministic provider).

    ``reason`` is written for HR; ``run`` is the last AIRun, when calls are recorded.
    """

    def __init__(self, reason: str, run: AIRun | None = None):
        super().__init__(reason)
        self.reason = reason
        self.run = run


# --- Cost, hashing, the audit log -----------------------------------------------------------


def price_for(model: str) -> dict[str, float] | None:
    """The price row whose key is the longest one contained in ``model``."""
    name = (model or "").lower()
    matches = [key for key in settings.AI_PRICES if key in name]
    return settings.AI_PRICES[max(matches, key=len)] if matches else None


def cost_usd(model: str, usage, *, batch: bool = False) -> Decimal:
    prices = price_for(model)
    if prices is None:
        if model:
            logger.warning("no price for model %r in AI_PRICES; cost recorded as 0", model)
        return Decimal(0)
    total = (
        usage.input_tokens * prices["input"]
        + usage.output_tokens * prices["output"]
        + usage.cache_write_tokens * prices["cache_write"]
        + usage.cache_read_tokens * prices["cache_read"]
    ) / 1_000_000
    if batch:
        total *= settings.AI_BATCH_DISCOUNT
    return Decimal(str(round(total, 6)))


def input_hash(request: StructuredRequest, model: str) -> str:
    payload = {
        "purpose": request.purpose,
        "prompt_version": request.prompt_version,
        "model": model,
        "system": request.system_blocks,
        "messages": request.messages,
        "tool": request.tool.input_schema,
    }
    raw = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
    fence = request.inputs.get("fence")
    if fence:  # random for every request: the same resume and job still hash the same
        raw = raw.replace(fence, "resume-fence")
    return hashlib.sha256(raw.encode()).hexdigest()


Recorder = Callable[..., AIRun | None]


def _db_recorder(*, provider: Provider, job: Job | None = None, application=None) -> Recorder:
    """Writes one AIRun row per call."""

    def record(
        request: StructuredRequest,
        result: ProviderResult | None,
        *,
        status: str,
        error: str = "",
        attempts: int = 1,
        latency_ms: int = 0,
    ) -> AIRun:
        model = result.model if result else provider.model
        return AIRun.objects.create(
            purpose=request.purpose,
            provider=provider.name,
            model=model or "",
            prompt_version=request.prompt_version,
            input_hash=input_hash(request, provider.model),
            output=result.output if result else None,
            input_tokens=result.usage.input_tokens if result else 0,
            output_tokens=result.usage.output_tokens if result else 0,
            cache_read_tokens=result.usage.cache_read_tokens if result else 0,
            cache_write_tokens=result.usage.cache_write_tokens if result else 0,
            cost_usd=cost_usd(model, result.usage, batch=result.batch) if result else 0,
            latency_ms=result.latency_ms if result else latency_ms,
            attempts=result.attempts if result else attempts,
            status=status,
            error=error[:5000],
            job=job,
            application=application,
        )

    return record


def _no_record(*args, **kwargs) -> None:
    return None


def _complete(provider: Provider, request: StructuredRequest, record: Recorder) -> ProviderResult:
    started = time.monotonic()
    try:
        return provider.complete(request)
    except (TransientProviderError, PermanentProviderError) as exc:
        record(
            request,
            None,
            status=AIRun.Status.FAILED,
            error=str(exc),
            attempts=getattr(exc, "attempts", 1),
            latency_ms=int((time.monotonic() - started) * 1000),
        )
        raise


def _generate(
    provider: Provider,
    request: StructuredRequest,
    validate: Callable[[dict | None], Any],
    *,
    record: Recorder = _no_record,
    first: ProviderResult | None = None,
) -> tuple[Any, ProviderResult, AIRun | None]:
    """Call, validate, and regenerate once with the error stated if the answer is unusable.

    ``first`` is an answer already in hand (from a batch): only the regeneration, if
    needed, is a new call. Raises GenerationFailed, or the provider's errors.
    """
    result = first or _complete(provider, request, record)
    try:
        value = validate(result.output)
    except OutputInvalid as problem:
        run = record(
            request, result, status=AIRun.Status.FAILED, error=f"Unusable answer: {problem}"
        )
        if provider.deterministic:
            raise GenerationFailed(
                f"The {provider.name} scorer's answer was unusable: {problem}.", run
            ) from problem
        retry = request.follow_up(result, str(problem))
        result = _complete(provider, retry, record)
        try:
            value = validate(result.output)
        except OutputInvalid as second:
            run = record(
                retry, result, status=AIRun.Status.FAILED, error=f"Unusable answer: {second}"
            )
            raise GenerationFailed(
                f"The AI's answer was rejected twice. First: {problem}. Then: {second}.", run
            ) from second
        return value, result, record(retry, result, status=AIRun.Status.SUCCEEDED)
    return value, result, record(request, result, status=AIRun.Status.SUCCEEDED)


# --- Prompts ---------------------------------------------------------------------------------


def _tool(prompt, model) -> ToolSpec:
    return ToolSpec(
        name=prompt.meta.get("tool", "record"),
        description=prompt.meta.get("tool_description", ""),
        input_schema=tool_schema(model),
    )


def _cached(text: str) -> dict:
    return {"type": "text", "text": text, "cache_control": {"type": "ephemeral"}}


@dataclass
class JobContext:
    """What a screening reads about the job (no database needed)."""

    title: str
    description: str
    requirements: JobRequirements
    items: list[dict] = field(default_factory=list)

    def __post_init__(self):
        if not self.items:
            self.items = requirement_list(self.requirements)

    @property
    def requirement_ids(self) -> list[str]:
        return [item["id"] for item in self.items]


def job_block(context: JobContext) -> str:
    """The job part of the stable prefix: identical for every resume of the job."""
    reqs = context.requirements
    lines = [
        "<job>",
        f"Title: {context.title or reqs.title or '(untitled)'}",
        f"Seniority: {reqs.seniority}",
    ]
    if reqs.min_years:
        lines.append(f"Minimum years of experience: {reqs.min_years:g}")
    lines += ["", "Requirements to assess (one entry each, by id, in this order):"]
    for item in context.items:
        label = "must-have" if item["must_have"] else "nice-to-have"
        years = f", at least {item['min_years']:g} years" if item.get("min_years") else ""
        lines.append(
            f"- id={item['id']} [{label}, weight {item['weight']:g}{years}]: {item['text']}"
        )
    if reqs.knockouts:
        lines += ["", "Knock-out conditions (checked on the phone, not scored here):"]
        lines += [f"- {k}" for k in reqs.knockouts]
    description = guardrails.neutralise_tags(context.description or "")[:12000]
    lines += ["", "The job description as posted:", "<description>", description, "</description>"]
    lines.append("</job>")
    return "\n".join(lines)


def build_screen_request(context: JobContext, resume_text: str) -> StructuredRequest:
    """The screening request. The resume's fence has a new random name each time: it goes in
    the user turn, after the cached prefix (instructions and job), which stays the same."""
    prompt = get_prompt("screen_resume")
    fence = guardrails.new_boundary()
    return StructuredRequest(
        purpose=AIRun.Purpose.SCREEN,
        prompt_version=prompt.version,
        system_blocks=[
            {"type": "text", "text": prompt.text},
            # Tools, instructions and the job: the prefix every resume of the job shares.
            _cached(job_block(context)),
        ],
        messages=[
            {
                "role": "user",
                "content": [
                    {
                        "type": "text",
                        "text": guardrails.fence_resume(resume_text, boundary=fence)
                        + "\n\nAssess this resume against every requirement in <job> and call "
                        f"{prompt.meta.get('tool', 'record_screening')}.",
                    }
                ],
            }
        ],
        tool=_tool(prompt, ScreeningOutput),
        max_tokens=settings.AI_MAX_OUTPUT_TOKENS,
        inputs={
            "requirements": context.requirements.to_dict(),
            "resume_text": resume_text,
            "job_description": context.description,
            "fence": fence,
        },
    )


def build_requirements_request(*, title: str, description: str) -> StructuredRequest:
    prompt = get_prompt("job_requirements")
    text = guardrails.neutralise_tags(description)[:20000]
    return StructuredRequest(
        purpose=AIRun.Purpose.REQUIREMENTS,
        prompt_version=prompt.version,
        system_blocks=[_cached(prompt.text)],
        messages=[
            {
                "role": "user",
                "content": f"Job title: {title}\n<description>\n{text}\n</description>\n"
                f"Call {prompt.meta.get('tool')} with the requirements.",
            }
        ],
        tool=_tool(prompt, RequirementsOutput),
        max_tokens=settings.AI_MAX_OUTPUT_TOKENS,
        inputs={"job_description": description, "title": title},
    )


def build_questions_request(
    *, title: str, description: str, requirements: JobRequirements
) -> StructuredRequest:
    prompt = get_prompt("screening_questions")
    text = guardrails.neutralise_tags(description)[:12000]
    return StructuredRequest(
        purpose=AIRun.Purpose.QUESTIONS,
        prompt_version=prompt.version,
        system_blocks=[_cached(prompt.text)],
        messages=[
            {
                "role": "user",
                "content": f"Job title: {title}\nStructured requirements:\n"
                f"{json.dumps(requirements.to_dict(), indent=1)}\n"
                f"<description>\n{text}\n</description>\n"
                f"Call {prompt.meta.get('tool')} with the questions.",
            }
        ],
        tool=_tool(prompt, QuestionsOutput),
        max_tokens=settings.AI_MAX_OUTPUT_TOKENS,
        inputs={"requirements": requirements.to_dict(), "title": title},
    )


# --- Requirements and questions from the job description -----------------------------------


def job_requirements_for(job: Job) -> JobRequirements:
    """The job's stored requirements, or (not saved) the offline extraction of its text."""
    stored = job.requirements or {}
    if stored.get("must_have") or stored.get("nice_to_have"):
        requirements = JobRequirements.from_dict(stored)
    else:
        requirements = extract_requirements(job.description)
    if not requirements.title:
        requirements.title = job.title
    return requirements


def _requirements_changed(before: JobRequirements, after: JobRequirements) -> bool:
    """Whether what is asked of candidates changed (the title alone does not count)."""
    keys = ("must_have", "nice_to_have", "min_years", "seniority", "knockouts")
    old, new = before.to_dict(), after.to_dict()
    return any(old[key] != new[key] for key in keys)


def job_requirements_generate(job: Job, *, provider: Provider | None = None) -> JobRequirements:
    """Generate structured requirements from the description and store them on the job,
    unapproved. Raises GenerationFailed (with a reason for HR) or a provider error.

    Never replaces requirements HR has approved: with approved requirements nothing is
    called, and an approval that lands while the model is answering wins (the draft is
    stored only by a conditional UPDATE on ``requirements_approved_at IS NULL``). Either
    way the stored requirements are returned.
    """
    if job.requirements_approved_at:
        return job_requirements_for(job)
    provider = provider or get_provider()
    request = build_requirements_request(title=job.title, description=job.description)
    requirements, _, _ = _generate(
        provider, request, validate_requirements, record=_db_recorder(provider=provider, job=job)
    )
    if not requirements.title:
        requirements.title = job.title
    with transaction.atomic():
        before = job_requirements_for(job)
        stored = Job.objects.filter(pk=job.pk, requirements_approved_at__isnull=True).update(
            requirements=requirements.to_dict(),
            requirements_approved_by=None,
            updated_at=timezone.now(),
        )
        job.refresh_from_db(
            fields=["requirements", "requirements_approved_at", "requirements_approved_by"]
        )
        if not stored:
            return job_requirements_for(job)
        if _requirements_changed(before, requirements):
            job_questions_mark_stale(job)
    return requirements


def job_requirements_approve(
    job: Job, *, user: User, requirements: dict | None = None
) -> JobRequirements:
    """HR accepts the requirements (edited, when ``requirements`` is given)."""
    data = requirements if requirements is not None else job.requirements
    if not isinstance(data, dict):
        raise ValidationError("Requirements must be a JSON object.")
    parsed = JobRequirements.from_dict(data)
    if not parsed.must_have and not parsed.nice_to_have:
        raise ValidationError("Add at least one requirement before approving.")
    if _requirements_changed(job_requirements_for(job), parsed):
        job_questions_mark_stale(job)
    job.requirements = parsed.to_dict()
    job.requirements_approved_at = timezone.now()
    job.requirements_approved_by = user
    job.save(
        update_fields=[
            "requirements",
            "requirements_approved_at",
            "requirements_approved_by",
            "updated_at",
        ]
    )
    return parsed


def job_questions_generate(
    job: Job, *, provider: Provider | None = None
) -> list[ScreeningQuestion]:
    """(Re)draft phone-screen questions from the current requirements; they wait for HR's
    approval.

    The new drafts replace every question that is unapproved or stale (written or approved
    before the requirements last changed); approved questions that are not stale are kept.
    To keep a stale question, HR approves it again before redrafting. A replaced question
    that a phone screen has asked (frozen a copy of) is retired (hidden, never asked again)
    rather than deleted, so the screen's copy still says where it came from.
    """
    provider = provider or get_provider()
    request = build_questions_request(
        title=job.title, description=job.description, requirements=job_requirements_for(job)
    )
    items, _, run = _generate(
        provider, request, validate_questions, record=_db_recorder(provider=provider, job=job)
    )
    with transaction.atomic():
        replaced = job.screening_questions.current().filter(
            Q(approved_at__isnull=True) | Q(stale_since__isnull=False)
        )
        replaced.filter(asked_in__isnull=False).update(retired_at=timezone.now(), approved_at=None)
        replaced.filter(asked_in__isnull=True).delete()
        last = (
            job.screening_questions.order_by("-position").values_list("position", flat=True).first()
        )
        start = (last or 0) + 1
        questions = [
            _question(job, item, position=start + index, run=run)
            for index, item in enumerate(items)
        ]
        return ScreeningQuestion.objects.bulk_create(questions)


def _question(job: Job, item: QuestionItem, *, position: int, run) -> ScreeningQuestion:
    return ScreeningQuestion(
        job=job,
        position=position,
        text=item.text,
        follow_ups=list(item.followups),
        kind=item.type,
        difficulty=item.difficulty,
        expected_keywords=list(item.expected_keywords),
        expected_length_seconds=item.expected_length,
        ai_run=run,
    )


def job_questions_approve(job: Job, *, user: User, question_ids=None) -> int:
    """Approve the job's questions that wait for it (drafts, and stale ones HR confirms still
    fit the requirements), or only ``question_ids`` of them; returns how many."""
    pending = job.screening_questions.current().filter(
        Q(approved_at__isnull=True) | Q(stale_since__isnull=False)
    )
    if question_ids is not None:
        pending = pending.filter(pk__in=list(question_ids))
    return pending.update(approved_at=timezone.now(), approved_by=user, stale_since=None)


def job_questions_mark_stale(job: Job) -> int:
    """The requirements changed: every current question was written for the old ones."""
    return (
        job.screening_questions.current()
        .filter(stale_since__isnull=True)
        .update(stale_since=timezone.now())
    )


# --- Drafting work rows: requirements and questions ------------------------------------------

GENERATION_TASKS = {
    JobGeneration.Kind.REQUIREMENTS: "ai.tasks.generate_job_requirements",
    JobGeneration.Kind.QUESTIONS: "ai.tasks.generate_job_questions",
}
GENERATION_FAILED = {
    JobGeneration.Kind.REQUIREMENTS: "Drafting requirements failed: {reason} Try again.",
    JobGeneration.Kind.QUESTIONS: "Writing the questions failed: {reason} Try again.",
}


def job_generation_request(*, job_id: int, kind: str) -> bool:
    """Ask for a (re)draft: set the job's work row pending and queue its task on commit.

    Returns False (and queues nothing) while a draft of that kind is already running.
    """
    row, created = JobGeneration.objects.get_or_create(job_id=job_id, kind=kind)
    if not created:
        reopened = (
            JobGeneration.objects.filter(pk=row.pk)
            .exclude(status=JobGeneration.Status.RUNNING)
            .update(status=JobGeneration.Status.PENDING, error="", updated_at=timezone.now())
        )
        if not reopened:
            return False
    enqueue(GENERATION_TASKS[kind], job_id)
    return True


def _claim_generation(job_id: int, kind: str) -> bool:
    """Claim the job's work row: pending, or running but stuck (its worker died).

    A job without a row yet (``job_create`` queues the first draft by task name, without
    a service of this app) gets a pending one first. A done or failed row is not claimed:
    only ``job_generation_request`` reopens it.
    """
    JobGeneration.objects.get_or_create(job_id=job_id, kind=kind)
    now = timezone.now()
    claimable = Q(status=JobGeneration.Status.PENDING) | Q(
        status=JobGeneration.Status.RUNNING, claimed_at__lt=now - STUCK_AFTER
    )
    return bool(
        JobGeneration.objects.filter(claimable, job_id=job_id, kind=kind).update(
            status=JobGeneration.Status.RUNNING,
            claimed_at=now,
            attempts=F("attempts") + 1,
            error="",
            updated_at=now,
        )
    )


def _set_generation(job_id: int, kind: str, status: str, *, error: str = "") -> int:
    return JobGeneration.objects.filter(
        job_id=job_id, kind=kind, status=JobGeneration.Status.RUNNING
    ).update(status=status, error=error, updated_at=timezone.now())


def job_generation_run(*, job_id: int, kind: str, provider: Provider | None = None) -> bool:
    """Draft the job's requirements or questions if this call wins the claim on its row.

    Idempotent: a redelivered task finds the row running or done and does nothing.
    A transient provider error puts the row back to pending and goes up (the task retries);
    an unusable answer or a permanent provider error marks the row failed for HR.
    Returns whether this call did the work.
    """
    if not _claim_generation(job_id, kind):
        return False
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return False
    generate = (
        job_requirements_generate
        if kind == JobGeneration.Kind.REQUIREMENTS
        else job_questions_generate
    )
    try:
        generate(job, provider=provider)
    except (TransientProviderError, OperationalError):
        _set_generation(job_id, kind, JobGeneration.Status.PENDING)
        raise
    except GenerationFailed as exc:
        job_generation_mark_failed(job_id=job_id, kind=kind, reason=exc.reason)
        return True
    except PermanentProviderError as exc:
        job_generation_mark_failed(job_id=job_id, kind=kind, reason=f"The AI service said: {exc}.")
        return True
    except Exception:
        job_generation_mark_failed(
            job_id=job_id, kind=kind, reason="An unexpected error stopped it."
        )
        raise
    _set_generation(job_id, kind, JobGeneration.Status.DONE)
    return True


def job_generation_mark_failed(*, job_id: int, kind: str, reason: str) -> int:
    """Record on the row why drafting failed, in words HR reads on the job page."""
    message = GENERATION_FAILED[kind].format(reason=reason.strip().rstrip(".") + ".")
    return (
        JobGeneration.objects.filter(job_id=job_id, kind=kind)
        .exclude(status=JobGeneration.Status.DONE)
        .update(status=JobGeneration.Status.FAILED, error=message, updated_at=timezone.now())
    )


def screening_question_edit(
    question: ScreeningQuestion,
    *,
    user: User,
    text: str,
    follow_ups: list[str],
    expected_keywords: list[str],
) -> ScreeningQuestion:
    """HR rewrites a question before a call asks it.

    An edit is a new draft: an approved question needs approving again, and it is no longer
    stale (HR wrote it against the current requirements). Saving it unchanged changes nothing.
    """
    text = (text or "").strip()
    if not text:
        raise ValidationError("A question needs some text.")
    if question.retired_at is not None:
        raise ValidationError("This question was replaced by a redraft; edit a current one.")
    follow_ups = [line.strip() for line in follow_ups if line.strip()]
    expected_keywords = list(dict.fromkeys(k.strip() for k in expected_keywords if k.strip()))
    if (text, follow_ups, expected_keywords) == (
        question.text,
        list(question.follow_ups),
        list(question.expected_keywords),
    ):
        return question
    question.text = text
    question.follow_ups = follow_ups
    question.expected_keywords = expected_keywords
    question.approved_at = None
    question.approved_by = None
    question.stale_since = None
    question.edited_at = timezone.now()
    question.edited_by = user
    question.save()
    return question


# --- Screening: the database-free core -------------------------------------------------------


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
    record: Recorder = _no_record,
    first: ProviderResult | None = None,
) -> ScreenOutcome:
    """Screen a prepared (guarded, maybe blinded) resume text against a job.

    Raises GenerationFailed, TransientProviderError or PermanentProviderError.
    """
    request = build_screen_request(context, prepared.text)
    ids = context.requirement_ids

    def validate(data):
        return validate_screening(
            data,
            resume_text=prepared.text,
            requirement_ids=ids,
            strict=not provider.deterministic,
        )

    output, result, run = _generate(provider, request, validate, record=record, first=first)
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


# --- Screening applications ------------------------------------------------------------------


def _job_context(job: Job) -> JobContext:
    requirements = job_requirements_for(job)
    if not (job.requirements or {}).get("must_have") and not (job.requirements or {}).get(
        "nice_to_have"
    ):
        # Keep what the screening used, for HR to see and edit. Deterministic, so two workers
        # racing here write the same value.
        Job.objects.filter(pk=job.pk).update(requirements=requirements.to_dict())
        job.requirements = requirements.to_dict()
    return JobContext(title=job.title, description=job.description, requirements=requirements)


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


def _prepared_resume(application: Application, resume) -> guardrails.PreparedResume:
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
    )


def _batching(provider: Provider) -> bool:
    return bool(settings.AI_BATCH_ENABLED and provider.supports_batches)


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
    if _batching(get_provider()):
        _request_dispatch(application.job_id)
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


def _release(screening_id: int) -> None:
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
        prepared = _prepared_resume(application, resume)
        context = _job_context(application.job)
        record = _db_recorder(provider=provider, job=application.job, application=application)
        if provider.metered:
            with job_slot(application.job_id):
                outcome = screen_prepared(provider, context, prepared, record=record)
        else:
            outcome = screen_prepared(provider, context, prepared, record=record)
    except TransientProviderError:
        _release(screening.pk)
        raise
    except PermanentProviderError as exc:
        screening_mark_failed(screening_id=screening.pk, reason=str(exc))
        return _reload(screening)
    except GenerationFailed as exc:
        screening_mark_failed(screening_id=screening.pk, reason=exc.reason, run=exc.run)
        return _reload(screening)
    return _finish(screening, provider, outcome)


def _reload(screening: Screening) -> Screening:
    screening.refresh_from_db()
    return screening


def _overall(resume_score, phone_score, weight_percent: int) -> Decimal | None:
    if resume_score is None:
        return None
    if phone_score is None:
        return Decimal(resume_score).quantize(CENTS)
    weight = Decimal(weight_percent) / 100
    value = Decimal(resume_score) * (1 - weight) + Decimal(phone_score) * weight
    return value.quantize(CENTS, rounding=ROUND_HALF_UP)


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


def _finish(screening: Screening, provider: Provider, outcome: ScreenOutcome) -> Screening:
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
        application.overall_score = _overall(
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
        transaction.on_commit(lambda: _dispatch_now(job.pk))
    return created


def _dispatch_now(job_id: int) -> None:
    from ai import tasks

    tasks.dispatch_job_screenings.delay(job_id)


def screenings_requeue_stuck() -> int:
    """Re-queue screenings whose worker died (or whose message was lost); give up after
    MAX_SCREEN_ATTEMPTS. Screenings waiting in a provider batch are left to the poller."""
    cutoff = timezone.now() - STUCK_AFTER
    requeued = 0
    stuck = Screening.objects.filter(updated_at__lt=cutoff).filter(
        status__in=[Screening.Status.PENDING, Screening.Status.RUNNING]
    )
    for screening in stuck.only("pk", "status", "attempts", "provider_batch_id"):
        batch_id = screening.provider_batch_id
        if (
            screening.status == Screening.Status.RUNNING
            and batch_id
            and not batch_id.startswith("claim-")
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


# --- Message Batches ---------------------------------------------------------------------


def _request_dispatch(job_id: int) -> None:
    """Coalesced: screenings queued together are dispatched together, a little later."""

    def schedule():
        from ai import tasks

        if cache.add(f"ai:dispatch:{job_id}", "1", timeout=settings.AI_BATCH_COLLECT_SECONDS + 300):
            tasks.dispatch_job_screenings.apply_async(
                (job_id,), countdown=settings.AI_BATCH_COLLECT_SECONDS
            )

    transaction.on_commit(schedule)


def job_screenings_dispatch(job_id: int) -> str | None:
    """Send the job's waiting screenings: as one Message Batch when batches are enabled and
    there are at least AI_BATCH_THRESHOLD of them, else one task each. Returns the batch id."""
    cache.delete(f"ai:dispatch:{job_id}")
    pending = list(
        Screening.objects.filter(
            application__job_id=job_id, status=Screening.Status.PENDING, provider_batch_id=""
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    provider = get_provider()
    if pending and _batching(provider) and len(pending) >= settings.AI_BATCH_THRESHOLD:
        return screenings_batch_submit(job_id=job_id, screening_ids=pending, provider=provider)
    for pk in pending:
        enqueue("ai.tasks.run_screening", pk)
    return None


def screenings_batch_submit(
    *, job_id: int, screening_ids: list[int], provider: Provider | None = None
) -> str | None:
    """Send the pending screenings among ``screening_ids`` as one Message Batch.

    Precondition: not inside a transaction, so the ``ScreeningBatch`` row (status
    ``submitting``) and the claimed screenings are committed before the provider is called.
    If the process dies after the provider accepted the batch and before its id is
    recorded, ``screening_batches_recover`` finds the row stuck in ``submitting``.
    """
    provider = provider or get_provider()
    batch = ScreeningBatch.objects.create(
        job_id=job_id, provider=provider.name, status=ScreeningBatch.Status.SUBMITTING, attempts=1
    )
    claim = f"claim-{uuid.uuid4().hex}"
    Screening.objects.filter(
        pk__in=screening_ids, status=Screening.Status.PENDING, provider_batch_id=""
    ).update(
        status=Screening.Status.RUNNING,
        provider_batch_id=claim,
        batch=batch,
        claimed_at=timezone.now(),
        attempts=F("attempts") + 1,
        updated_at=timezone.now(),
    )
    screenings = list(
        Screening.objects.filter(provider_batch_id=claim)
        .select_related("application__job", "application__candidate", "resume")
        .order_by("pk")
    )
    if not screenings:
        batch.delete()  # nothing was left to send
        return None
    job = screenings[0].application.job
    context = _job_context(job)
    requests: dict[str, StructuredRequest] = {}
    for screening in screenings:
        resume = screening.resume or screening.application.resume
        prepared = _prepared_resume(screening.application, resume)
        requests[BATCH_CUSTOM_ID.format(screening.pk)] = build_screen_request(
            context, prepared.text
        )
    try:
        batch_id = provider.batch_submit(requests)
    except TransientProviderError as exc:
        _batch_failed(batch, f"Not accepted: {exc}")
        Screening.objects.filter(provider_batch_id=claim).update(
            status=Screening.Status.PENDING, provider_batch_id="", batch=None
        )
        raise
    except PermanentProviderError as exc:
        _batch_failed(batch, f"Not accepted: {exc}")
        for screening in screenings:
            screening_mark_failed(screening_id=screening.pk, reason=str(exc))
        return None
    ScreeningBatch.objects.filter(pk=batch.pk).update(
        status=ScreeningBatch.Status.SUBMITTED,
        provider_batch_id=batch_id,
        submitted_at=timezone.now(),
        updated_at=timezone.now(),
    )
    Screening.objects.filter(provider_batch_id=claim).update(provider_batch_id=batch_id)
    AIRun.objects.bulk_create(
        [
            AIRun(
                purpose=AIRun.Purpose.SCREEN,
                provider=provider.name,
                model=provider.model,
                prompt_version=requests[BATCH_CUSTOM_ID.format(s.pk)].prompt_version,
                input_hash=input_hash(requests[BATCH_CUSTOM_ID.format(s.pk)], provider.model),
                status=AIRun.Status.PENDING,
                provider_batch_id=batch_id,
                job=job,
                application=s.application,
            )
            for s in screenings
        ]
    )
    logger.info("job %s: %s screenings sent as batch %s", job_id, len(screenings), batch_id)
    enqueue("ai.tasks.poll_screening_batch", batch_id, countdown=settings.AI_BATCH_POLL_SECONDS)
    return batch_id


def screening_batch_poll(batch_id: str) -> bool:
    """Collect a Message Batch's results when it has ended; returns whether it had.

    Each screening is claimed again (by clearing its batch id with a conditional update)
    before its result is used, so two pollers never finish it twice. A result that failed in
    the batch is screened again on its own.
    """
    provider = get_provider()
    tool_name = get_prompt("screen_resume").meta.get("tool", "record_screening")
    outcomes = provider.batch_results(batch_id, tool_name=tool_name)
    rows = ScreeningBatch.objects.filter(provider_batch_id=batch_id)
    rows.update(polled_at=timezone.now(), updated_at=timezone.now())
    if outcomes is None:
        return False
    rows.filter(status=ScreeningBatch.Status.SUBMITTED).update(
        status=ScreeningBatch.Status.ENDED, updated_at=timezone.now()
    )
    screenings = (
        Screening.objects.filter(provider_batch_id=batch_id, status=Screening.Status.RUNNING)
        .select_related("application__job", "application__candidate", "resume")
        .order_by("pk")
    )
    for screening in screenings:
        if not Screening.objects.filter(
            pk=screening.pk, provider_batch_id=batch_id, status=Screening.Status.RUNNING
        ).update(provider_batch_id=""):
            continue
        outcome = outcomes.get(BATCH_CUSTOM_ID.format(screening.pk))
        pending_run = AIRun.objects.filter(
            provider_batch_id=batch_id,
            application_id=screening.application_id,
            status=AIRun.Status.PENDING,
        ).first()
        if outcome is None or outcome.result is None:
            error = outcome.error if outcome else "no result in the batch"
            if pending_run:
                # The one update of an audit row: a batch call's outcome arrives later.
                AIRun.objects.filter(pk=pending_run.pk).update(
                    status=AIRun.Status.FAILED, error=f"Batch: {error}"
                )
            _release(screening.pk)
            enqueue("ai.tasks.run_screening", screening.pk)
            continue
        _finish_batched(screening, provider, outcome.result, pending_run)
    return True


def _finish_batched(screening, provider, result: ProviderResult, pending_run) -> None:
    application = screening.application
    record = _db_recorder(provider=provider, job=application.job, application=application)
    first_record_done = False

    def record_batch_first(request, res, *, status, error="", **kwargs):
        # The batch answer updates its pending row; a regeneration is a new row.
        nonlocal first_record_done
        if res is result and pending_run is not None and not first_record_done:
            first_record_done = True
            AIRun.objects.filter(pk=pending_run.pk).update(
                model=res.model or provider.model,
                output=res.output,
                input_tokens=res.usage.input_tokens,
                output_tokens=res.usage.output_tokens,
                cache_read_tokens=res.usage.cache_read_tokens,
                cache_write_tokens=res.usage.cache_write_tokens,
                cost_usd=cost_usd(res.model, res.usage, batch=True),
                status=status,
                error=error,
            )
            pending_run.refresh_from_db()
            return pending_run
        return record(request, res, status=status, error=error, **kwargs)

    try:
        resume = screening.resume or application.resume
        prepared = _prepared_resume(application, resume)
        context = _job_context(application.job)
        outcome = screen_prepared(
            provider, context, prepared, record=record_batch_first, first=result
        )
    except TransientProviderError:
        _release(screening.pk)
        enqueue("ai.tasks.run_screening", screening.pk)
        return
    except PermanentProviderError as exc:
        screening_mark_failed(screening_id=screening.pk, reason=str(exc))
        return
    except GenerationFailed as exc:
        screening_mark_failed(screening_id=screening.pk, reason=exc.reason, run=exc.run)
        return
    _finish(screening, provider, outcome)


def open_batch_ids() -> list[str]:
    """Provider ids of the batches whose results have not been collected: submitted rows,
    and (from before ``ScreeningBatch``) screenings still holding a batch id."""
    submitted = ScreeningBatch.objects.filter(status=ScreeningBatch.Status.SUBMITTED).values_list(
        "provider_batch_id", flat=True
    )
    waiting = (
        Screening.objects.filter(status=Screening.Status.RUNNING)
        .exclude(provider_batch_id="")
        .exclude(provider_batch_id__startswith="claim-")
        .values_list("provider_batch_id", flat=True)
    )
    return sorted(set(submitted) | set(waiting))


def _batch_failed(batch: ScreeningBatch, error: str) -> None:
    ScreeningBatch.objects.filter(pk=batch.pk).update(
        status=ScreeningBatch.Status.FAILED, error=error, updated_at=timezone.now()
    )


def screening_batches_recover() -> int:
    """Recover batches left in ``submitting`` (the worker died between the provider
    accepting the batch and its id being recorded); returns how many screenings were
    queued again.

    The batch's provider id was never recorded, so its results cannot be collected (the
    Message Batches API keeps no metadata to match a batch by). The row is marked failed and
    its screenings are screened again one by one; the orphan batch, if the provider did
    accept it, ends on its own within 24 hours and is not read. Each screening is taken back
    with a conditional update, so this and ``screenings_requeue_stuck`` never queue one twice.
    """
    cutoff = timezone.now() - STUCK_AFTER
    requeued = 0
    stuck = ScreeningBatch.objects.filter(
        status=ScreeningBatch.Status.SUBMITTING, updated_at__lt=cutoff
    )
    for batch in stuck:
        if not ScreeningBatch.objects.filter(
            pk=batch.pk, status=ScreeningBatch.Status.SUBMITTING
        ).update(
            status=ScreeningBatch.Status.FAILED,
            error="The worker stopped while sending this batch; its screenings were queued "
            "again one by one.",
            updated_at=timezone.now(),
        ):
            continue
        for pk in batch.screenings.filter(status=Screening.Status.RUNNING).values_list(
            "pk", flat=True
        ):
            if Screening.objects.filter(
                pk=pk, status=Screening.Status.RUNNING, provider_batch_id__startswith="claim-"
            ).update(
                status=Screening.Status.PENDING, provider_batch_id="", updated_at=timezone.now()
            ):
                enqueue("ai.tasks.run_screening", pk)
                requeued += 1
    return requeued


# --- Ranking ---------------------------------------------------------------------------------


def _rerank_key(job_id: int) -> str:
    return f"ai:rerank:{job_id}"


def job_rerank_request(job_id: int) -> None:
    """Ask for a re-rank of the job after this transaction commits. Coalesced: requests
    made while one is scheduled and not yet started are absorbed by it."""

    enqueue(
        "ai.tasks.rerank_job",
        job_id,
        countdown=settings.AI_RERANK_DELAY_SECONDS,
        coalesce_key=_rerank_key(job_id),
    )


def job_rerank(job_id: int) -> int:
    """Recompute overall scores and ranks of the job's applications in one pass.

    overall = resume score, blended with the phone score (``job.phone_screen_weight``
    percent) once there is one. Order: overall desc, resume score desc, application id asc.
    HR's ``rank_override`` pins an application to that place; the others fill the rest in
    order. Withdrawn and rejected applications, and those without a score, get no rank.
    Returns how many rows changed (one SELECT, one bulk UPDATE).
    """
    cache.delete(_rerank_key(job_id))
    job = Job.objects.filter(pk=job_id).only("pk", "phone_screen_weight").first()
    if job is None:
        return 0
    applications = list(
        Application.objects.filter(job_id=job_id).only(
            "pk", "stage", "resume_score", "phone_score", "overall_score", "rank", "rank_override"
        )
    )
    ranked, unranked = [], []
    new_overall: dict[int, Decimal | None] = {}
    for application in applications:
        overall = _overall(
            application.resume_score, application.phone_score, job.phone_screen_weight
        )
        new_overall[application.pk] = overall
        if overall is None or application.stage in UNRANKED_STAGES:
            unranked.append(application)
        else:
            ranked.append(application)
    ranked.sort(key=lambda a: (-new_overall[a.pk], -(a.resume_score or Decimal(0)), a.pk))
    ordered = _apply_rank_overrides(ranked)

    changed = []
    for position, application in enumerate(ordered, start=1):
        if application.rank != position or application.overall_score != new_overall[application.pk]:
            application.rank = position
            application.overall_score = new_overall[application.pk]
            changed.append(application)
    for application in unranked:
        if application.rank is not None or application.overall_score != new_overall[application.pk]:
            application.rank = None
            application.overall_score = new_overall[application.pk]
            changed.append(application)
    if changed:
        Application.objects.bulk_update(changed, ["rank", "overall_score"], batch_size=500)
    return len(changed)


def _apply_rank_overrides(ranked: list[Application]) -> list[Application]:
    pinned = sorted((a for a in ranked if a.rank_override), key=lambda a: (a.rank_override, a.pk))
    if not pinned:
        return ranked
    slots: list[Application | None] = [None] * len(ranked)
    for application in pinned:
        wanted = min(application.rank_override, len(ranked)) - 1
        free = [i for i in range(len(slots)) if slots[i] is None]
        # the wanted place, else the nearest free one after it, else before it
        place = min(free, key=lambda i: (i < wanted, abs(i - wanted)))
        slots[place] = application
    rest = iter(a for a in ranked if not a.rank_override)
    return [slot if slot is not None else next(rest) for slot in slots]


# --- HR overrides and feedback -------------------------------------------------------------


def application_override(
    application: Application,
    *,
    user: User,
    reason: str,
    rank: int | None = None,
    recommendation: str | None = None,
    clear: bool = False,
) -> Application:
    """HR sets (or with ``clear``, removes) a rank or recommendation override, with a reason
    that is kept on the application and on the timeline. The job is re-ranked."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Say why: a reason is required to override the AI's ranking.")
    if len(reason) > REASON_MAX_CHARS:
        raise ValidationError(f"Keep the reason under {REASON_MAX_CHARS:,} characters.")
    if not clear and rank is None and not recommendation:
        raise ValidationError("Give a rank or a recommendation to override.")
    if rank is not None and (not isinstance(rank, int) or rank < 1):
        raise ValidationError("A rank is a whole number from 1.")
    if recommendation and recommendation not in Application.Recommendation.values:
        raise ValidationError(
            f"Recommendation must be one of {', '.join(Application.Recommendation.values)}."
        )
    application.refresh_from_db(
        fields=["rank", "recommendation", "rank_override", "recommendation_override"]
    )
    previous = {
        "rank_override": application.rank_override,
        "recommendation_override": application.recommendation_override,
        "rank": application.rank,
        "recommendation": application.recommendation,
    }
    if clear:
        application.rank_override = None
        application.recommendation_override = ""
    if rank is not None:
        application.rank_override = rank
    if recommendation:
        application.recommendation_override = recommendation
    application.override_reason = reason
    application.overridden_by = user
    application.overridden_at = timezone.now()
    application.save(
        update_fields=[
            "rank_override",
            "recommendation_override",
            "override_reason",
            "overridden_by",
            "overridden_at",
            "updated_at",
        ]
    )
    parts = []
    if clear:
        parts.append("overrides cleared")
    if rank is not None:
        parts.append(f"rank set to {rank}")
    if recommendation:
        parts.append(f"recommendation set to {recommendation}")
    Event.objects.create(
        candidate_id=application.candidate_id,
        application=application,
        actor=user,
        kind=Event.Kind.OVERRIDDEN,
        message=f"{'; '.join(parts).capitalize()}: {reason}",
        data={
            "previous": previous,
            "rank": rank,
            "recommendation": recommendation or "",
            "clear": clear,
            "reason": reason,
        },
    )
    job_rerank_request(application.job_id)
    return application


def screening_feedback_record(
    screening: Screening,
    *,
    user: User,
    verdict: str,
    corrected_score=None,
    note: str = "",
) -> Screening:
    """HR agrees or disagrees with a screening, optionally with the score they would give."""
    if verdict not in Screening.Feedback.values:
        raise ValidationError(f"Feedback is one of {', '.join(Screening.Feedback.values)}.")
    if screening.status != Screening.Status.DONE:
        raise ValidationError("Only a finished screening can be given feedback.")
    if len((note or "").strip()) > REASON_MAX_CHARS:
        raise ValidationError(f"Keep the note under {REASON_MAX_CHARS:,} characters.")
    if corrected_score is not None and corrected_score != "":
        try:
            corrected_score = Decimal(str(corrected_score)).quantize(CENTS)
        except ArithmeticError as exc:
            raise ValidationError("The corrected score must be a number.") from exc
        if not Decimal(0) <= corrected_score <= Decimal(100):
            raise ValidationError("The corrected score must be between 0 and 100.")
    else:
        corrected_score = None
    screening.feedback = verdict
    screening.corrected_score = corrected_score
    screening.feedback_note = (note or "").strip()
    screening.feedback_by = user
    screening.feedback_at = timezone.now()
    screening.save(
        update_fields=[
            "feedback",
            "corrected_score",
            "feedback_note",
            "feedback_by",
            "feedback_at",
            "updated_at",
        ]
    )
    application = screening.application
    corrected = f" (would score {corrected_score})" if corrected_score is not None else ""
    Event.objects.create(
        candidate_id=application.candidate_id,
        application=application,
        actor=user,
        kind=Event.Kind.FEEDBACK,
        message=f"{screening.get_feedback_display()} with the screening{corrected}."
        + (f" {screening.feedback_note}" if screening.feedback_note else ""),
        data={
            "screening": screening.pk,
            "verdict": verdict,
            "corrected_score": str(corrected_score) if corrected_score is not None else None,
            "prompt_version": screening.prompt_version,
        },
    )
    return screening


# --- Without a database (the folder command) ------------------------------------------------


def requirements_from_description(
    description: str, *, title: str = "", provider: Provider | None = None
) -> JobRequirements:
    """Structured requirements for a job description, nothing stored."""
    provider = provider or get_provider()
    request = build_requirements_request(title=title, description=description)
    requirements, _, _ = _generate(provider, request, validate_requirements)
    if not requirements.title and title:
        requirements.title = title
    return requirements


# --- HR edits ---------------------------------------------------------------------------------


def applications_rescreen(*, applications, by: User) -> int:
    """Queue a fresh screening for each application (a bulk action); returns how many were
    queued. Applications with one already waiting are skipped."""
    queued = 0
    for application in applications:
        if screening_rerun(application) is not None:
            queued += 1
            Event.objects.create(
                candidate_id=application.candidate_id,
                application=application,
                kind=Event.Kind.SCREENED,
                message="Screening requested again.",
                actor=by,
            )
    return queued


def job_requirements_edit(
    job: Job,
    *,
    user: User,
    must_have: list[str],
    nice_to_have: list[str],
    min_years: float | None,
    seniority: str,
    knockouts: list[str],
) -> tuple[JobRequirements, int]:
    """HR's edit of the requirements as plain lines, approved on save.

    Each line is one requirement whose text is the line exactly as HR wrote it (only the
    surrounding spaces and a leading bullet are dropped); it is never split, reworded or
    joined with generated lines. A line identical to a stored requirement of the same list
    keeps that one's structure (its weight, say); any other is read by ``requirement_from_line`` for the terms
    the scorer matches. When the requirements changed, every screened application is
    screened again and the job's questions are marked stale; returns the requirements and
    how many screenings were queued.
    """
    for lines, noun in (
        (must_have, "requirement"),
        (nice_to_have, "requirement"),
        (knockouts, "knock-out question"),
    ):
        if problem := lines_problem(lines, noun=noun):
            raise ValidationError(problem)
    before = job_requirements_for(job)
    known = {(r.text, must): r for r, must in before.all()}

    def structured(lines: list[str], *, must: bool) -> list[Requirement]:
        result = []
        for line in lines:
            line = _LEADING_BULLET_RE.sub("", line).strip()
            if not line:
                continue
            result.append(known.get((line, must)) or requirement_from_line(line, must=must))
        return result

    edited = JobRequirements(
        title=before.title or job.title,
        must_have=structured(must_have, must=True),
        nice_to_have=structured(nice_to_have, must=False),
        min_years=min_years,
        seniority=seniority,
        knockouts=[line.strip() for line in knockouts if line.strip()],
    )
    changed = edited.to_dict() != before.to_dict()
    approved = job_requirements_approve(job, user=user, requirements=edited.to_dict())
    queued = 0
    if changed:
        applications = job.applications.filter(screenings__isnull=False).distinct()
        queued = applications_rescreen(applications=applications, by=user)
    return approved, queued
