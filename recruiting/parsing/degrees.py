"""Degree mentions: long forms ("Bachelor of Science") and abbreviations ("B.Sc.")."""

from __future__ import annotations

import bisect
import re

from recruiting.skills import canonical_skill

_DEGREE_LONG = (
    r"(?:(?:bachelor|master|doctor|associate)(?:'s|’s|s)?(?:\s+degree)?"
    r"(?:\s+(?:of|in)\s+(?:applied\s+)?(?:science|arts|business administration|fine arts|"
    r"engineering|education|laws|philosophy|technology|nursing|social work|public health|"
    r"public administration|music|architecture|commerce|computer applications|medicine|"
    r"accountancy|accounting|health administration|business|information systems|"
    r"professional studies|general studies|liberal arts))?(?:\s+degree)?"
    r"|doctorate|high\s+school\s+diploma|high\s+school|secondary\s+school(?:\s+diploma)?|"
    r"ged|g\.e\.d\.?|diploma|associate degree|post[- ]graduate\s+(?:diploma|certificate)|"
    r"graduate\s+certificate|certificate(?:\s+program)?|certification\s+program|"
    r"a-levels?|gcse?s?|baccalaureate|some college|juris doctor)"
)
_DEGREE_ABBR = (
    r"(?:Ph\.?\s?D\.?|D\.?Phil|Ed\.?\s?D\.?|M\.?\s?B\.?\s?A\.?|M\.?\s?Sc\.?|B\.?\s?Sc\.?|"
    r"B\.?\s?S\.?\s?N\.?|M\.?\s?S\.?\s?N\.?|B\.?\s?Eng\.?|M\.?\s?Eng\.?|B\.?\s?Tech\.?|M\.?\s?Tech\.?|"
    r"B\.?\s?Com\.?|M\.?\s?Com\.?|B\.?\s?B\.?\s?A\.?|B\.?\s?F\.?\s?A\.?|M\.?\s?F\.?\s?A\.?|"
    r"M\.?\s?P\.?\s?H\.?|M\.?\s?S\.?\s?W\.?|M\.?\s?P\.?\s?A\.?|M\.?\s?Ed\.?|B\.?\s?Ed\.?|"
    r"D\.?\s?N\.?\s?P\.?|J\.?\s?D\.?|LL\.?\s?[BM]\.?|M\.?\s?D\.?|A\.?\s?A\.?\s?S\.?|"
    r"B\.?\s?A\.?|B\.?\s?S\.?|M\.?\s?S\.?|M\.?\s?A\.?|A\.?\s?A\.?|A\.?\s?S\.?|B\.?\s?E\.?|"
    r"M\.?\s?E\.?|A\.?\s?D\.?\s?N\.?|HND|BTEC|MPhil|M\.?Phil)"
)
_DEGREE_LONG_RE = re.compile(r"(?<![\w])" + _DEGREE_LONG + r"(?![\w])", re.IGNORECASE)
_DEGREE_ABBR_RE = re.compile(r"(?<![\w.])" + _DEGREE_ABBR + r"(?![\w])")

_ABBR_BLOCKLIST_AFTER = re.compile(
    r"^\s*(?:office|excel|word|sql|project|access|outlook|teams|visio|dynamics|windows|"
    r"powerpoint|exchange|azure|dos)\b",
    re.IGNORECASE,
)


def _degree_matches(line: str, *, in_education: bool) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for m in _DEGREE_LONG_RE.finditer(line):
        text = m.group(0)
        low = text.lower()
        if not in_education and low in {
            "associate",
            "associates",
            "master",
            "masters",
            "bachelor",
            "bachelors",
            "doctor",
        }:
            continue  # "Sales Associate", "Scrum Master" outside an education section
        if re.match(
            r"\s*(?:project|thesis|level|courses?|coursework|student|candidate)\b",
            line[m.end() :],
            re.IGNORECASE,
        ) and not low.endswith("degree"):
            continue  # "Masters Project: ...", "Graduate Level Courses"
        if low.startswith(("high school", "secondary school")) and "diploma" not in low:
            prev_word = line[: m.start()].split()[-1:] or [""]
            if out or (prev_word[0][:1].isupper() and prev_word[0].lower() not in {"and", "of"}):
                continue  # "... Our Lady of Good Counsel High School" is an institution
        if low in {"diploma", "certificate", "high school"} and not in_education:
            continue
        if low.startswith("certificate") and not in_education:
            continue
        out.append((m.start(), m.end(), text))
    long_starts = [s for s, _e, _t in out]  # sorted, and apart: they come from one finditer
    for m in _DEGREE_ABBR_RE.finditer(line):
        text = m.group(0)
        k = bisect.bisect_right(long_starts, m.start()) - 1
        if k >= 0 and m.start() < out[k][1]:  # inside a long form ("M.S." in "M.S. degree")
            continue
        bare = text.replace(".", "").replace(" ", "")
        short_ambiguous = bare in {"MA", "MS", "AS", "BE", "ME", "MD", "AA", "JD", "BA", "BS", "AD"}
        if short_ambiguous and not _short_abbreviation_is_degree(line, m, bare, in_education):
            continue
        out.append((m.start(), m.end(), text))
    out.sort()
    return out


def _short_abbreviation_is_degree(line: str, m: re.Match, bare: str, in_education: bool) -> bool:
    """Whether a two-letter abbreviation ("MS", "BA", "AS") is a degree here: only in an
    education section, and not a state, a product or a word."""
    text = m.group(0)
    if not in_education:
        return False
    before = line[: m.start()].rstrip()
    if before.endswith(",") and bare in {"MA", "MS", "MD", "ME"}:
        return False  # "Boston, MA"
    if _ABBR_BLOCKLIST_AFTER.match(line[m.end() :]):
        return False  # "MS Office"
    nxt_word = re.match(r"\s*([\w.#+]+)", line[m.end() :])
    if (
        nxt_word
        and canonical_skill(nxt_word.group(1)) is not None
        and nxt_word.group(1).lower() not in {"in", "of"}
    ):
        return False  # "MS ASP .NET", "MS SQL"
    return not (
        bare in {"AS", "BE", "ME", "AD"}
        and "." not in text
        and not re.match(r"^\s*(?:in|of|[:,(-])", line[m.end() :])
    )
