"""The provider interface: what every model family (and the offline scorer) implements.

A provider answers one :class:`StructuredRequest` with a :class:`ProviderResult` whose
``output`` is the input of the forced tool call: a dict for ``ai.schemas`` to validate. The
request carries both the rendered prompt (system blocks, messages, tool schema) for a model
and the structured ``inputs`` it was rendered from, which the offline provider reads instead.

Errors are the provider's own: :class:`TransientProviderError` (429, 529, 5xx, timeouts,
connection trouble: worth retrying, ``retry_after`` seconds from now if the server said) and
:class:`PermanentProviderError` (a bad request, a bad key: retrying cannot help).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from config.tasks import backoff


class ProviderError(Exception):
    """A call to a model provider failed."""


class TransientProviderError(ProviderError):
    def __init__(self, message: str, *, retry_after: float | None = None, attempts: int = 1):
        super().__init__(message)
        self.retry_after = retry_after
        self.attempts = attempts


class PermanentProviderError(ProviderError):
    pass


@dataclass(frozen=True)
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0


@dataclass(frozen=True)
class ToolSpec:
    name: str
    description: str
    input_schema: dict[str, Any]

    def as_param(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "input_schema": self.input_schema,
        }


@dataclass(frozen=True)
class StructuredRequest:
    """One forced tool call.

    ``system_blocks`` are Messages API text blocks; the stable prefix (instructions, the job,
    the rubric) carries ``cache_control``. ``inputs`` holds the same content as data, for the
    offline provider. ``purpose`` is an ``AIRun.Purpose`` value.
    """

    purpose: str
    prompt_version: str
    system_blocks: list[dict[str, Any]]
    messages: list[dict[str, Any]]
    tool: ToolSpec
    max_tokens: int
    inputs: dict[str, Any] = field(default_factory=dict)

    def follow_up(self, result: ProviderResult, error: str) -> StructuredRequest:
        """The same conversation plus the rejected answer and what was wrong with it."""
        content = result.assistant_content or [{"type": "text", "text": "(no answer)"}]
        tool_use_ids = [b["id"] for b in content if b.get("type") == "tool_use" and b.get("id")]
        instruction = (
            f"Your previous answer was rejected: {error}\n"
            f"Call {self.tool.name} again with a corrected, complete answer. Quote evidence "
            "exactly as it is written in the resume."
        )
        if tool_use_ids:
            reply = [
                {
                    "type": "tool_result",
                    "tool_use_id": tool_use_ids[0],
                    "is_error": True,
                    "content": instruction,
                }
            ]
        else:
            reply = [{"type": "text", "text": instruction}]
        messages = [
            *self.messages,
            {"role": "assistant", "content": content},
            {"role": "user", "content": reply},
        ]
        return replace(self, messages=messages, inputs={**self.inputs, "previous_error": error})

    def params(self, model: str, *, force_tool: bool = True) -> dict[str, Any]:
        """Keyword arguments of ``client.messages.create`` (and of a batch request).

        ``force_tool`` names the tool in ``tool_choice``; models that refuse a forced tool
        choice get ``auto``, and the prompt's instruction to call it.
        """
        choice = {"type": "tool", "name": self.tool.name} if force_tool else {"type": "auto"}
        return {
            "model": model,
            "max_tokens": self.max_tokens,
            "system": self.system_blocks,
            "messages": self.messages,
            "tools": [self.tool.as_param()],
            "tool_choice": choice,
        }


@dataclass(frozen=True)
class ProviderResult:
    output: dict[str, Any] | None
    usage: Usage
    model: str
    latency_ms: int
    attempts: int = 1
    assistant_content: list[dict[str, Any]] = field(default_factory=list)
    stop_reason: str = ""
    batch: bool = False


@dataclass(frozen=True)
class BatchResult:
    """One request's outcome in a finished Message Batch: a result, or why there is none."""

    result: ProviderResult | None = None
    error: str = ""


@dataclass(frozen=True)
class BatchSearch:
    """What a provider holds of a batch whose requests carry a custom-id prefix:
    ``batch_id`` when one does; ``undecided`` while batches whose requests cannot be read
    yet (still running) may be it; neither when none is."""

    batch_id: str | None = None
    undecided: bool = False


@runtime_checkable
class Provider(Protocol):
    """What ``ai.services`` needs from a model family: one structured call at a time."""

    name: str
    model: str
    # A deterministic provider gives the same answer again: no point regenerating.
    deterministic: bool
    # Whether calls cost money and are rate-limited (and so go through the per-job semaphore).
    metered: bool

    def complete(self, request: StructuredRequest) -> ProviderResult: ...


@runtime_checkable
class BatchProvider(Provider, Protocol):
    """A provider that also takes many requests as one discounted batch (the Message
    Batches API). Whether a provider is one is ``isinstance(provider, BatchProvider)``."""

    def batch_submit(self, requests: dict[str, StructuredRequest]) -> str:
        """Submit requests (keyed by custom id) as one batch; return the batch id."""
        ...

    def batch_results(self, batch_id: str, *, tool_name: str) -> dict[str, BatchResult] | None:
        """None while the batch is still running; else each custom id's outcome."""
        ...

    def batch_find(
        self, custom_id_prefix: str, *, since: datetime, exclude: set[str]
    ) -> BatchSearch:
        """The batch created since ``since`` (and not in ``exclude``) whose requests' custom
        ids start with ``custom_id_prefix``: how a submit cut short before its id was
        recorded is found again."""
        ...


def call_with_retries(
    call: Callable[[], ProviderResult],
    *,
    attempts: int,
    base: float,
    max_wait: float,
    sleep: Callable[[float], None] = time.sleep,
) -> ProviderResult:
    """Run ``call``, retrying transient errors up to ``attempts`` times in all.

    Waits ``retry_after`` when the server gave one, else exponential backoff with jitter.
    A wait longer than ``max_wait`` is not done here: the error goes up (with its
    ``retry_after``) so the task can be retried later instead of holding a worker.
    """
    attempt = 1
    while True:
        try:
            result = call()
        except TransientProviderError as exc:
            exc.attempts = attempt
            if attempt >= attempts:
                raise
            wait = (
                exc.retry_after
                if exc.retry_after is not None
                else backoff(attempt - 1, base=base, cap=max_wait)
            )
            if wait > max_wait:
                raise
            sleep(wait)
            attempt += 1
            continue
        return replace(result, attempts=attempt)
