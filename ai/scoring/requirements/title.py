"""The job's title and seniority."""

from __future__ import annotations

import re

from ai.scoring.requirements.posting import _clean_title, _Section
from ai.scoring.requirements.roles import _role_like


def _title(sections: list[_Section], text: str) -> str:
    for s in sections:
        if s.kind == "title" and s.lines:
            return _clean_title(s.lines[0][0])
    m = re.search(r"(?im)^\s*(?:job\s+title|position|role|title)\s*[:\-–]\s*(.+)$", text)
    if m:
        return _clean_title(m.group(1))
    pre = sections[0].lines if sections and sections[0].kind == "preamble" else []
    if pre:
        first = pre[0][0]
        if len(first.split()) <= 8 and not re.search(r"[.!?]$", first):
            return _clean_title(first)
    m = re.search(
        r"\b(?:seeking|looking for|hiring|recruiting)\s+(?:an?\s+|our\s+next\s+)?(?:experienced\s+|talented\s+|motivated\s+|skilled\s+|dedicated\s+)?((?:[A-Z][\w/&+.-]*\s?){1,6})",
        text,
    )
    if m:
        return _clean_title(m.group(1))
    # lower-case titles: "looking for a line cook to join ..." (must end in a job noun)
    m = re.search(
        r"\b(?:seeking|looking for|hiring|recruiting)\s+(?:an?\s+|our\s+next\s+)?((?:[a-z][\w/&+.-]*\s+){0,3}?[a-z][\w-]*)(?=\s+(?:to|who|with|for|that|in|at)\b|[.,;]|$)",
        text,
    )
    if m and _role_like(m.group(1)):
        return _clean_title(m.group(1))
    return ""


_SENIORITY_RULES = [
    ("intern", re.compile(r"\bintern(ship)?\b|\bco-?op\b|\btrainee\b|\bapprentice\b", re.I)),
    (
        "principal",
        re.compile(
            r"\bprincipal\b|\bdistinguished\b|\bchief\b|\bvp\b|\bvice president\b|\bhead of\b|\bdirector\b",
            re.I,
        ),
    ),
    (
        "lead",
        re.compile(
            r"\blead\b|\bstaff (?:engineer|developer|scientist|software)\b|\bmanager\b|\bsupervisor\b|\bhead\b|\bteam lead\b|\bforeman\b|\bexecutive chef\b",
            re.I,
        ),
    ),
    ("senior", re.compile(r"\bsenior\b|\bsr\.?\b|\biii\b|\bexperienced\b", re.I)),
    (
        "junior",
        re.compile(
            r"\bjunior\b|\bjr\.?\b|\bentry[\s-]level\b|\bgraduate\b|\bassistant\b|\b(?:level\s+)?i\b(?!\.)|\bnew grad",
            re.I,
        ),
    ),
    ("mid", re.compile(r"\bmid[\s-]?(?:level|senior)?\b|\bintermediate\b|\bii\b", re.I)),
]


def _seniority(title: str, text: str, min_years: float | None) -> str:
    for level, rx in _SENIORITY_RULES:
        if title and rx.search(title):
            return level
    head = text[:400]
    for level, rx in _SENIORITY_RULES:
        if level in ("intern", "junior", "senior", "mid") and rx.search(head) and level != "senior":
            return level
    if min_years is not None:
        if min_years >= 8:
            return "senior"
        if min_years >= 5:
            return "senior"
        if min_years >= 2:
            return "mid"
        return "junior"
    return "unspecified"
