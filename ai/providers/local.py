"""The offline provider: the explainable scorer and the question writer (``ai.scoring``) and
requirement extraction (``ai.scoring.requirements``), with no key and no network.

It reads the request's structured ``inputs``, not the rendered prompt, and answers in the
same shape as the model's tool call, so everything downstream (validation, guardrails,
storage, ranking) is the same code whichever provider is configured.
"""

from __future__ import annotations

import time

from ai.providers.base import (
    PermanentProviderError,
    ProviderResult,
    StructuredRequest,
    Usage,
)
from ai.scoring import generate_questions, score_resume
from ai.scoring.answers import phone_answers_output
from ai.scoring.requirements import JobRequirements, extract_requirements
from recruiting.parsing import Profile

MODEL = "local-scorer"


class LocalProvider:
    name = "local"
    model = MODEL
    deterministic = True
    metered = False

    def complete(self, request: StructuredRequest) -> ProviderResult:
        started = time.monotonic()
        handler = {
            "screen": self._screen,
            "requirements": self._requirements,
            "questions": self._questions,
            "answer": phone_answers_output,
        }.get(request.purpose)
        if handler is None:
            raise PermanentProviderError(f"The offline provider cannot do {request.purpose!r}.")
        output = handler(request.inputs)
        return ProviderResult(
            output=output,
            usage=Usage(),
            model=self.model,
            latency_ms=int((time.monotonic() - started) * 1000),
        )

    @staticmethod
    def _screen(inputs: dict) -> dict:
        stored = inputs.get("profile")
        return screening_output(
            score_resume(
                inputs["requirements"],
                inputs["resume_text"],
                job_description=inputs.get("job_description", ""),
                profile=Profile.from_dict(stored) if stored else None,
            )
        )

    @staticmethod
    def _requirements(inputs: dict) -> dict:
        requirements = extract_requirements(inputs["job_description"])
        if not requirements.title and inputs.get("title"):
            requirements.title = inputs["title"]
        return requirements.to_dict()

    @staticmethod
    def _questions(inputs: dict) -> dict:
        requirements = JobRequirements.from_dict(inputs["requirements"])
        return {"questions": generate_questions(requirements, title=inputs.get("title", ""))}


def screening_output(result) -> dict:
    """A ``ScoreResult`` in the shape of the screening tool's input."""
    return {
        "criteria": [
            {
                "requirement_id": c.requirement_id,
                "requirement": c.requirement,
                "must_have": c.must_have,
                "score": round(c.score * 100),
                "evidence": list(c.evidence),
                "note": c.note,
            }
            for c in result.criteria
        ],
        "overall_score": result.overall,
        "recommendation": result.recommendation,
        "summary": result.summary,
        "concerns": list(result.warnings),
        "years_experience": result.years_experience,
    }
