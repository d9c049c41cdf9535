"""Reading the text layer's data files (TOML next to this package)."""

from __future__ import annotations

import tomllib
from importlib import resources


class TextDataError(ValueError):
    """A data file of the text layer is malformed (raised when it is loaded)."""


def read_toml(name: str) -> dict:
    raw = resources.files("recruiting.text").joinpath(f"data/{name}").read_text(encoding="utf-8")
    try:
        return tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise TextDataError(f"{name}: {exc}") from exc


def word_list(data: dict, key: str, source: str) -> tuple[str, ...]:
    """``data[key]``: a list of non-empty, lower-case, distinct strings."""
    words = data.get(key)
    if not isinstance(words, list) or not words:
        raise TextDataError(f"{source}: {key!r} must be a non-empty list")
    for word in words:
        if not isinstance(word, str) or not word.strip() or word != word.strip().lower():
            raise TextDataError(f"{source}: {key!r} has {word!r}, not a lower-case word")
    if len(set(words)) != len(words):
        dupes = sorted({w for w in words if words.count(w) > 1})
        raise TextDataError(f"{source}: {key!r} lists {dupes} twice")
    return tuple(words)
