"""The person's name and headline, from the lines at the top."""

from __future__ import annotations

import re

from recruiting.parsing.contact import _is_contact_line, _location_match
from recruiting.parsing.lines import _smart_title, _strip_bullet
from recruiting.parsing.vocabulary import (
    _COUNTRIES,
    _CREDENTIALS,
    _FIELD_WORDS,
    _NAME_PARTICLES,
    _NAME_STOPWORDS,
)
from recruiting.skills import canonical_skill
from recruiting.text.dates import (
    MONTHS,
)
from recruiting.text.headings import resume_heading
from recruiting.text.roles import has_role_word, is_role_word

_NAME_TOKEN_RE = re.compile(r"^(?:[^\W\d_][^\W\d_'’\-.]*(?:['’\-][^\W\d_]+)*\.?|[^\W\d_]\.)$")
_NAME_LABEL_RE = re.compile(r"^\s*(?:full\s+)?name\s*[:\-]\s*(.+?)\s*$", re.IGNORECASE)
_HEADER_SPLIT_RE = re.compile(r"\s*(?:\||•|·|—|–|\s-\s|\t|\s{3,}|,)\s*")


def _looks_like_name(candidate: str) -> bool:
    words = candidate.split()
    if not 2 <= len(words) <= 5:
        return False
    if re.search(r"[\d@/\\:;()\[\]{}#&+=_|<>]", candidate):
        return False
    real = 0
    for w in words:
        lw = w.lower().strip(".")
        if lw in _NAME_PARTICLES and real > 0:
            continue
        if not _NAME_TOKEN_RE.match(w):
            return False
        if not w[0].isupper():
            return False
        if len(lw) == 1 and (w.endswith(".") or len(w) == 1):
            continue  # an initial
        if lw in _NAME_STOPWORDS or is_role_word(lw) or lw in _FIELD_WORDS or lw in MONTHS:
            return False
        real += 1
    if real < 2:
        return False
    if canonical_skill(candidate) is not None:
        return False
    # a name is not a known skill phrase or a heading
    return resume_heading(candidate) is None


def _clean_name(candidate: str) -> str:
    candidate = re.sub(r"^(?:dr|mr|mrs|ms|miss|prof|sir)\.?\s+", "", candidate.strip(), flags=re.I)
    parts = [p.strip() for p in candidate.split(",")]
    # "Jane Smith, RN, BSN" -> "Jane Smith"
    while len(parts) > 1 and parts[-1].replace(".", "").lower() in _CREDENTIALS:
        parts.pop()
    name = parts[0]
    words = [
        w
        for w in name.split()
        if w.replace(".", "").lower() not in _CREDENTIALS or len(name.split()) <= 2
    ]
    name = " ".join(words)
    if name.isupper():
        name = " ".join(w if w.lower() in _NAME_PARTICLES else w.title() for w in name.split())
    return name


def _labelled_name(lines: list[str]) -> tuple[str, int]:
    """A name after a "Name:" label: (name, line index) or ("", -1)."""
    for i, line in enumerate(lines[:40]):
        m = _NAME_LABEL_RE.match(_strip_bullet(line).lstrip("#* "))
        if m:
            cand = _clean_name(m.group(1).strip(" *"))
            if _looks_like_name(cand) or (
                1 <= len(cand.split()) <= 5 and not re.search(r"\d", cand)
            ):
                return cand, i
    return "", -1


def _find_name(lines: list[str], header_end: int) -> tuple[str, int]:
    """(name, line index) or ("", -1)."""
    labelled = _labelled_name(lines)
    if labelled[0]:
        return labelled
    limit = max(header_end, 0)
    seen = 0
    for i, line in enumerate(lines[: max(limit, 12)]):
        if not line:
            continue
        seen += 1
        if seen > 8:
            break
        if i >= limit and seen > 3:
            break
        if resume_heading(line) is not None and i >= limit:
            break
        low = line.lower()
        if low.strip(" :") in {
            "resume",
            "résumé",
            "curriculum vitae",
            "cv",
            "resume of",
            "biodata",
        }:
            continue
        loc = _location_match(line)
        if loc:
            remainder = (line[: loc[1][0]] + line[loc[1][1] :]).strip(" ,;|-–—•·")
            if not remainder or remainder.lower() in _COUNTRIES:
                continue  # "San Francisco, CA", "Silicon Valley, CA, USA"
        for seg in _HEADER_SPLIT_RE.split(line):
            seg = seg.strip(" .")
            if not seg:
                continue
            if _is_contact_line(seg):
                continue
            cand = _clean_name(seg)
            if _looks_like_name(cand):
                return cand, i
            break  # only the first meaningful segment of a line can be the name
    return "", -1


def _find_headline(lines: list[str], header_end: int, name_idx: int) -> str:
    start = name_idx + 1 if name_idx >= 0 else 0
    stop = max(header_end, min(len(lines), start + 1))
    if name_idx < 0:
        # no name (anonymised resumes): a short first line is the headline ("STAFF ACCOUNTANT")
        first = next((ln for ln in lines[:5] if ln), "")
        if (
            first
            and not resume_heading(first)
            and not _is_contact_line(first)
            and len(first.split()) <= 8
            and not re.search(r"\d{4}", first)
            and not first.endswith(".")
            and first[:1].isupper()
            and "your name" not in first.lower()
        ):
            return _smart_title(first) if first.isupper() else first
    for i in range(start, min(stop, start + 6)):
        line = lines[i]
        if not line or _is_contact_line(line) or resume_heading(line):
            continue
        seg = _HEADER_SPLIT_RE.split(line)[0].strip() if name_idx == i else line
        if _location_match(seg) and not has_role_word(seg):
            continue
        words = seg.split()
        if not 1 <= len(words) <= 10 or seg.endswith("."):
            continue
        if re.search(r"\d{4}", seg):
            continue
        if has_role_word(seg) or (i == name_idx + 1 and name_idx >= 0 and seg[0].isupper()):
            return _smart_title(seg) if seg.isupper() else seg
    # "John Doe | Senior Engineer"
    if name_idx >= 0:
        parts = _HEADER_SPLIT_RE.split(lines[name_idx])
        for part in parts[1:]:
            if part and has_role_word(part) and not _is_contact_line(part):
                return _smart_title(part) if part.isupper() else part
    return ""
