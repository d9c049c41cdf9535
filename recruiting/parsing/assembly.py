"""``parse_profile``: resume text to a :class:`Profile`, section by section."""

from __future__ import annotations

from datetime import date

from recruiting.parsing.contact import (
    _EMAIL_RE,
    _URL_RE,
    _find_email,
    _find_links,
    _find_location,
    _find_phone,
    _is_contact_line,
)
from recruiting.parsing.degrees import _degree_matches
from recruiting.parsing.education import _education_in
from recruiting.parsing.names import _find_headline, _find_name
from recruiting.parsing.positions import _positions_in, _RawPosition, _to_position
from recruiting.parsing.profile import Education, Position, Profile, Section
from recruiting.parsing.sections import _Section, split_sections
from recruiting.skills import find_skills
from recruiting.text.cleanup import clean_lines
from recruiting.text.dates import (
    find_date_ranges,
    join_split_ranges,
)
from recruiting.text.years import interval, union_months
from recruiting.textbounds import bound_text

_POSITION_EXCLUDE_KINDS = {
    "education",
    "certifications",
    "awards",
    "publications",
    "interests",
    "references",
    "languages",
    "affiliations",
    "volunteer",
    "projects",
    "additional",
    "contact",
}


def parse_profile(text: str, *, default_region: str = "US", today: date | None = None) -> Profile:
    """Parse resume text into a :class:`Profile` (see the package docstring)."""
    today = today or date.today()
    lines = join_split_ranges(clean_lines(bound_text(text or "")))
    text = "\n".join(lines)
    sections = split_sections(lines)
    header_end = sections[0].end if sections and sections[0].kind == "header" else 0
    if header_end == 0:
        header_end = next((s.start - 1 for s in sections if s.kind != "header"), 0)
    header_lines = [ln for ln in lines[: max(header_end, 0)] if ln][:15]
    if not header_lines:
        header_lines = [ln for ln in lines[:6] if ln]
    header_text = "\n".join(header_lines)

    name, name_idx = _find_name(lines, header_end)
    email = _find_email(header_text) or _find_email(text)
    phone = _find_phone(text, header_text, default_region)
    location = _find_location(header_lines + _lines_near_contact(lines, header_lines))
    links = tuple(_find_links(text, header_text))
    headline = _find_headline(lines, header_end, name_idx)
    skills = _skills_in(text, lines, sections)
    raws = _raw_positions(lines, sections)
    positions = _positions_of(raws, today)
    intervals = []
    for rp in raws:
        iv = interval(rp.rng, today)
        if iv:
            intervals.append(iv)
    total_years = round(union_months(intervals) / 12.0, 1)
    education = _education_of(lines, sections, today)

    return Profile(
        name=name,
        email=email,
        phone=phone,
        location=location,
        links=links,
        skills=skills,
        positions=tuple(positions),
        total_years_experience=total_years,
        education=tuple(education),
        headline=headline,
        sections=tuple(Section(s.kind, s.start, s.end, s.line) for s in sections),
        line_count=len(lines),
    )


def _lines_near_contact(lines: list[str], header_lines: list[str]) -> list[str]:
    """The contact block may sit outside the header (sidebars): lines near e-mail/phone lines."""
    near: list[str] = []
    for n, ln in enumerate(lines[:60]):
        if ln and _is_contact_line(ln):
            for k in range(max(0, n - 2), min(len(lines), n + 3)):
                cand = lines[k]
                if (
                    cand
                    and len(cand.split()) <= 10
                    and cand not in near
                    and cand not in header_lines
                    and not find_date_ranges(cand)
                ):
                    near.append(cand)
    return near


def _skills_in(text: str, lines: list[str], sections: list[_Section]) -> tuple[str, ...]:
    """Skills in the whole text, by first mention; skills sections are read as lists
    (ambiguous aliases allowed there)."""
    mentions: list[tuple[int, str]] = []
    offsets = []
    pos = 0
    for ln in lines:
        offsets.append(pos)
        pos += len(ln) + 1
    skill_ranges = [
        (
            offsets[s.start] if s.start < len(offsets) else len(text),
            offsets[s.end - 1] + len(lines[s.end - 1]) if s.end - 1 < len(lines) else len(text),
        )
        for s in sections
        if s.kind == "skills" and s.end > s.start
    ]
    # e-mail addresses and URLs are not skill mentions ("github.com/jdoe")
    skill_text = _URL_RE.sub(
        lambda m: " " * len(m.group(0)), _EMAIL_RE.sub(lambda m: " " * len(m.group(0)), text)
    )
    for m in find_skills(skill_text):
        mentions.append((m.start, m.skill))
    for a, b in skill_ranges:
        for m in find_skills(skill_text[a:b], skills_context=True):
            mentions.append((a + m.start, m.skill))
    mentions.sort()
    return tuple(dict.fromkeys(skill for _pos, skill in mentions))


def _raw_positions(lines: list[str], sections: list[_Section]) -> list[_RawPosition]:
    """Positions of the experience sections, or of every section that can hold jobs when no
    section is headed as experience."""
    exp_sections = [s for s in sections if s.kind == "experience"]
    raws: list[_RawPosition] = []
    if exp_sections:
        for s in exp_sections:
            raws.extend(_positions_in(lines, s.start, s.end))
    else:
        for s in sections:
            if s.kind in _POSITION_EXCLUDE_KINDS:
                continue
            for rp in _positions_in(lines, s.start, s.end):
                if _degree_matches(lines[rp.line], in_education=False):
                    continue
                raws.append(rp)
    return raws


def _positions_of(raws: list[_RawPosition], today: date) -> list[Position]:
    """One position per date range, a titled one kept over an untitled duplicate."""
    positions: list[Position] = []
    seen: dict[tuple, int] = {}
    for rp in raws:
        p = _to_position(rp, today)
        if p is None:
            continue
        key = (p.start, p.end, p.current)
        if key in seen:
            k = seen[key]
            old = positions[k]
            if old.title.lower() == p.title.lower() or not p.title or not old.title:
                if not old.title and p.title:
                    positions[k] = p
                continue
        seen[key] = len(positions)
        positions.append(p)
    return positions


def _education_of(lines: list[str], sections: list[_Section], today: date) -> list[Education]:
    """Education entries of the education sections, else degrees found in other sections."""
    edu_sections = [s for s in sections if s.kind == "education"]
    education: list[Education] = []
    for s in edu_sections:
        education.extend(_education_in(lines, s.start, s.end, in_education=True, today=today))
    if not education:
        for s in sections:
            if s.kind in {"experience", "skills", "projects", "publications"}:
                continue
            education.extend(_education_in(lines, s.start, s.end, in_education=False, today=today))
    dedup: list[Education] = []
    for e in education:
        if e not in dedup:
            dedup.append(e)
    return dedup
