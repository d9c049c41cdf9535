"""From a skill term to the vocabulary: its canonical name, its category, what it implies."""

from __future__ import annotations

from functools import lru_cache

from recruiting.skills.tokens import tokens
from recruiting.skills.vocabulary import RELATED_SKILLS, SKILL_CATEGORIES, load_vocabulary

_ALIAS_INDEX = load_vocabulary().alias_index
_MATCH_INDEX = load_vocabulary().match_index

# "C++ programming", "Python language": a trailing generic word the term is still the skill
# without.
_GENERIC_LAST_WORDS = frozenset(
    {
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
    }
)


@lru_cache(maxsize=4096)
def canonical_skill(term: str) -> str | None:
    """Canonical name for a skill term: ``"k8s"`` -> ``"Kubernetes"``, ``"node js"`` -> ``"Node.js"``.

    Case-insensitive and punctuation-tolerant.  Ambiguous aliases ("go", "r") resolve here,
    because the caller is explicitly asking about a skill term.  Returns ``None`` if unknown.
    """
    if not term:
        return None
    key = tokens(term.strip())
    if not key:
        return None
    hit = _MATCH_INDEX.get(key) or _ALIAS_INDEX.get(key)
    if hit:
        return hit
    if len(key) > 1 and all(t.isalnum() for t in key):
        hit = _MATCH_INDEX.get(("".join(key),))
        if hit:
            return hit
    if len(key) > 1 and key[-1] in _GENERIC_LAST_WORDS:
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
