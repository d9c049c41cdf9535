"""The output side: protected attributes mentioned in a model's summary or reasons."""

from __future__ import annotations

import re

from ai.guardrails.findings import _flag

_PROTECTED = {
    "age": r"\b(?:age[ds]?|ageing|aging|years?[- ]old|young(?:er)?|elderly|older\s+(?:candidate|"
    r"applicant|worker|person|man|woman)|born\s+in\s+(?:19|20)\d\d|date\s+of\s+birth|"
    r"millennial|boomer|gen\s?z|retirement\s+age|near\s+retirement)\b",
    "gender": r"\b(?:gender|male|female|wom[ae]n|(?<!-)\bm[ae]n\b(?!-)|masculine|feminine|"
    r"transgender|non-?binary|girls?|boys?|lady|ladies|gentlem[ae]n)\b",
    "race": r"\b(?:rac(?:e|ial)(?!\s+conditions?)|ethnic(?:ity)?|caucasian|african[- ]american|"
    r"hispanic|latin[oax]|asian|native\s+american|indigenous|minority|skin\s+colou?r|"
    r"(?:black|white)\s+(?:man|woman|male|female|person|people|candidate|applicant))\b",
    "religion": r"\b(?:religio(?:n|us)|christian|muslim|islam(?:ic)?|jewish|judaism|hindu(?:ism)?|"
    r"buddhis[tm]|sikh|catholic|protestant|mosque|synagogue|atheist|church\s?goer)\b",
    "nationality": r"\b(?:nationality|national\s+origin|citizenship|citizen\s+of|immigrant|"
    r"immigration\s+status|foreigner|foreign[- ]born|native\s+speaker|accent|country\s+of\s+"
    r"origin|ethnic\s+origin)\b",
    "disability": r"\b(?:disab(?:led|ility|ilities)|handicap(?:ped)?|wheelchair|impair(?:ed|ment)|"
    r"deaf|autis(?:m|tic)|adhd|dyslexi[ac]|mental\s+(?:health|illness)|illness|chronic\s+"
    r"(?:condition|illness|pain)|medical\s+condition|health\s+(?:condition|problems?|issues?)|"
    r"sick\s+leave)\b",
    "family status": r"\b(?:married|marital|single\s+(?:mother|father|parent|mom|dad)|divorced|"
    r"widow(?:ed|er)?|pregnan(?:t|cy)|maternity|paternity|parental\s+leave|family\s+status|"
    r"spouse|husband|wife|fianc[eé]e?|(?:has|have|with|her|his|their)\s+(?:\w+\s+)?(?:children|"
    r"kids|child)|childcare|child\s+care\s+(?:duties|responsibilities)|(?:mother|father|mom|"
    r"mum|dad|parent)\s+of\s+(?:one|two|three|four|\d+|young|small)|stay-at-home\s+(?:mom|mum|"
    r"dad|parent)|motherhood|fatherhood)\b",
}
_PROTECTED_RE = {k: re.compile(p, re.IGNORECASE) for k, p in _PROTECTED.items()}


def protected_attribute_mentions(text: str) -> list[dict]:
    """Mentions of protected attributes in a model's summary or reason."""
    found = []
    for attribute, pattern in _PROTECTED_RE.items():
        for m in pattern.finditer(text or ""):
            start = max(0, m.start() - 60)
            found.append(
                {"attribute": attribute, "match": m.group(0), "excerpt": text[start : m.end() + 60]}
            )
    return found


def output_flags(summary: str, reasons: list[str]) -> list[dict]:
    """Flags for protected attributes mentioned in a screening's summary or reasons."""
    flags = []
    seen = set()
    for where, text in [("summary", summary), *(("reason", r) for r in reasons)]:
        for mention in protected_attribute_mentions(text):
            key = (mention["attribute"], mention["match"].lower())
            if key in seen:
                continue
            seen.add(key)
            flags.append(
                _flag(
                    "protected_attribute",
                    f"The {where} mentions {mention['attribute']} "
                    f"(\u201c{mention['match']}\u201d); check that it played no part.",
                    mention["excerpt"],
                )
            )
    return flags
