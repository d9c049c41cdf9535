"""Knockout questions: work authorisation, clearance, licences, schedule ..."""

from __future__ import annotations

import re

from ai.scoring.requirements.posting import _BULLET_RE, _shorten

_KNOCKOUT_RULES: list[tuple[str, re.Pattern, str]] = [
    (
        "work authorisation",
        re.compile(
            r"authori[sz]ed to work|work authori[sz]ation|right to work|eligible to work|sponsorship|\bvisa\b|citizenship|\bcitizens?\b|green card|permanent resident",
            re.I,
        ),
        "Are you legally authorised to work in this location (and do you need visa sponsorship)?",
    ),
    (
        "security clearance",
        re.compile(r"clearance|\bts/sci\b|\btop secret\b|\bsecret\b", re.I),
        "Do you hold (or can you obtain) the required security clearance?",
    ),
    (
        "licence",
        re.compile(
            r"\blicen[cs]e[ds]?\b|\blicensure\b|\bboard[\s-]certified\b|\bcertification (?:is )?required\b|\bmust be certified\b|\bregistered nurse\b.*\b(?:active|current|valid)\b|\b(?:active|current|valid)\b.*\b(?:rn|cpa|pe|cdl)\b",
            re.I,
        ),
        "Do you hold the required licence or certification?",
    ),
    (
        "driving",
        re.compile(
            r"driver'?s licen[cs]e|driving licen[cs]e|reliable transportation|\bcdl\b", re.I
        ),
        "Do you have a valid driving licence / reliable transportation?",
    ),
    (
        "relocation",
        re.compile(
            r"relocat|on[\s-]?site\b|in[\s-]office|commut|must (?:live|reside)|within \d+ miles|local candidates|hybrid",
            re.I,
        ),
        "Can you work at the job location (on-site / relocation)?",
    ),
    (
        "travel",
        re.compile(
            r"\btravel\b.*\d+\s*%|\bwilling(?:ness)? to travel\b|\bextensive travel\b", re.I
        ),
        "Are you willing to travel as required?",
    ),
    (
        "background check",
        re.compile(
            r"background (?:check|screening|investigation)|drug (?:test|screen)|criminal record",
            re.I,
        ),
        "Are you willing to undergo a background check / drug screen?",
    ),
    (
        "schedule",
        re.compile(
            r"\bweekends?\b|\bnight shifts?\b|\bovernight\b|\bon[\s-]call\b|\brotating shifts?\b|\bovertime\b|\bholidays\b",
            re.I,
        ),
        "Are you available for the required schedule (shifts, weekends, on-call)?",
    ),
    (
        "physical",
        re.compile(
            r"\blift(?:ing)?\b[^.]{0,30}\b\d+\s*(?:lbs?|pounds|kg)\b|\bstand(?:ing)? for (?:long|extended) periods\b",
            re.I,
        ),
        "Can you meet the physical requirements of the role?",
    ),
    (
        "age",
        re.compile(r"\b(?:18|21) years of age\b|\bat least (?:18|21)\b|\bover (?:18|21)\b", re.I),
        "Do you meet the minimum age requirement?",
    ),
]


def _knockouts(text: str) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for raw in re.split(r"(?<=[.!?])\s+|\n", text):
        sent = _BULLET_RE.sub("", raw.strip()).strip("*_# ").strip()
        if not sent or len(sent) > 300:
            continue
        for name, rx, question in _KNOCKOUT_RULES:
            if name in seen:
                continue
            if rx.search(sent):
                if name == "schedule" and not re.search(
                    r"\b(?:must|required|available|availability|able|willing|work)\b", sent, re.I
                ):
                    continue
                if name == "relocation" and re.search(
                    r"\brelocation (?:assistance|package|support)\b", sent, re.I
                ):
                    continue
                seen.add(name)
                out.append(f'{question} ("{_shorten(sent, 160)}")')
    return out


def _is_knockout(item: str) -> bool:
    """Screening conditions (work authorisation, schedule, background check ...) are
    knockout questions, not requirements a resume can evidence."""
    for name, rx, _q in _KNOCKOUT_RULES:
        if name in ("licence", "driving"):
            continue  # a licence is also a real qualification the resume can show
        if rx.search(item):
            if name == "schedule" and not re.search(
                r"\b(?:must|required|available|availability|able|willing)\b", item, re.I
            ):
                continue
            return True
    return False
