"""Section headings: which section of a resume, or of a job advert, a heading opens.

Two tables in ``data/headings.toml``: resume headings (English phrases, plus headings in
other languages that only the not-a-resume verdict reads) and job-advert headings (patterns:
an advert's headings are free phrases such as "What you'll bring", which no phrase list
covers). Resume and advert sections are different things, so each table exists once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from recruiting.text.cleanup import fold_accents
from recruiting.word_lists import WordListError, data_file, read_toml, word_list

POSTING_KINDS = ("title", "summary", "responsibilities", "must", "nice", "company")
_KEY_CLEAN = re.compile(r"[^a-z ]+")
_CAPITALS = tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


@dataclass(frozen=True)
class Headings:
    resume: dict[str, str]  # heading phrase -> section kind
    foreign: dict[str, str]  # accent-folded phrase in another language -> section kind
    posting: tuple[tuple[str, re.Pattern], ...]  # (kind, pattern), tried in order


def _phrase_table(data: dict, group: str) -> dict[str, str]:
    kinds = data.get(group)
    if not isinstance(kinds, dict) or not kinds:
        raise WordListError(f"headings.toml: [{group}] must list section kinds")
    table: dict[str, str] = {}
    for kind, entry in kinds.items():
        for phrase in word_list(entry, "phrases", f"headings.toml [{group}.{kind}]"):
            if phrase != heading_key(phrase):
                raise WordListError(f"headings.toml: {phrase!r} is not in heading-key form")
            if phrase in table:
                raise WordListError(f"headings.toml: {phrase!r} is under two kinds")
            table[phrase] = kind
    return table


def _posting_rules(data: dict) -> tuple[tuple[str, re.Pattern], ...]:
    rules = []
    for rule in data.get("posting") or []:
        kind, pattern = rule.get("kind"), rule.get("pattern")
        if kind not in POSTING_KINDS or not isinstance(pattern, str):
            raise WordListError(f"headings.toml: bad [[posting]] rule {rule!r}")
        try:
            rules.append((kind, re.compile(pattern)))
        except re.error as exc:
            raise WordListError(f"headings.toml: pattern for {kind!r}: {exc}") from exc
    if not rules:
        raise WordListError("headings.toml: no [[posting]] rules")
    return tuple(rules)


def parse_headings(data: dict) -> Headings:
    return Headings(
        resume=_phrase_table(data, "resume"),
        foreign=_phrase_table(data, "foreign"),
        posting=_posting_rules(data),
    )


@cache
def load_headings() -> Headings:
    """The heading tables shipped in ``recruiting/text/data/headings.toml``, read once."""
    return parse_headings(read_toml(data_file("recruiting.text", "headings.toml")))


def heading_key(line: str) -> str:
    """A heading as the table spells it: lower case, "&" as "and", letters and single spaces."""
    s = line.strip().lstrip("#*_=").strip().rstrip(":").strip("*_= ").lower()
    s = s.replace("&", " and ")
    return " ".join(_KEY_CLEAN.sub(" ", s).split())


def _looks_like_heading(raw: str) -> bool:
    # capitalised ("Experience", "WORK HISTORY") and without sentence punctuation
    letters = [c for c in raw if c.isalpha()]
    if not letters or not (letters[0].isupper() or raw.lstrip("#* ").startswith(_CAPITALS)):
        return False
    return not raw.rstrip().endswith((".", ",", ";"))


def resume_heading(line: str) -> tuple[str, str] | None:
    """(section kind, inline rest) when a resume line is a section heading, else None.

    "Skills: Python, SQL" is a heading with inline content; "Skills & Awards" is named after
    its first part.
    """
    raw = line.strip()
    if not raw or len(raw) > 60:
        return None
    table = load_headings().resume
    if ":" in raw:
        head, _, rest = raw.partition(":")
        key = heading_key(head)
        kind = table.get(key)
        if kind and rest.strip() and len(key.split()) <= 4:
            return kind, rest.strip()
    key = heading_key(raw)
    if not key or len(key.split()) > 6:
        return None
    kind = table.get(key)
    if kind is None and " and " in key:
        parts = [p.strip() for p in key.split(" and ")]
        if all(p in table for p in parts):
            kind = table[parts[0]]
    if kind is None or not _looks_like_heading(raw):
        return None
    return kind, ""


_FOREIGN_KEY_CLEAN = re.compile(r"[^a-z ]+")


def foreign_heading(line: str) -> str | None:
    """The section kind of a resume heading in another language ("Berufserfahrung")."""
    if len(line) > 60:
        return None
    head = line.partition(":")[0] if ":" in line else line
    key = " ".join(_FOREIGN_KEY_CLEAN.sub(" ", fold_accents(head.replace("&", " e "))).split())
    if not key or len(key.split()) > 5:
        return None
    return load_headings().foreign.get(key)


def posting_heading(text: str) -> str | None:
    """The kind of job-advert section a heading opens (see ``POSTING_KINDS``), or None."""
    h = re.sub(r"[*_#:]+", " ", text).strip().lower()
    h = re.sub(r"\s+", " ", h)
    if not h or len(h.split()) > 8:
        return None
    for kind, pattern in load_headings().posting:
        if pattern.search(h):
            return kind
    return None
