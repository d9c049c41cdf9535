"""Skills vocabulary, synonym resolution and skill-mention extraction (pure Python, no Django).

Where things are:

* ``vocabulary``: ``recruiting/data/skills.toml`` read, validated and indexed once
  (:func:`load_vocabulary`, :func:`parse_vocabulary`), and the constants naming it
  (``SKILL_ALIASES``, ``SKILL_CATEGORIES``, ``AMBIGUOUS_ALIASES``, ...).
* ``indexes``: what the loader derives: match keys (joined, plural), the token trie, the
  transitive implications behind ``RELATED_SKILLS``.
* ``tokens``: how aliases and texts are cut into comparable tokens.
* ``lookup``: a term to its skill: :func:`canonical_skill`, :func:`skill_category`,
  :func:`related_skills`.
* ``matching``: skill mentions in a text (:func:`find_skills`), with the context rules for
  ambiguous aliases ("Go", "R", "Excel").
"""

from recruiting.skills.lookup import canonical_skill, related_skills, skill_category
from recruiting.skills.matching import SkillMention, extract_skill_names, find_skills
from recruiting.skills.vocabulary import (
    AMBIGUOUS_ALIASES,
    CASE_SENSITIVE_ALIASES,
    RELATED_SKILLS,
    SKILL_ALIASES,
    SKILL_CATEGORIES,
    TECH_CATEGORIES,
    Vocabulary,
    all_skills,
    load_vocabulary,
    parse_vocabulary,
)

__all__ = [
    "AMBIGUOUS_ALIASES",
    "CASE_SENSITIVE_ALIASES",
    "RELATED_SKILLS",
    "SKILL_ALIASES",
    "SKILL_CATEGORIES",
    "TECH_CATEGORIES",
    "SkillMention",
    "Vocabulary",
    "all_skills",
    "canonical_skill",
    "extract_skill_names",
    "find_skills",
    "load_vocabulary",
    "parse_vocabulary",
    "related_skills",
    "skill_category",
]
