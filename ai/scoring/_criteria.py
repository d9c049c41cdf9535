"""One criterion score per requirement: skills, role experience, years, education, keywords.

Each kind turns the evidence found in the resume (``_evidence``) into a 0..1 score, the lines
quoted as evidence and a note that says why the score is what it is.
"""

from __future__ import annotations

from typing import NamedTuple

from ai.scoring import _resume, _vocab
from ai.scoring._evidence import (
    DEGREE_HINT_RE,
    degree_in,
    keyword_score,
    skill_presence,
    stated_skill_years,
    years_in_lines,
)
from ai.scoring._job import CompiledRequirement
from ai.scoring._result import MATCH_THRESHOLD, CriterionScore, format_years
from ai.scoring._similarity import best_line_recall, weighted_recall

RELATED_CREDIT = 0.75  # credit for a skill that implies the required one (Django for Python)
BROADER_CREDIT = 0.25  # credit for a broader skill the required one implies (Python for Django)
# Share of a requirement's credit kept when the candidate has none of the required years
# (the rest scales with have/need): short tenure counts against a requirement, without a cliff.
YEARS_FLOOR = 0.35


class _Finding(NamedTuple):
    score: float
    lines: list[int]  # evidence lines, best first
    skills: list[str]  # the skill that earned the score, if any
    note: str


def _join(a: str, b: str) -> str:
    return f"{a}; {b}" if a else b


def years_factor(have: float | None, need: float | None) -> float:
    if not need:
        return 1.0
    if have is None:
        return 0.5  # unknown: neither credit nor a full penalty
    return max(0.0, min(1.0, have / need))


def _with_years_floor(factor: float) -> float:
    return YEARS_FLOOR + (1.0 - YEARS_FLOOR) * factor


# ----------------------------------------------------------------------------- skills


def _related_skill(
    c: CompiledRequirement, doc: _resume.Resume, best: tuple
) -> tuple[float, list[int], str, str]:
    """Partial credit for related skills: a resume skill that implies the required one
    (Django for Python) gets RELATED_CREDIT, a broader one that the required skill implies
    (Python for Django) only BROADER_CREDIT."""
    for s in c.skills:
        implies = {t for t in doc.skill_lines if s in _vocab.related_skills(t)}
        broader = set(_vocab.related_skills(s)) - implies
        for t in sorted(implies | broader):
            if t in c.skills:
                continue
            credit = RELATED_CREDIT if t in implies else BROADER_CREDIT
            strength, lines, _ = skill_presence(t, doc)
            if strength * credit > best[0]:
                best = (strength * credit, lines, "related", t)
    return best


def _best_skill(c: CompiledRequirement, doc: _resume.Resume) -> tuple[float, list[int], str, str]:
    """(strength, lines, how, skill) of the best of the requirement's skills or relatives."""
    best = (0.0, [], "", "")
    for s in c.skills:
        strength, lines, how = skill_presence(s, doc)
        if strength > best[0]:
            best = (strength, lines, how, s)
    if best[0] < RELATED_CREDIT:
        best = _related_skill(c, doc, best)
    return best


def _skill_note(doc: _resume.Resume, skill: str, how: str, lines: list[int]) -> str:
    if not skill:
        return ""
    if how == "related":
        return f"related skill {skill} (partial credit)"
    if lines and all(doc.lines[li].ctx == "skills" for li in doc.skill_lines.get(skill, lines)):
        return "listed in a skills section only, no work context"
    return ""


def _skill_years(
    need: float,
    doc: _resume.Resume,
    years: float | None,
    skill: str,
    how: str,
    ev_lines: list[int],
) -> tuple[float, str]:
    """(factor, note) for a skill with a minimum number of years."""
    lines = set(doc.skill_lines.get(skill, ev_lines) if skill else ev_lines)
    kin = {skill} if skill else set()
    if skill and how != "related":
        # work with a skill that implies this one counts (Django work is Python work)
        for t, tl in doc.skill_lines.items():
            if skill in _vocab.related_skills(t):
                kin.add(t)
                lines.update(tl)
    y = years_in_lines(doc, sorted(lines))
    stated = stated_skill_years(doc, kin)
    if stated > y:
        y = stated if years is None else min(stated, max(years, y))
    if y > 0:
        return years_factor(
            y, need
        ), f"~{format_years(y)} years in roles using it ({format_years(need)} required)"
    if doc.positions:
        # dated positions exist but none mentions it: no evidence of years of use
        return 0.25, f"not mentioned in any dated position ({format_years(need)} years required)"
    return 0.5 * years_factor(years, need), f"years with it unclear ({format_years(need)} required)"


def _skill_criterion(c: CompiledRequirement, doc: _resume.Resume, years: float | None) -> _Finding:
    score, lines, how, skill = _best_skill(c, doc)
    if c.phrases and score < 1.0:
        # a requirement named by a label outside the vocabulary, with skills as examples
        # ("Healthcare experience: HIPAA, HL7 or FHIR"): the label's words count too
        kw, kw_lines = keyword_score(c.phrases, doc)
        if kw > score:
            score, lines, how, skill = kw, kw_lines[:1], "keyword", ""
    note = _skill_note(doc, skill, how, lines)
    need = c.req.min_years
    if need and score > 0:
        factor, years_note = _skill_years(need, doc, years, skill, how, lines)
        note = _join(note, years_note)
        score *= _with_years_floor(factor)
    return _Finding(score, lines, [skill] if skill else [], note)


# ----------------------------------------------------------------------------- experience


def _matching_positions(c: CompiledRequirement, doc: _resume.Resume) -> list[tuple[float, int]]:
    """(similarity, position index) of the dated positions whose title, or failing that a
    line of their description, names the role."""
    sims: list[tuple[float, int]] = []
    for pi, p in enumerate(doc.positions):
        sim = weighted_recall(c.role, p.header_stems)
        if sim < 0.5:
            body = [li for li in range(p.first_line, p.last_line + 1) if li not in p.header_lines]
            sim = max(sim, 0.7 * best_line_recall(c.role, body, doc))
        if sim >= 0.5:
            sims.append((sim, pi))
    return sims


def _experience_criterion(
    c: CompiledRequirement, doc: _resume.Resume, years: float | None
) -> _Finding:
    need = c.req.min_years
    sims = _matching_positions(c, doc)
    if not sims:
        kw, lines = keyword_score([c.role] if c.role else c.phrases, doc)
        if doc.positions:
            return _Finding(0.4 * kw, lines[:1], [], "no dated position with this title found")
        # no dated positions at all: the words alone, with years unknown
        return _Finding((0.6 if need else 0.8) * kw, lines[:1], [], "no dated positions found")
    best_sim = max(s for s, _ in sims)
    y_eff = sum(doc.positions[pi].years * s for s, pi in sims)
    ranked = sorted(sims, key=lambda x: (-x[0], x[1]))
    lines = [doc.positions[pi].date_line for _, pi in ranked][:2]
    if need:
        score = best_sim * _with_years_floor(years_factor(y_eff, need))
        note = f"~{format_years(y_eff)} years in matching roles ({format_years(need)} required)"
        return _Finding(score, lines, [], note)
    return _Finding(best_sim, lines, [], f"~{format_years(y_eff)} years in matching roles")


# ----------------------------------------------------------------------------- years, education


def _years_criterion(c: CompiledRequirement, doc: _resume.Resume, years: float | None) -> _Finding:
    need = c.req.min_years
    lines = [doc.positions[0].date_line] if doc.positions else []
    if years is None:
        return _Finding(0.3, lines, [], "years of experience could not be determined")
    note = f"~{format_years(years)} years of experience ({format_years(need)} required)"
    return _Finding(years_factor(years, need), lines, [], note)


def _degree_level_credit(need: int, got: int) -> float:
    if not need:
        return 1.0 if got else 0.5
    if got >= need:
        return 1.0
    if got == need - 1:
        return 0.5
    return 0.25 if got else 0.2


def _degree_field(c: CompiledRequirement, doc: _resume.Resume) -> float:
    """How well the lines where degrees are listed name the required field."""
    edu_lines = [
        i
        for i, ln in enumerate(doc.lines)
        if ln.heading is None and (ln.section == "education" or DEGREE_HINT_RE.search(ln.text))
    ]
    return max(
        (weighted_recall(p, doc.lines[i].stems) for p in c.phrases for i in edu_lines),
        default=0.0,
    )


def _education_criterion(
    c: CompiledRequirement, doc: _resume.Resume, years: float | None
) -> _Finding:
    have, line = degree_in(doc)
    level = _degree_level_credit(c.degree.rank, have.rank)
    # the field must appear where degrees are listed, not anywhere in the resume; a degree in
    # an unrelated field is weak evidence
    score = level * (0.4 + 0.6 * _degree_field(c, doc)) if c.phrases else level
    note = f"highest degree found: {have.label}" if have else "no degree found"
    return _Finding(score, [] if line is None else [line], [], note)


def _keyword_criterion(
    c: CompiledRequirement, doc: _resume.Resume, years: float | None
) -> _Finding:
    score, lines = keyword_score(c.phrases, doc)
    return _Finding(score, lines, [], "")


_BY_KIND = {
    "skill": _skill_criterion,
    "experience": _experience_criterion,
    "years": _years_criterion,
    "education": _education_criterion,
}


# ----------------------------------------------------------------------------- criteria


def score_criterion(
    c: CompiledRequirement, doc: _resume.Resume, years: float | None
) -> CriterionScore:
    """The requirement's score against the resume; ``years`` is the total experience."""
    if c.parts:
        return _score_parts(c, doc, years)
    finding = _BY_KIND.get(c.kind, _keyword_criterion)(c, doc, years)
    score = max(0.0, min(1.0, finding.score))
    evidence: list[str] = []
    for li in finding.lines[:2]:
        q = doc.quote(li)
        if q and q not in evidence:
            evidence.append(q)
    return CriterionScore(
        requirement_id=c.req.id,
        requirement=c.req.text,
        score=round(score, 4),
        matched=score >= MATCH_THRESHOLD,
        matched_skills=finding.skills,
        evidence=evidence,
        must_have=c.must,
        weight=c.req.weight,
        note=finding.note,
    )


def _score_parts(
    c: CompiledRequirement, doc: _resume.Resume, years: float | None
) -> CriterionScore:
    """One HR line that names several things: all count equally, or with ``any_of`` the
    best one does. The criterion keeps HR's text."""
    scored = [score_criterion(part, doc, years) for part in c.parts]
    if c.any_of:
        best = max(scored, key=lambda s: s.score)
        score, chosen = best.score, [best]
    else:
        score, chosen = sum(s.score for s in scored) / len(scored), scored
    evidence: list[str] = []
    for s in chosen:
        for quote in s.evidence:
            if quote not in evidence and len(evidence) < 2:
                evidence.append(quote)
    notes = [s.note for s in chosen if s.note]
    if not c.any_of and len(scored) > 1:
        missing = [
            ", ".join(p.skills) or ", ".join(p.req.keywords) or p.req.text
            for p, s in zip(c.parts, scored, strict=True)
            if not s.matched
        ]
        if missing:
            notes.append("not found: " + "; ".join(missing))
    return CriterionScore(
        requirement_id=c.req.id,
        requirement=c.req.text,
        score=round(score, 4),
        matched=score >= MATCH_THRESHOLD,
        matched_skills=[sk for s in chosen for sk in s.matched_skills],
        evidence=evidence,
        must_have=c.must,
        weight=c.req.weight,
        note="; ".join(notes),
    )
