"""Skills vocabulary, synonym resolution and skill-mention extraction.

Pure Python (no Django).  The vocabulary is data in ``recruiting/data/skills.toml``, read,
validated and indexed once by :func:`load_vocabulary`; the module exposes it as:

* ``SKILL_ALIASES``: canonical skill name -> tuple of aliases (the canonical name itself is
  always an alias too),
* ``SKILL_CATEGORIES``: canonical skill name -> category,
* ``AMBIGUOUS_ALIASES``: aliases that are also ordinary words or letters ("Go", "R", "C",
  "Excel", "Spring", "Epic" ...).  They are matched only when written with the vocabulary's
  capitalisation (or in ALL CAPS) *and* in a safe context: inside a list of other skills of a
  compatible field, after a label such as ``Languages:``/``Skills:``, or next to a cue word
  ("Go developer", "written in R").
* ``CASE_SENSITIVE_ALIASES``: aliases that only need the capitalisation check ("ML", "AI",
  "REST", "Agile", "Bootstrap" ...).

Matching works on tokens (runs of letters/digits, plus a trailing ``+``/``#`` as in C++, C#,
A+, and a leading dot as in .NET; ``&`` is read as "and").  Tokens of a multi-word alias may be
separated by spaces, one line break or one of ``- . / _``, so "Node.js", "node js" and
"Node-JS" are the same alias; aliases are looked up in a token trie that the loader builds
once.  Matching is greedy, left to right, longest alias first, and mentions never overlap.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

__all__ = [
    "AMBIGUOUS_ALIASES",
    "CASE_SENSITIVE_ALIASES",
    "RELATED_SKILLS",
    "SKILL_ALIASES",
    "SKILL_CATEGORIES",
    "TECH_CATEGORIES",
    "SkillMention",
    "all_skills",
    "canonical_skill",
    "extract_skill_names",
    "find_skills",
    "related_skills",
    "skill_category",
]


# ---------------------------------------------------------------------------------------------
# Tokens: runs of letters/digits (plus a trailing +/# and a leading dot), "&" read as "and".
# ---------------------------------------------------------------------------------------------
_TOKEN_RE = re.compile(r"(?:(?<![^\W_])\.)?[^\W_]+[+#]*|&")
_JOIN_GAP_RE = re.compile(
    r"^[ \t]*(?:[-./_][ \t]*)?(?:\n[ \t]*)?$|^[ \t]*\n?[ \t]*(?:[-./_][ \t]*)?$"
)


def _norm_token(tok: str) -> str:
    return "and" if tok == "&" else tok.casefold()


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_norm_token(m.group()) for m in _TOKEN_RE.finditer(text))


# ---------------------------------------------------------------------------------------------
# Vocabulary: data in recruiting/data/skills.toml (its header documents the fields), read,
# validated and indexed once by load_vocabulary().
# ---------------------------------------------------------------------------------------------
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


def _closure(skill: str, implies: dict[str, tuple[str, ...]]) -> frozenset[str]:
    seen: set[str] = set()
    stack = list(implies.get(skill, ()))
    while stack:
        s = stack.pop()
        if s in seen or s == skill:
            continue
        seen.add(s)
        stack.extend(implies.get(s, ()))
    return frozenset(seen)


def _match_index(
    alias_index: dict[tuple[str, ...], str], case_keys: dict[tuple[str, ...], str]
) -> dict[tuple[str, ...], str]:
    """Explicit keys plus joined multi-token keys ("nodejs" for "node js") and simple plurals."""
    index = dict(alias_index)
    for key, canon in alias_index.items():
        if key in case_keys:  # ambiguous keys are case keys too
            continue
        if len(key) > 1 and all(t.isalnum() for t in key):
            joined = ("".join(key),)
            if len(joined[0]) >= 5 and joined not in index:
                index[joined] = canon
        last = key[-1]
        if last.isalpha() and len(last) >= 4 and not last.endswith("s"):
            for suffix in ("s", "es") if last.endswith(("sh", "ch", "x")) else ("s",):
                plural = (*key[:-1], last + suffix)
                if plural not in index:
                    index[plural] = canon
    return index


def _trie(keys) -> dict:
    root: dict = {}
    for key in keys:
        node = root
        for tok in key:
            node = node.setdefault(tok, {})
        node[""] = key
    return root


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

    aliases: dict[str, tuple[str, ...]] = {}
    categories: dict[str, str] = {}
    implies: dict[str, tuple[str, ...]] = {}
    alias_index: dict[tuple[str, ...], str] = {}
    case_keys: dict[tuple[str, ...], str] = {}
    ambig_keys: set[tuple[str, ...]] = set()
    ambiguous: set[str] = set()
    case_sensitive: set[str] = set()
    entries = data.get("skill", [])
    if not isinstance(entries, list):
        raise ValueError("skills vocabulary: skill must be an array of tables ([[skill]])")
    for n, entry in enumerate(entries, 1):
        name = entry.get("name")
        if not isinstance(name, str) or not _tokens(name):
            raise ValueError(f"skill #{n}: name must be a non-empty string, got {name!r}")
        where = f"skill {name!r}"
        extra = set(entry) - _SKILL_FIELDS
        if extra:
            raise ValueError(f"{where}: unknown field {sorted(extra)[0]!r}")
        if name in categories:
            raise ValueError(f"{where}: duplicate canonical skill")
        category = entry.get("category")
        if category not in groups["all"]:
            raise ValueError(f"{where}: unknown category {category!r}")
        spellings = _str_list(entry.get("aliases", []), where, "aliases")
        amb = _str_list(entry.get("ambiguous", []), where, "ambiguous")
        cs = _str_list(entry.get("case_sensitive", []), where, "case_sensitive")
        for flagged, field in ((amb, "ambiguous"), (cs, "case_sensitive")):
            for s in flagged:
                if s not in spellings:
                    raise ValueError(f"{where}: {field} {s!r} is not one of its aliases")
        both = set(amb) & set(cs)
        if both:
            raise ValueError(f"{where}: {sorted(both)[0]!r} is both ambiguous and case_sensitive")
        name_key = _tokens(name)
        flagged_self = any(_tokens(s) == name_key for s in (*amb, *cs))
        clean: list[str] = []
        for spelling in ([] if flagged_self else [name]) + spellings:
            key = _tokens(spelling)
            if not key:
                raise ValueError(f"{where}: empty alias {spelling!r}")
            clean.append(spelling)
            owner = alias_index.get(key)
            if owner is not None and owner != name:
                raise ValueError(f"{where}: alias {spelling!r} also belongs to {owner!r}")
            alias_index[key] = name
            if spelling in amb:
                case_keys[key] = spelling
                ambig_keys.add(key)
                ambiguous.add(spelling)
            elif spelling in cs:
                case_keys[key] = spelling
                case_sensitive.add(spelling)
        categories[name] = category
        aliases[name] = tuple(dict.fromkeys(clean))
        related = _str_list(entry.get("related", []), where, "related")
        if related:
            implies[name] = tuple(related)

    for name, targets in implies.items():
        for t in targets:
            if t not in categories:
                raise ValueError(f"skill {name!r}: related skill {t!r} is not a canonical skill")
    match_index = _match_index(alias_index, case_keys)
    return Vocabulary(
        aliases=aliases,
        categories=categories,
        ambiguous=frozenset(ambiguous),
        case_sensitive=frozenset(case_sensitive),
        implies=implies,
        related={name: _closure(name, implies) for name in categories},
        tech=groups["tech"],
        core_tech=groups["core_tech"],
        code_tech=groups["code_tech"],
        business=groups["business"],
        compatible=compatible,
        no_cue=frozenset(no_cue),
        alias_index=alias_index,
        match_index=match_index,
        case_keys=case_keys,
        ambig_keys=frozenset(ambig_keys),
        trie=_trie(match_index),
    )


@cache
def load_vocabulary() -> Vocabulary:
    """The vocabulary shipped in ``recruiting/data/skills.toml``, read and indexed once."""
    text = resources.files("recruiting").joinpath("data/skills.toml").read_text(encoding="utf-8")
    return parse_vocabulary(text)


_V = load_vocabulary()
SKILL_ALIASES: dict[str, tuple[str, ...]] = _V.aliases
SKILL_CATEGORIES: dict[str, str] = _V.categories
AMBIGUOUS_ALIASES: frozenset[str] = _V.ambiguous
CASE_SENSITIVE_ALIASES: frozenset[str] = _V.case_sensitive
RELATED_SKILLS: dict[str, frozenset[str]] = _V.related
TECH_CATEGORIES: frozenset[str] = _V.tech  # the software / IT categories
# Module-level aliases of the indexes: the matcher reads them on every call.
_TECH_CATEGORIES = _V.tech
_CORE_TECH = _V.core_tech
_CODE_TECH = _V.code_tech
_BUSINESS_CATEGORIES = _V.business
_COMPATIBLE = _V.compatible
_NO_CUE = _V.no_cue
_IMPLIES = _V.implies
_ALIAS_INDEX = _V.alias_index
_MATCH_INDEX = _V.match_index
_CASE_KEYS = _V.case_keys
_AMBIG_KEYS = _V.ambig_keys
_TRIE = _V.trie

# Words that, right before/after an ambiguous alias, make it clearly a skill.
_CUE_AFTER_LANG = re.compile(
    r"[ \t]*(?:programming|programmer|language|lang|developer|developers|development|engineer|engineers|"
    r"code|codebase|coding|script|scripts|scripting|runtime|compiler|modules?|packages?|libraries|"
    r"microservices?|services|backend|back-end|apis?|applications?|apps?|projects?)\b",
    re.IGNORECASE,
)
_CUE_AFTER_TOOL = re.compile(
    r"[ \t]*(?:software|systems?|platform|framework|tools?|suite|database|databases|spreadsheets?|"
    r"macros|formulas|workbooks?|documents|templates|emr|ehr|charting|certified|certification|"
    r"experience|skills|proficiency|\d{2,4}\b)",
    re.IGNORECASE,
)
_CUE_BEFORE = re.compile(
    r"(?:\b(?:in|using|with|via|use of|knowledge of|proficient in|proficiency in|experience in|"
    r"skilled in|expertise in|fluent in|written in|certified in))[ \t]+$",
    re.IGNORECASE,
)
# Ambiguous aliases that are never confirmed by a cue word (only by a list/label context).
_NO_CUE = frozenset(
    {
        "spring",
        "word",
        "access",
        "outlook",
        "lean",
        "sketch",
        "eclipse",
        "puppet",
        "exchange",
        "lambda",
        "celery",
        "cucumber",
        "mocha",
        "helm",
        "windows",
        "collections",
        "ap",
        "ar",
        "gl",
        "french",
        "german",
        "chinese",
        "japanese",
        "portuguese",
        "arabic",
        "hindi",
        "blackboard",
        "ats",
    }
)
_LABEL = re.compile(
    r"(?:^|[\n|•·])[ \t]*[^\n:|•·]{0,40}?\b(?:skills?|languages?|technolog(?:y|ies)|tools?|stack|"
    r"proficienc(?:y|ies)|software|programming|platforms?|frameworks?|competenc(?:y|ies)|expertise|"
    r"environment|applications|systems|certifications?|databases?|libraries|knowledge|highlights|"
    r"familiar with|experienced with|proficient (?:in|with))\b[^\n:]{0,20}:[ \t]*$",
    re.IGNORECASE,
)
_LIST_GAP = re.compile(r"^(?:[\s,;/|•·●▪■◦\-–—+()\[\]]|\band\b|\bor\b|&)*$", re.IGNORECASE)
_LIST_TAIL = re.compile(r"^[ \t]*(?:$|[,;|/•·(])")


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SkillMention:
    skill: str  # canonical name
    alias: str  # the text as written
    start: int  # char offset in the text
    end: int


def all_skills() -> tuple[str, ...]:
    """Every canonical skill name, in vocabulary order."""
    return tuple(SKILL_CATEGORIES)


@lru_cache(maxsize=4096)
def canonical_skill(term: str) -> str | None:
    """Canonical name for a skill term: ``"k8s"`` -> ``"Kubernetes"``, ``"node js"`` -> ``"Node.js"``.

    Case-insensitive and punctuation-tolerant.  Ambiguous aliases ("go", "r") resolve here,
    because the caller is explicitly asking about a skill term.  Returns ``None`` if unknown.
    """
    if not term:
        return None
    key = _tokens(term.strip())
    if not key:
        return None
    hit = _MATCH_INDEX.get(key) or _ALIAS_INDEX.get(key)
    if hit:
        return hit
    if len(key) > 1 and all(t.isalnum() for t in key):
        hit = _MATCH_INDEX.get(("".join(key),))
        if hit:
            return hit
    # "C++ programming", "Python language": drop a trailing generic word
    if len(key) > 1 and key[-1] in {
        "programming",
        "language",
        "lang",
        "framework",
        "development",
        "skills",
        "software",
        "certification",
        "certified",
        "database",
        "databases",
        "tools",
        "platform",
    }:
        return canonical_skill(" ".join(key[:-1]))
    return None


def skill_category(skill: str) -> str | None:
    """Category of a canonical skill (or of any alias of one)."""
    cat = SKILL_CATEGORIES.get(skill)
    if cat is None:
        canon = canonical_skill(skill)
        cat = SKILL_CATEGORIES.get(canon) if canon else None
    return cat


def related_skills(skill: str) -> frozenset[str]:
    """Skills implied by ``skill`` (transitively): Django -> {Python}, DRF -> {Django, Python, REST APIs}."""
    canon = skill if skill in SKILL_CATEGORIES else canonical_skill(skill)
    if canon is None:
        return frozenset()
    return RELATED_SKILLS.get(canon, frozenset())


def _case_ok(written: str, required: str) -> bool:
    if written == required or written == required.upper():
        return True
    # tolerate differences in the separators ("Node JS" vs "Node.js")
    return _tokens_raw(written) in (_tokens_raw(required), _tokens_raw(required.upper()))


def _tokens_raw(text: str) -> tuple[str, ...]:
    return tuple(m.group() for m in _TOKEN_RE.finditer(text))


def _scan(text: str) -> list[tuple[int, int, str, tuple[str, ...]]]:
    """Greedy longest-match scan; returns (start, end, canonical, key) for every candidate."""
    toks = list(_TOKEN_RE.finditer(text))
    n = len(toks)
    out: list[tuple[int, int, str, tuple[str, ...]]] = []
    norm = [_norm_token(m.group()) for m in toks]
    i = 0
    trie = _TRIE
    while i < n:
        node = trie.get(norm[i])
        if node is None:
            i += 1
            continue
        best_j = -1
        best_key = None
        j = i
        while True:
            key = node.get("")
            if key is not None:
                best_j, best_key = j, key
            if j + 1 >= n:
                break
            gap = text[toks[j].end() : toks[j + 1].start()]
            if len(gap) > 4 or not _JOIN_GAP_RE.match(gap):
                break
            nxt = node.get(norm[j + 1])
            if nxt is None:
                break
            node = nxt
            j += 1
        if best_key is None:
            i += 1
            continue
        out.append((toks[i].start(), toks[best_j].end(), _MATCH_INDEX[best_key], best_key))
        i = best_j + 1
    return out


_BAD_BEFORE = frozenset("&-.'’_@/\\")
_BAD_AFTER = frozenset("&'’_@")


def _context_ok(text: str, start: int, end: int, key: tuple[str, ...]) -> bool:
    """Cheap local checks for an ambiguous alias: not glued to '&', '-', '.', apostrophes."""
    prev = text[start - 1] if start > 0 else ""
    nxt = text[end] if end < len(text) else ""
    if prev in _BAD_BEFORE and not (prev == "/" and start >= 2 and text[start - 2].isalnum()):
        return False
    if nxt in _BAD_AFTER:
        return False
    if nxt in "-." and end + 1 < len(text) and text[end + 1].isalnum():
        return False  # "Go-live", "C-level", "R.N."
    # "Plan B.C. Smith": a single letter followed by ". " and glued to the previous word
    return not (
        len(key[0]) == 1
        and nxt == "."
        and end + 1 < len(text)
        and text[end + 1] == " "
        and start > 0
        and not text[start - 1].isspace()
        and text[start - 1] not in ",;:("
    )


def _gap_is_list(text: str, a_end: int, b_start: int, amb_start: int, amb_end: int) -> bool:
    if b_start - a_end > 12:
        return False
    gap = text[a_end:b_start]
    if not _LIST_GAP.match(gap):
        return False
    if "\n" in gap:
        # across a line break only when the ambiguous mention's line looks like a list item
        line_end = text.find("\n", amb_end)
        line_end = len(text) if line_end < 0 else line_end
        line_start = text.rfind("\n", 0, amb_start) + 1
        before = text[line_start:amb_start]
        after = text[amb_end:line_end]
        if not _LIST_TAIL.match(after) or not _LIST_GAP.match(before):
            return False
    return True


def find_skills(text: str, *, skills_context: bool = False) -> list[SkillMention]:
    """All skill mentions in ``text``, left to right, longest alias first, never overlapping.

    Ambiguous short aliases ("Go", "R", "C", "Excel", "Spring", "Epic") count only with the
    vocabulary's capitalisation and in a safe context (a list of compatible skills, a
    ``Skills:``-style label, or a cue word such as "Go developer" / "written in R").
    ``skills_context=True`` says the whole text is a skills list (the body of a "Skills"
    section), so ambiguous aliases then need only the capitalisation and local checks.
    """
    if not text:
        return []
    cands = _scan(text)
    if not cands:
        return []
    # status: True = accepted, False = rejected, None = ambiguous pending
    status: list[bool | None] = []
    for start, end, _canon, key in cands:
        required = _CASE_KEYS.get(key)
        if required is not None and not _case_ok(text[start:end], required):
            status.append(False)
            continue
        if key in _AMBIG_KEYS:
            status.append(None if _context_ok(text, start, end, key) else False)
        else:
            status.append(True)

    pending = [k for k, s in enumerate(status) if s is None]
    if pending and skills_context:
        # A skills section: an ambiguous alias counts when the section also names skills of a
        # compatible field (two distinct ones for programming words, so that a stray "C" or
        # "Express" in an HR or accounting keyword list is not read as a language).
        accepted = {cands[k][2] for k, s in enumerate(status) if s is True}
        for k in pending:
            cat = SKILL_CATEGORIES[cands[k][2]]
            if cat in _CORE_TECH:
                support = {a for a in accepted if SKILL_CATEGORIES[a] in _CODE_TECH}
                status[k] = len(support) >= 2
            else:
                ok_cats = _COMPATIBLE.get(cat, frozenset())
                status[k] = any(SKILL_CATEGORIES[a] in ok_cats for a in accepted)
    elif pending:
        # cue words and labels
        for k in pending:
            start, end, canon, key = cands[k]
            cat = SKILL_CATEGORIES[canon]
            low_key = key[0] if len(key) == 1 else ""
            if low_key not in _NO_CUE:
                after = text[end : end + 40]
                before = text[max(0, start - 40) : start]
                cue_after = _CUE_AFTER_LANG if cat == "programming_language" else _CUE_AFTER_TOOL
                if cue_after.match(after) or _CUE_BEFORE.search(before):
                    status[k] = True
                    continue
            line_start = text.rfind("\n", 0, start) + 1
            prefix = text[max(line_start, start - 80) : start]
            if _LABEL.search(prefix) or _LABEL.search("\n" + prefix):
                status[k] = True
        # list neighbours, propagated until stable
        changed = True
        while changed:
            changed = False
            for k in pending:
                if status[k] is not None:
                    continue
                start, end, canon, key = cands[k]
                ok_cats = _COMPATIBLE.get(SKILL_CATEGORIES[canon], frozenset())
                for nb in (k - 1, k + 1):
                    if nb < 0 or nb >= len(cands) or status[nb] is not True:
                        continue
                    if SKILL_CATEGORIES[cands[nb][2]] not in ok_cats:
                        continue
                    if nb < k:
                        ok = _gap_is_list(text, cands[nb][1], start, start, end)
                    else:
                        ok = _gap_is_list(text, end, cands[nb][0], start, end)
                    if ok:
                        status[k] = True
                        changed = True
                        break
    return [
        SkillMention(skill=canon, alias=text[start:end], start=start, end=end)
        for (start, end, canon, _key), s in zip(cands, status, strict=True)
        if s is True
    ]


def extract_skill_names(text: str) -> list[str]:
    """Canonical skills in order of first mention, without duplicates."""
    return list(dict.fromkeys(m.skill for m in find_skills(text)))
