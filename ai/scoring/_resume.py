"""Minimal resume structure for scoring: lines, sections, dated positions, term index.

Deliberately small and forgiving: it only needs to know, for each line, which section it is
in (skills list, experience, education, summary), which dated position it belongs to, and
which stems and vocabulary skills it contains. Offsets always refer to the original text, so
evidence can be quoted verbatim.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re
from dataclasses import dataclass, field

from ai.scoring import _text, _vocab
from recruiting.text.cleanup import fold_in_place
from recruiting.text.dates import DateRange, find_date_ranges, join_split_ranges
from recruiting.text.headings import resume_heading
from recruiting.text.roles import is_role_noun
from recruiting.text.years import interval, union_months, years_between

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
_INLINE_KINDS = ("skills", "summary")  # "Skills: Python, SQL" is a skills line
_FILLER_RE = re.compile(
    r"\b(?:from|between|since|term|dates?|years?|duration|period|worked|working|served|serving|employed|as|an?|the|in|at|for|of|to|and|present|current|total|previously|gained|experience)\b",
    re.IGNORECASE,
)
_LIST_SPLIT_RE = re.compile(r"\s*[,|•·;]\s*")


def _date_ranges(text: str) -> list[DateRange]:
    """Date ranges of a line in the parser's grammar, with spans into ``text`` itself."""
    return find_date_ranges(fold_in_place(text))


def _section_heading(line: str) -> tuple[str, str | None] | None:
    """(section, inline rest or None) when the line is a heading the scorer acts on."""
    found = resume_heading(line)
    if found is None:
        return None
    kind, rest = found
    section = _SECTION_OF_KIND.get(kind, "other")
    if not rest:
        return section, None
    return (section, rest) if section in _INLINE_KINDS else None


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


def _title_like(text: str) -> bool:
    t = text.strip()
    if not t or t.endswith(".") or len(t.split()) > 16:
        return False
    return bool(re.search(r"[A-Za-z]{2,}", t))


def today_month() -> int:
    d = _dt.date.today()
    return d.year * 12 + d.month - 1


def analyse(
    text: str, masked: str, *, as_of: int | None = None, copied: list[tuple[int, int]] = ()
) -> Resume:
    """Build the :class:`Resume` for ``masked`` (same length as ``text``).

    ``copied`` are spans copied verbatim from the job description: those lines count like a
    skills list for requirement coverage and not at all for lexical relevance.
    """
    as_of = today_month() if as_of is None else as_of
    as_of_day = _dt.date(as_of // 12, as_of % 12 + 1, 1)
    lines: list[Line] = []
    section = "none"
    for m in re.finditer(r"[^\n]+", masked):
        raw = m.group(0)
        stripped = raw.strip()
        if not stripped:
            continue
        heading = _section_heading(stripped)
        if heading is not None and heading[1] is None:
            section = heading[0]
            lines.append(Line(m.start(), m.end(), raw, section, "other", heading=section))
            continue
        if heading is not None:
            section = heading[0]
        ctx = section if section in ("skills", "summary", "education", "experience") else "other"
        lines.append(Line(m.start(), m.end(), raw, section, ctx))

    # ---- dated positions
    positions: list[Position] = []
    has_exp_section = any(ln.section == "experience" for ln in lines)
    used_as_header: set[int] = set()
    # a date range broken over two or three lines ("April 2015" / "to" / "Current") is one
    stripped_lines = [ln.text.strip() for ln in lines]
    joined = join_split_ranges(stripped_lines)
    split_range = {i: text for i, text in enumerate(joined) if text != stripped_lines[i] and text}
    skip = {i for i, text in enumerate(joined) if not text}
    for i, ln in enumerate(lines):
        if ln.section == "education" or (has_exp_section and ln.section in ("skills", "summary")):
            continue
        if i in skip:
            continue
        ranges = []
        for r in _date_ranges(split_range.get(i, ln.text)):
            months = interval(r, as_of_day)
            if months is not None:
                ranges.append((r.span, *months))
        if not ranges:
            continue
        n_words = len(ln.text.split())
        if len(ranges) > 1 or n_words > 16:
            # several positions in one line or a long sentence: the header is the text
            # around each date range, within its sentence
            prev_end = 0
            for (s, e), start, end in ranges:
                header = _window(ln.text, s, e, prev_end)
                prev_end = e
                used_as_header.add(i)
                positions.append(
                    Position(start, end, header, [i], date_line=i, first_line=i, last_line=i)
                )
            continue
        (s, e), start, end = ranges[0]
        rest = ln.text[:s] + " " + ln.text[e:] if i not in split_range else ""
        rest_words = [w for w in _text.words(_FILLER_RE.sub(" ", rest)) if not w.isdigit()]
        header_lines = [i] + [k for k in (i + 1, i + 2) if k in skip] if i in split_range else [i]
        if len(rest_words) < 2:
            j = i - 1
            if (
                j >= 0
                and j not in used_as_header
                and lines[j].heading is None
                and _title_like(lines[j].text)
                and not _date_ranges(lines[j].text)
                and (not positions or j > positions[-1].date_line)
            ):
                header_lines.insert(0, j)
            k = header_lines[-1] + 1
            if (
                k < len(lines)
                and lines[k].heading is None
                and _title_like(lines[k].text)
                and not _date_ranges(lines[k].text)
            ):
                header_lines.append(k)
        used_as_header.update(header_lines)
        header = " ".join(lines[h].text.strip() for h in header_lines)
        positions.append(
            Position(
                start,
                end,
                header,
                header_lines,
                date_line=i,
                first_line=min(header_lines),
                last_line=max(header_lines),
            )
        )

    # assign body lines to positions: from a position's header to the next position's header
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

    for p in positions:
        p.header_stems = frozenset(
            _text.stem(w) for w in _text.words(p.header) if _text.term_weight(w) > 0
        )

    # Employer names and locations in position headers ("Marketing Manager — Brightwater
    # Software, London") are not evidence of skills: blank them for skill and term matching.
    org: list[tuple[int, int]] = []
    # The positions of one line ("2019 - 2020 ... 2020 - 2021 ...") share its header: read its
    # fields once, or a line of many date ranges costs their square.
    fields_of: dict[tuple[int, ...], tuple[list[tuple[int, int]], list[str]]] = {}
    for p in positions:
        key = tuple(p.header_lines)
        if key not in fields_of:
            fields_of[key] = _header_fields(masked, [lines[h] for h in p.header_lines])
            org.extend(fields_of[key][0])
        title_parts = fields_of[key][1]
        if title_parts:
            p.title_stems = frozenset(
                _text.stem(w)
                for w in _text.words(" ".join(title_parts))
                if _text.term_weight(w) > 0
            )
        else:
            p.title_stems = p.header_stems
    matched_text = _text.mask_spans(masked, sorted(set(org))) if org else masked

    # comma lists outside work experience count as skills lists
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

    # ---- term index
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

    skill_lines: dict[str, list[int]] = {}
    skill_starts: dict[str, list[int]] = {}
    if _vocab.AVAILABLE:
        starts = [ln.start for ln in lines]
        for skill, s0, _e0 in _vocab.find_skills(matched_text):
            li = bisect.bisect_right(starts, s0) - 1
            if li >= 0:
                skill_starts.setdefault(skill, []).append(s0)
                lst = skill_lines.setdefault(skill, [])
                if not lst or lst[-1] != li:
                    lst.append(li)

    total = years_between([(p.start, p.end) for p in positions]) if positions else None
    stated = None
    for m in re.finditer(
        r"(\d{1,2}(?:\.\d)?)\s*\+?\s*(?:years?|yrs?)(?:\s+of)?(?:\s+\w+){0,4}?\s+experience",
        masked,
        re.I,
    ):
        v = float(m.group(1))
        if 0 < v <= 50:
            stated = v if stated is None else max(stated, v)
    latest_end = max((p.end for p in positions), default=None)
    n_items = sum(
        len([x for x in _LIST_SPLIT_RE.split(ln.text) if x.strip()])
        for ln in lines
        if ln.ctx == "skills"
    )
    if n_items <= LIST_OK:
        list_factor = 1.0
    else:
        frac = min(1.0, (n_items - LIST_OK) / (LIST_STUFFED - LIST_OK))
        list_factor = 1.0 - (1.0 - LIST_STUFFED_FACTOR) * frac
    return Resume(
        text=text,
        lines=lines,
        positions=positions,
        stem_lines=stem_lines,
        stem_tf=stem_tf,
        sorted_stems=sorted(stem_lines),
        skill_lines=skill_lines,
        skill_starts=skill_starts,
        total_years=total,
        stated_years=stated,
        latest_end=latest_end,
        length=length,
        list_factor=list_factor,
    )


_FIELD_SEP_RE = re.compile(r"\s+[—–|·•@]\s+|\s+-+\s+|\s*[,()]\s*|\t+|\s{3,}|\s+at\s+")


def _is_role(text: str) -> bool:
    return any(is_role_noun(w) for w in _text.words(text))


def _header_fields(text: str, header: list[Line]) -> tuple[list[tuple[int, int]], list[str]]:
    """(spans of employer / location fields, job-title fields) of a position header.

    The header is split into fields at separators (",", " — ", " | ", " at ", tabs, runs of
    spaces) with the date range removed. Fields naming a role ("Engineer", "Teacher" ...)
    are the title; when there is one, the other fields are the employer and the location.
    Without a recognisable title nothing is blanked.
    """
    fields: list[tuple[int, int, str]] = []
    for ln in header:
        seg = text[ln.start : ln.end]
        for r in _date_ranges(seg):  # the dates are not a field
            s, e = r.span
            seg = seg[:s] + "," + " " * (e - s - 1) + seg[e:]
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


def _window(text: str, s: int, e: int, floor: int, before: int = 12, after: int = 6) -> str:
    """Words around a date range in ``text[s:e]``, not crossing a sentence end or ``floor``."""
    left = text[floor:s]
    cut = max(left.rfind(". "), left.rfind("; "))
    if cut >= 0 and len(left[cut + 2 :].split()) >= 2:
        left = left[cut + 2 :]
    right = text[e:]
    m = re.search(r"[.;]\s|,\s", right)
    if m:
        right = right[: m.start()]
    return " ".join(left.split()[-before:] + right.split()[:after])


def union_years(intervals: list[tuple[int, int]]) -> float:
    return union_months(intervals) / 12.0
