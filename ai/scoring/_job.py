"""A job compiled for scoring: its requirements as stems and skills, the title, the lexical
query, the shingles for spotting copied text and the field-of-work profile.

Compiled once per (requirements, job description) and kept in a small cache, since a job's
resumes are scored one after another.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ai.scoring import _text, _vocab
from ai.scoring._similarity import add_to_profile, normalised_profile
from ai.scoring._wordlists import load_title_words
from ai.scoring.requirements.model import KINDS, JobRequirements, Requirement
from ai.scoring.requirements.posting import split_sections
from recruiting.text.degrees import DegreeLevel, degree_level

COPY_SHINGLE = 10  # word n-grams copied verbatim from the job description are ignored
TITLE_HEAD_WEIGHT = (
    2.0  # the head noun of a job title ("Engineer" in "Mechanical Engineer") counts double
)
_JOB_CACHE_SIZE = 64
# The names of the degree levels ("bachelor", "high school"): a requirement's keyword that is
# one of them is matched by level, not as a field of study.
_DEGREE_NAMES = frozenset(level.label for level in DegreeLevel if level.rank)


@dataclass
class CompiledRequirement:
    req: object  # ai.scoring.requirements.Requirement
    must: bool
    kind: str
    skills: list[str]
    phrases: list[list[tuple[str, float]]]  # keyword phrases as (stem, weight) lists
    role: list[tuple[str, float]]  # for kind == experience
    degree: DegreeLevel | None  # for kind == education
    parts: list[CompiledRequirement] = field(default_factory=list)  # an HR line naming several
    any_of: bool = False


@dataclass
class CompiledJob:
    reqs: list[CompiledRequirement]
    title_stems: list[tuple[str, float]]
    query: dict[str, float]
    shingles: frozenset
    min_years: float | None
    profile: dict[str, float] = field(default_factory=dict)  # skill categories, unit length


def phrase_stems(phrase: str) -> list[tuple[str, float]]:
    """(stem, term weight) of the phrase's weighted words, each stem once."""
    out: list[tuple[str, float]] = []
    seen = set()
    for w in _text.words(phrase):
        tw = _text.term_weight(w)
        if tw <= 0:
            continue
        st = _text.stem(w)
        if st not in seen:
            seen.add(st)
            out.append((st, tw))
    return out


def _role_stems(phrase: str) -> list[tuple[str, float]]:
    seniority = load_title_words().seniority
    return [(s, w) for s, w in phrase_stems(phrase) if s not in seniority and not s.isdigit()]


def _title_stems(title: str) -> list[tuple[str, float]]:
    """Title stems; the head noun (last content word before "-", ",", "(" or "for") weighs more."""
    main = re.split(r"\s[-–—|/(]\s|[(,]|\bfor\b|\bat\b", title, maxsplit=1)[0]
    stems = _role_stems(title)
    head = _role_stems(main)
    if TITLE_HEAD_WEIGHT != 1.0 and head:
        h = head[-1][0]
        stems = [(s, w * TITLE_HEAD_WEIGHT if s == h else w) for s, w in stems]
    return stems


# ----------------------------------------------------------------------------- requirements


def _compile_parts(r, must: bool) -> CompiledRequirement:
    compiled = [
        _compile_requirement(Requirement.from_dict({**p, "text": r.text, "id": r.id}), must)
        for p in r.parts
    ]
    skills = list(dict.fromkeys(s for c in compiled for s in c.skills))
    kind = "skill" if all(c.kind == "skill" for c in compiled) else "keyword"
    return CompiledRequirement(r, must, kind, skills, [], [], None, compiled, bool(r.any_of))


def _kind(r, skills: list[str]) -> str:
    """The requirement's kind, "keyword" when it lacks what its kind is scored by."""
    kind = r.kind if r.kind in KINDS else ("skill" if r.skills else "keyword")
    if kind == "skill" and not skills:
        return "keyword"
    if kind == "years" and r.min_years is None:
        return "keyword"
    return kind


def _compile_requirement(r, must: bool) -> CompiledRequirement:
    if getattr(r, "parts", None):
        return _compile_parts(r, must)
    skills = list(dict.fromkeys(_vocab.canonical_skill(s) or s for s in r.skills))
    keywords = list(r.keywords)
    if not skills and not keywords:
        keywords = _text.key_phrases(r.text) or [r.text]
    phrases = [p for p in (phrase_stems(k) for k in keywords) if p]
    role: list[tuple[str, float]] = []
    degree = None
    kind = _kind(r, skills)
    if kind == "experience":
        role = (_role_stems(keywords[0]) if keywords else []) or _role_stems(r.text)
    if kind == "education":
        degree = degree_level(" ".join(keywords) + " " + r.text)
        phrases = [p for p in (phrase_stems(k) for k in keywords if k not in _DEGREE_NAMES) if p]
    return CompiledRequirement(r, must, kind, skills, phrases, role, degree)


# ----------------------------------------------------------------------------- lexical query


def _query_from_texts(texts: list[str]) -> dict[str, float]:
    counts: dict[str, float] = {}
    weights: dict[str, float] = {}
    for t in texts:
        for w in _text.words(t or ""):
            tw = _text.term_weight(w)
            if tw > 0:
                st = _text.stem(w)
                counts[st] = counts.get(st, 0.0) + 1.0
                weights[st] = max(weights.get(st, 0.0), tw)
        for skill, _, _ in _vocab.find_skills(t or ""):
            key = "§" + skill
            counts[key] = counts.get(key, 0.0) + 1.0
            weights[key] = 1.5
    return {st: weights[st] * (1.0 + math.log(counts[st])) for st in counts}


@lru_cache(maxsize=64)
def _query_from_jd(jd: str, title: str) -> dict[str, float]:
    """Lexical query terms of a job description: everything except boilerplate sections
    (benefits, about us, EEO), with the title counted twice."""
    texts: list[str] = [title, title] if title else []
    for s in split_sections(jd):
        if s.kind != "company":
            texts.extend(t for t, _ in s.lines)
    return _query_from_texts(texts)


def _job_profile(reqs: list[CompiledRequirement], query: dict[str, float]) -> dict[str, float]:
    """Which fields of work (vocabulary skill categories) the job is about."""
    prof: dict[str, float] = {}
    for c in reqs:
        for s in c.skills:
            add_to_profile(prof, s, max(0.0, c.req.weight) / len(c.skills))
    for key in query:
        if key.startswith("§"):
            add_to_profile(prof, key[1:], 0.5)
    return normalised_profile(prof)


# ----------------------------------------------------------------------------- the job


def _compile_job(data: dict, job_description: str) -> CompiledJob:
    jr = JobRequirements.from_dict(data)
    reqs = [_compile_requirement(r, m) for r, m in jr.all()]
    if jr.min_years and not any(c.kind == "years" for c in reqs):
        # a minimum set on the job (e.g. edited by HR) without a matching criterion
        synthetic = Requirement(
            id="years-of-experience",
            text=f"{jr.min_years:g}+ years of experience",
            min_years=jr.min_years,
            kind="years",
            weight=1.0,
        )
        reqs.append(_compile_requirement(synthetic, True))
    title_stems = _title_stems(jr.title) if jr.title else []
    if job_description.strip():
        query = _query_from_jd(job_description, jr.title)
        sh = _text.shingles(job_description, COPY_SHINGLE)
    else:
        texts = (
            [jr.title, jr.title] + [r.text for r, _ in jr.all()] + [r.source for r, _ in jr.all()]
        )
        query = _query_from_texts(texts)
        sh = frozenset()
    return CompiledJob(reqs, title_stems, query, sh, jr.min_years, _job_profile(reqs, query))


def _fingerprint(requirements) -> str:
    """A cheap, exact key for the requirements' content (they may be edited in place)."""
    if isinstance(requirements, dict):
        return json.dumps(requirements, sort_keys=True, default=str)
    parts = [repr((requirements.title, requirements.min_years, requirements.seniority))]
    for group in (requirements.must_have, requirements.nice_to_have):
        parts.append("|")
        for r in group:
            parts.append(
                repr(
                    (
                        r.id,
                        r.text,
                        tuple(r.skills),
                        tuple(r.keywords),
                        r.min_years,
                        r.weight,
                        r.kind,
                        json.dumps(r.parts, sort_keys=True, default=str),
                        r.any_of,
                    )
                )
            )
    return "".join(parts)


_JOBS: dict[tuple[str, str], CompiledJob] = {}


def compiled_job(requirements, job_description: str) -> CompiledJob:
    """The job compiled from ``requirements`` (a ``JobRequirements`` or its dict), cached."""
    key = (_fingerprint(requirements), job_description)
    job = _JOBS.get(key)
    if job is None:
        data = requirements if isinstance(requirements, dict) else requirements.to_dict()
        job = _compile_job(data, job_description)
        if len(_JOBS) > _JOB_CACHE_SIZE:
            _JOBS.clear()
        _JOBS[key] = job
    return job
