"""Model providers behind one small interface, chosen by the ``AI_PROVIDER`` setting.

``get_provider()`` returns the configured one: ``anthropic`` (Claude, Messages API),
``bedrock`` (Claude on AWS Bedrock) or ``local`` (the offline scorer). ``AI_PROVIDER`` may
also name a class by dotted path, which is how a test swaps in its own. Every provider is
a ``Provider`` (one call at a time); one that also takes Message Batches is a
``BatchProvider`` (only ``anthropic``).
"""

from django.conf import settings
from django.utils.module_loading import import_string

from ai.providers.base import (
    BatchProvider,
    BatchResult,
    BatchSearch,
    PermanentProviderError,
    Provider,
    ProviderError,
    ProviderResult,
    StructuredRequest,
    ToolSpec,
    TransientProviderError,
    Usage,
)

PROVIDERS = {
    "anthropic": "ai.providers.anthropic.AnthropicProvider",
    "bedrock": "ai.providers.anthropic.BedrockProvider",
    "local": "ai.providers.local.LocalProvider",
}

__all__ = [
    "PROVIDERS",
    "BatchProvider",
    "BatchResult",
    "BatchSearch",
    "PermanentProviderError",
    "Provider",
    "ProviderError",
    "ProviderResult",
    "StructuredRequest",
    "ToolSpec",
    "TransientProviderError",
    "Usage",
    "get_provider",
]


def get_provider(name: str | None = None) -> Provider:
    """A new instance of the provider named (default: ``settings.AI_PROVIDER``). Instances
    are cheap: the network client behind them is one per process."""
    name = (name or settings.AI_PROVIDER or "local").strip()
    path = PROVIDERS.get(name.lower(), name)
    try:
        cls = import_string(path)
    except ImportError as exc:
        raise PermanentProviderError(
            f"AI_PROVIDER={name!r} is not one of {', '.join(PROVIDERS)}."
        ) from exc
    return cls()
