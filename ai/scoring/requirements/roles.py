"""Roles and domains of experience: "as a Systems Engineer", "in risk management"."""

from __future__ import annotations

import re

from ai.scoring import _text
from ai.scoring.requirements.posting import _clean_phrase
from recruiting.text.roles import is_role_noun

_ROLE_STOP = r"(?=\s*(?:(?<![JjSs]r)\.(?=\s|$)|[;:,()\n]|$|\s(?:for|with|within|where|who|which|during|at\s+least|minimum|in\s+an?\b|in\s+the\b|is\b|are\b|was\b|required|requirement|necessary|needed|preferred|desired|role\b|position\b|capacity\b|and\s+an?\b|or\s+an?\b|or\s+similar|or\s+equivalent|including)))"
# A role phrase: no sentence punctuation, but "Sr." / "Jr." and ".NET"-style dots are kept.
_ROLE_CHARS = r"(?:[^.;:,()\n]|(?<=[JjSs]r)\.|\.(?=[A-Za-z0-9]))+?"
_ROLE_RES = [
    re.compile(
        r"\b(?:experience|working|worked|work|serving|served|employed|spent[^.]*?)(?:\s+(?:is\s+)?(?:required|necessary|needed|preferred|desired|working|professional|relevant|practical|hands-on|prior|previous|proven))*\s+as\s+(?:an?\s+|the\s+)?(?P<role>"
        + _ROLE_CHARS
        + ")"
        + _ROLE_STOP,
        re.I,
    ),
    re.compile(
        r"\b(?:years?|yrs?)\s+as\s+(?:an?\s+|the\s+)?(?P<role>" + _ROLE_CHARS + ")" + _ROLE_STOP,
        re.I,
    ),
    re.compile(
        r"\b(?:in|of)\s+the\s+role\s+of\s+(?:an?\s+)?(?P<role>" + _ROLE_CHARS + ")" + _ROLE_STOP,
        re.I,
    ),
    re.compile(
        r"\b(?:years?|yrs?)\s+(?:of\s+\w+\s+)?(?:experience\s+)?in\s+(?:an?|the)\s+(?P<role>"
        + _ROLE_CHARS
        + r")\s+(?:role|position|capacity)\b",
        re.I,
    ),
    re.compile(
        r"\bprior\s+(?:experience\s+)?as\s+(?:an?\s+)?(?P<role>" + _ROLE_CHARS + ")" + _ROLE_STOP,
        re.I,
    ),
]
_DOMAIN_RE = re.compile(
    r"\b(?:experience|background|expertise|track\s+record|years?|yrs?)\s+(?:of\s+\w+\s+)?(?:experience\s+)?(?:in|with|within|of|doing|on)\s+(?:an?\s+|the\s+)?(?P<dom>[^.;:()\n]+?)(?=\s*(?:[.;:()\n]|$|\s(?:for|where|who|which|including|is|are|required|preferred|necessary|with|in\s+an?|in\s+the|role|position)\b))",
    re.I,
)


_DOMAIN_BEFORE_RE = re.compile(
    r"\b(?:years?|yrs?)\s+of\s+(?:(?:professional|relevant|progressive|hands-on|practical|direct|related|prior|proven|working|industry)\s+)*(?P<dom>(?:[\w&/+#.-]+\s+){0,3}?[\w&/+#.-]+)\s+(?:work\s+)?experience\b",
    re.I,
)


def _role(item: str) -> str | None:
    for rx in _ROLE_RES:
        m = rx.search(item)
        if m:
            role = _clean_phrase(m.group("role"))
            # the role must contain a content word, and must not be a bare skill list
            if _text.content_stems(role) and len(role.split()) <= 14:
                return role
    return None


def _role_like(phrase: str) -> bool:
    ws = _text.words(re.sub(r"\([^()]*\)", " ", phrase))
    if not ws:
        return False
    last = ws[-1]
    return is_role_noun(last) or is_role_noun(last.rstrip("s"))


def _domain(item: str) -> str | None:
    m = _DOMAIN_BEFORE_RE.search(item)  # "3+ years of accounting experience"
    if m and _text.content_stems(m.group("dom")):
        return _clean_phrase(m.group("dom"))
    m = _DOMAIN_RE.search(item)  # "3 years of experience in risk management"
    if not m:
        return None
    dom = _clean_phrase(m.group("dom"))
    if not _text.content_stems(dom) or len(dom.split()) > 12:
        return None
    return dom
