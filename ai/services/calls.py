"""One model (or offline scorer) call: made, validated, and regenerated once with the error
stated when the answer is unusable; every call recorded through a ``Recorder``."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from ai.models import AIRun
from ai.providers import (
    PermanentProviderError,
    Provider,
    ProviderResult,
    StructuredRequest,
    TransientProviderError,
)
from ai.schemas import OutputInvalid
from ai.services.audit import Recorder, no_record


class GenerationFailed(Exception):
    """The model's answer was unusable twice (or once, for a deterministic provider).

    ``reason`` is written for HR; ``run`` is the last AIRun, when calls are recorded.
    """

    def __init__(self, reason: str, run: AIRun | None = None):
        super().__init__(reason)
        self.reason = reason
        self.run = run


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


def generate(
    provider: Provider,
    request: StructuredRequest,
    validate: Callable[[dict | None], Any],
    *,
    record: Recorder = no_record,
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
