"""Reading and checking the word lists and tables that ship as TOML data files.

Every loader of such a file uses these helpers: the text layer's (``recruiting.text``), the
parser's (``recruiting.parsing.vocabulary``), the not-a-resume verdict's
(``recruiting.verdict``) and the offline scorer's (``ai.scoring._wordlists``,
``ai.scoring.questions``). So a malformed file is refused the same way, when it is loaded: a
:class:`WordListError` whose message starts with the file and names the table, the key and
the entry.

A loader is a cached ``load_*`` function that reads its shipped file (:func:`data_file`);
the reading and checking take a :data:`DataFile` or the parsed table, so a test can point
them at any file.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Literal

DataFile = Path | Traversable
Case = Literal["lower", "upper"]


class WordListError(ValueError):
    """A data file is malformed (raised when it is loaded); the message names file and entry."""


def data_file(package: str, name: str) -> Traversable:
    """The file ``data/<name>`` shipped inside ``package``."""
    return resources.files(package).joinpath(f"data/{name}")


def read_toml(source: DataFile) -> dict:
    """``source`` parsed as TOML."""
    try:
        return tomllib.loads(source.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise WordListError(f"{source.name}: not valid TOML: {exc}") from exc


def check_keys(
    table: dict, where: str, *, required: Iterable[str] = (), optional: Iterable[str] = ()
) -> None:
    """Every required key present and no key but the required and optional ones.

    A misspelt key would otherwise be ignored, and its list silently left out.
    """
    required = set(required)
    known = required | set(optional)
    missing = sorted(required - set(table))
    if missing:
        raise WordListError(f"{where}: missing {missing[0]!r}")
    unknown = sorted(set(table) - known)
    if unknown:
        raise WordListError(
            f"{where}: unknown key {unknown[0]!r}: the loader reads only "
            f"{', '.join(map(repr, sorted(known)))} and would ignore an unknown entry "
            f"{unknown[0]!r}"
        )


def sub_table(table: dict, key: str, where: str) -> dict:
    """``table[key]``, which must be a table (``[key]`` in the file)."""
    if key not in table:
        raise WordListError(f"{where}: [{key}] is missing")
    value = table[key]
    if not isinstance(value, dict):
        raise WordListError(f"{where}: [{key}] must be a table")
    return value


def text(table: dict, key: str, where: str) -> str:
    """``table[key]``: a non-empty string without surrounding blanks."""
    value = table.get(key)
    if not isinstance(value, str) or not value.strip() or value != value.strip():
        raise WordListError(f"{where}: {key} must be a non-empty string, got {value!r}")
    return value


def word_list(table: dict, key: str, where: str, *, case: Case | None = "lower") -> tuple[str, ...]:
    """``table[key]``: a non-empty list of distinct, non-empty strings with single spaces.

    With ``case``, every string is in that case: the code compares these words with text it
    has lower-cased (or upper-cased), so a word in the other case would silently never match.
    ``None`` is for sentences shown as written (question wording).
    """
    words = table.get(key)
    if not isinstance(words, list) or not words:
        raise WordListError(f"{where}: {key!r} must be a non-empty list of strings, got {words!r}")
    seen: set[str] = set()
    for word in words:
        if not isinstance(word, str) or not word.strip() or word != word.strip():
            raise WordListError(
                f"{where}: {key!r} has {word!r}, not a word (empty, or blanks around it)"
            )
        if case and word != (word.lower() if case == "lower" else word.upper()):
            raise WordListError(f"{where}: {key!r} has {word!r}, which is not in {case} case")
        if " ".join(word.split()) != word:
            raise WordListError(f"{where}: {key!r} has {word!r}, with more than one space")
        if word in seen:
            raise WordListError(f"{where}: {key!r} lists {word!r} twice")
        seen.add(word)
    return tuple(words)
