"""Resume structure for scoring: lines, sections, dated positions, term index.

It needs to know, for each line, which section it is in (skills list, experience, education,
summary), which dated position it belongs to, and which stems and vocabulary skills it
contains. Sections and positions are the parser's (``recruiting.parsing.Profile``, whose line
numbers index ``line_spans`` of the text), so the candidate page and the score read a resume
the same way and a resume is read once. Offsets always refer to the original text, so
evidence can be quoted verbatim.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re
from dataclasses import dataclass, field

from ai.scoring import _text, _vocab
from recruiting.parsing import Position as ParsedPosition
from recruiting.parsing import Profile, Section, parse_profile
from recruiting.text.cleanup import line_spans
from recruiting.text.roles import is_role_noun
from recruiting.text.years import union_months, years_between

# Context weights: how much a mention counts depending on where it appears. A skill that is
# only listed (skills section, comma lists) counts less than one used in work experience.
CTX_WEIGHT = {
    "experience": 1.0,
    "title": 1.0,
    "summary": 0.85,
    "other": 0.85,
    "education": 0.8,
    "skills": 0.7,
}
COPIED_WEIGHT = 0.7  # text copied from the job description counts like a bare skills list
# A skills list loses credibility as it grows: up to LIST_OK items count fully, from
# LIST_STUFFED items on a listed skill counts LIST_STUFFED_FACTOR as much.
LIST_OK = 30
LIST_STUFFED = 90
LIST_STUFFED_FACTOR = 0.6
RECENCY_FLOOR = 0.7  # weight of the oldest position relative to the latest one
RECENCY_SPAN = 10.0  # years over which it decays

# The parser's section kinds as the scorer weighs them (see CTX_WEIGHT).
_SECTION_OF_KIND = {
    "experience": "experience",
    "projects": "experience",
    "education": "education",
    "certifications": "education",
    "skills": "skills",
    "summary": "summary",
}
_COUNTED_SECTIONS = ("skills", "summary", "education", "experience")
_LIST_SPLIT_RE = re.compile(r"\s*[,|•·;]\s*")


@dataclass
class Line:
    start: int
    end: int
    text: str  # masked text of the line (used for matching)
    section: str  # summary | skills | experience | education | other | none
    ctx: str  # key of CTX_WEIGHT
    position: int = -1  # index into Resume.positions, -1 if none
    stems: tuple[str, ...] = ()
    copied: bool = False  # mostly text copied verbatim from the job description
    heading: str | None = None  # section kind if this line is a heading


@dataclass
class Position:
    start: int  # month index
    end: int
    header: str  # text used for title matching (may include company/location)
    header_lines: list[int] = field(default_factory=list)
    date_line: int = -1
    first_line: int = -1
    last_line: int = -1
    header_stems: frozenset = frozenset()
    title_stems: frozenset = frozenset()  # stems of the job-title part of the header
    title: str = ""  # the parser's reading of the title

    @property
    def years(self) -> float:
        return max(0.0, (self.end - self.start) / 12.0)


@dataclass
class Resume:
    text: str
    lines: list[Line]
    positions: list[Position]
    stem_lines: dict[str, list[int]]
    stem_tf: dict[str, float]
    sorted_stems: list[str]
    skill_lines: dict[str, list[int]]
    skill_starts: dict[str, list[int]]  # character offsets of each skill's mentions
    total_years: float | None
    stated_years: float | None
    latest_end: int | None
    length: float  # number of weighted content tokens
    list_factor: float = 1.0  # < 1 when the skills lists are long enough to be keyword stuffing

    # ---------------------------------------------------------------- helpers
    def line_weight(self, i: int) -> float:
        ln = self.lines[i]
        w = CTX_WEIGHT.get(ln.ctx, 0.85)
        if ln.ctx == "skills":
            w *= self.list_factor
        if ln.copied:
            w = min(w, COPIED_WEIGHT)
        return w * self.recency(ln.position)

    def recency(self, pos_index: int) -> float:
        """1.0 for the latest position, decaying to RECENCY_FLOOR for old ones."""
        if pos_index < 0 or self.latest_end is None:
            return 1.0
        p = self.positions[pos_index]
        gap = max(0.0, (self.latest_end - p.end) / 12.0)
        return max(RECENCY_FLOOR, 1.0 - (1.0 - RECENCY_FLOOR) * gap / RECENCY_SPAN)

    def stem_match(self, st: str) -> tuple[float, list[int]]:
        """(match strength, lines) for a query stem: exact 1.0, prefix-related 0.75."""
        lines = self.stem_lines.get(st)
        if lines:
            return 1.0, lines
        if len(st) < 4:
            return 0.0, []
        found: list[int] = []
        # resume stems that extend the query stem ("math" -> "mathem")
        i = bisect.bisect_left(self.sorted_stems, st)
        while i < len(self.sorted_stems) and self.sorted_stems[i].startswith(st):
            found.extend(self.stem_lines[self.sorted_stems[i]])
            i += 1
        # resume stems that are prefixes of the query stem
        for k in range(4, len(st)):
            found.extend(self.stem_lines.get(st[:k], ()))
        if found:
            return 0.75, sorted(set(found))
        return 0.0, []

    def quote(self, i: int, anchor: int | None = None, limit: int = 240) -> str:
        """Verbatim quote of line ``i`` (or the sentence around ``anchor`` if the line is long)."""
        ln = self.lines[i]
        s, e = ln.start, ln.end
        raw = self.text[s:e]
        if len(raw.strip()) <= limit:
            return raw.strip()
        a = (anchor if anchor is not None else s) - s
        left = max(raw.rfind(". ", 0, a), raw.rfind("; ", 0, a))
        left = 0 if left < 0 else left + 2
        right_candidates = [x for x in (raw.find(". ", a), raw.find("; ", a)) if x >= 0]
        right = min(right_candidates) + 1 if right_candidates else len(raw)
        if right - left > limit:
            left = max(left, a - limit // 2)
            right = min(right, left + limit)
        return raw[left:right].strip()


def _is_list_line(text: str) -> bool:
    parts = [p for p in _LIST_SPLIT_RE.split(text) if p.strip()]
    if len(parts) < 4:
        return False
    avg = sum(len(p.split()) for p in parts) / len(parts)
    return avg <= 3.5


def today_month() -> int:
    d = _dt.date.today()
    return d.year * 12 + d.month - 1


def analyse(
    text: str,
    masked: str,
    *,
    as_of: int | None = None,
    copied: list[tuple[int, int]] = (),
    profile: Profile | None = None,
) -> Resume:
    """Build the :class:`Resume` for ``masked`` (same length as ``text``).

    Sections and dated positions are the parser's: those of ``profile`` (the one stored at
    intake), or, without one or when its lines are not this text's, of ``masked`` parsed
    here once. ``copied`` are spans copied verbatim from the job description: those lines
    count like a skills list for requirement coverage and not at all for lexical relevance.
    """
    as_of = today_month() if as_of is None else as_of
    spans = line_spans(text)
    if profile is None or profile.line_count != len(spans):
        profile = parse_profile(masked, today=_dt.date(as_of // 12, as_of % 12 + 1, 1))
    lines, line_of = _lines(masked, spans, profile.sections)
    positions = _positions(lines, line_of, profile.positions, as_of)
    _assign_bodies(lines, positions)
    matched_text = _blank_employers(masked, lines, positions)
    _mark_lists_and_copies(lines, copied)
    return _indexed(text, masked, matched_text, lines, positions)


def _lines(
    masked: str, spans: list[tuple[int, int]], sections: tuple[Section, ...]
) -> tuple[list[Line], dict[int, int]]:
    """The non-blank lines with their sections, and each one's index by the parser's line
    number."""
    kinds = ["none"] * len(spans)
    headings: dict[int, str] = {}
    for sec in sections:
        kind = "none" if sec.kind == "header" else _SECTION_OF_KIND.get(sec.kind, "other")
        if 0 <= sec.heading_line < sec.start:
            headings[sec.heading_line] = kind
        for i in range(sec.start, min(sec.end, len(spans))):
            kinds[i] = kind
    lines: list[Line] = []
    line_of: dict[int, int] = {}
    for number, (start, end) in enumerate(spans):
        raw = masked[start:end]
        if not raw.strip():
            continue
        line_of[number] = len(lines)
        if number in headings:
            section = headings[number]
            lines.append(Line(start, end, raw, section, "other", heading=section))
            continue
        section = kinds[number]
        ctx = section if section in _COUNTED_SECTIONS else "other"
        lines.append(Line(start, end, raw, section, ctx))
    return lines, line_of


def _months(position: ParsedPosition, as_of: int) -> tuple[int, int] | None:
    """The position's half-open month interval as of ``as_of``: a current one runs to the end
    of that month, whenever the profile was parsed."""
    if position.start is None:
        return None
    start = position.start.year * 12 + position.start.month - 1
    limit = as_of + 1
    end = min(limit if position.current else start + position.months, limit)
    if start >= limit or end <= start:
        return None
    return start, end


def _positions(
    lines: list[Line], line_of: dict[int, int], found: tuple[ParsedPosition, ...], as_of: int
) -> list[Position]:
    positions: list[Position] = []
    for p in found:
        months = _months(p, as_of)
        if months is None or p.line not in line_of:
            continue
        header_lines = sorted({line_of[n] for n in (p.line, *p.header_lines) if n in line_of})
        header = " ".join(lines[h].text.strip() for h in header_lines)
        positions.append(
            Position(
                *months,
                header,
                header_lines,
                date_line=line_of[p.line],
                first_line=header_lines[0],
                last_line=header_lines[-1],
                title=p.title,
            )
        )
    positions.sort(key=lambda p: (p.first_line, p.date_line))
    return positions


def _assign_bodies(lines: list[Line], positions: list[Position]) -> None:
    """Each position takes the lines from its header to the next position's header."""
    for pi, p in enumerate(positions):
        nxt = positions[pi + 1].first_line if pi + 1 < len(positions) else len(lines)
        if nxt == p.first_line:  # another position starts on the same line
            lines[p.first_line].position = pi
            lines[p.first_line].ctx = "title"
            continue
        for li in range(p.first_line, nxt):
            ln = lines[li]
            if ln.heading is not None and li > p.last_line:
                break
            ln.position = pi
            if li in p.header_lines:
                ln.ctx = "title"
            elif ln.ctx in ("other", "none") and ln.section != "education":
                ln.ctx = "experience"
            p.last_line = max(p.last_line, li)


def _stems_of(text: str) -> frozenset:
    return frozenset(_text.stem(w) for w in _text.words(text) if _text.term_weight(w) > 0)


def _blank_employers(masked: str, lines: list[Line], positions: list[Position]) -> str:
    """``masked`` with employer names and locations in position headers ("Marketing Manager
    — Brightwater Software, London") blanked: they are not evidence of skills. Sets the
    positions' header and title stems."""
    org: list[tuple[int, int]] = []
    # The positions of one line ("2019 - 2020 ... 2020 - 2021 ...") share its header: read its
    # fields once, or a line of many date ranges costs their square.
    fields_of: dict[tuple[int, ...], tuple[list[tuple[int, int]], list[str]]] = {}
    for p in positions:
        p.header_stems = _stems_of(p.header)
        key = tuple(p.header_lines)
        if key not in fields_of:
            fields_of[key] = _header_fields(masked, [lines[h] for h in p.header_lines])
            org.extend(fields_of[key][0])
        title = " ".join(fields_of[key][1]) or p.title
        p.title_stems = _stems_of(title) if title else p.header_stems
    return _text.mask_spans(masked, sorted(set(org))) if org else masked


def _mark_lists_and_copies(lines: list[Line], copied: list[tuple[int, int]]) -> None:
    """Comma lists outside work experience count as skills lists; lines mostly copied from
    the job description are marked."""
    for ln in lines:
        if (
            ln.position < 0
            and ln.ctx in ("other", "summary", "experience")
            and _is_list_line(ln.text)
        ):
            ln.ctx = "skills"
    if copied:
        for ln in lines:
            n = sum(max(0, min(e, ln.end) - max(s, ln.start)) for s, e in copied)
            if n and n >= 0.5 * len(ln.text.strip()):
                ln.copied = True


def _indexed(
    text: str, masked: str, matched_text: str, lines: list[Line], positions: list[Position]
) -> Resume:
    """The :class:`Resume` with its term and skill indexes and its years."""
    stem_lines: dict[str, list[int]] = {}
    stem_tf: dict[str, float] = {}
    length = 0.0
    word_stem = _text.weighted_stem
    for i, ln in enumerate(lines):
        w_ctx = 0.0 if ln.copied else CTX_WEIGHT.get(ln.ctx, 0.85)
        sts = [st for st in map(word_stem, _text.words(matched_text[ln.start : ln.end])) if st]
        for st in sts:
            stem_tf[st] = stem_tf.get(st, 0.0) + w_ctx
        length += len(sts)
        ln.stems = tuple(sts)
        for st in set(sts):
            stem_lines.setdefault(st, []).append(i)
    skill_lines, skill_starts = _skill_index(matched_text, lines)
    return Resume(
        text=text,
        lines=lines,
        positions=positions,
        stem_lines=stem_lines,
        stem_tf=stem_tf,
        sorted_stems=sorted(stem_lines),
        skill_lines=skill_lines,
        skill_starts=skill_starts,
        total_years=years_between([(p.start, p.end) for p in positions]) if positions else None,
        stated_years=_stated_years(masked),
        latest_end=max((p.end for p in positions), default=None),
        length=length,
        list_factor=_list_factor(lines),
    )


def _skill_index(
    matched_text: str, lines: list[Line]
) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """(lines, character offsets) of each vocabulary skill's mentions."""
    skill_lines: dict[str, list[int]] = {}
    skill_starts: dict[str, list[int]] = {}
    if not _vocab.AVAILABLE:
        return skill_lines, skill_starts
    starts = [ln.start for ln in lines]
    for skill, s0, _e0 in _vocab.find_skills(matched_text):
        li = bisect.bisect_right(starts, s0) - 1
        if li >= 0:
            skill_starts.setdefault(skill, []).append(s0)
            lst = skill_lines.setdefault(skill, [])
            if not lst or lst[-1] != li:
                lst.append(li)
    return skill_lines, skill_starts


_STATED_YEARS_RE = re.compile(
    r"(\d{1,2}(?:\.\d)?)\s*\+?\s*(?:years?|yrs?)(?:\s+of)?(?:\s+\w+){0,4}?\s+experience", re.I
)


def _stated_years(masked: str) -> float | None:
    """The most years of experience the resume states ("8+ years of experience")."""
    stated = None
    for m in _STATED_YEARS_RE.finditer(masked):
        v = float(m.group(1))
        if 0 < v <= 50:
            stated = v if stated is None else max(stated, v)
    return stated


def _list_factor(lines: list[Line]) -> float:
    n_items = sum(
        len([x for x in _LIST_SPLIT_RE.split(ln.text) if x.strip()])
        for ln in lines
        if ln.ctx == "skills"
    )
    if n_items <= LIST_OK:
        return 1.0
    frac = min(1.0, (n_items - LIST_OK) / (LIST_STUFFED - LIST_OK))
    return 1.0 - (1.0 - LIST_STUFFED_FACTOR) * frac


_FIELD_SEP_RE = re.compile(r"\s+[—–|·•@]\s+|\s+-+\s+|\s*[,()]\s*|\t+|\s{3,}|\s+at\s+")


def _is_role(text: str) -> bool:
    return any(is_role_noun(w) for w in _text.words(text))


def _header_fields(text: str, header: list[Line]) -> tuple[list[tuple[int, int]], list[str]]:
    """(spans of employer / location fields, job-title fields) of a position header.

    The header is split into fields at separators (",", " — ", " | ", " at ", tabs, runs of
    spaces). Fields naming a role ("Engineer", "Teacher" ...)
    are the title; when there is one, the other fields are the employer and the location.
    Without a recognisable title nothing is blanked.
    """
    fields: list[tuple[int, int, str]] = []
    for ln in header:
        seg = text[ln.start : ln.end]
        pos = 0
        for m in [*_FIELD_SEP_RE.finditer(seg), None]:
            end = m.start() if m else len(seg)
            part = seg[pos:end]
            if part.strip():
                a = ln.start + pos + (len(part) - len(part.lstrip()))
                fields.append((a, ln.start + pos + len(part.rstrip()), part.strip()))
            if m:
                pos = m.end()
    roles = [f for f in fields if _is_role(f[2])]
    if not roles:
        return [], []
    return [(a, b) for a, b, t in fields if not _is_role(t)], [t for _, _, t in roles]


def union_years(intervals: list[tuple[int, int]]) -> float:
    return union_months(intervals) / 12.0
