"""Years of experience asked for: "3+ years", "five years", "2-4 yrs"."""

from __future__ import annotations

import re

_NUMWORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
}
_NUM = r"(\d+(?:\.\d+)?|" + "|".join(_NUMWORDS) + r")"
YEARS_RE = re.compile(
    rf"{_NUM}\s*(?:\+|plus)?\s*(?:(?:-|–|to)\s*{_NUM}\s*)?(?:\+\s*)?(?:\(\s*\d+\s*\)\s*)?(?:years?|yrs?)\b(?!\s+(?:of\s+age|old))",
    re.IGNORECASE,
)
_DURATION_TAIL_RE = re.compile(
    r"^(?P<what>(?:[^:–—()]|\([^()]*\))+?)\s*(?:\s-+\s|[:–—(]|\bfor\b)\s*(?:at\s+least\s+|minimum\s+(?:of\s+)?)?"
    + YEARS_RE.pattern
    + r"(?:\s+(?:of\s+)?(?:experience|exp\.?))?\s*\)?\s*[.;]?\s*$",
    re.I,
)


def years_in(text: str) -> float | None:
    best = None
    for m in YEARS_RE.finditer(text):
        raw = m.group(1).lower()
        val = float(_NUMWORDS.get(raw, raw)) if raw in _NUMWORDS else float(raw)
        if 0 < val <= 40:
            best = val if best is None else max(best, val)
    return best


def _fmt_years(y: float | None) -> str:
    if y is None:
        return ""
    return f"{y:g}+ years"
