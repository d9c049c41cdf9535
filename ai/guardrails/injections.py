"""Instructions addressed to an automated screener, and the marks no scorer may count."""

from __future__ import annotations

import re

from ai.guardrails.findings import REMOVED, TAG_REMOVED
from recruiting.text.cleanup import fold

# Patterns read ``fold``ed, lower-cased text; a space in a pattern stands for any run of
# spaces. Each needs the shape of an instruction: a command aimed at the reader or at an AI,
# and what it wants (a rank, a score, a recommendation, other instructions forgotten). A word
# alone ("System:", "Assistant:", "instructions", "prompt", "ignore") is ordinary resume text.
_AI = (
    r"(?:ai|a\.i\.|llm|gpt(?:-?\d\w{0,3})?|chat ?gpt|claude|gemini|copilot|language model|"
    r"chat ?bot|bot|screener|ats|applicant tracking system|"
    r"(?:screening|recruit(?:ing|er|ment)|hiring|resume|automated|ai) "
    r"(?:ai|bot|system|tool|software|model|assistant|agent|screener|reviewer))"
)
_CANDIDATE = r"(?:candidate|applicant|resume|cv|profile|application|person)"
_SUBJECT = rf"(?:me|him|her|them|this {_CANDIDATE}|this one|(?:the|my|our) {_CANDIDATE})"
_TOP = (
    r"(?:first|top|highest|#?1|number one|no\.? ?1|best|perfect|100|10 ?/ ?10|excellent|"
    r"strong(?:ly)? (?:hire|match|fit)|above (?:all|the others|everyone|others))\b"
)
_OBEY = (
    r"(?:recommend|advance|shortlist|hire|select|approve|pass|accept|rank|score|rate|"
    r"prioriti[sz]e|forward|invite|interview|move)"
)
_MUST = r"you (?:must|should|will|shall|need to|have to|are (?:required|instructed|asked|told) to)"
_OVERRIDE = ("ignore", "disregard", "forget", "override", "bypass", "neglect")
_RANK = ("rank", "rate", "place", "put", "list", "score", "mark", "grade", "classify", "move")
_RANK += ("consider", "position", "sort")
_ROLE = ("you are", "act as", "pretend")
_ADDRESS = ("note", "message", "instruction", "attention", "hey", "dear", "hello", "hi", "memo")
# (kind, words one of which the text must contain, pattern, whether the pattern must start a
# clause: at the start of a line or sentence, or after "and", "then", "please"...)
_INJECTION_PATTERNS = [
    (
        "override",
        _OVERRIDE,
        r"(?:ignore|disregard|forget|override|bypass|neglect) (?:(?:(?:all|any|the|your|these|"
        r"those|of|every|my) ){0,3}(?:previous|prior|above|earlier|preceding|system|original|"
        r"former|initial|old|foregoing)(?: [a-z]{1,20})? (?:instructions?|prompts?|rules|"
        r"directions|guidelines|criteria|requirements|context|messages?|guidance|programming|"
        r"commands?)\b|(?:(?:all|any|the|your|these|those|every|other) ){0,2}(?:instructions?|"
        r"prompts?|programming)\b|(?:everything|all|anything) (?:above|before|else|previously|"
        r"you (?:were|have been) told)\b)",
        False,
    ),
    (
        "ranking",
        _RANK,
        rf"(?:{'|'.join(_RANK)}) {_SUBJECT} (?:(?:as|at|in|on|to) )?(?:the )?(?:very )?{_TOP}",
        False,
    ),
    (
        "score",
        ("give", "assign", "award", "grant"),
        rf"(?:give|assign|award|grant) {_SUBJECT} (?:(?:a|an|the) )?(?:(?:perfect|maximum|max|"
        r"full|highest|high|top)\b|100\b|10 ?/ ?10\b)",
        False,
    ),
    (
        "score",
        ("score", "rating", "rate", "grade"),
        r"(?:score|rating|rate|grade)(?: of| is| should be| must be)?(?: ?[:=])? ?(?:100(?: ?/ ?"
        r"100| ?%)?|10 ?/ ?10)(?: points?)? (?:for|to) (?:this|the|me|my|him|her)\b",
        False,
    ),
    (
        "score",
        ("score", "rate", "grade"),
        rf"(?:score|rate|grade) (?:(?:it|this|them|him|her|me|this {_CANDIDATE}|the "
        rf"{_CANDIDATE}) )?(?:an? )?(?:100|10 ?/ ?10|perfect|maximum|max)\b(?! ?%)",
        True,
    ),
    (
        "directive",
        ("recommend", "mark", "set", "flag"),
        r"(?:recommend|mark|set|flag) (?:(?:as|to|an?) )?[\"'“]?(?:advance|advancing|strong hire|"
        r"shortlist)\b",
        True,
    ),
    (
        "directive",
        ("recommendation",),
        r"recommendation(?: is| should be| must be)? ?[:=]? ?[\"'“]?advance\b",
        False,
    ),
    (
        "directive",
        ("you", "please", "now", "kindly"),
        rf"(?:{_MUST}|please|now|kindly) {_OBEY} (?:this {_CANDIDATE}|the {_CANDIDATE})\b|"
        rf"{_MUST} {_OBEY} (?:me|him|her|them|this|my)\b",
        False,
    ),
    (
        "role",
        ("you", "act as", "pretend"),
        rf"(?:you are now|from now on,? you are|you will now act as|act as|pretend (?:to be|you "
        rf"are)) (?:an? |the )?(?:[a-z]{{1,20}} )?{_AI}\b|you are now (?:an? |the )?"
        r"(?:[a-z]{1,20} )?assistant\b|you are (?:an? |the )?(?:[a-z]{1,20} )?(?:ai |language "
        r"model |llm )?(?:assistant|screener|model|bot) (?:that|who|which|whose|designed|tasked|"
        r"built|trained)\b",
        False,
    ),
    (
        "address",
        _ADDRESS,
        rf"(?:{'|'.join(_ADDRESS)})s?(?: (?:to|for))?(?: ?[:,])? (?:(?:the|any|all|an?) )?"
        rf"(?:{_AI}|assistant)s? ?[:,!-]",
        False,
    ),
    (
        "address",
        ("ai", "gpt", "claude", "gemini", "llm", "bot", "ats", "assistant", "system", "user"),
        rf"(?:{_AI}|assistant|system|user|developer|admin) ?[:,] ?(?:please )?(?:ignore|"
        r"disregard|forget|rank|rate|score|give|recommend|advance|shortlist|hire|select|approve|"
        r"mark|consider|treat|you (?:must|should|will|are))\b",
        True,
    ),
    (
        "system",
        ("system", "instruction", "override", "mode"),
        r"(?:system (?:prompt|message|instructions?|override|note)|(?:new|updated|real|actual) "
        r"instructions?|admin(?:istrator)? override|developer mode|god mode) ?[:=]|"
        r"(?:enable|enter|activate|switch to|you are (?:now )?in) (?:developer|god) mode\b|"
        r"(?:developer|god) mode (?:enabled|activated)\b",
        False,
    ),
]


def _spaced(pattern: str) -> str:
    """A pattern's single spaces made runs of spaces; " ?" made any spaces."""
    return pattern.replace(" ?", "\0").replace(" ", " +").replace("\0", " *")


_INJECTION = [
    (kind, triggers, re.compile(_spaced(pattern)), clause)
    for kind, triggers, pattern, clause in _INJECTION_PATTERNS
]
_CLAUSE_WORDS = ("and", "then", "please", "now", "must", "should")
# A line break after a line that does not end a sentence, before one that starts with a
# lower-case letter: the sentence carries on over it.
_WRAP = re.compile(
    r"(?<=[^\s.!?:;])\n(?=[^\S\n]*[a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f\u03ac-\u03ce"
    r"\u0430-\u045f])"
)


def _starts_clause(text: str, start: int) -> bool:
    before = text[max(0, start - 12) : start].rstrip(" ")
    if not before or before[-1] in ".;:!,\n":
        return True
    return before.rsplit(" ", 1)[-1].rsplit("\n", 1)[-1] in _CLAUSE_WORDS


def _lowered(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):  # a few letters (İ) lower to two characters: keep offsets
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low


def find_injections(text: str) -> list[tuple[int, int, str]]:
    """Spans of text addressed to an automated screener: ``(start, end, kind)``, the kind of
    the first instruction found, ``end`` before a line break.

    A span runs from the start of the instruction's sentence to the end of its line, over the
    lines the sentence is wrapped over (a line that does not end a sentence, followed by one
    that starts in lower case); consecutive whole lines make one span. Nothing planted after
    an instruction can then count: what is left reads as if it had never been written.
    """
    # A sentence wrapped over lines is read as one: its line breaks become spaces (the
    # offsets stay those of ``text``).
    joined = low = _lowered(fold(_WRAP.sub(" ", text)))
    matches: list[tuple[int, int, str]] = []
    for kind, triggers, pattern, clause in _INJECTION:
        if not any(word in low for word in triggers):
            continue
        for m in pattern.finditer(joined):
            start = m.start()
            if start and low[start - 1].isalnum():
                continue  # inside a word
            if clause and not _starts_clause(low, start):
                continue
            matches.append((start, m.end(), kind))
    if not matches:
        return []
    spans: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(matches):
        if spans and start <= spans[-1][1]:
            continue  # on a line already taken
        line_start = joined.rfind("\n", 0, start) + 1
        line_end = joined.find("\n", max(start, end - 1))
        line_end = len(joined) if line_end < 0 else line_end
        # From the start of the instruction's sentence: what the line said before stays.
        sentence_start = max(joined.rfind(f"{c} ", line_start, start) + 1 for c in ".!?")
        start = max(line_start, sentence_start)
        if spans and start == line_start == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], line_end, spans[-1][2])
        else:
            spans.append((start, line_end, kind))
    return spans


def placeholder_spans(text: str) -> list[tuple[int, int]]:
    """Where the guardrails left a mark (``[⚠]`` lines, ``[removed tag]``): words no scorer
    may count, so a resume that had them scores as if they had never been there."""
    return [m.span() for m in _PLACEHOLDER.finditer(text)]


_PLACEHOLDER = re.compile(rf"{re.escape(REMOVED)}|{re.escape(TAG_REMOVED)}")
