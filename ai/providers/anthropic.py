"""Claude through the ``anthropic`` SDK: the Messages API directly, or on AWS Bedrock.

Both use one code path (``ClaudeProvider``); only the client differs, and only the
Messages API takes Message Batches (``AnthropicProvider`` is a ``BatchProvider``). The
client is one per process and per configuration (``anthropic_client``, ``bedrock_client``):
it holds the connection pool, so a provider instance per call costs nothing. The SDK's own
retries are off (``max_retries=0``): retries happen in ``call_with_retries`` so they are
visible, honour ``retry-after`` and are counted on the AIRun row.
"""

from __future__ import annotations

import functools
import json
import logging
import time
from abc import ABC, abstractmethod
from datetime import datetime
from typing import Any

import anthropic
from django.conf import settings

from ai.providers.base import (
    BatchResult,
    BatchSearch,
    PermanentProviderError,
    ProviderResult,
    StructuredRequest,
    TransientProviderError,
    Usage,
    call_with_retries,
)

logger = logging.getLogger(__name__)

# 408 request timeout, 409 conflict and 429 rate limit are worth another try; so is any 5xx,
# 529 "overloaded" included.
RETRYABLE_STATUS = {408, 409, 429}
# Models that answer a forced tool_choice with 400 (Claude Sonnet 5.5 always thinks first):
# they get tool_choice "auto" and the prompt's instruction to call the tool, and an answer
# without the call is regenerated like any unusable answer. Others found at run time (a 400
# that names tool_choice) are remembered here for the life of the process.
NO_FORCED_TOOL_CHOICE = ("claude-sonnet-5-5",)
_learnt_no_forced_tool_choice: set[str] = set()


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


def _retry_after(headers) -> float | None:
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name) if headers is not None else None
        if value:
            try:
                return max(0.0, float(value) * scale)
            except ValueError:
                continue
    return None


def translate_error(exc: Exception) -> Exception:
    """The SDK's exception as one of ours (transient or permanent)."""
    if isinstance(exc, anthropic.APITimeoutError):
        return TransientProviderError("The AI service did not answer in time.")
    if isinstance(exc, anthropic.APIConnectionError):
        return TransientProviderError(f"Could not reach the AI service: {exc}")
    if isinstance(exc, anthropic.APIStatusError):
        status = exc.status_code
        detail = getattr(exc, "api_message", None) or str(exc)
        if status in RETRYABLE_STATUS or status >= 500:
            label = {429: "rate limited", 529: "overloaded"}.get(status, f"error {status}")
            return TransientProviderError(
                f"The AI service is {label}: {detail}",
                retry_after=_retry_after(exc.response.headers),
            )
        return PermanentProviderError(f"The AI service refused the request ({status}): {detail}")
    return exc


def _usage(usage: Any) -> Usage:
    if usage is None:
        return Usage()
    return Usage(
        input_tokens=getattr(usage, "input_tokens", 0) or 0,
        output_tokens=getattr(usage, "output_tokens", 0) or 0,
        cache_read_tokens=getattr(usage, "cache_read_input_tokens", 0) or 0,
        cache_write_tokens=getattr(usage, "cache_creation_input_tokens", 0) or 0,
    )


def _result(message: Any, tool_name: str, *, latency_ms: int, batch: bool = False):
    content = [block.model_dump(exclude_none=True) for block in message.content]
    output = None
    for block in content:
        if block.get("type") == "tool_use" and block.get("name") == tool_name:
            output = block.get("input")
            break
    return ProviderResult(
        output=output if isinstance(output, dict) else None,
        usage=_usage(message.usage),
        model=message.model,
        latency_ms=latency_ms,
        assistant_content=content,
        stop_reason=message.stop_reason or "",
        batch=batch,
    )


@functools.lru_cache(maxsize=4)
def anthropic_client(api_key: str, base_url: str | None, timeout: float) -> anthropic.Anthropic:
    """The process's client for this configuration (a settings change makes another)."""
    return anthropic.Anthropic(api_key=api_key, base_url=base_url, max_retries=0, timeout=timeout)


@functools.lru_cache(maxsize=4)
def bedrock_client(region: str, timeout: float) -> anthropic.AnthropicBedrock:
    """The process's Bedrock client for this configuration."""
    return anthropic.AnthropicBedrock(aws_region=region, max_retries=0, timeout=timeout)


def clients_reset() -> None:
    """Forget the cached clients (tests that point the SDK somewhere new)."""
    anthropic_client.cache_clear()
    bedrock_client.cache_clear()


class ClaudeProvider(ABC):
    """Claude through the Messages API; ``make_client`` says where it runs."""

    deterministic = False
    metered = True

    def __init__(self, *, client=None, model: str):
        self.model = model
        self._client = client

    @property
    def client(self):
        if self._client is None:
            self._client = self.make_client()
        return self._client

    @abstractmethod
    def make_client(self): ...

    def complete(self, request: StructuredRequest) -> ProviderResult:
        return call_with_retries(
            lambda: self._complete_once(request),
            attempts=settings.AI_RETRY_ATTEMPTS,
            base=settings.AI_RETRY_BASE_SECONDS,
            max_wait=settings.AI_RETRY_MAX_WAIT_SECONDS,
            sleep=lambda seconds: _sleep(seconds),
        )

    def force_tool(self) -> bool:
        model = self.model.lower()
        return model not in _learnt_no_forced_tool_choice and not any(
            name in model for name in NO_FORCED_TOOL_CHOICE
        )

    def _complete_once(self, request: StructuredRequest) -> ProviderResult:
        started = time.monotonic()
        force = self.force_tool()
        try:
            try:
                message = self.client.messages.create(
                    **request.params(self.model, force_tool=force)
                )
            except anthropic.BadRequestError as exc:
                if not (force and "tool_choice" in str(exc)):
                    raise
                logger.warning("%s refuses a forced tool choice; using auto", self.model)
                _learnt_no_forced_tool_choice.add(self.model.lower())
                message = self.client.messages.create(
                    **request.params(self.model, force_tool=False)
                )
        except anthropic.AnthropicError as exc:
            raise translate_error(exc) from exc
        latency_ms = int((time.monotonic() - started) * 1000)
        return _result(message, request.tool.name, latency_ms=latency_ms)


class AnthropicProvider(ClaudeProvider):
    """Claude on Anthropic's Messages API, with Message Batches."""

    name = "anthropic"

    def __init__(self, *, client: anthropic.Anthropic | None = None, model: str | None = None):
        super().__init__(client=client, model=model or settings.ANTHROPIC_MODEL)

    def make_client(self):
        if not settings.ANTHROPIC_API_KEY:
            raise PermanentProviderError(
                "AI_PROVIDER is anthropic but ANTHROPIC_API_KEY is not set."
            )
        return anthropic_client(
            settings.ANTHROPIC_API_KEY,
            settings.ANTHROPIC_BASE_URL or None,
            float(settings.AI_TIMEOUT_SECONDS),
        )

    def batch_submit(self, requests: dict[str, StructuredRequest]) -> str:
        batch_requests = [
            {
                "custom_id": custom_id,
                "params": request.params(self.model, force_tool=self.force_tool()),
            }
            for custom_id, request in requests.items()
        ]

        def submit() -> ProviderResult:
            try:
                batch = self.client.messages.batches.create(requests=batch_requests)
            except anthropic.AnthropicError as exc:
                raise translate_error(exc) from exc
            return ProviderResult(output={"id": batch.id}, usage=Usage(), model="", latency_ms=0)

        result = call_with_retries(
            submit,
            attempts=settings.AI_RETRY_ATTEMPTS,
            base=settings.AI_RETRY_BASE_SECONDS,
            max_wait=settings.AI_RETRY_MAX_WAIT_SECONDS,
            sleep=lambda seconds: _sleep(seconds),
        )
        return result.output["id"]

    def batch_results(self, batch_id: str, *, tool_name: str) -> dict[str, BatchResult] | None:
        try:
            batch = self.client.messages.batches.retrieve(batch_id)
            if batch.processing_status != "ended":
                return None
            lines = list(self.client.messages.batches.results(batch_id))
        except anthropic.AnthropicError as exc:
            raise translate_error(exc) from exc
        outcomes: dict[str, BatchResult] = {}
        for line in lines:
            result = line.result
            if result.type == "succeeded":
                outcomes[line.custom_id] = BatchResult(
                    result=_result(result.message, tool_name, latency_ms=0, batch=True)
                )
            elif result.type == "errored":
                error = getattr(result, "error", None)
                detail = json.dumps(error.model_dump() if error is not None else {})[:300]
                outcomes[line.custom_id] = BatchResult(error=f"errored: {detail}")
            else:
                outcomes[line.custom_id] = BatchResult(error=result.type)
        return outcomes

    def batch_find(
        self, custom_ids: set[str], *, since: datetime, exclude: set[str]
    ) -> BatchSearch:
        """The batch created since ``since`` whose requests are ``custom_ids``.

        A batch keeps no metadata, and its requests are only readable as results once it
        has ended: every batch created since then (newest first) and not in ``exclude`` is
        read, one result line each. One still running might be it, so the answer is
        undecided until it ends.
        """
        undecided = False
        try:
            for batch in self.client.messages.batches.list(limit=100):
                if batch.created_at < since:
                    break
                if batch.id in exclude:
                    continue
                if batch.processing_status != "ended":
                    undecided = True
                    continue
                if self._first_custom_id(batch.id) in custom_ids:
                    return BatchSearch(batch_id=batch.id)
        except anthropic.AnthropicError as exc:
            raise translate_error(exc) from exc
        return BatchSearch(undecided=undecided)

    def _first_custom_id(self, batch_id: str) -> str | None:
        results = self.client.messages.batches.results(batch_id)
        try:
            first = next(iter(results), None)
        finally:
            results.close()
        return first.custom_id if first is not None else None


class BedrockProvider(ClaudeProvider):
    """Claude on AWS Bedrock: boto3's credential chain (env, profile, instance role). No
    batches: Bedrock's batch inference is a different API (S3 jobs)."""

    name = "bedrock"

    def __init__(self, *, client=None, model: str | None = None):
        super().__init__(client=client, model=model or settings.AI_BEDROCK_MODEL)

    def make_client(self):
        return bedrock_client(settings.AI_BEDROCK_REGION, float(settings.AI_TIMEOUT_SECONDS))
