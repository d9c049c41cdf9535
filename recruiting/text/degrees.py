"""Degree levels: how far a degree goes, read the same in a resume and in a job advert."""

from __future__ import annotations

import re
from enum import StrEnum

# Bare two-letter forms ("MS", "BA", "MA") are also US state abbreviations or product names
# ("MS Office"), so inside text they need dots or a following "in"/"of"/":"/","; a degree
# name standing alone ("MS", as the parser reads it off an education line) is one.
_FIELD_AFTER = r"(?=\s*(?:in\b|of\b|[:,(-]))"


class DegreeLevel(StrEnum):
    """A degree level; ``NONE`` (the empty string, false) when no degree is named."""

    NONE = ""
    CERTIFICATE = "certificate"
    HIGH_SCHOOL = "high_school"
    ASSOCIATE = "associate"
    BACHELOR = "bachelor"
    MASTER = "master"
    DOCTORATE = "doctorate"

    @property
    def rank(self) -> int:
        """Order for "at least": a certificate (or nothing) is 0, a doctorate 5."""
        return _RANK[self]

    @property
    def label(self) -> str:
        """How HR reads it ("high school")."""
        return self.value.replace("_", " ")


_RANK = {
    DegreeLevel.NONE: 0,
    DegreeLevel.CERTIFICATE: 0,
    DegreeLevel.HIGH_SCHOOL: 1,
    DegreeLevel.ASSOCIATE: 2,
    DegreeLevel.BACHELOR: 3,
    DegreeLevel.MASTER: 4,
    DegreeLevel.DOCTORATE: 5,
}

# A whole degree name, written without dots or spaces ("B.S." -> "bs").
_DEGREE_NAMES = {
    DegreeLevel.DOCTORATE: "phd dphil edd dnp jd md psyd pharmd",
    DegreeLevel.MASTER: "ms ma msc mba meng mtech mcom mfa mph msw mpa med msn llm mphil me",
    DegreeLevel.BACHELOR: "bs ba bsc beng btech bcom bba bfa bsn bed be llb",
    DegreeLevel.ASSOCIATE: "aa as aas adn hnd",
    DegreeLevel.HIGH_SCHOOL: "ged alevel alevels gcse gcses",
    DegreeLevel.CERTIFICATE: "btec",
}
_NAME_LEVEL = {name: level for level, names in _DEGREE_NAMES.items() for name in names.split()}

# Degree levels named inside text, highest first.
_IN_TEXT = [
    (
        DegreeLevel.DOCTORATE,
        r"\b(?:ph\.?\s?d\b|doctorate|doctoral|doctor\s+of|ed\.d\b|psy\.d\b|pharm\.?\s?d\b|dnp\b|"
        r"m\.d\.|j\.d\.|juris\s+doctor)",
    ),
    (
        DegreeLevel.MASTER,
        r"\b(?:master(?:'s|’s|s)\b|master(?=\s+(?:degree|of|in)\b)|mba\b|m\.\s?s\.?c?\b|m\.\s?a\.|"
        r"m\.\s?ed\b|m\.?\s?eng\b|msc\b|msn\b|mph\b|mfa\b|ms\b"
        + _FIELD_AFTER
        + r"|ma\b"
        + _FIELD_AFTER
        + r")",
    ),
    (
        DegreeLevel.BACHELOR,
        r"\b(?:bachelor'?s?\b|b\.\s?s\.?c?\b|b\.\s?a\.|b\.\s?e\.?\b|b\.?\s?eng\b|b\.?\s?tech\b|"
        r"b\.?\s?com\b|bsc\b|bsn\b|bba\b|bfa\b|bs\b" + _FIELD_AFTER + r"|ba\b" + _FIELD_AFTER + r"|"
        r"undergraduate\s+degree|four[\s-]year\s+degree|baccalaureate)",
    ),
    (
        DegreeLevel.ASSOCIATE,
        r"\b(?:associate'?s?\s+(?:degree|of|in\b)|associates?\s*,?\s*(?:applied|arts|science)|"
        r"a\.\s?a\.?s?\.?|a\.\s?s\.|aas\b|adn\b|(?<!school\s)diploma\b)",
    ),
    (DegreeLevel.HIGH_SCHOOL, r"\b(?:high\s+school|ged\b|secondary\s+school|a-levels?\b|gcse)"),
]
_IN_TEXT_RES = [(level, re.compile(rx, re.I)) for level, rx in _IN_TEXT]
_GENERIC_DEGREE = re.compile(r"\bdegree\b", re.I)
_CERTIFICATE = re.compile(r"\b(?:certificat(?:e|ion)|post[\s-]?graduate|some\s+college)", re.I)


def degree_level(text: str) -> DegreeLevel:
    """The highest degree level ``text`` names: a degree name ("MS", "B.Sc.", "Bachelor of
    Arts") or a line or requirement that mentions one ("BS in Computer Science or related
    field"). A bare "degree" counts as a bachelor's; a certificate ranks below every degree."""
    compact = re.sub(r"[\s.'’-]", "", text.lower())
    if compact in _NAME_LEVEL:
        return _NAME_LEVEL[compact]
    for level, rx in _IN_TEXT_RES:
        if rx.search(text):
            return level
    if _GENERIC_DEGREE.search(text):
        return DegreeLevel.BACHELOR
    if _CERTIFICATE.search(text):
        return DegreeLevel.CERTIFICATE
    return DegreeLevel.NONE
