"""Reading the word lists that ship as TOML data files inside the ``recruiting`` packages.

The loaders of the parser's words (``recruiting.parsing.vocabulary``) and of the not-a-resume
verdict's words (``recruiting.verdict``) read their files with these helpers, so a malformed
file is refused the same way: a :class:`WordListError` naming the file, the list and the
entry.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Literal

Case = Literal["lower", "upper"]


class WordListError(ValueError):
    """A word-list data file is malformed (raised when it is loaded)."""


def read_data_file(package: str, name: str) -> dict:
    """The TOML file ``data/<name>`` of ``package``, parsed."""
    raw = resources.files(package).joinpath(f"data/{name}").read_text(encoding="utf-8")
    try:
        return tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise WordListError(f"{name}: not valid TOML: {exc}") from exc


def check_keys(table: dict, allowed: set[str], source: str) -> None:
    """Refuse a key the loader does not read: a misspelt list would otherwise be ignored."""
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise WordListError(f"{source}: unknown key {unknown[0]!r}")


def word_list(table: dict, key: str, source: str, *, case: Case = "lower") -> tuple[str, ...]:
    """``table[key]``: a non-empty list of distinct, non-empty strings, all in ``case``.

    The code compares these words with text it has lower-cased (or, for ``upper``,
    upper-cased), so a word in the other case would silently never match.
    """
    words = table.get(key)
    if not isinstance(words, list) or not words:
        raise WordListError(f"{source}: {key!r} must be a non-empty list of strings")
    for word in words:
        if not isinstance(word, str) or not word.strip() or word != word.strip():
            raise WordListError(f"{source}: {key!r} has {word!r}, not a word")
        if word != (word.lower() if case == "lower" else word.upper()):
            raise WordListError(f"{source}: {key!r} has {word!r}, which is not in {case} case")
        if " ".join(word.split()) != word:
            raise WordListError(f"{source}: {key!r} has {word!r}, with more than one space")
    seen: set[str] = set()
    for word in words:
        if word in seen:
            raise WordListError(f"{source}: {key!r} lists {word!r} twice")
        seen.add(word)
    return tuple(words)
