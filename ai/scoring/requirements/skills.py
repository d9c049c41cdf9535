"""Vocabulary skills of a requirement: any-of groups, examples in parentheses, plain lists."""

from __future__ import annotations

import re

from ai.scoring import _text, _vocab

_ANY_OF_RE = re.compile(
    r"\b(?:or|such\s+as|like|e\.?g\.?|for\s+example|including|similar|equivalent|one\s+of|any\s+of|comparable|alternatives?)\b|/",
    re.IGNORECASE,
)


# A skill that only qualifies another noun ("a Python web framework", "Java libraries") is
# a modifier, not a requirement of its own, when the clause names other skills.
_MODIFIED_NOUN_RE = re.compile(
    r"^\s+(?:[a-z]+\s+)?(?:frameworks?|librar(?:y|ies)|ecosystem|stack|toolchain)\b", re.I
)
# "software development in Python": an activity skill followed by the skill it is done with is
# one requirement about the latter.
_ACTIVITY_CATEGORIES = frozenset({"software_practice", "soft_skill", "management"})
_WITH_RE = re.compile(r"^\s+(?:in|with|using|on)\s+(?:(?:an?|the|modern|[a-z]+-based)\s+)?$", re.I)


def _drop_modifiers(text: str, mentions: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    if len({m[0] for m in mentions}) < 2:
        return mentions
    out = []
    for i, (sk, st, en) in enumerate(mentions):
        if _MODIFIED_NOUN_RE.match(text[en:]):
            continue
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if (
            nxt is not None
            and _vocab.skill_category(sk) in _ACTIVITY_CATEGORIES
            and _vocab.skill_category(nxt[0]) not in _ACTIVITY_CATEGORIES
            and _WITH_RE.match(text[en : nxt[1]])
        ):
            continue
        out.append((sk, st, en))
    return out or mentions


def _skill_groups(text: str) -> list[list[str]]:
    """Vocabulary skills of ``text`` grouped: any-of groups or single skills."""
    mentions = _drop_modifiers(text, _vocab.find_skills(text))
    if not mentions:
        return []
    groups: list[list[str]] = []
    seen: set[str] = set()
    mentions, host_of = _examples_attached(text, mentions)
    for ps, pe in _clause_pieces(text):
        inside = [(s, st, en) for s, st, en in mentions if ps <= st < pe]
        if not inside:
            continue
        # a skill with examples in parentheses forms its own any-of group
        for i_m, (sk, st, _en) in enumerate(mentions):
            if ps <= st < pe and i_m in host_of and sk not in seen:
                g = [sk] + [x for x in host_of[i_m] if x != sk and x not in seen]
                groups.append(g)
                seen.update(g)
        inside = [(sk, st, en) for sk, st, en in inside if sk not in seen]
        if not inside:
            continue
        skills = []
        for s, _, _ in inside:
            if s not in seen and s not in skills:
                skills.append(s)
        if not skills:
            continue
        # text of the clause with the skill aliases removed, to test for "or", "/", "like"
        clause = text[ps:pe]
        stripped = clause
        for _, st, en in sorted(inside, key=lambda x: -x[1]):
            stripped = stripped[: st - ps] + " SKILL " + stripped[min(en, pe) - ps :]
        if len(skills) > 1 and _ANY_OF_RE.search(stripped):
            groups.append(skills)
        else:
            groups.extend([s] for s in skills)
        seen.update(skills)
    return groups


def _clause_pieces(text: str) -> list[tuple[int, int]]:
    """Spans of the clauses (split at ";"), split further on " and " / "&" / "as well as"."""
    clauses = [(m.start(), m.end()) for m in re.finditer(r"[^;]+", text)]
    pieces: list[tuple[int, int]] = []
    for cs, ce in clauses:
        last = cs
        for m in re.finditer(r"\s(?:and|&|as well as|plus)\s", text[cs:ce]):
            pieces.append((last, cs + m.start()))
            last = cs + m.end()
        pieces.append((last, ce))
    return pieces


def _examples_attached(
    text: str, mentions: list[tuple[str, int, int]]
) -> tuple[list[tuple[str, int, int]], dict[int, list[str]]]:
    """Skills in parentheses right after a skill are examples of it: "AWS (EC2, S3, RDS)".
    The other mentions, and for each (by its index among them) the examples it has."""
    parens = [(m.start(), m.end()) for m in re.finditer(r"\([^()]*\)", text)]
    attached: dict[int, list[str]] = {}
    kept = []
    for idx, (sk, st, en) in enumerate(mentions):
        host = None
        for a, b in parens:
            if a < st and en <= b:
                prev = [
                    j
                    for j, (_, st2, en2) in enumerate(mentions)
                    if en2 <= a and not re.search(r"[^\s]", text[en2:a])
                ]
                host = prev[-1] if prev else None
                break
        if host is not None:
            attached.setdefault(host, []).append(sk)
        else:
            kept.append((idx, sk, st, en))
    mentions = [(sk, st, en) for _, sk, st, en in kept]
    host_of = {
        mentions.index((sk, st, en)): attached[idx] for idx, sk, st, en in kept if idx in attached
    }
    return mentions, host_of


_LIST_CUE_RE = re.compile(
    r"\b(?:or|such\s+as|like|e\.?g\.?|including|similar|equivalent|preferably)\b", re.I
)


def _split_list(text: str) -> list[str] | None:
    """Parts of a plain comma/semicolon list of short items, else None."""
    if _LIST_CUE_RE.search(text):
        return None
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        if ch in ",;" and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    parts = [re.sub(r"^\s*(?:and|&)\s+", "", p.strip(" .")) for p in parts]
    parts = [p for p in parts if p]
    if len(parts) < 3:
        return None
    lens = [len(p.split()) for p in parts]
    if max(lens) > 7 or sum(lens) / len(lens) > 4:
        return None
    return parts


# Words that make a label a mere category ("Technical skills:", "Education:", "Tools:").
_CATEGORY_WORDS = frozenset(
    _text.stem(w)
    for w in [
        "skills",
        "experience",
        "education",
        "knowledge",
        "requirements",
        "qualifications",
        "tools",
        "technologies",
        "technology",
        "tech",
        "stack",
        "languages",
        "certifications",
        "certification",
        "licenses",
        "licences",
        "training",
        "degree",
        "background",
        "expertise",
        "competencies",
        "abilities",
        "must",
        "nice",
        "have",
        "preferred",
        "required",
        "bonus",
        "plus",
        "other",
        "technical",
        "soft",
        "hard",
        "core",
        "key",
        "general",
        "additional",
        "essential",
        "minimum",
        "desired",
        "desirable",
        "personal",
        "professional",
        "areas",
        "area",
    ]
)


def _label_content(label: str) -> list[str]:
    """Content stems of a "Label:" that are not category words."""
    return [st for st in _text.content_stems(label) if st not in _CATEGORY_WORDS]
