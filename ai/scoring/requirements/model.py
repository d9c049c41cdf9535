"""What the extractor returns and HR edits: ``Requirement`` and ``JobRequirements``, the weights."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from ai.scoring import _text

SENIORITY_LEVELS = ("intern", "junior", "mid", "senior", "lead", "principal", "unspecified")
KINDS = ("skill", "keyword", "experience", "years", "education")

MUST_WEIGHT = 1.0
NICE_WEIGHT = 0.5
MAX_EMPHASIS = 1.5  # cap on the weight a repeated skill can reach
# Soft skills ("Communication", "Teamwork") are self-reported and hard to evidence in a resume,
# so they count half as much as a hard requirement.
SOFT_CATEGORIES = frozenset({"soft_skill"})
SOFT_SKILL_FACTOR = 0.5
# At most this many skills mentioned only outside the requirement sections become nice-to-haves.
MAX_EXTRA_NICE = 6


@dataclass
class Requirement:
    """One thing the job asks for.

    ``skills`` is an any-of list of canonical vocabulary skills; ``keywords`` are phrases for
    requirements outside the vocabulary (for ``kind == "experience"`` the first keyword is the
    role or domain whose years are counted). ``source`` is the job-description line it came
    from.

    A line HR wrote is kept as ``text`` word for word; when it names several things, the
    terms the scorer matches are kept apart in ``parts`` (each a requirement's matching
    fields, without text of its own to show): all of them count, or with ``any_of`` the
    best one does ("CPA or CFA").
    """

    id: str
    text: str
    skills: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    min_years: float | None = None
    weight: float = 1.0
    kind: str = "keyword"
    source: str = ""
    parts: list[dict[str, Any]] = field(default_factory=list)
    any_of: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Requirement:
        if isinstance(data, str):
            data = {"text": data}
        text = str(data.get("text") or data.get("requirement") or "").strip()
        skills = _str_list(data.get("skills"))
        keywords = _str_list(data.get("keywords"))
        kind = str(data.get("kind") or "").strip().lower()
        if kind not in KINDS:
            kind = "skill" if skills else "keyword"
        min_years = _opt_float(data.get("min_years"))
        weight = _opt_float(data.get("weight"))
        rid = str(data.get("id") or "").strip() or _text.slugify(
            text or " ".join(skills + keywords)
        )
        parts = []
        for part in data.get("parts") or []:
            if isinstance(part, dict):
                terms = cls.from_dict({**part, "parts": None}).to_dict()
                parts.append({key: terms[key] for key in MATCH_FIELDS})
        return cls(
            id=rid,
            text=text or ", ".join(skills + keywords) or rid,
            skills=skills,
            keywords=keywords,
            min_years=min_years,
            weight=1.0 if weight is None else max(0.0, weight),
            kind=kind,
            source=str(data.get("source") or ""),
            parts=parts,
            any_of=bool(data.get("any_of")) and bool(parts),
        )


# What the scorer matches a requirement on (a part of an HR line keeps only these).
MATCH_FIELDS = ("skills", "keywords", "min_years", "kind")


@dataclass
class JobRequirements:
    must_have: list[Requirement] = field(default_factory=list)
    nice_to_have: list[Requirement] = field(default_factory=list)
    min_years: float | None = None
    seniority: str = "unspecified"
    knockouts: list[str] = field(default_factory=list)
    title: str = ""

    def all(self) -> list[tuple[Requirement, bool]]:
        """(requirement, is_must_have) pairs, must-haves first."""
        return [(r, True) for r in self.must_have] + [(r, False) for r in self.nice_to_have]

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "seniority": self.seniority,
            "min_years": self.min_years,
            "must_have": [r.to_dict() for r in self.must_have],
            "nice_to_have": [r.to_dict() for r in self.nice_to_have],
            "knockouts": list(self.knockouts),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> JobRequirements:
        must = [Requirement.from_dict(r) for r in data.get("must_have") or []]
        nice = [Requirement.from_dict(r) for r in data.get("nice_to_have") or []]
        _dedupe_ids(must + nice)
        seniority = str(data.get("seniority") or "unspecified").strip().lower()
        if seniority not in SENIORITY_LEVELS:
            seniority = "unspecified"
        return cls(
            must_have=must,
            nice_to_have=nice,
            min_years=_opt_float(data.get("min_years")),
            seniority=seniority,
            knockouts=_str_list(data.get("knockouts")),
            title=str(data.get("title") or ""),
        )


def _str_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [v for v in re.split(r"[,;\n]", value)]
    return [str(v).strip() for v in value if str(v).strip()]


def _opt_float(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if f == f else None  # NaN -> None


def _dedupe_ids(reqs: list[Requirement]) -> None:
    seen: dict[str, int] = {}
    for r in reqs:
        base = r.id
        if base in seen:
            seen[base] += 1
            r.id = f"{base}-{seen[base]}"
        else:
            seen[base] = 1


@dataclass
class _Draft:
    req: Requirement
    must: bool
