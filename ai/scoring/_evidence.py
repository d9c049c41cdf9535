"""Evidence for one requirement in an analysed resume: keyword phrases, a skill's mentions,
years with a skill, the highest degree. Each answer carries the lines it was found on, which
become the criterion's quoted evidence.
"""

from __future__ import annotations

import re

from ai.scoring import _resume
from ai.scoring._job import phrase_stems
from ai.scoring.requirements.years import YEARS_RE, years_in
from recruiting.text.degrees import DegreeLevel, degree_level

NAME_FALLBACK_CREDIT = 0.9  # skill name found as words but not as a vocabulary mention
STATED_YEARS_WINDOW = 60  # "N years of/building ..." must end this close before the skill
_SENTENCE_BREAK_RE = re.compile(r"[.;!?]\s|\n|\|")
DEGREE_HINT_RE = re.compile(
    r"\b(?:degree|bachelor|master|b\.?\s?sc?\b|b\.?\s?a\b|m\.?\s?sc?\b|ph\.?\s?d|mba|diploma|major|university|college)",
    re.I,
)


def phrase_score(
    phrase: list[tuple[str, float]], doc: _resume.Resume, exact: bool = False
) -> tuple[float, int | None]:
    """Best (score, line) for a keyword phrase: co-occurrence in one line is worth most.
    ``exact``: whole stems only (no prefix relatives), all in one line."""
    total_w = sum(w for _, w in phrase)
    if total_w <= 0:
        return 0.0, None
    per_line: dict[int, float] = {}
    global_hit = 0.0
    for st, w in phrase:
        if exact:
            lines = doc.stem_lines.get(st) or []
            strength = 1.0 if lines else 0.0
        else:
            strength, lines = doc.stem_match(st)
        if not strength:
            continue
        global_hit += w * strength
        for li in lines:
            per_line[li] = per_line.get(li, 0.0) + w * strength
    if not per_line:
        return 0.0, None
    best, best_line = 0.0, None
    for li in sorted(per_line):
        v = per_line[li] / total_w * doc.line_weight(li)
        if v > best + 1e-12:
            best, best_line = v, li
    if exact:
        return best, best_line
    scattered = 0.6 * global_hit / total_w
    return max(best, scattered), best_line


def keyword_score(phrases, doc: _resume.Resume) -> tuple[float, list[int]]:
    """Weighted mean of the phrases' scores, and the lines where a phrase was found."""
    if not phrases:
        return 0.0, []
    tw = 0.0
    acc = 0.0
    lines: list[int] = []
    for ph in phrases:
        w = sum(x for _, x in ph)
        s, li = phrase_score(ph, doc)
        tw += w
        acc += w * s
        if li is not None and s >= 0.3 and li not in lines:
            lines.append(li)
    return (acc / tw if tw else 0.0), lines


def skill_presence(skill: str, doc: _resume.Resume) -> tuple[float, list[int], str]:
    """(strength, evidence lines, how) for one canonical skill."""
    lines = doc.skill_lines.get(skill)
    if lines:
        best = max(lines, key=lambda li: (doc.line_weight(li), -li))
        return doc.line_weight(best), [best, *[li for li in lines if li != best][:1]], "direct"
    # the skill's name written in a way the vocabulary did not catch (whole words only:
    # "served" is not "ServSafe")
    ph = phrase_stems(skill)
    if ph:
        s, li = phrase_score(ph, doc, exact=True)
        if s >= 0.6 and li is not None:
            return s * NAME_FALLBACK_CREDIT, [li], "direct"
    return 0.0, [], ""


def years_in_lines(doc: _resume.Resume, lines: list[int]) -> float:
    """Years covered by the dated positions the lines belong to (overlaps counted once)."""
    pos = sorted({doc.lines[li].position for li in lines if doc.lines[li].position >= 0})
    if not pos:
        return 0.0
    return _resume.union_years([(doc.positions[p].start, doc.positions[p].end) for p in pos])


def stated_skill_years(doc: _resume.Resume, skills: set[str]) -> float:
    """Years the resume states for one of ``skills``: "nine years of Python", "8 years
    building Django products" (the years expression closest before a mention, in the same
    sentence and at most STATED_YEARS_WINDOW characters before it)."""
    best = 0.0
    for sk in skills:
        for start in doc.skill_starts.get(sk, ()):
            window = doc.text[max(0, start - STATED_YEARS_WINDOW) : start]
            cut = list(_SENTENCE_BREAK_RE.finditer(window))
            if cut:
                window = window[cut[-1].end() :]
            found = list(YEARS_RE.finditer(window))
            if found:
                y = years_in(found[-1].group(0)) or 0.0
                best = max(best, y)
    return best


def degree_in(doc: _resume.Resume) -> tuple[DegreeLevel, int | None]:
    """Highest degree in the resume (education section if there is one) and its line."""
    has_edu = any(ln.section == "education" for ln in doc.lines)
    best_rank, best, best_line = 0, DegreeLevel.NONE, None
    for i, ln in enumerate(doc.lines):
        if has_edu and ln.section != "education":
            continue
        if not has_edu and not DEGREE_HINT_RE.search(ln.text):
            continue
        level = degree_level(ln.text)
        rank = level.rank
        if rank > best_rank:
            best_rank, best, best_line = rank, level, i
    return best, best_line
