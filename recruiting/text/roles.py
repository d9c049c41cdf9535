"""Role words: the words job titles are made of ("Senior Software Engineer", "Sous Chef").

One list, ``data/roles.toml``, for the parser (is this line a job title? is this a name?),
the scorer (which field of a position header is the title) and the requirement extractor
(is "3 years as a Python developer" a role or a field of work?).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from recruiting.word_lists import WordListError, data_file, read_toml, word_list

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


@dataclass(frozen=True)
class RoleWords:
    nouns: frozenset[str]  # head nouns, singular: a title ends in one
    words: frozenset[str]  # nouns, their plurals and the words that only qualify a title


def plural(noun: str) -> str:
    if noun.endswith("y") and noun[-2:-1] not in tuple("aeiou"):
        return noun[:-1] + "ies"
    if noun.endswith(("s", "sh", "ch", "x")):
        return noun + "es"
    return noun + "s"


def parse_role_words(data: dict, source: str = "roles.toml") -> RoleWords:
    nouns = word_list(data, "nouns", source)
    title_words = word_list(data, "title_words", source)
    both = set(nouns) & set(title_words)
    if both:
        raise WordListError(f"{source}: {sorted(both)} are both nouns and title_words")
    plurals = {plural(n) for n in nouns}
    return RoleWords(frozenset(nouns), frozenset(nouns) | plurals | frozenset(title_words))


@cache
def load_role_words() -> RoleWords:
    """The role words shipped in ``recruiting/text/data/roles.toml``, read once."""
    return parse_role_words(read_toml(data_file("recruiting.text", "roles.toml")))


def is_role_noun(word: str) -> bool:
    """``word`` (lower case) is the head noun of a job title, or its plural."""
    nouns = load_role_words().nouns
    return (
        word in nouns
        or (word.endswith("s") and word[:-1] in nouns)
        or (word.endswith("ies") and word[:-3] + "y" in nouns)
        or (word.endswith("es") and word[:-2] in nouns)
    )


def is_role_word(word: str) -> bool:
    """``word`` (lower case) can be part of a job title ("chef", "sous", "engineers")."""
    return word in load_role_words().words


def has_role_word(text: str) -> bool:
    """Some word of ``text`` can be part of a job title."""
    words = load_role_words().words
    return any(w in words or w.rstrip("s") in words for w in _WORD.findall(text.lower()))
