"""Skill mentions in a text: :func:`find_skills`.

The text's tokens are looked up in the vocabulary's token trie (``indexes``): tokens of a
multi-word alias may be separated by spaces, one line break or one of ``- . / _``, so "Node.js",
"node js" and "Node-JS" are the same alias. Matching is greedy, left to right, longest alias
first, and mentions never overlap.

An ambiguous alias ("Go", "R", "C", "Excel", "Spring", "Epic") counts only when written with
the vocabulary's capitalisation (or in ALL CAPS) *and* in a safe context: inside a list of other
skills of a compatible field, after a label such as ``Languages:``/``Skills:``, or next to a cue
word ("Go developer", "written in R").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from recruiting.skills.tokens import JOIN_GAP_RE, TOKEN_RE, norm_token, tokens_raw
from recruiting.skills.vocabulary import SKILL_CATEGORIES, load_vocabulary

# The indexes the matcher reads on every call, bound once.
_VOCABULARY = load_vocabulary()
_CORE_TECH = _VOCABULARY.core_tech
_CODE_TECH = _VOCABULARY.code_tech
_COMPATIBLE = _VOCABULARY.compatible
# Ambiguous aliases that are never confirmed by a cue word (only by a list/label context).
_NO_CUE = _VOCABULARY.no_cue
_MATCH_INDEX = _VOCABULARY.match_index
_CASE_KEYS = _VOCABULARY.case_keys
_AMBIG_KEYS = _VOCABULARY.ambig_keys
_TRIE = _VOCABULARY.trie

# Words that, right before/after an ambiguous alias, make it clearly a skill.
_CUE_AFTER_LANG = re.compile(
    r"[ \t]*(?:programming|programmer|language|lang|developer|developers|development|engineer|engineers|"
    r"code|codebase|coding|script|scripts|scripting|runtime|compiler|modules?|packages?|libraries|"
    r"microservices?|services|backend|back-end|apis?|applications?|apps?|projects?)\b",
    re.IGNORECASE,
)
_CUE_AFTER_TOOL = re.compile(
    r"[ \t]*(?:software|systems?|platform|framework|tools?|suite|database|databases|spreadsheets?|"
    r"macros|formulas|workbooks?|documents|templates|emr|ehr|charting|certified|certification|"
    r"experience|skills|proficiency|\d{2,4}\b)",
    re.IGNORECASE,
)
_CUE_BEFORE = re.compile(
    r"(?:\b(?:in|using|with|via|use of|knowledge of|proficient in|proficiency in|experience in|"
    r"skilled in|expertise in|fluent in|written in|certified in))[ \t]+$",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"(?:^|[\n|•·])[ \t]*[^\n:|•·]{0,40}?\b(?:skills?|languages?|technolog(?:y|ies)|tools?|stack|"
    r"proficienc(?:y|ies)|software|programming|platforms?|frameworks?|competenc(?:y|ies)|expertise|"
    r"environment|applications|systems|certifications?|databases?|libraries|knowledge|highlights|"
    r"familiar with|experienced with|proficient (?:in|with))\b[^\n:]{0,20}:[ \t]*$",
    re.IGNORECASE,
)
_LIST_GAP = re.compile(r"^(?:[\s,;/|•·●▪■◦\-–—+()\[\]]|\band\b|\bor\b|&)*$", re.IGNORECASE)
_LIST_TAIL = re.compile(r"^[ \t]*(?:$|[,;|/•·(])")


@dataclass(frozen=True)
class SkillMention:
    skill: str  # canonical name
    alias: str  # the text as written
    start: int  # char offset in the text
    end: int


def _case_ok(written: str, required: str) -> bool:
    if written == required or written == required.upper():
        return True
    # tolerate differences in the separators ("Node JS" vs "Node.js")
    return tokens_raw(written) in (tokens_raw(required), tokens_raw(required.upper()))


def _scan(text: str) -> list[tuple[int, int, str, tuple[str, ...]]]:
    """Greedy longest-match scan; returns (start, end, canonical, key) for every candidate."""
    toks = list(TOKEN_RE.finditer(text))
    n = len(toks)
    out: list[tuple[int, int, str, tuple[str, ...]]] = []
    norm = [norm_token(m.group()) for m in toks]
    i = 0
    trie = _TRIE
    while i < n:
        node = trie.get(norm[i])
        if node is None:
            i += 1
            continue
        best_j = -1
        best_key = None
        j = i
        while True:
            key = node.get("")
            if key is not None:
                best_j, best_key = j, key
            if j + 1 >= n:
                break
            gap = text[toks[j].end() : toks[j + 1].start()]
            if len(gap) > 4 or not JOIN_GAP_RE.match(gap):
                break
            nxt = node.get(norm[j + 1])
            if nxt is None:
                break
            node = nxt
            j += 1
        if best_key is None:
            i += 1
            continue
        out.append((toks[i].start(), toks[best_j].end(), _MATCH_INDEX[best_key], best_key))
        i = best_j + 1
    return out


_BAD_BEFORE = frozenset("&-.'’_@/\\")
_BAD_AFTER = frozenset("&'’_@")


def _context_ok(text: str, start: int, end: int, key: tuple[str, ...]) -> bool:
    """Cheap local checks for an ambiguous alias: not glued to '&', '-', '.', apostrophes."""
    prev = text[start - 1] if start > 0 else ""
    nxt = text[end] if end < len(text) else ""
    if prev in _BAD_BEFORE and not (prev == "/" and start >= 2 and text[start - 2].isalnum()):
        return False
    if nxt in _BAD_AFTER:
        return False
    if nxt in "-." and end + 1 < len(text) and text[end + 1].isalnum():
        return False  # "Go-live", "C-level", "R.N."
    # "Plan B.C. Smith": a single letter followed by ". " and glued to the previous word
    return not (
        len(key[0]) == 1
        and nxt == "."
        and end + 1 < len(text)
        and text[end + 1] == " "
        and start > 0
        and not text[start - 1].isspace()
        and text[start - 1] not in ",;:("
    )


def _gap_is_list(text: str, a_end: int, b_start: int, amb_start: int, amb_end: int) -> bool:
    if b_start - a_end > 12:
        return False
    gap = text[a_end:b_start]
    if not _LIST_GAP.match(gap):
        return False
    if "\n" in gap:
        # across a line break only when the ambiguous mention's line looks like a list item
        line_end = text.find("\n", amb_end)
        line_end = len(text) if line_end < 0 else line_end
        line_start = text.rfind("\n", 0, amb_start) + 1
        before = text[line_start:amb_start]
        after = text[amb_end:line_end]
        if not _LIST_TAIL.match(after) or not _LIST_GAP.match(before):
            return False
    return True


def find_skills(text: str, *, skills_context: bool = False) -> list[SkillMention]:
    """All skill mentions in ``text``, left to right, longest alias first, never overlapping.

    Ambiguous short aliases ("Go", "R", "C", "Excel", "Spring", "Epic") count only with the
    vocabulary's capitalisation and in a safe context (a list of compatible skills, a
    ``Skills:``-style label, or a cue word such as "Go developer" / "written in R").
    ``skills_context=True`` says the whole text is a skills list (the body of a "Skills"
    section), so ambiguous aliases then need only the capitalisation and local checks.
    """
    if not text:
        return []
    cands = _scan(text)
    if not cands:
        return []
    status = _local_status(text, cands)
    pending = [k for k, s in enumerate(status) if s is None]
    if pending and skills_context:
        _confirm_in_skills_section(cands, status, pending)
    elif pending:
        _confirm_by_cue_or_label(text, cands, status, pending)
        _confirm_list_neighbours(text, cands, status, pending)
    return [
        SkillMention(skill=canon, alias=text[start:end], start=start, end=end)
        for (start, end, canon, _key), s in zip(cands, status, strict=True)
        if s is True
    ]


_Candidate = tuple[int, int, str, tuple[str, ...]]  # start, end, canonical, key


def _local_status(text: str, cands: list[_Candidate]) -> list[bool | None]:
    """Per candidate: True accepted, False rejected (capitalisation, glued to punctuation),
    None an ambiguous alias whose context decides."""
    status: list[bool | None] = []
    for start, end, _canon, key in cands:
        required = _CASE_KEYS.get(key)
        if required is not None and not _case_ok(text[start:end], required):
            status.append(False)
            continue
        if key in _AMBIG_KEYS:
            status.append(None if _context_ok(text, start, end, key) else False)
        else:
            status.append(True)
    return status


def _confirm_in_skills_section(
    cands: list[_Candidate], status: list[bool | None], pending: list[int]
) -> None:
    """A skills section: an ambiguous alias counts when the section also names skills of a
    compatible field (two distinct ones for programming words, so that a stray "C" or
    "Express" in an HR or accounting keyword list is not read as a language)."""
    accepted = {cands[k][2] for k, s in enumerate(status) if s is True}
    for k in pending:
        cat = SKILL_CATEGORIES[cands[k][2]]
        if cat in _CORE_TECH:
            support = {a for a in accepted if SKILL_CATEGORIES[a] in _CODE_TECH}
            status[k] = len(support) >= 2
        else:
            ok_cats = _COMPATIBLE.get(cat, frozenset())
            status[k] = any(SKILL_CATEGORIES[a] in ok_cats for a in accepted)


def _confirm_by_cue_or_label(
    text: str, cands: list[_Candidate], status: list[bool | None], pending: list[int]
) -> None:
    """An ambiguous alias next to a cue word ("Go developer", "written in R") or after a
    ``Skills:``-style label on its line."""
    for k in pending:
        start, end, canon, key = cands[k]
        cat = SKILL_CATEGORIES[canon]
        low_key = key[0] if len(key) == 1 else ""
        if low_key not in _NO_CUE:
            after = text[end : end + 40]
            before = text[max(0, start - 40) : start]
            cue_after = _CUE_AFTER_LANG if cat == "programming_language" else _CUE_AFTER_TOOL
            if cue_after.match(after) or _CUE_BEFORE.search(before):
                status[k] = True
                continue
        line_start = text.rfind("\n", 0, start) + 1
        prefix = text[max(line_start, start - 80) : start]
        if _LABEL.search(prefix) or _LABEL.search("\n" + prefix):
            status[k] = True


def _confirm_list_neighbours(
    text: str, cands: list[_Candidate], status: list[bool | None], pending: list[int]
) -> None:
    """An ambiguous alias in a list beside an accepted skill of a compatible field; each one
    accepted may confirm its own neighbour, so this runs until nothing changes."""
    changed = True
    while changed:
        changed = False
        for k in pending:
            if status[k] is not None:
                continue
            if _has_listed_neighbour(text, cands, status, k):
                status[k] = True
                changed = True


def _has_listed_neighbour(
    text: str, cands: list[_Candidate], status: list[bool | None], k: int
) -> bool:
    start, end, canon, _key = cands[k]
    ok_cats = _COMPATIBLE.get(SKILL_CATEGORIES[canon], frozenset())
    for nb in (k - 1, k + 1):
        if nb < 0 or nb >= len(cands) or status[nb] is not True:
            continue
        if SKILL_CATEGORIES[cands[nb][2]] not in ok_cats:
            continue
        if nb < k:
            ok = _gap_is_list(text, cands[nb][1], start, start, end)
        else:
            ok = _gap_is_list(text, end, cands[nb][0], start, end)
        if ok:
            return True
    return False


def extract_skill_names(text: str) -> list[str]:
    """Canonical skills in order of first mention, without duplicates."""
    return list(dict.fromkeys(m.skill for m in find_skills(text)))
