"""Assessing a phone screen's answers: plain data in (each question as it was asked, and
what the candidate said), a score, evidence and reasoning for each answer out, and one
``AIRun`` for the call. The voice app stores the results on its own rows; nothing here
knows about calls.

What the candidate said is untrusted like a resume: each part is cut to
``ANSWER_MAX_CHARS``, guarded by the resume's guardrails (invisible characters dropped,
instructions to the assessor cut out and flagged, prompt tags neutralised) and fenced for
a model. The overall score is the mean over every question asked, computed here from the
per-answer scores: a question nobody heard an answer to counts as 0, and a model's own
overall figure is never taken.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ai import guardrails
from ai.concurrency import job_slot
from ai.models import AIRun
from ai.providers import Provider, get_provider
from ai.schemas import PhoneAnswersOutput, validate_phone_answers
from ai.services import calls
from ai.services.audit import db_recorder
from ai.services.messages import build_phone_answers_request
from ai.services.ranking import CENTS
from recruiting.models import Application, Job

# A spoken minute is about 900 characters; Twilio's SpeechResult is far shorter. What is
# longer did not come from a phone call, and never reaches a scorer or a prompt whole.
ANSWER_MAX_CHARS = 4000
MAX_ANSWERS = 30
NOT_HEARD = "No answer was heard."


@dataclass(frozen=True)
class AnswerToAssess:
    """One question as it was asked on the call, and what the candidate said to it."""

    key: str
    question: str
    expected_keywords: list[str] = field(default_factory=list)
    expected_length_seconds: int = 60
    follow_up: str = ""
    transcript: str = ""
    follow_up_transcript: str = ""


@dataclass(frozen=True)
class AnswerAssessed:
    key: str
    score: Decimal
    evidence: list[str]
    reasoning: str
    components: dict
    flags: list[dict]


@dataclass(frozen=True)
class PhoneAnswersAssessed:
    answers: dict[str, AnswerAssessed]
    score: Decimal | None
    summary: str
    flags: list[dict]
    run: AIRun | None
    provider: str
    prompt_version: str


def _guarded(text: str) -> tuple[str, list[dict]]:
    prepared = guardrails.prepare_resume((text or "")[:ANSWER_MAX_CHARS])
    return prepared.text.strip(), prepared.flags


def _prepared(answer: AnswerToAssess) -> tuple[dict, list[dict]]:
    transcript, flags = _guarded(answer.transcript)
    follow_up_transcript, more = _guarded(answer.follow_up_transcript)
    return {
        "id": answer.key,
        "question": answer.question[:1000],
        "expected_keywords": [str(k)[:80] for k in answer.expected_keywords[:12]],
        "expected_length_seconds": int(answer.expected_length_seconds or 60),
        "follow_up": answer.follow_up[:1000] if follow_up_transcript else "",
        "transcript": transcript,
        "follow_up_transcript": follow_up_transcript,
    }, flags + more


def phone_answers_assess(
    answers: list[AnswerToAssess],
    *,
    job_title: str,
    job: Job | None = None,
    application: Application | None = None,
    provider: Provider | None = None,
) -> PhoneAnswersAssessed:
    """Assess every answer through the configured provider (one call, recorded as an
    ``AIRun``); answers with nothing heard are scored 0 without one.

    Raises ``GenerationFailed`` and the provider's errors, as ``calls.generate`` does.
    """
    provider = provider or get_provider()
    prepared = [_prepared(answer) for answer in answers[:MAX_ANSWERS]]
    heard = [data for data, _ in prepared if data["transcript"] or data["follow_up_transcript"]]
    output, run = None, None
    if heard:
        output, run = _assess_heard(provider, heard, job_title, job, application)
    by_key = {a.answer_id: a for a in output.answers} if output else {}
    results = {}
    for data, flags in prepared:
        assessment = by_key.get(data["id"])
        results[data["id"]] = _result(data["id"], assessment, flags)
    scores = [r.score for r in results.values()]
    overall = (
        (sum(scores) / len(scores)).quantize(CENTS, rounding=ROUND_HALF_UP) if scores else None
    )
    summary = output.summary if output else NOT_HEARD
    return PhoneAnswersAssessed(
        answers=results,
        score=overall,
        summary=summary,
        flags=_screen_flags(results, output),
        run=run,
        provider=provider.name,
        prompt_version=run.prompt_version if run else "",
    )


def _assess_heard(provider, heard, job_title, job, application):
    request = build_phone_answers_request(job_title=job_title, answers=heard)
    transcripts = {
        data["id"]: "\n".join(t for t in (data["transcript"], data["follow_up_transcript"]) if t)
        for data in heard
    }

    def validate(data) -> PhoneAnswersOutput:
        return validate_phone_answers(
            data, transcripts=transcripts, strict=not provider.deterministic
        )

    record = db_recorder(provider=provider, job=job, application=application)
    if provider.metered and job is not None:
        with job_slot(job.pk):
            output, _, run = calls.generate(provider, request, validate, record=record)
    else:
        output, _, run = calls.generate(provider, request, validate, record=record)
    return output, run


def _result(key: str, assessment, flags: list[dict]) -> AnswerAssessed:
    if assessment is None:
        return AnswerAssessed(
            key=key,
            score=Decimal(0).quantize(CENTS),
            evidence=[],
            reasoning=NOT_HEARD,
            components={},
            flags=flags,
        )
    concerns = [{"kind": "concern", "message": c[:300]} for c in assessment.concerns]
    return AnswerAssessed(
        key=key,
        score=Decimal(str(assessment.score)).quantize(CENTS, rounding=ROUND_HALF_UP),
        evidence=list(assessment.evidence),
        reasoning=assessment.reasoning,
        components={
            name: getattr(assessment, name)
            for name in ("keyword_coverage", "substance", "relevance")
            if getattr(assessment, name) is not None
        },
        flags=flags + concerns,
    )


def _screen_flags(results: dict[str, AnswerAssessed], output) -> list[dict]:
    """What HR should look at on the screen as a whole: each answer's flags (with which
    answer), the assessor's concerns, and a summary or reason touching a protected
    attribute."""
    flags = [{**flag, "answer": key} for key, result in results.items() for flag in result.flags]
    if output is not None:
        flags += [{"kind": "concern", "message": c[:300]} for c in output.concerns]
        flags += guardrails.output_flags(output.summary, [r.reasoning for r in results.values()])
    return flags
