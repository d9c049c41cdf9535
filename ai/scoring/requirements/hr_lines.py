"""Requirements HR wrote: kept word for word, with the terms to match derived."""

from __future__ import annotations

import re
from typing import Any

from ai.scoring import _text
from ai.scoring.requirements.extract import _merge
from ai.scoring.requirements.items import _item_to_requirements
from ai.scoring.requirements.model import MATCH_FIELDS, MUST_WEIGHT, NICE_WEIGHT, Requirement

_OR_RE = re.compile(r"\s+or\s+", re.I)


def _derived(text: str, must: bool) -> list[Requirement]:
    return [d.req for d in _merge(_item_to_requirements(text, must))]


def _terms(req: Requirement) -> dict[str, Any]:
    data = req.to_dict()
    return {key: data[key] for key in MATCH_FIELDS}


def _keyword_terms(text: str) -> dict[str, Any]:
    return {
        "skills": [],
        "keywords": _text.key_phrases(text)[:8],
        "min_years": None,
        "kind": "keyword",
    }


def requirement_from_line(line: str, *, must: bool) -> Requirement:
    """A requirement HR wrote, kept exactly as written, with the terms to match derived.

    The text is never split, reworded or joined with other lines: "Python, Go and Rust" stays
    one requirement that the scorer reads as three parts, all needed; "CPA or CFA" one whose
    best alternative counts. Where HR put the line (must-have or nice-to-have) decides its
    weight, whatever cue words it holds.
    """
    text = line.strip()
    requirement = Requirement(
        id=_text.slugify(text) or "requirement",
        text=text,
        weight=MUST_WEIGHT if must else NICE_WEIGHT,
        source=text,
    )
    derived = _derived(text, must)
    alternatives = [a for a in _OR_RE.split(text) if a.strip()]
    if len(alternatives) > 1 and len(derived) <= 1:
        named = len(derived[0].skills) if derived else 0
        if named < len(alternatives):
            # The extractor kept fewer alternatives than HR named (one outside the skill
            # vocabulary): read each alternative on its own, any one of them enough.
            requirement.parts = [
                _terms(found[0]) if len(found := _derived(alt, must)) == 1 else _keyword_terms(alt)
                for alt in alternatives
            ]
            requirement.any_of = True
            requirement.kind = "keyword"
            return requirement
    if len(derived) == 1:
        for key, value in _terms(derived[0]).items():
            setattr(requirement, key, value)
    elif derived:
        requirement.parts = [_terms(d) for d in derived]
        requirement.kind = "skill" if all(d.kind == "skill" for d in derived) else "keyword"
        requirement.skills = [s for d in derived for s in d.skills]
    else:
        for key, value in _keyword_terms(text).items():
            setattr(requirement, key, value)
    return requirement
