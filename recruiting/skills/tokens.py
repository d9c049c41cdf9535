"""Tokens: runs of letters/digits (plus a trailing ``+``/``#`` and a leading dot), "&" read as
"and". Aliases and texts are compared as token tuples, so "Node.js", "node js" and "Node-JS"
meet."""

from __future__ import annotations

import re

TOKEN_RE = re.compile(r"(?:(?<![^\W_])\.)?[^\W_]+[+#]*|&")
# What may separate the tokens of one multi-word alias: spaces, one line break, or one of
# ``- . / _``.
JOIN_GAP_RE = re.compile(
    r"^[ \t]*(?:[-./_][ \t]*)?(?:\n[ \t]*)?$|^[ \t]*\n?[ \t]*(?:[-./_][ \t]*)?$"
)


def norm_token(tok: str) -> str:
    return "and" if tok == "&" else tok.casefold()


def tokens(text: str) -> tuple[str, ...]:
    return tuple(norm_token(m.group()) for m in TOKEN_RE.finditer(text))


def tokens_raw(text: str) -> tuple[str, ...]:
    """The tokens as written (no case folding)."""
    return tuple(m.group() for m in TOKEN_RE.finditer(text))
