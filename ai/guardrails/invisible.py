"""Invisible characters: zero-width, bidi-control and Unicode tag characters."""

from __future__ import annotations

from ai.guardrails.findings import _flag
from recruiting.text.cleanup import remove_invisible


def strip_invisible(text: str) -> tuple[str, list[dict]]:
    """Remove zero-width, bidi-control and Unicode tag characters (which can smuggle ASCII
    text that people cannot see). Tag-encoded text is decoded into the flag."""
    flags = []
    text, smuggled, count = remove_invisible(text)
    if smuggled is not None:
        flags.append(_flag("hidden_text", "Invisible (Unicode tag) text was removed.", smuggled))
    if count >= 20:
        flags.append(_flag("invisible_characters", f"{count} invisible characters were removed."))
    return text, flags
