"""The audit log of AI calls: one ``AIRun`` row per call, with its cost and a hash of its
input (the same resume and job hash the same, whatever the random fence)."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from decimal import Decimal

from django.conf import settings

from ai.models import AIRun
from ai.providers import Provider, ProviderResult, StructuredRequest
from recruiting.models import Job

logger = logging.getLogger(__name__)


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


def db_recorder(*, provider: Provider, job: Job | None = None, application=None) -> Recorder:
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


def no_record(*args, **kwargs) -> None:
    return None
