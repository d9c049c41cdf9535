"""Education entries: degree, field of study, institution and year around each degree mention."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from recruiting.parsing.degrees import _DEGREE_LONG_RE, _degree_matches
from recruiting.parsing.lines import _is_header_candidate
from recruiting.parsing.profile import Education
from recruiting.parsing.segments import _segments, _title_cased
from recruiting.parsing.vocabulary import _INSTITUTION_RE
from recruiting.text.dates import (
    ANY_YEAR_RE,
    DATE_RE,
    MONTH_RE,
    PRESENT_RE,
    RANGE_RE,
    SEP_RE,
    SINGLE_DATE_RE,
    find_date_ranges,
)
from recruiting.text.roles import has_role_word

_FIELD_STOP_RE = re.compile(
    r"\s*(?:,|\||;|\(|\bfrom\b|\bat\b|\s[-–—]\s|\bGPA\b|" + MONTH_RE + r"\b|"
    r"(?:19|20)\d{2}|\b\d{1,2}/)",
    re.IGNORECASE,
)
_STUDY_WORDS = frozenset(
    [
        "accounting",
        "accountancy",
        "arts",
        "art",
        "science",
        "sciences",
        "business",
        "administration",
        "management",
        "finance",
        "economics",
        "engineering",
        "education",
        "nursing",
        "psychology",
        "biology",
        "chemistry",
        "physics",
        "mathematics",
        "math",
        "history",
        "english",
        "communications",
        "communication",
        "journalism",
        "marketing",
        "culinary",
        "hospitality",
        "technology",
        "information",
        "computer",
        "computing",
        "studies",
        "law",
        "justice",
        "criminal",
        "medical",
        "medicine",
        "health",
        "design",
        "music",
        "literature",
        "sociology",
        "political",
        "politics",
        "philosophy",
        "elementary",
        "secondary",
        "early",
        "childhood",
        "human",
        "resources",
        "resource",
        "public",
        "relations",
        "general",
        "liberal",
        "applied",
        "industrial",
        "mechanical",
        "electrical",
        "civil",
        "chemical",
        "data",
        "statistics",
        "agriculture",
        "architecture",
        "graphic",
        "fine",
        "nutrition",
        "dietetics",
        "food",
        "beverage",
        "pastry",
        "baking",
        "theatre",
        "theater",
        "languages",
        "language",
        "social",
        "work",
        "international",
        "organizational",
        "leadership",
        "development",
        "sports",
        "kinesiology",
        "pharmacy",
        "biochemistry",
        "geology",
        "environmental",
        "systems",
        "network",
        "networking",
        "software",
        "teaching",
        "special",
        "counseling",
        "religious",
        "theology",
        "anthropology",
        "geography",
        "advanced",
        "interior",
        "fashion",
        "apparel",
        "merchandising",
        "secretarial",
        "office",
        "medical",
        "technology",
        "risk",
        "benefits",
        "insurance",
        "banking",
        "real",
        "estate",
        "aviation",
        "electronics",
        "biomedical",
        "aerospace",
        "materials",
        "operations",
        "supply",
        "chain",
        "logistics",
        "cyber",
        "security",
        "analytics",
    ]
)
_CONNECTORS = frozenset({"&", "and", "of", "the", "de", "for", "at", "in", "la", "del"})
_NOT_INSTITUTION_WORDS = frozenset(
    [
        "program",
        "programs",
        "degree",
        "diploma",
        "certificate",
        "major",
        "minor",
        "concentration",
        "track",
        "emphasis",
        "honors",
        "coursework",
        "courses",
        "course",
        "classes",
        "quarter",
        "semester",
        "relevant",
        "attended",
        "completed",
        "currently",
    ]
)


def _split_field_institution(text: str) -> tuple[str, str]:
    """'Culinary Arts Johnson & Wales University' -> ('Culinary Arts', 'Johnson & Wales University')."""
    words = text.split()
    k = next((n for n, w in enumerate(words) if _INSTITUTION_RE.fullmatch(w.strip(",.;:"))), None)
    if k is None:
        return text.strip(), ""
    # right side: "University of North Carolina at Chapel Hill"
    r = k + 1
    caps = words[k].isupper()
    while r < len(words):
        w = words[r].strip(",.;:")
        if w.lower() in _CONNECTORS or (
            w[:1].isupper() and not w.isdigit() and (not caps or w.isupper())
        ):
            r += 1
            if words[r - 1].endswith((",", ";")):
                break
            continue
        break
    while r > k + 1 and words[r - 1].strip(",.;:").lower() in _CONNECTORS:
        r -= 1
    # left side: the word before the keyword belongs to the name (unless "University of ..."),
    # then more capitalised words that are not field-of-study words
    left = k
    followed_by_of = k + 1 < len(words) and words[k + 1].lower() in {"of", "for", "at", "de"}
    if left > 0 and not followed_by_of and (words[left - 1][:1].isupper()):
        left -= 1
    while left > 0:
        w = words[left - 1]
        lw = w.lower().strip(",.;:")
        if (
            lw in {"&", "and", "of", "the"}
            and left >= 2
            and words[left - 2][:1].isupper()
            and words[left - 2].lower() not in _STUDY_WORDS
        ):
            left -= 1
            continue
        if (
            w[:1].isupper()
            and lw not in _STUDY_WORDS
            and lw not in _NOT_INSTITUTION_WORDS
            and not w.endswith(",")
        ):
            left -= 1
            continue
        break
    field = " ".join(words[:left]).strip(" ,.;:-–—|")
    inst = " ".join(words[left:r]).strip(" ,.;:-–—|")
    return field, inst


def _field_after(line: str, end: int) -> str:
    rest = line[end:]
    m = re.match(
        r"^\s*(?:degree\s*)?(?::|,|-|–|—|\bin\b|\bof\b|\bon\b)\s*(?:in\s+)?", rest, re.IGNORECASE
    )
    if not m:
        # "Bachelor of Science Apparel and Merchandising ..." (no separator): only study words
        words = rest.split()
        kept = []
        for w in words:
            lw = w.lower().strip(",.;:")
            if lw in _STUDY_WORDS or (lw in _CONNECTORS and kept):
                kept.append(w.strip(",.;:"))
                if w.endswith((",", ";")):
                    break
            else:
                break
        while kept and kept[-1].lower() in _CONNECTORS:
            kept.pop()
        # drop an immediate repetition ("Apparel and Merchandising Apparel and Merchandising")
        n = len(kept)
        for k in range(1, n // 2 + 1):
            if kept[:k] == kept[k : 2 * k]:
                kept = kept[:k]
                break
        return " ".join(kept) if kept and w[:1].isupper() else ""
    rest = rest[m.end() :]
    rest = re.sub(r"\bCity\s*,\s*State\b", " | ", rest)
    # LiveCareer-style lines repeat the field at the end: "BS : Accounting Strayer University |
    # City , State Accounting"
    tail_words = line.split()
    for k in range(min(8, len(tail_words) - 1), 0, -1):
        tail = " ".join(tail_words[-k:])
        if (
            len(tail) >= 4
            and rest.lower().startswith(tail.lower() + " ")
            and len(rest) > len(tail) + 3
        ):
            return tail.strip(" ,.;:-–—|")
    stop = _FIELD_STOP_RE.search(rest)
    field = rest[: stop.start()] if stop else rest
    if _INSTITUTION_RE.search(field):
        # "Accounting Strayer University" -> "Accounting"; "Stanford University" -> ""
        field, _inst = _split_field_institution(field)
    kept = []
    for w in field.split():
        if w[:1].islower() and w.lower() not in _CONNECTORS and kept:
            break  # "Industrial Psychology Continuing education and training ..."
        kept.append(w)
    field = " ".join(kept[:10]).strip(" ,.;:-–—|&")
    while field.split() and field.split()[-1].lower() in _CONNECTORS:
        field = " ".join(field.split()[:-1])
    if _DEGREE_LONG_RE.fullmatch(field or "-"):
        return ""
    return field


def _institution_in(text: str, field: str = "") -> str:
    for seg in _segments(text, split_at=False):
        if _INSTITUTION_RE.search(seg) and not _DEGREE_LONG_RE.fullmatch(seg):
            seg = ANY_YEAR_RE.sub(" ", seg)
            seg = re.sub(r"\b(?:GPA|gpa)\b.*$", "", seg)
            seg = re.sub(r"\b" + MONTH_RE + r"\b\.?", " ", seg, flags=re.IGNORECASE)
            seg = " ".join(seg.split()).strip(" ,.;:-–—|")
            if field and seg.lower().startswith(field.lower() + " "):
                seg = seg[len(field) :].strip()
            _f, inst = _split_field_institution(seg)
            inst = inst or seg
            if len(inst.split()) > 12:
                inst = " ".join(inst.split()[:12])
            return inst
    return ""


def _institution_fallback(line: str) -> str:
    """'UC Berkeley | 2019' -> 'UC Berkeley' (a short Title Case line next to a degree)."""
    text = RANGE_RE.sub(" ", line)
    text = SINGLE_DATE_RE.sub(" ", text)
    if len(text.split()) > 10:
        return ""
    for seg in _segments(text):
        seg = seg.strip(" ,.;:-–—|")
        words = [w.lower() for w in seg.split()]
        if not seg or len(words) > 6 or not _title_cased(seg) or has_role_word(seg):
            continue
        if re.search(r"\d", seg) or words[0] in _NOT_INSTITUTION_WORDS or words[0] == "gpa":
            continue
        if all(w in _STUDY_WORDS or w in _CONNECTORS for w in words):
            continue
        if any(
            w not in _CONNECTORS and not o[:1].isupper()
            for w, o in zip(words, seg.split(), strict=True)
        ):
            continue
        return seg
    return ""


_BARE_DATE_LINE_RE = re.compile(
    r"^\s*(?:" + DATE_RE + r")(?:" + SEP_RE + r"(?:" + DATE_RE + r"|" + PRESENT_RE + r"))?\s*$",
    re.IGNORECASE,
)


_MAX_DEGREE_MENTIONS = 40


def _education_in(
    lines: list[str], start: int, end: int, *, in_education: bool, today: date
) -> list[Education]:
    entries: list[Education] = []
    idx = [i for i in range(start, end) if lines[i]]
    degree_lines: list[tuple[int, tuple[int, int, str]]] = []
    for i in idx:
        for dm in _degree_matches(lines[i], in_education=in_education):
            degree_lines.append((i, dm))
    taken_inst_lines: set[int] = set()
    # Each entry looks at the degrees around it, so a line of hundreds of "B.Sc." would cost
    # their square; no resume lists more degrees than this.
    for n, (i, (ds, de, dtext)) in enumerate(degree_lines[:_MAX_DEGREE_MENTIONS]):
        line = lines[i]
        # several degrees on one line: limit this entry's text to up to the next degree
        same_line_next = [d for (j, d) in degree_lines if j == i and d[0] > ds]
        seg_end = same_line_next[0][0] if same_line_next else len(line)
        seg_start = ds
        prev_on_line = [d for (j, d) in degree_lines if j == i and d[1] <= ds]
        if not prev_on_line:
            seg_start = 0
        entry_text = line[seg_start:seg_end]
        degree = " ".join(dtext.split())
        field = _field_after(line[:seg_end], de)
        # neighbouring lines that belong to this entry
        next_deg_line = next((j for (j, _d) in degree_lines[n + 1 :] if j > i), end)
        prev_deg_line = max([j for (j, _d) in degree_lines[:n] if j < i], default=start - 1)
        after = [j for j in idx if i < j < min(next_deg_line, i + 3)]
        before = [j for j in idx if max(prev_deg_line, i - 2) < j < i]
        entry = _Entry(i, ds, de, seg_end, entry_text, dtext, field, before, after)
        institution = _entry_institution(
            lines,
            entry,
            taken_inst_lines,
            in_education=in_education,
            first_on_line=not prev_on_line,
        )
        if field and institution and field == institution:
            field = ""
        year = _entry_year(lines, entry, end, today)
        entries.append(Education(degree=degree, field=field, institution=institution, year=year))
    return _distinct(entries)


@dataclass
class _Entry:
    """One degree mention and the lines around it that belong to its entry."""

    line: int
    degree_start: int
    degree_end: int
    text_end: int  # where the next degree on the same line starts
    text: str
    degree_text: str
    field: str
    before: list[int]
    after: list[int]


def _entry_institution(
    lines: list[str],
    entry: _Entry,
    taken_inst_lines: set[int],
    *,
    in_education: bool,
    first_on_line: bool,
) -> str:
    """The institution on the entry's own text, else on a line next to it (each line gives
    one entry its institution: ``taken_inst_lines``)."""
    line, de, field = lines[entry.line], entry.degree_end, entry.field
    before, after = entry.before, entry.after
    institution = _institution_in(entry.text.replace(entry.degree_text, " ", 1), field)
    if not institution:
        for j in after + before[::-1]:
            if j in taken_inst_lines or (_degree_matches(lines[j], in_education=in_education)):
                continue
            institution = _institution_in(lines[j])
            if institution:
                taken_inst_lines.add(j)
                break
    if not institution:
        # "Degree, Institution, City" / "PhD in CS, CalTech, Pasadena"
        segs = _segments(RANGE_RE.sub(" ", line[de : entry.text_end]))
        rest = [
            s
            for s in segs[1:]
            if not ANY_YEAR_RE.search(s) and len(s.split()) <= 6 and not re.match(r"(?i)gpa\b", s)
        ]
        first = re.sub(r"^(?:in|of|:)\s+", "", segs[0].strip()) if segs else ""
        if field and first == field and rest:
            institution = rest[0]
    if not institution and in_education and first_on_line:
        institution = _institution_fallback(line[: entry.degree_start])
    if not institution and in_education:
        for j in (before[::-1] + after)[:2]:
            if (
                j in taken_inst_lines
                or _degree_matches(lines[j], in_education=True)
                or not _is_header_candidate(lines[j])
            ):
                continue
            institution = _institution_fallback(lines[j])
            if institution:
                taken_inst_lines.add(j)
                break
    return institution


def _entry_year(lines: list[str], entry: _Entry, end: int, today: date) -> int | None:
    """The end of a range on the entry's lines, else the latest plausible year."""
    i, before, after = entry.line, entry.before, entry.after
    bare_before = [j for j in before[-1:] if _BARE_DATE_LINE_RE.match(lines[j])]
    # a bare date line after the degree belongs to it unless the entries are written
    # "date line, then degree line" (then it is the next entry's date)
    after_ok = [
        j
        for j in after[:2]
        if bare_before
        or not _BARE_DATE_LINE_RE.match(lines[j])
        or not (j + 1 < end and _degree_matches(lines[j + 1], in_education=True))
    ]
    if bare_before:
        after_ok = [j for j in after_ok if not _BARE_DATE_LINE_RE.match(lines[j])]
    for j in [i, *bare_before, *after_ok, *before[::-1][:1]]:
        text = lines[j] if j != i else entry.text
        rngs = find_date_ranges(text)
        if rngs:
            r = rngs[-1]
            return today.year if r.end is None else r.end[0]
        years = [int(y) for y in ANY_YEAR_RE.findall(text) if int(y) <= today.year + 7]
        if years:
            return max(years)
    return None


def _distinct(entries: list[Education]) -> list[Education]:
    """Entries de-duplicated (LiveCareer repeats an entry's text)."""
    out: list[Education] = []
    for e in entries:
        if any(
            o.degree.lower() == e.degree.lower()
            and o.field.lower() == e.field.lower()
            and o.year == e.year
            for o in out
        ):
            continue
        out.append(e)
    return out
