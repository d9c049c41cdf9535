"""Thin, cached adapter over the shared skills vocabulary (``recruiting.skills``).

If the vocabulary module cannot be imported the scorer still works (keyword matching
only); ``AVAILABLE`` tells which mode is active.
"""

from __future__ import annotations

from functools import lru_cache

try:  # the vocabulary is pure Python; importing it must not need Django
    from recruiting import skills as _skills  # type: ignore
except Exception:  # pragma: no cover - exercised only when the vocabulary is absent
    _skills = None

AVAILABLE = _skills is not None and hasattr(_skills, "find_skills")
# Software / IT categories of the vocabulary (one "field" for requirement extraction).
TECH_CATEGORIES: frozenset[str] = frozenset(getattr(_skills, "TECH_CATEGORIES", ()) or ())
# Every category of the vocabulary (empty without it).
CATEGORIES: frozenset[str] = frozenset(getattr(_skills, "SKILL_CATEGORIES", {}).values())


def find_skills(text: str) -> list[tuple[str, int, int]]:
    """(canonical skill, start, end) for each skill mention in ``text``."""
    if not AVAILABLE or not text:
        return []
    out = []
    for m in _skills.find_skills(text):
        out.append((m.skill, m.start, m.end))
    return out


@lru_cache(maxsize=20_000)
def canonical_skill(term: str) -> str | None:
    if not AVAILABLE or not term:
        return None
    try:
        return _skills.canonical_skill(term)
    except Exception:  # pragma: no cover
        return None


@lru_cache(maxsize=20_000)
def related_skills(skill: str) -> frozenset[str]:
    if not AVAILABLE or not hasattr(_skills, "related_skills"):
        return frozenset()
    try:
        return frozenset(_skills.related_skills(skill))
    except Exception:  # pragma: no cover
        return frozenset()


@lru_cache(maxsize=20_000)
def skill_category(skill: str) -> str | None:
    if not AVAILABLE or not hasattr(_skills, "skill_category"):
        return None
    try:
        return _skills.skill_category(skill)
    except Exception:  # pragma: no cover
        return None
