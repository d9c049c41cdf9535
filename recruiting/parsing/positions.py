"""Positions: anchored on date ranges in experience sections, title and company read around them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from recruiting.parsing.lines import _clean_title, _is_bullet, _is_header_candidate, _strip_bullet
from recruiting.parsing.profile import Position
from recruiting.parsing.segments import _segments, _split_company_title, _title_cased
from recruiting.parsing.vocabulary import _COMPANY_MARKERS
from recruiting.text.dates import (
    LINE_START_END_RE,
    OPEN_RANGE_RE,
    DateRange,
    find_date_ranges,
    is_present,
    parse_date,
)
from recruiting.text.roles import has_role_word
from recruiting.text.years import interval, range_contains

_NOT_A_JOB_RE = re.compile(
    r"\b(?:awards?|honou?rs?|dean'?s list|scholarship|gpa|graduated|certificate|certification|"
    r"certified|diploma|coursework|thesis|semester)\b",
    re.IGNORECASE,
)


@dataclass
class _RawPosition:
    line: int
    rng: DateRange
    title: str
    company: str
    header_lines: tuple[int, ...] = ()


def _range_in_prose(line: str, r: DateRange) -> bool:
    """The range follows "from"/"during"/... after a few words of a sentence."""
    s, e = r.span
    before = _strip_bullet(line[:s].strip())
    matched = line[s:e].lower()
    return len(before.split()) >= 3 and bool(
        matched.startswith("from")
        or re.search(
            r"\b(?:from|during|between|in|since|through|over|of|for|and|by|until|period)$",
            before.lower(),
        )
    )


def _range_is_description(line: str, r: DateRange) -> bool:
    """A date range in the middle of a long sentence."""
    s, e = r.span
    before, after = line[:s].strip(), line[e:].strip(" .;,")
    words_other = len(before.split()) + len(after.split())
    if words_other <= 10:
        return False
    # a range at the very end (or start) of a line is a date column; one right after a short
    # title ("- UI Lead (2011 - 2015): led a team ...") is the position's own dates
    return len(after.split()) > 3 and len(_strip_bullet(before).split()) > 8


def _positions_in(lines: list[str], start: int, end: int) -> list[_RawPosition]:
    found: list[_RawPosition] = []
    used_lines: set[int] = set()
    i = start
    while i < end:
        line = lines[i]
        ranges = find_date_ranges(line)
        if (
            ranges
            and found
            and (_range_in_prose(line, ranges[0]) or _range_is_description(line, ranges[0]))
            and range_contains(found[-1].rng, ranges[0])
        ):
            # "... during the turnover period from September 2013 - December 2013." inside the
            # previous position's own dates is part of its description, not another job
            ranges = []
        extra_consumed = 0
        if not ranges and not find_date_ranges(line):
            split_range = _range_over_two_lines(lines, i, end)
            if split_range:
                ranges = [split_range]
                extra_consumed = 1
        if not ranges:
            i += 1
            continue
        r = ranges[0]
        s, e = r.span
        # brackets around the dates ("UI Lead (2011 - 2015)") belong to neither side
        rest = (line[:s].rstrip(" ([") + " | " + line[e:].lstrip(" )]")).strip()
        if _NOT_A_JOB_RE.search(rest) and not has_role_word(rest):
            i += 1 + extra_consumed
            continue
        # "- .Net Developer (2017 - 2022)": a list item that is only a title and its dates
        # heads a job like an unbulleted line; a longer bullet is a description
        titled_item = _is_bullet(line) and len(_strip_bullet(rest).split()) <= 8
        date_line_is_bullet = (_is_bullet(line) and not titled_item) or len(rest.split()) > 16
        same: list[tuple[str, int]] = []
        if re.search(r"[A-Za-z]", rest) and not date_line_is_bullet:
            same.append((_strip_bullet(rest), i))
        elif not _is_bullet(line) and 0 < len(line[:s].split()) <= 14:
            same.append((line[:s], i))  # "Company Name City , State TITLE 09/2008 to ... prose"
        prev = _header_lines_above(lines, i, start, used_lines)
        nxt = _header_lines_below(lines, i, end, extra_consumed)
        title, company, used = _pick_title_company(same, prev, nxt)
        used_lines.update(used)
        used_lines.add(i)
        found.append(_RawPosition(i, r, title, company, tuple(sorted(used))))
        found.extend(_more_positions_on_line(line, i, ranges))
        i += 1 + extra_consumed
    return found


def _range_over_two_lines(lines: list[str], i: int, end: int) -> DateRange | None:
    """ "2017 – Product Manager, Google" with "Present ..." / "May 2020 ..." on the next line."""
    m = OPEN_RANGE_RE.search(lines[i])
    if m and i + 1 < end:
        m2 = LINE_START_END_RE.match(lines[i + 1])
        a = parse_date(m.group("a"))
        if m2 and a:
            b_text = m2.group("b")
            b = None if is_present(b_text) else parse_date(b_text)
            if b is not None or is_present(b_text):
                return DateRange(a, b, m.span())
    return None


# Up to two header lines above a date line (stop at a blank line after the first, a bullet, a
# sentence or another date line) and below it.
def _header_lines_above(
    lines: list[str], i: int, start: int, used_lines: set[int]
) -> list[tuple[str, int]]:
    prev: list[tuple[str, int]] = []
    j = i - 1
    while j >= start and not lines[j] and i - j <= 2:
        j -= 1
    while (
        j >= start
        and len(prev) < 2
        and lines[j]
        and j not in used_lines
        and _is_header_candidate(lines[j])
        and not find_date_ranges(lines[j])
        and not OPEN_RANGE_RE.search(lines[j])
    ):
        prev.append((lines[j], j))
        j -= 1
    return prev


def _header_lines_below(
    lines: list[str], i: int, end: int, extra_consumed: int
) -> list[tuple[str, int]]:
    nxt: list[tuple[str, int]] = []
    k = i + 1 + extra_consumed
    while k < end and not lines[k] and k - i <= 2:
        k += 1
    while (
        k < end
        and len(nxt) < 2
        and lines[k]
        and _is_header_candidate(lines[k])
        and not find_date_ranges(lines[k])
        and not OPEN_RANGE_RE.search(lines[k])
    ):
        nxt.append((lines[k], k))
        k += 1
    return nxt


def _more_positions_on_line(line: str, i: int, ranges: list[DateRange]) -> list[_RawPosition]:
    """More ranges on the same line ("... as Aerospace Engineer (2017-2021) ... As a Derrick
    operator (2014-2017), ...")."""
    found: list[_RawPosition] = []
    r = ranges[0]
    prev_end = r.span[1]
    for extra in ranges[1:]:
        if _range_is_description(line, extra) and range_contains(r, extra):
            continue
        before = line[prev_end : extra.span[0]]
        m_as = re.search(r"\b(?:as|As)\s+(?:an?\s+)?([A-Z][^()]{2,60}?)\s*[(,:-]*\s*$", before)
        found.append(_RawPosition(i, extra, _clean_title(m_as.group(1)) if m_as else "", ""))
        prev_end = extra.span[1]
    return found


def _segments_of(cands: list[tuple[str, int]]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for text, idx in cands:
        for seg in _segments(text):
            comp, rest = _split_company_title(seg)
            if comp:
                out.append((comp, idx))
            if rest:
                out.append((rest, idx))
    return out


def _pick_title_company(
    same: list[tuple[str, int]], prev: list[tuple[str, int]], nxt: list[tuple[str, int]]
) -> tuple[str, str, set[int]]:
    s_same, s_prev, s_next = _segments_of(same), _segments_of(prev), _segments_of(nxt)
    used: set[int] = set()
    title = company = ""
    # title: a segment with a role word, nearest first (same line, the line above, below)
    pick = _role_title(s_same, s_prev, s_next)
    if pick:
        title = pick[0]
        used.add(pick[1])
    # company: a segment with a company marker, else a short Title Case segment
    pick = _company(title, s_same, s_next, s_prev)
    if pick:
        company = pick[0]
        used.add(pick[1])
    if not title:
        pick = _title_cased_title(company, s_same, s_prev, s_next)
        if pick:
            title = pick[0]
            used.add(pick[1])
    return _clean_title(title), company.strip(" ,.;:-–—|"), used


def _role_title(*groups: list[tuple[str, int]]) -> tuple[str, int] | None:
    for group in groups:
        for seg, idx in group:
            if has_role_word(seg) and len(seg.split()) <= 10 and not seg.startswith("Company Name"):
                if _COMPANY_MARKERS.search(seg) and any(
                    has_role_word(o) and not _COMPANY_MARKERS.search(o) for o, _ in group
                ):
                    continue
                return seg, idx
    return None


def _company(title: str, *groups: list[tuple[str, int]]) -> tuple[str, int] | None:
    for group in groups:
        cands = [(seg, idx) for seg, idx in group if seg != title]
        pick = next(
            (
                (seg, idx)
                for seg, idx in cands
                if _COMPANY_MARKERS.search(seg) and len(seg.split()) <= 10
            ),
            None,
        )
        if pick is None:
            pick = next(
                (
                    (seg, idx)
                    for seg, idx in cands
                    if len(seg.split()) <= 6
                    and _title_cased(seg)
                    and not re.search(r"\d{3}", seg)
                    and not has_role_word(seg)
                ),
                None,
            )
        if pick:
            return pick
    return None


def _title_cased_title(company: str, *groups: list[tuple[str, int]]) -> tuple[str, int] | None:
    """Without a role word, a short Title Case segment that is not the company."""
    for group in groups:
        for seg, idx in group:
            if (
                seg != company
                and len(seg.split()) <= 8
                and _title_cased(seg)
                and not re.search(r"\d{3}", seg)
            ):
                return seg, idx
    return None


def _to_position(raw: _RawPosition, today: date) -> Position | None:
    iv = interval(raw.rng, today)
    if iv is None:
        return None
    s_idx, e_idx = iv
    start = date(raw.rng.start[0], raw.rng.start[1] or 1, 1)
    current = raw.rng.end is None
    end: date | None
    if current:
        end = None
    else:
        ey, em = raw.rng.end  # type: ignore[misc]
        end = date(ey, em or 1, 1)
    return Position(
        title=raw.title,
        company=raw.company,
        start=start,
        end=end,
        current=current,
        months=e_idx - s_idx,
        line=raw.line,
        header_lines=raw.header_lines,
    )
