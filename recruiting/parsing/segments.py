"""Segments of a header line (title, company, place), locations taken out."""

from __future__ import annotations

import re

from recruiting.parsing.contact import _location_match
from recruiting.parsing.vocabulary import _COUNTRIES, _US_STATE_NAMES, _US_STATES

_SEGMENT_SPLIT_RE = re.compile(r"\s*(?:\||•|·|,|\s[-–—]\s|\s@\s|\bat\s(?=[A-Z]))\s*")
_SEGMENT_SPLIT_NO_AT_RE = re.compile(r"\s*(?:\||•|·|,|\s[-–—]\s|\s@\s)\s*")


def _strip_locations(text: str) -> str:
    text = re.sub(
        r"\bCity\s*,\s*State\b(?:\s*,\s*(?:USA|US|United States|India|[A-Z][a-z]+))?", " ", text
    )
    text = re.sub(r"\bCompany Name\b", " Company Name ", text)
    loc = _location_match(text)
    guard = 0
    while loc and guard < 4:
        s, e = loc[1]
        text = text[:s] + " " + text[e:]
        loc = _location_match(text)
        guard += 1
    return " ".join(text.split())


def _segments(text: str, *, split_at: bool = True) -> list[str]:
    if not text:
        return []
    text = _strip_locations(text)
    segs = []
    for seg in (_SEGMENT_SPLIT_RE if split_at else _SEGMENT_SPLIT_NO_AT_RE).split(text):
        seg = seg.strip(" .:;-–—|,")
        if not seg:
            continue
        low = seg.lower()
        if low in _COUNTRIES or seg in _US_STATES or low in _US_STATE_NAMES:
            continue
        if low in {"remote", "hybrid", "on-site", "onsite", "city", "state", "present", "current"}:
            continue
        segs.append(seg)
    return segs


def _split_company_title(seg: str) -> tuple[str, str]:
    """'Company Name KINDERGARTEN TEACHER' -> ('Company Name', 'KINDERGARTEN TEACHER')."""
    if seg.startswith("Company Name"):
        rest = seg[len("Company Name") :].strip()
        return "Company Name", rest
    if seg.endswith("Company Name"):
        return "Company Name", seg[: -len("Company Name")].strip()
    return "", seg


def _title_cased(seg: str) -> bool:
    words = [
        w
        for w in re.findall(r"[^\W\d_][\w'’&.-]*", seg)
        if w.lower() not in {"of", "and", "the", "for", "at", "de", "&", "in", "on"}
    ]
    if not words:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps / len(words) >= 0.75
