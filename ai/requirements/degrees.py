"""Education requirements: degree level and field of study."""

from __future__ import annotations

import re

_EDU_RE = re.compile(
    r"\b(?:degree|bachelor'?s?|master(?:'s|’s|s)|master(?=\s+(?:degree|of|in)\b)|ph\.?\s?d|doctorate|diploma|b\.?\s?s\.?c?\b|b\.?\s?a\.?\b|m\.?\s?s\.?c?\b|mba|associate'?s?\s+degree|graduate\s+of|high\s+school|ged)\b",
    re.I,
)
_EDU_STOP = frozenset(
    [
        "degree",
        "bachelor",
        "bachelors",
        "master",
        "masters",
        "phd",
        "doctorate",
        "diploma",
        "bs",
        "ba",
        "bsc",
        "msc",
        "ms",
        "mba",
        "associate",
        "associates",
        "graduate",
        "high",
        "school",
        "ged",
        "field",
        "fields",
        "related",
        "equivalent",
        "discipline",
        "accredited",
        "university",
        "college",
        "institution",
        "program",
        "combination",
        "four",
        "year",
        "years",
        "valid",
        "current",
        "accredited",
        "state",
        "formal",
        "post",
        "secondary",
        "postsecondary",
    ]
)
_EDU_FIELD_END_RE = re.compile(
    r"\b(?:equivalent|combination|related|similar|relevant|comparable|preferred|required|with|from)\b",
    re.I,
)
_FIELD_BEFORE_DEGREE_RE = re.compile(r"((?:[A-Za-z&-]+\s+){1,3})(?:degree|diploma)\b", re.I)
