"""``extract_requirements``: a job description to :class:`JobRequirements`."""

from __future__ import annotations

import re

from ai.scoring import _text, _vocab
from ai.scoring.requirements.items import _item_to_requirements
from ai.scoring.requirements.knockouts import _knockouts
from ai.scoring.requirements.model import (
    MAX_EMPHASIS,
    MAX_EXTRA_NICE,
    MUST_WEIGHT,
    NICE_WEIGHT,
    SOFT_CATEGORIES,
    SOFT_SKILL_FACTOR,
    JobRequirements,
    Requirement,
    _dedupe_ids,
    _Draft,
)
from ai.scoring.requirements.posting import _items, _Section, _split_sentences, split_sections
from ai.scoring.requirements.title import _seniority, _title
from ai.scoring.requirements.years import _fmt_years, years_in
from recruiting.textbounds import bound_text

_REQ_SENTENCE_RE = re.compile(
    r"\b(?:must|required|requirement|need(?:s|ed)?\s+to|should\s+have|you\s+(?:have|bring|need)|experience\s+(?:in|with|as)|knowledge\s+of|familiar(?:ity)?\s+with|proficien\w*|degree|certif\w*|licen[cs]\w*|ability\s+to|able\s+to|years?|background\s+in|expertise\s+in|skills?\s+in|understanding\s+of|track\s+record)\b",
    re.I,
)


def extract_requirements(job_description: str) -> JobRequirements:
    """Structured, editable requirements from a job-description text (deterministic)."""
    text = bound_text(job_description or "")
    sections = split_sections(text)
    title = _title(sections, text)
    has_req_sections = any(s.kind in ("must", "nice") for s in sections)
    drafts, emphasis_text = _drafts_and_emphasis(sections, title, has_req_sections)
    drafts = _merge(drafts)

    # Emphasis and extra skills from title / summary / responsibilities (or the rest).
    counts: dict[str, float] = {}
    for i, t in enumerate(emphasis_text):
        t = _HIRING_RE.sub(" ", t)
        for skill, _, _ in _vocab.find_skills(t):
            counts[skill] = counts.get(skill, 0.0) + (2.0 if (i == 0 and title) else 1.0)
    _emphasise(drafts, counts)
    drafts.extend(_extra_skill_drafts(drafts, counts, has_req_sections))

    if not any(d.must for d in drafts):
        # Nothing explicit: use the most salient content terms of the whole description.
        terms = _salient_terms(text, title)
        if terms:
            drafts.append(
                _Draft(
                    Requirement(
                        id="relevant-background",
                        text="Relevant background: " + ", ".join(terms),
                        keywords=terms,
                        weight=MUST_WEIGHT,
                        kind="keyword",
                        source="(salient terms of the description)",
                    ),
                    True,
                )
            )

    must = [d.req for d in drafts if d.must]
    nice = [d.req for d in drafts if not d.must]
    _dedupe_ids(must + nice)

    years_candidates = [r.min_years for r in must if r.kind == "years" and r.min_years]
    if not years_candidates:
        years_candidates = [r.min_years for r in must if r.min_years]
    min_years = max(years_candidates) if years_candidates else None
    if min_years is None:
        y = years_in(text)
        min_years = y
    return JobRequirements(
        must_have=must,
        nice_to_have=nice,
        min_years=min_years,
        seniority=_seniority(
            title,
            text,
            max((r.min_years for r in must if r.kind == "years" and r.min_years), default=None),
        ),
        knockouts=_knockouts(text),
        title=title,
    )


def _drafts_and_emphasis(
    sections: list[_Section], title: str, has_req_sections: bool
) -> tuple[list[_Draft], list[str]]:
    """Drafts from the requirement sections (or, without any, from requirement-like
    sentences), and the text whose skills add emphasis: the title first."""
    drafts: list[_Draft] = []
    emphasis_text: list[str] = [title] if title else []
    if has_req_sections:
        for s in sections:
            if s.kind in ("must", "nice"):
                for item in _items(s):
                    drafts.extend(_item_to_requirements(item, s.kind == "must"))
            elif s.kind in ("summary", "responsibilities", "preamble", "other"):
                emphasis_text.extend(_items(s))
        return drafts, emphasis_text
    for s in sections:
        if s.kind in ("company", "title"):
            continue
        for item in _items(s):
            for sent in _split_sentences(item):
                if _REQ_SENTENCE_RE.search(sent):
                    # Only keep the requirement-like part; skills elsewhere are added below.
                    drafts.extend(
                        d
                        for d in _item_to_requirements(sent, True)
                        if d.req.kind != "keyword" or _strong_cue(sent)
                    )
                else:
                    emphasis_text.append(sent)
    return drafts, emphasis_text


def _emphasise(drafts: list[_Draft], counts: dict[str, float]) -> None:
    """Skill requirements the rest of the advert repeats weigh a little more, up to a cap."""
    for d in drafts:
        extra = max((counts.get(s, 0.0) for s in d.req.skills), default=0.0)
        if extra and d.req.kind == "skill":
            cap = (
                MAX_EMPHASIS
                * d.req.weight
                / (MUST_WEIGHT if d.must else NICE_WEIGHT)
                * (MUST_WEIGHT if d.must else NICE_WEIGHT)
            )
            d.req.weight = round(min(cap, d.req.weight * (1.0 + 0.15 * min(extra, 3.0))), 3)


def _extra_skill_drafts(
    drafts: list[_Draft], counts: dict[str, float], has_req_sections: bool
) -> list[_Draft]:
    """Skills mentioned outside the requirements that no requirement covers."""
    covered = {s for d in drafts for s in d.req.skills}
    implied = set(covered)
    for sk in covered:
        implied |= _vocab.related_skills(sk)
    fields = {_field(s) for d in drafts if d.must for s in d.req.skills} - {None}
    extra_skills = sorted((s for s in counts if s not in covered), key=lambda s: (-counts[s], s))
    if has_req_sections:
        # The requirement sections say what is required; a skill only the description or the
        # responsibilities mention is a nice-to-have only if it belongs to the field of the
        # must-haves and is not already implied by one (Django REST Framework by Django).
        # Soft skills and the domain of the employer's business ("billing", "care plans" at a
        # health-software company) are not requirements.
        extra_skills = [
            s
            for s in extra_skills
            if _vocab.skill_category(s) not in SOFT_CATEGORIES
            and _field(s) in fields
            and s not in implied
            and not (_vocab.related_skills(s) & covered)
        ][:MAX_EXTRA_NICE]
    extra: list[_Draft] = []
    for s in extra_skills[:12]:
        must = (not has_req_sections) and counts[s] >= 2.0
        w = MUST_WEIGHT if must else NICE_WEIGHT
        if _vocab.skill_category(s) in SOFT_CATEGORIES:
            w *= SOFT_SKILL_FACTOR
        extra.append(
            _Draft(
                Requirement(
                    id=_text.slugify(s),
                    text=s,
                    skills=[s],
                    weight=w,
                    kind="skill",
                    source="(mentioned in the description)",
                ),
                must,
            )
        )
    return extra


_TECH_FIELD = "technology"


def _field(skill: str) -> str | None:
    """Coarse field of a skill: all software / IT categories are one field."""
    cat = _vocab.skill_category(skill)
    if cat is None or cat in SOFT_CATEGORIES:
        return None
    return _TECH_FIELD if cat in _vocab.TECH_CATEGORIES else cat


_HIRING_RE = re.compile(
    r"\b(?:we(?:'re|\s+are)|is|are)\s+(?:now\s+|currently\s+|actively\s+)?(?:hiring|recruiting|seeking|looking\s+for)\b",
    re.I,
)


def _strong_cue(sent: str) -> bool:
    return bool(
        re.search(
            r"\b(?:must|required|requirement|need|should have|knowledge of|experience (?:in|with)|proficien\w*|certif\w*|licen[cs]\w*|background in|expertise in)\b",
            sent,
            re.I,
        )
    )


def _merge(drafts: list[_Draft]) -> list[_Draft]:
    """Drop duplicate skill requirements (keep the first; a must-have wins over nice)."""
    out: list[_Draft] = []
    index: dict[tuple, _Draft] = {}
    for d in drafts:
        if d.req.kind == "skill":
            key = ("skill", tuple(sorted(d.req.skills)))
        else:
            key = (d.req.kind, d.req.text.lower())
        prev = index.get(key)
        if prev is None:
            index[key] = d
            out.append(d)
            continue
        if d.must and not prev.must:
            prev.must = True
            prev.req.weight = max(prev.req.weight, d.req.weight)
        if d.req.min_years and (prev.req.min_years or 0) < d.req.min_years:
            prev.req.min_years = d.req.min_years
            if prev.req.kind == "skill":
                prev.req.text = f"{_fmt_years(d.req.min_years)} of {' or '.join(prev.req.skills)}"
    return out


def _salient_terms(text: str, title: str, k: int = 8) -> list[str]:
    scores: dict[str, float] = {}
    form: dict[str, str] = {}
    for w in _text.words(title):
        if _text.term_weight(w) > 0:
            st = _text.stem(w)
            scores[st] = scores.get(st, 0.0) + 2.0 * _text.term_weight(w)
            form.setdefault(st, w)
    for w in _text.words(text):
        tw = _text.term_weight(w)
        if tw > 0 and len(w) > 2:
            st = _text.stem(w)
            scores[st] = scores.get(st, 0.0) + tw
            form.setdefault(st, w)
    ranked = sorted(scores, key=lambda s: (-scores[s], s))
    return [form[s] for s in ranked[:k] if scores[s] >= 1.0]
