"""Education requirements: degree level and field of study."""

from __future__ import annotations

import re

from ai.scoring import _text
from recruiting.text.degrees import degree_level

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


def _education_keywords(head: str) -> list[str]:
    """The degree level's label and up to four fields of study of an education requirement."""
    level = degree_level(head)
    field_part = re.split(r"\b(?:in|of)\b", head, maxsplit=1)
    fields = []
    # the field: after "in"/"of" ("degree in Accounting"), up to "equivalent", "related
    # field" ...; or before "degree" ("a culinary degree")
    field_text = field_part[1] if len(field_part) == 2 else ""
    field_text = _EDU_FIELD_END_RE.split(field_text, maxsplit=1)[0]
    before = _FIELD_BEFORE_DEGREE_RE.search(head)
    if before:
        field_text = before.group(1) + ", " + field_text
    for p in _text.key_phrases(field_text):
        ws = [w for w in p.split() if w not in _EDU_STOP and not w.endswith("'s")]
        if ws and " ".join(ws) not in fields:
            fields.append(" ".join(ws))
    return ([level.label] if level.rank else []) + fields[:4]
