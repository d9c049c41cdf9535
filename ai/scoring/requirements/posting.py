"""A job advert read as sections of items: headings, bullets, sentences, boilerplate."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ai.scoring import _text
from recruiting.text.headings import posting_heading
from recruiting.text.roles import is_role_noun

_BULLET_RE = re.compile(r"^\s*(?:[-*•·●▪◦‣⁃–—>]+|\(?\d{1,2}[.)]|\(?[a-z][.)](?=\s))\s*")
_MD_HEADING_RE = re.compile(r"^\s*#{1,6}\s*(.*?)\s*#*\s*$")
_BOLD_HEADING_RE = re.compile(r"^\s*(?:\*\*|__)(.+?)(?:\*\*|__)\s*:?\s*(.*)$")
_COLON_HEADING_RE = re.compile(r"^\s*([A-Za-z][A-Za-z '&/()-]{1,50}?)\s*:\s*(.*)$")


@dataclass
class _Section:
    kind: str  # title | summary | responsibilities | must | nice | company | other | preamble
    heading: str
    lines: list[tuple[str, bool]]  # (text, is_bullet)


def split_sections(text: str) -> list[_Section]:
    sections = [_Section("preamble", "", [])]
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        heading, inline = None, ""
        m = _MD_HEADING_RE.match(line)
        if m and line.lstrip().startswith("#"):
            heading = m.group(1).strip("*_ ")
            if ":" in heading:
                heading, _, inline = heading.partition(":")
            if not heading.strip():
                continue
        else:
            m = _BOLD_HEADING_RE.match(line)
            if m and posting_heading(m.group(1)):
                heading, inline = m.group(1), m.group(2)
            else:
                m = _COLON_HEADING_RE.match(line)
                if (
                    m
                    and posting_heading(m.group(1))
                    and len(m.group(1).split()) <= 5
                    and not _BULLET_RE.match(line)
                ):
                    heading, inline = m.group(1), m.group(2)
                elif (
                    not _BULLET_RE.match(line)
                    and len(line.split()) <= 6
                    and not re.search(r"[.!?,;]$", line)
                    and posting_heading(line)
                ):
                    heading = line
        if heading is not None:
            kind = posting_heading(heading)
            if (
                kind is None
                and len(sections) == 1
                and not sections[0].lines
                and any(is_role_noun(w) for w in _text.words(heading))
            ):
                # the document opens with a heading naming a role ("# Senior Backend
                # Engineer"): that is the job title
                sections.append(
                    _Section("title", heading.strip(), [(_clean_title(heading), False)])
                )
                if inline.strip():
                    sections[-1].lines.append((inline.strip(), False))
                continue
            kind = kind or "other"
            sections.append(_Section(kind, heading.strip(), []))
            if inline.strip():
                sections[-1].lines.append((inline.strip(), False))
            continue
        bullet = bool(_BULLET_RE.match(line))
        content = _BULLET_RE.sub("", line).strip() if bullet else line
        content = content.strip("*_ ").strip()
        if content:
            sections[-1].lines.append((content, bullet))
    return sections


# Sentences that are about the hiring process, not the candidate (equal-opportunity
# statements, accommodation offers): they never yield requirements.
_BOILERPLATE_RE = re.compile(
    r"equal[\s-]+(?:employment[\s-]+)?opportunit|\beeo\b|affirmative[\s-]+action|"
    r"reasonable[\s-]+accommodation|without\s+regard\s+to|regardless\s+of\s+(?:race|age|gender)|"
    r"protected\s+(?:veteran|status|characteristic)|\be-?verify\b|"
    r"(?:hiring|recruitment|application|interview)\s+process|we\s+(?:welcome|encourage)\s+(?:applica|candida)|"
    r"\bwe\s+(?:also\s+)?offer\b|\bbenefits?\s+(?:include|package)|\bcompetitive\s+(?:salary|pay|compensation)",
    re.I,
)


def _items(section: _Section) -> list[str]:
    """Bullets (with wrapped continuation lines) or sentences of a section, without
    hiring-process boilerplate."""
    items = [
        " ".join(s for s in _split_sentences(item) if not _BOILERPLATE_RE.search(s))
        for item in _raw_items(section)
    ]
    return [i for i in items if i.strip()]


def _raw_items(section: _Section) -> list[str]:
    items: list[str] = []
    for text, bullet in section.lines:
        if not bullet and items and text[:1].islower():
            items[-1] = items[-1] + " " + text
            continue
        if not bullet and len(text) > 160:
            items.extend(s.strip() for s in _split_sentences(text) if s.strip())
        else:
            items.append(text)
    return items


def _split_sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+(?=[A-Z0-9])", text)


def _clean_title(t: str) -> str:
    t = re.sub(r"[*_#]+", "", t).strip(" :-–—")
    return re.sub(r"\s+", " ", t)[:120]


_TRAILING_CONJ_RE = re.compile(r"(?:\s+(?:and|or|including|plus|with|as\s+well\s+as))+\s*$", re.I)


def _clean_phrase(p: str) -> str:
    p = re.sub(r"\s+", " ", p).strip(" -–—/*'\"")
    return _TRAILING_CONJ_RE.sub("", p)


def _shorten(text: str, limit: int = 120) -> str:
    text = re.sub(r"\s+", " ", text).strip().rstrip(".;,")
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"
