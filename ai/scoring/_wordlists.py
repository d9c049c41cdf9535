"""The offline scorer's word lists, kept as data in ``ai/scoring/data/``.

Each shipped file has one cached loader (``load_*``) that reads it with ``importlib.resources``
and one reader (``read_*``) that checks a file and builds frozen values from it, so a test can
point the reader at any file. The reading and checking are ``recruiting.word_lists``'s, so a
malformed file raises its :class:`WordListError` naming the file and the entry:

* ``term_weights.toml`` -> :func:`load_term_weights`: the stopword / generic / common tiers;
* ``word_forms.toml`` -> :func:`load_word_forms`: abbreviations expanded before words are
  split, and the stemmer's suffixes;
* ``titles.toml`` -> :func:`load_title_words`: seniority words left out of role matching.

The question writer's templates (``questions.toml``) are read by ``ai.scoring.questions``
with the same checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from recruiting.word_lists import (
    DataFile,
    WordListError,
    check_keys,
    data_file,
    read_toml,
    sub_table,
    text,
    word_list,
)

# ----------------------------------------------------------------------------- term weights


@dataclass(frozen=True)
class TermWeights:
    stopwords: frozenset[str]
    generic: frozenset[str]
    common: frozenset[str]


def read_term_weights(source: DataFile) -> TermWeights:
    data = read_toml(source)
    where = source.name
    tiers = ("stopwords", "generic", "common")
    check_keys(data, where, required=set(tiers))
    lists = {tier: word_list(data, tier, where) for tier in tiers}
    # A word in two tiers would take the first tier's weight silently; say so instead.
    owner: dict[str, str] = {}
    for tier in tiers:
        for word in lists[tier]:
            if word in owner:
                raise WordListError(f"{where}: {tier}: {word!r} is already in {owner[word]}")
            owner[word] = tier
    return TermWeights(*(frozenset(lists[tier]) for tier in tiers))


@cache
def load_term_weights() -> TermWeights:
    return read_term_weights(data_file("ai.scoring", "term_weights.toml"))


# ----------------------------------------------------------------------------- word forms


@dataclass(frozen=True)
class WordForms:
    abbreviations: dict[str, str]  # "IT" -> "information technology"
    abbreviation_re: re.Pattern  # the abbreviations as whole words
    suffixes: tuple[str, ...]  # longest first

    def expand_abbreviations(self, text: str) -> str:
        return self.abbreviation_re.sub(lambda m: self.abbreviations[m.group(1)], text)


def read_word_forms(source: DataFile) -> WordForms:
    data = read_toml(source)
    where = source.name
    check_keys(data, where, required={"abbreviations", "stemmer"})
    table = sub_table(data, "abbreviations", where)
    if not table:
        raise WordListError(f"{where}: [abbreviations] is empty")
    abbreviations: dict[str, str] = {}
    for short in table:
        if not (short.isalpha() and short.isupper()):
            raise WordListError(f"{where}: [abbreviations] {short!r} must be capital letters")
        long = text(table, short, f"{where} [abbreviations]")
        if long != long.lower():
            raise WordListError(f"{where}: [abbreviations] {short}: {long!r} must be lower-case")
        abbreviations[short] = long
    stemmer = sub_table(data, "stemmer", where)
    check_keys(stemmer, f"{where} [stemmer]", required={"suffixes"})
    suffixes = word_list(stemmer, "suffixes", f"{where} [stemmer]")
    for suffix in suffixes:
        if not suffix.isalpha():
            raise WordListError(f"{where}: [stemmer] suffixes: {suffix!r} must be letters")
    return WordForms(
        abbreviations=abbreviations,
        abbreviation_re=re.compile(r"\b(" + "|".join(abbreviations) + r")\b"),
        suffixes=tuple(sorted(suffixes, key=len, reverse=True)),
    )


@cache
def load_word_forms() -> WordForms:
    return read_word_forms(data_file("ai.scoring", "word_forms.toml"))


# ----------------------------------------------------------------------------- title words


@dataclass(frozen=True)
class TitleWords:
    seniority: frozenset[str]


def read_title_words(source: DataFile) -> TitleWords:
    data = read_toml(source)
    check_keys(data, source.name, required={"seniority"})
    return TitleWords(seniority=frozenset(word_list(data, "seniority", source.name)))


@cache
def load_title_words() -> TitleWords:
    return read_title_words(data_file("ai.scoring", "titles.toml"))
