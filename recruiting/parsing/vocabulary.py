"""Word lists the parser reads names, places, companies and institutions with.

The lists are ``recruiting/parsing/data/words.toml`` (its header says what each is for), read
and validated once by :func:`load_parser_words`. The module's constants are those lists under
the names the parser's modules import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from recruiting.word_lists import (
    WordListError,
    check_keys,
    data_file,
    read_toml,
    sub_table,
    word_list,
)

_SOURCE = "words.toml"
_TABLES = {
    "places": {"us_states", "us_state_names", "countries"},
    "names": {"stopwords", "field_words", "particles", "credentials"},
    "organisations": {"company_markers", "institutions"},
}
_CAPITALS = re.compile(r"[A-Z]+")
_STATE_CODE = re.compile(r"[A-Z]{2}")


@dataclass(frozen=True)
class ParserWords:
    acronyms: frozenset[str]  # upper case, letters only
    us_states: frozenset[str]  # two-letter codes
    us_state_names: frozenset[str]
    countries: frozenset[str]
    name_stopwords: frozenset[str]
    field_words: frozenset[str]
    name_particles: frozenset[str]
    credentials: frozenset[str]
    company_markers: re.Pattern  # a marker as a whole word, with an optional trailing period
    institutions: re.Pattern  # a school or university word as a whole word


def _table(data: dict, name: str) -> dict:
    table = sub_table(data, name, _SOURCE)
    check_keys(table, f"{_SOURCE} [{name}]", optional=_TABLES[name])
    return table


def _matching(words: tuple[str, ...], pattern: re.Pattern, key: str, what: str) -> frozenset[str]:
    for word in words:
        if not pattern.fullmatch(word):
            raise WordListError(f"{_SOURCE}: {key!r} has {word!r}, not {what}")
    return frozenset(words)


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(word) for word in words)


def parse_parser_words(data: dict) -> ParserWords:
    """Validate the parsed TOML of ``words.toml``; a bad entry raises :class:`WordListError`."""
    check_keys(data, _SOURCE, optional={"acronyms", *_TABLES})
    places, names, organisations = (_table(data, name) for name in _TABLES)
    acronyms = word_list(data, "acronyms", _SOURCE, case="upper")
    states = word_list(places, "us_states", f"{_SOURCE} [places]", case="upper")
    markers = word_list(organisations, "company_markers", f"{_SOURCE} [organisations]")
    institutions = word_list(organisations, "institutions", f"{_SOURCE} [organisations]")
    return ParserWords(
        acronyms=_matching(acronyms, _CAPITALS, "acronyms", "capital letters only"),
        us_states=_matching(states, _STATE_CODE, "us_states", "a two-letter code"),
        us_state_names=frozenset(word_list(places, "us_state_names", f"{_SOURCE} [places]")),
        countries=frozenset(word_list(places, "countries", f"{_SOURCE} [places]")),
        name_stopwords=frozenset(word_list(names, "stopwords", f"{_SOURCE} [names]")),
        field_words=frozenset(word_list(names, "field_words", f"{_SOURCE} [names]")),
        name_particles=frozenset(word_list(names, "particles", f"{_SOURCE} [names]")),
        credentials=frozenset(word_list(names, "credentials", f"{_SOURCE} [names]")),
        company_markers=re.compile(rf"\b(?:{_alternatives(markers)})\b\.?", re.IGNORECASE),
        institutions=re.compile(rf"\b(?:{_alternatives(institutions)})\b", re.IGNORECASE),
    )


@cache
def load_parser_words() -> ParserWords:
    """The parser's word lists shipped in ``recruiting/parsing/data/words.toml``, read once."""
    return parse_parser_words(read_toml(data_file("recruiting.parsing", _SOURCE)))


_ACRONYMS = load_parser_words().acronyms
_US_STATES = load_parser_words().us_states
_US_STATE_NAMES = load_parser_words().us_state_names
_COUNTRIES = load_parser_words().countries
_FIELD_WORDS = load_parser_words().field_words
_NAME_STOPWORDS = load_parser_words().name_stopwords
_NAME_PARTICLES = load_parser_words().name_particles
_CREDENTIALS = load_parser_words().credentials
_COMPANY_MARKERS = load_parser_words().company_markers
_INSTITUTION_RE = load_parser_words().institutions
