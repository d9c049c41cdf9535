"""The skills vocabulary: ``recruiting/data/skills.toml`` (its header documents the fields),
read, validated and indexed once by :func:`load_vocabulary`.

The module's constants are that one loaded vocabulary under the names the rest of the code
uses:

* ``SKILL_ALIASES``: canonical skill name -> tuple of aliases (the canonical name itself is
  always an alias too),
* ``SKILL_CATEGORIES``: canonical skill name -> category,
* ``AMBIGUOUS_ALIASES``: aliases that are also ordinary words or letters ("Go", "R", "C",
  "Excel", "Spring", "Epic" ...), matched only in a safe context (see ``matching``),
* ``CASE_SENSITIVE_ALIASES``: aliases that only need the capitalisation check ("ML", "AI",
  "REST", "Agile", "Bootstrap" ...),
* ``RELATED_SKILLS``: canonical skill -> the skills it implies, transitively,
* ``TECH_CATEGORIES``: the software / IT categories.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from recruiting.skills.indexes import implied_closure, match_index, trie
from recruiting.skills.tokens import tokens

_SKILL_FIELDS = frozenset({"name", "category", "aliases", "ambiguous", "case_sensitive", "related"})
_GROUPS = ("tech", "core_tech", "code_tech", "business")


@dataclass(frozen=True)
class Vocabulary:
    """The skills vocabulary and its lookup indexes (built by :func:`load_vocabulary`)."""

    aliases: dict[str, tuple[str, ...]]  # canonical -> spellings (the name included)
    categories: dict[str, str]  # canonical -> category, in vocabulary order
    ambiguous: frozenset[str]
    case_sensitive: frozenset[str]
    implies: dict[str, tuple[str, ...]]  # canonical -> directly implied skills
    related: dict[str, frozenset[str]]  # canonical -> implied skills, transitively
    tech: frozenset[str]
    core_tech: frozenset[str]
    code_tech: frozenset[str]
    business: frozenset[str]
    compatible: dict[str, frozenset[str]]  # category -> categories whose mentions confirm it
    no_cue: frozenset[str]
    alias_index: dict[tuple[str, ...], str]  # token key -> canonical (explicit aliases)
    match_index: dict[tuple[str, ...], str]  # alias_index + joined and plural keys
    case_keys: dict[tuple[str, ...], str]  # key -> required spelling (ambiguous, case-sensitive)
    ambig_keys: frozenset[tuple[str, ...]]
    trie: dict  # nested dicts over tokens; the terminal marker "" holds the key


def parse_vocabulary(text: str) -> Vocabulary:
    """Validate the TOML text of a vocabulary and build its indexes.

    Raises ``ValueError`` naming the offending entry: a duplicate canonical name, an alias of
    two skills, an unknown category or related skill, an empty alias, an unknown field.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"skills vocabulary is not valid TOML: {exc}") from exc
    groups = _category_groups(data)
    compatible = _compatible(data, groups)
    no_cue = _str_list(data.get("cues", {}).get("no_cue", []), "[cues]", "no_cue")
    entries = data.get("skill", [])
    if not isinstance(entries, list):
        raise ValueError("skills vocabulary: skill must be an array of tables ([[skill]])")
    skills = _Skills()
    for n, entry in enumerate(entries, 1):
        skills.add(entry, n, groups["all"])
    skills.check_related()
    matches = match_index(skills.alias_index, skills.case_keys)
    return Vocabulary(
        aliases=skills.aliases,
        categories=skills.categories,
        ambiguous=frozenset(skills.ambiguous),
        case_sensitive=frozenset(skills.case_sensitive),
        implies=skills.implies,
        related={name: implied_closure(name, skills.implies) for name in skills.categories},
        tech=groups["tech"],
        core_tech=groups["core_tech"],
        code_tech=groups["code_tech"],
        business=groups["business"],
        compatible=compatible,
        no_cue=frozenset(no_cue),
        alias_index=skills.alias_index,
        match_index=matches,
        case_keys=skills.case_keys,
        ambig_keys=frozenset(skills.ambig_keys),
        trie=trie(matches),
    )


class _Skills:
    """The ``[[skill]]`` entries as they are read, checked against the ones before them."""

    def __init__(self) -> None:
        self.aliases: dict[str, tuple[str, ...]] = {}
        self.categories: dict[str, str] = {}
        self.implies: dict[str, tuple[str, ...]] = {}
        self.alias_index: dict[tuple[str, ...], str] = {}
        self.case_keys: dict[tuple[str, ...], str] = {}
        self.ambig_keys: set[tuple[str, ...]] = set()
        self.ambiguous: set[str] = set()
        self.case_sensitive: set[str] = set()

    def add(self, entry: dict, n: int, known_categories: frozenset[str]) -> None:
        name = entry.get("name")
        if not isinstance(name, str) or not tokens(name):
            raise ValueError(f"skill #{n}: name must be a non-empty string, got {name!r}")
        where = f"skill {name!r}"
        extra = set(entry) - _SKILL_FIELDS
        if extra:
            raise ValueError(f"{where}: unknown field {sorted(extra)[0]!r}")
        if name in self.categories:
            raise ValueError(f"{where}: duplicate canonical skill")
        category = entry.get("category")
        if category not in known_categories:
            raise ValueError(f"{where}: unknown category {category!r}")
        spellings = _str_list(entry.get("aliases", []), where, "aliases")
        amb = _str_list(entry.get("ambiguous", []), where, "ambiguous")
        cs = _str_list(entry.get("case_sensitive", []), where, "case_sensitive")
        _check_flags(where, spellings, amb, cs)
        # A name that is itself flagged is matched only through its flagged alias.
        name_key = tokens(name)
        flagged_self = any(tokens(s) == name_key for s in (*amb, *cs))
        clean: list[str] = []
        for spelling in ([] if flagged_self else [name]) + spellings:
            key = tokens(spelling)
            if not key:
                raise ValueError(f"{where}: empty alias {spelling!r}")
            clean.append(spelling)
            self._index(where, name, spelling, key, ambiguous=spelling in amb, case=spelling in cs)
        self.categories[name] = category
        self.aliases[name] = tuple(dict.fromkeys(clean))
        related = _str_list(entry.get("related", []), where, "related")
        if related:
            self.implies[name] = tuple(related)

    def _index(
        self,
        where: str,
        name: str,
        spelling: str,
        key: tuple[str, ...],
        *,
        ambiguous: bool,
        case: bool,
    ) -> None:
        owner = self.alias_index.get(key)
        if owner is not None and owner != name:
            raise ValueError(f"{where}: alias {spelling!r} also belongs to {owner!r}")
        self.alias_index[key] = name
        if ambiguous:
            self.case_keys[key] = spelling
            self.ambig_keys.add(key)
            self.ambiguous.add(spelling)
        elif case:
            self.case_keys[key] = spelling
            self.case_sensitive.add(spelling)

    def check_related(self) -> None:
        for name, targets in self.implies.items():
            for t in targets:
                if t not in self.categories:
                    raise ValueError(
                        f"skill {name!r}: related skill {t!r} is not a canonical skill"
                    )


def _check_flags(where: str, spellings: list[str], amb: list[str], cs: list[str]) -> None:
    for flagged, field in ((amb, "ambiguous"), (cs, "case_sensitive")):
        for s in flagged:
            if s not in spellings:
                raise ValueError(f"{where}: {field} {s!r} is not one of its aliases")
    both = set(amb) & set(cs)
    if both:
        raise ValueError(f"{where}: {sorted(both)[0]!r} is both ambiguous and case_sensitive")


def _str_list(value: object, where: str, field: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where}: {field} must be a list of strings")
    return value


def _category_groups(data: dict) -> dict[str, frozenset[str]]:
    cats_table = data.get("categories")
    if not isinstance(cats_table, dict):
        raise ValueError("skills vocabulary: missing [categories] table")
    known = frozenset(_str_list(cats_table.get("all"), "[categories]", "all"))
    groups: dict[str, frozenset[str]] = {"all": known}
    for name in _GROUPS:
        members = _str_list(cats_table.get(name, []), "[categories]", name)
        unknown = [c for c in members if c not in known]
        if unknown:
            raise ValueError(f"[categories] {name}: unknown category {unknown[0]!r}")
        groups[name] = frozenset(members)
    return groups


def _compatible(data: dict, groups: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for cat, entry in data.get("compatible", {}).items():
        where = f"[compatible] {cat}"
        if cat not in groups["all"]:
            raise ValueError(f"{where}: unknown category {cat!r}")
        if not isinstance(entry, dict):
            raise ValueError(f"{where}: expected a table with groups and/or categories")
        members: set[str] = set()
        for g in _str_list(entry.get("groups", []), where, "groups"):
            if g not in groups:
                raise ValueError(f"{where}: unknown group {g!r}")
            members |= groups[g]
        for c in _str_list(entry.get("categories", []), where, "categories"):
            if c not in groups["all"]:
                raise ValueError(f"{where}: unknown category {c!r}")
            members.add(c)
        out[cat] = frozenset(members)
    return out


@cache
def load_vocabulary() -> Vocabulary:
    """The vocabulary shipped in ``recruiting/data/skills.toml``, read and indexed once."""
    text = resources.files("recruiting").joinpath("data/skills.toml").read_text(encoding="utf-8")
    return parse_vocabulary(text)


_VOCABULARY = load_vocabulary()
SKILL_ALIASES: dict[str, tuple[str, ...]] = _VOCABULARY.aliases
SKILL_CATEGORIES: dict[str, str] = _VOCABULARY.categories
AMBIGUOUS_ALIASES: frozenset[str] = _VOCABULARY.ambiguous
CASE_SENSITIVE_ALIASES: frozenset[str] = _VOCABULARY.case_sensitive
RELATED_SKILLS: dict[str, frozenset[str]] = _VOCABULARY.related
TECH_CATEGORIES: frozenset[str] = _VOCABULARY.tech


def all_skills() -> tuple[str, ...]:
    """Every canonical skill name, in vocabulary order."""
    return tuple(SKILL_CATEGORIES)
